/**
 * Live sessions of one OpenVPN server, fed by management events and by `status 3` snapshots (which
 * also let a restarted daemon adopt sessions it never saw connect). Keyed by CID: a reconnecting client
 * gets a new CID, and its CONNECT may arrive before the old CID's DISCONNECT.
 */
import type { EventSink } from '../../types.js';
import type { ManagementEvent } from '../management/events.js';
import type { StatusSnapshot } from '../management/status.js';

export interface Session {
  cid: number;
  username: string;
  commonName: string;
  /** "ip:port" */
  realAddress: string;
  tunnelAddress: string | undefined;
  since: Date;
  bytesIn: number;
  bytesOut: number;
  state: 'authorizing' | 'established';
}

export interface SessionTableOptions {
  events: EventSink;
  source: string;
  onChange?: (sessions: Session[]) => void;
  now?: () => Date;
}

/** how long an allowed client may take to reach ESTABLISHED before a snapshot may drop it */
const AUTHORIZING_GRACE_MS = 120_000;

export class SessionTable {
  private readonly byCid = new Map<number, Session>();
  private readonly now: () => Date;

  constructor(private readonly opts: SessionTableOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  list(): Session[] {
    return [...this.byCid.values()].map((s) => ({ ...s }));
  }

  get(cid: number): Session | undefined {
    return this.byCid.get(cid);
  }

  forUser(username: string): Session[] {
    return [...this.byCid.values()].filter((s) => s.username === username);
  }

  holderOf(address: string): { cid: number; username: string } | undefined {
    for (const s of this.byCid.values()) if (s.tunnelAddress === address) return { cid: s.cid, username: s.username };
    return undefined;
  }

  /** An allowed client, counted from the moment of the decision. */
  claim(cid: number, username: string, realAddress: string): void {
    this.byCid.set(cid, {
      cid,
      username,
      commonName: username,
      realAddress,
      tunnelAddress: undefined,
      since: this.now(),
      bytesIn: 0,
      bytesOut: 0,
      state: 'authorizing',
    });
  }

  /** Forget a claim whose client-auth failed. */
  release(cid: number): void {
    if (this.byCid.get(cid)?.state === 'authorizing') this.byCid.delete(cid);
  }

  apply(e: ManagementEvent): void {
    switch (e.type) {
      case 'client-address': {
        const s = this.byCid.get(e.cid);
        if (s && e.primary) s.tunnelAddress = e.address;
        return;
      }
      case 'client-established': {
        const s = this.byCid.get(e.cid);
        if (!s) return;
        s.state = 'established';
        s.since = this.now();
        s.commonName = e.env.commonName ?? s.commonName;
        s.tunnelAddress = e.env.get('ifconfig_pool_remote_ip') ?? s.tunnelAddress;
        this.opts.events.record({
          kind: 'session.connect',
          source: this.opts.source,
          subject: s.username,
          detail: { cid: s.cid, realAddress: s.realAddress, tunnelAddress: s.tunnelAddress },
        });
        this.changed();
        return;
      }
      case 'bytecount-client': {
        const s = this.byCid.get(e.cid);
        if (!s) return;
        s.bytesIn = e.bytesIn;
        s.bytesOut = e.bytesOut;
        return;
      }
      case 'client-disconnect': {
        const s = this.byCid.get(e.cid);
        if (!s) return;
        this.byCid.delete(e.cid);
        if (s.state !== 'established') return;
        const num = (k: string): number | undefined => (e.env.get(k) === undefined ? undefined : Number(e.env.get(k)));
        this.disconnected(s, {
          durationSeconds: num('time_duration') ?? Math.round((this.now().getTime() - s.since.getTime()) / 1000),
          bytesIn: num('bytes_received') ?? s.bytesIn,
          bytesOut: num('bytes_sent') ?? s.bytesOut,
        });
        this.changed();
        return;
      }
      default:
        return;
    }
  }

  /**
   * Brings the table in line with a snapshot. Returns the CIDs OpenVPN holds without a tunnel address
   * that this table is not authorising: their CONNECT was lost (no controller attached at the time).
   */
  adopt(snap: StatusSnapshot): number[] {
    const seen = new Set<number>();
    const orphans: number[] = [];
    let changed = false;
    for (const c of snap.clients) {
      seen.add(c.cid);
      const known = this.byCid.get(c.cid);
      if (!c.virtualAddress) {
        if (!known) orphans.push(c.cid);
        continue;
      }
      if (known) {
        known.bytesIn = c.bytesIn;
        known.bytesOut = c.bytesOut;
        known.tunnelAddress = c.virtualAddress;
        continue;
      }
      this.byCid.set(c.cid, {
        cid: c.cid,
        username: c.username ?? c.commonName,
        commonName: c.commonName,
        realAddress: c.realAddress,
        tunnelAddress: c.virtualAddress,
        since: c.connectedSince,
        bytesIn: c.bytesIn,
        bytesOut: c.bytesOut,
        state: 'established',
      });
      changed = true;
    }
    const cutoff = this.now().getTime() - AUTHORIZING_GRACE_MS;
    for (const s of [...this.byCid.values()]) {
      if (seen.has(s.cid)) continue;
      if (s.state === 'authorizing' && s.since.getTime() > cutoff) continue;
      this.byCid.delete(s.cid);
      if (s.state === 'established') {
        this.disconnected(s, { durationSeconds: Math.round((this.now().getTime() - s.since.getTime()) / 1000), bytesIn: s.bytesIn, bytesOut: s.bytesOut, unobserved: true });
        changed = true;
      }
    }
    if (changed) this.changed();
    return orphans;
  }

  private disconnected(s: Session, detail: Record<string, unknown>): void {
    this.opts.events.record({
      kind: 'session.disconnect',
      source: this.opts.source,
      subject: s.username,
      detail: { cid: s.cid, realAddress: s.realAddress, tunnelAddress: s.tunnelAddress, ...detail },
    });
  }

  private changed(): void {
    this.opts.onChange?.(this.list().filter((s) => s.state === 'established'));
  }
}
