/**
 * Site connection health from VICI events (ike-updown, child-updown, ike-rekey, child-rekey, log)
 * plus a periodic list-sas that corrects anything missed (events lost while charon restarted).
 * SAs are tracked by unique id, so make-before-break reauthentication (new SA up, then old SA down)
 * does not read as an outage. State changes go to the EventSink for the store's history.
 */
import type { EventInput, EventSink } from '../../types.js';
import type { Vici } from '../vici/commands.js';
import type { ChildSaInfo, IkeSaInfo, LogEvent, UpdownEvent } from '../vici/types.js';
import type { ViciMessage } from '../vici/message.js';
import { reasonOf } from './reason.js';
import { childIsUp, counter, healthOf, ikeIsUp } from './status.js';
import { pairCoverage } from './pairs.js';
import type { SubnetPair } from './pairs.js';
import type { ChildStatus, ConnectionStatus, IkeStatus, LastChange } from './status.js';

export type SiteEventKind = 'site.ike-up' | 'site.ike-down' | 'site.child-up' | 'site.child-down' | 'site.rekey';

export interface HistoryEntry {
  at: Date;
  kind: SiteEventKind;
  connection: string;
  child?: string;
  reason: string;
}

export interface HealthTrackerOptions {
  vici: Vici;
  events: EventSink;
  /** event source, e.g. "charon:hq" */
  source: string;
  /** list-sas period; default 5 s, at least 500 ms */
  pollIntervalMs?: number;
  /** entries kept in memory per tracker (the store keeps everything); default 500 */
  historyLimit?: number;
}

interface ConnState {
  ike: Map<string, IkeStatus>;
  children: Map<string, ChildStatus>;
  expected: string[];
  /** configured subnet pairs, each to be carried by some installed CHILD_SA's negotiated selectors */
  pairs: SubnetPair[];
  /** latest reason seen in the log for this IKE_SA name, consumed by the next down transition */
  pendingReason?: { reason: string; at: number };
  /** down transitions waiting briefly for their reason (see REASON_GRACE_MS) */
  deferred?: { items: Array<{ kind: SiteEventKind; child?: string }>; fallback: string; timer: NodeJS.Timeout };
  lastChange?: LastChange;
}

/** A log reason older than this no longer explains a transition. */
const REASON_TTL_MS = 30_000;
/**
 * charon queues log events and sends them from a separate job, so "giving up after 2 retransmits"
 * can reach us after the ike-updown it caused: a down transition without a reason waits this long.
 */
const REASON_GRACE_MS = 1000;
const UP_REASONS = new Set(['IKE_SA established', 'CHILD_SA established']);

function childFrom(key: string, c: ChildSaInfo): ChildStatus {
  return {
    name: typeof c.name === 'string' ? c.name : key.replace(/-\d+$/, ''),
    uniqueid: String(c.uniqueid ?? key),
    state: String(c.state ?? 'UNKNOWN'),
    bytesIn: counter(c['bytes-in']),
    bytesOut: counter(c['bytes-out']),
    packetsIn: counter(c['packets-in']),
    packetsOut: counter(c['packets-out']),
    localTs: Array.isArray(c['local-ts']) ? c['local-ts'] : [],
    remoteTs: Array.isArray(c['remote-ts']) ? c['remote-ts'] : [],
    ...(typeof c.reqid === 'string' && c.reqid !== '0' ? { reqid: c.reqid } : {}),
  };
}

function ikeFrom(sa: IkeSaInfo): IkeStatus {
  return {
    uniqueid: String(sa.uniqueid),
    state: String(sa.state),
    ...(typeof sa['remote-host'] === 'string' ? { remoteHost: sa['remote-host'] } : {}),
    ...(typeof sa['remote-id'] === 'string' ? { remoteId: sa['remote-id'] } : {}),
    ...(sa.established !== undefined ? { established: counter(sa.established) } : {}),
  };
}

function sasOf(e: UpdownEvent | ViciMessage): Array<[string, IkeSaInfo]> {
  return Object.entries(e).filter((kv): kv is [string, IkeSaInfo] => kv[0] !== 'up' && typeof kv[1] === 'object' && !Array.isArray(kv[1]));
}

export class SiteHealthTracker {
  private readonly conns = new Map<string, ConnState>();
  private readonly historyBuf: HistoryEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** bumped by every event, so a list-sas that raced with one is not trusted over it */
  private generation = 0;
  private readonly changeListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly handlers = {
    ikeUpdown: (e: UpdownEvent): void => this.onIkeUpdown(e),
    childUpdown: (e: UpdownEvent): void => this.onChildUpdown(e),
    ikeRekey: (e: ViciMessage): void => this.onIkeRekey(e),
    childRekey: (e: ViciMessage): void => this.onChildRekey(e),
    log: (e: LogEvent): void => this.onLog(e),
    // a restarted charon holds none of the SAs we track and will send no down events for them
    reconnected: (): void => void this.poll().catch(() => undefined),
  };

  constructor(private readonly opts: HealthTrackerOptions) {}

  async start(): Promise<void> {
    const v = this.opts.vici;
    await v.on('ike-updown', this.handlers.ikeUpdown);
    await v.on('child-updown', this.handlers.childUpdown);
    await v.on('ike-rekey', this.handlers.ikeRekey);
    await v.on('child-rekey', this.handlers.childRekey);
    await v.on('log', this.handlers.log);
    v.connection.on('connect', this.handlers.reconnected);
    await this.poll().catch(() => undefined);
    const period = Math.max(500, this.opts.pollIntervalMs ?? 5000);
    this.timer = setInterval(() => void this.poll().catch(() => undefined), period);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const name of this.conns.keys()) this.flush(name, undefined);
    const v = this.opts.vici;
    v.connection.off('connect', this.handlers.reconnected);
    await Promise.allSettled([
      v.off('ike-updown', this.handlers.ikeUpdown),
      v.off('child-updown', this.handlers.childUpdown),
      v.off('ike-rekey', this.handlers.ikeRekey),
      v.off('child-rekey', this.handlers.childRekey),
      v.off('log', this.handlers.log),
    ]);
  }

  /** Declares the CHILD_SA names a connection should have installed and the subnet pairs they must carry (from its configuration). */
  expect(name: string, children: readonly string[], pairs: readonly SubnetPair[] = []): void {
    const s = this.state(name);
    s.expected = [...children];
    s.pairs = [...pairs];
  }

  forget(name: string): void {
    this.conns.delete(name);
  }

  onChange(listener: (s: ConnectionStatus) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  status(name: string): ConnectionStatus {
    const s = this.state(name);
    const children = [...s.children.values()];
    const ikeSas = [...s.ike.values()];
    const { health: byChildren, missing } = healthOf(ikeSas, children, s.expected);
    const pairs = pairCoverage(s.pairs, children);
    // every child installed yet a pair without an SA: the peer narrowed the selectors, traffic of that pair is dropped
    const health = byChildren === 'up' && pairs.some((p) => p.state === 'missing') ? 'degraded' : byChildren;
    const sum = (k: 'bytesIn' | 'bytesOut' | 'packetsIn' | 'packetsOut'): number => children.reduce((a, c) => a + c[k], 0);
    return {
      name,
      health,
      ikeSas,
      children,
      missingChildren: missing,
      pairs,
      bytesIn: sum('bytesIn'),
      bytesOut: sum('bytesOut'),
      packetsIn: sum('packetsIn'),
      packetsOut: sum('packetsOut'),
      ...(s.lastChange ? { lastChange: s.lastChange } : {}),
    };
  }

  statuses(): ConnectionStatus[] {
    return [...this.conns.keys()].sort().map((n) => this.status(n));
  }

  /** Oldest first; optionally for one connection. */
  history(name?: string): HistoryEntry[] {
    return this.historyBuf.filter((h) => name === undefined || h.connection === name);
  }

  /** Reconciles tracked state with list-sas; transitions found here carry the log reason if one is fresh. */
  async poll(): Promise<void> {
    const gen = this.generation;
    const sas = await this.opts.vici.listSas({ noblock: true });
    if (gen !== this.generation) return;
    const seen = new Map<string, { ike: Map<string, IkeStatus>; children: Map<string, ChildStatus> }>();
    for (const { name, sa } of sas) {
      const entry = seen.get(name) ?? { ike: new Map(), children: new Map() };
      seen.set(name, entry);
      entry.ike.set(String(sa.uniqueid), ikeFrom(sa));
      for (const [key, c] of Object.entries(sa['child-sas'] ?? {})) {
        const cs = childFrom(key, c);
        entry.children.set(cs.uniqueid, cs);
      }
    }
    for (const name of new Set([...this.conns.keys(), ...seen.keys()])) {
      const fresh = seen.get(name) ?? { ike: new Map(), children: new Map() };
      const s = this.state(name);
      const wasIke = this.ikeUp(s);
      const wasChildren = this.childNamesUp(s);
      s.ike = fresh.ike;
      s.children = fresh.children;
      this.transitions(name, s, wasIke, wasChildren, 'observed by list-sas');
    }
  }

  private state(name: string): ConnState {
    let s = this.conns.get(name);
    if (!s) {
      s = { ike: new Map(), children: new Map(), expected: [], pairs: [] };
      this.conns.set(name, s);
    }
    return s;
  }

  private ikeUp(s: ConnState): boolean {
    return [...s.ike.values()].some((i) => ikeIsUp(i.state));
  }

  private childNamesUp(s: ConnState): Set<string> {
    return new Set([...s.children.values()].filter((c) => childIsUp(c.state)).map((c) => c.name));
  }

  private freshReason(s: ConnState, up: boolean): string | undefined {
    const p = s.pendingReason;
    if (!p || Date.now() - p.at > REASON_TTL_MS) return undefined;
    // an "established" line explains an up transition, never a down one, and vice versa
    if (UP_REASONS.has(p.reason) !== up) return undefined;
    if (!up) s.pendingReason = undefined;
    return p.reason;
  }

  private transitions(name: string, s: ConnState, wasIke: boolean, wasChildren: Set<string>, fallback: string): void {
    const isIke = this.ikeUp(s);
    const nowChildren = this.childNamesUp(s);
    const downs: Array<{ kind: SiteEventKind; child?: string }> = [];
    for (const c of wasChildren) if (!nowChildren.has(c)) downs.push({ kind: 'site.child-down', child: c });
    if (wasIke && !isIke) downs.push({ kind: 'site.ike-down' });
    if (downs.length > 0) {
      const reason = this.freshReason(s, false);
      if (reason) for (const d of downs) this.emit(name, d.kind, d.child, reason);
      else this.defer(name, s, downs, fallback);
    }
    if (isIke && !wasIke) this.emit(name, 'site.ike-up', undefined, this.freshReason(s, true) ?? fallback);
    for (const c of nowChildren) if (!wasChildren.has(c)) this.emit(name, 'site.child-up', c, this.freshReason(s, true) ?? fallback);
  }

  private defer(name: string, s: ConnState, items: Array<{ kind: SiteEventKind; child?: string }>, fallback: string): void {
    if (s.deferred) {
      s.deferred.items.push(...items);
      return;
    }
    const timer = setTimeout(() => this.flush(name, undefined), REASON_GRACE_MS);
    timer.unref();
    s.deferred = { items, fallback, timer };
  }

  private flush(name: string, reason: string | undefined): void {
    const s = this.conns.get(name);
    const d = s?.deferred;
    if (!s || !d) return;
    clearTimeout(d.timer);
    s.deferred = undefined;
    for (const i of d.items) this.emit(name, i.kind, i.child, reason ?? d.fallback);
  }

  private emit(connection: string, kind: SiteEventKind, child: string | undefined, reason: string): void {
    const s = this.state(connection);
    // keep history in order: deferred downs go out before anything that follows them
    if (s.deferred) this.flush(connection, undefined);
    const at = new Date();
    s.lastChange = { at, kind, reason };
    const entry: HistoryEntry = { at, kind, connection, ...(child ? { child } : {}), reason };
    this.historyBuf.push(entry);
    const limit = this.opts.historyLimit ?? 500;
    if (this.historyBuf.length > limit) this.historyBuf.splice(0, this.historyBuf.length - limit);
    const down = kind === 'site.ike-down' || kind === 'site.child-down';
    const event: EventInput = {
      kind,
      source: this.opts.source,
      subject: connection,
      severity: down ? 'warning' : 'info',
      detail: { reason, ...(child ? { child } : {}) },
    };
    try {
      this.opts.events.record(event);
    } catch {
      // the store's failure must not stop tracking
    }
    const status = this.status(connection);
    for (const l of this.changeListeners) {
      try {
        l(status);
      } catch {
        // listener's own problem
      }
    }
  }

  private onIkeUpdown(e: UpdownEvent): void {
    this.generation++;
    const up = e.up === 'yes';
    for (const [name, sa] of sasOf(e)) {
      const s = this.state(name);
      const wasIke = this.ikeUp(s);
      const wasChildren = this.childNamesUp(s);
      const id = String(sa.uniqueid);
      if (up) s.ike.set(id, ikeFrom(sa));
      else {
        s.ike.delete(id);
        // the IKE_SA takes its CHILD_SAs with it even if their own down events were not seen
        if (s.ike.size === 0) s.children.clear();
      }
      this.transitions(name, s, wasIke, wasChildren, up ? 'IKE_SA established' : 'IKE_SA deleted');
    }
  }

  private onChildUpdown(e: UpdownEvent): void {
    this.generation++;
    const up = e.up === 'yes';
    for (const [name, sa] of sasOf(e)) {
      const s = this.state(name);
      const wasIke = this.ikeUp(s);
      const wasChildren = this.childNamesUp(s);
      // a child's down event still shows its dying IKE_SA as ESTABLISHED: only up events say the IKE_SA is up
      if (up && ikeIsUp(String(sa.state))) s.ike.set(String(sa.uniqueid), ikeFrom(sa));
      for (const [key, c] of Object.entries(sa['child-sas'] ?? {})) {
        const cs = childFrom(key, c);
        if (up) s.children.set(cs.uniqueid, cs);
        else s.children.delete(cs.uniqueid);
      }
      this.transitions(name, s, wasIke, wasChildren, up ? 'CHILD_SA established' : 'CHILD_SA deleted');
    }
  }

  private onIkeRekey(e: ViciMessage): void {
    this.generation++;
    for (const [name, body] of sasOf(e)) {
      const s = this.state(name);
      const oldSa = (body as unknown as { old?: IkeSaInfo }).old;
      const newSa = (body as unknown as { new?: IkeSaInfo }).new;
      if (oldSa) s.ike.delete(String(oldSa.uniqueid));
      if (newSa) s.ike.set(String(newSa.uniqueid), ikeFrom(newSa));
      this.emit(name, 'site.rekey', undefined, 'IKE_SA rekeyed');
    }
  }

  private onChildRekey(e: ViciMessage): void {
    this.generation++;
    for (const [name, sa] of sasOf(e)) {
      const s = this.state(name);
      for (const [key, pair] of Object.entries(sa['child-sas'] ?? {})) {
        const { old: oldC, new: newC } = pair as unknown as { old?: ChildSaInfo; new?: ChildSaInfo };
        if (oldC) s.children.delete(childFrom(key, oldC).uniqueid);
        const cs = newC ? childFrom(key, newC) : undefined;
        if (cs) s.children.set(cs.uniqueid, cs);
        this.emit(name, 'site.rekey', cs?.name ?? key, 'CHILD_SA rekeyed');
      }
    }
  }

  private onLog(e: LogEvent): void {
    const name = e['ikesa-name'];
    if (!name) return;
    const reason = reasonOf(e.msg);
    if (!reason) return;
    const s = this.conns.get(name);
    if (!s) return;
    // a DPD give-up on an SA that never came up is a plain unanswered initiation
    const dpd = reason === 'DPD timeout' && !this.ikeUp(s) && !s.deferred ? 'peer not responding' : reason;
    if (s.deferred && !UP_REASONS.has(dpd)) this.flush(name, dpd);
    else s.pendingReason = { reason: dpd, at: Date.now() };
  }
}
