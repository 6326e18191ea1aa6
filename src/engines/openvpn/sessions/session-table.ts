/**
 * Live sessions of one OpenVPN server. A session starts as a claim when the client-connect hook admits it
 * (keyed by its real address: OpenVPN knows no client id to scripts), becomes established with a CID when
 * the management interface reports `>CLIENT:ESTABLISHED`, and ends with the client-disconnect hook.
 * `status 3` snapshots correct whatever was missed while the daemon was away: they adopt sessions it never
 * saw start and end sessions it never saw end.
 */
import type { ClaimDetail, SessionRef } from '../auth/authorizer.js';
import type { EventSink } from '../../types.js';
import type { ClientEnv } from '../management/env.js';
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
}

interface Claim {
  username: string;
  realAddress: string;
  /** the static address the client was admitted with; dynamic ones are known only at ESTABLISHED */
  tunnelAddress?: string | undefined;
  /** OpenVPN's session_id at admission (see SessionRef) */
  sessionId?: string | undefined;
  at: number;
}

export interface SessionTableOptions {
  events: EventSink;
  source: string;
  onChange?: (sessions: Session[]) => void;
  now?: () => Date;
}

/** how long an admitted client may take to reach ESTABLISHED before its claim lapses */
const CLAIM_GRACE_MS = 120_000;

export class SessionTable {
  private readonly byCid = new Map<number, Session>();
  private readonly claims = new Map<string, Claim>();
  /** session ids of established sessions, by CID: kept out of Session, which is listed to operators */
  private readonly sessionIds = new Map<number, string>();
  private readonly now: () => Date;

  constructor(private readonly opts: SessionTableOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Established sessions. */
  list(): Session[] {
    return [...this.byCid.values()].map((s) => ({ ...s }));
  }

  get(cid: number): Session | undefined {
    return this.byCid.get(cid);
  }

  /** Established sessions and admitted clients not yet established. */
  forUser(username: string): SessionRef[] {
    this.expireClaims();
    const established = [...this.byCid.values()].filter((s) => s.username === username);
    const known = new Set(established.map((s) => s.realAddress));
    const pending = [...this.claims.values()].filter((c) => c.username === username && !known.has(c.realAddress));
    const ref = (cid: number | undefined, realAddress: string, sessionId: string | undefined): SessionRef => ({ cid, realAddress, ...(sessionId ? { sessionId } : {}) });
    return [
      ...established.map((s) => ref(s.cid, s.realAddress, this.sessionIds.get(s.cid))),
      ...pending.map((c) => ref(undefined, c.realAddress, c.sessionId)),
    ];
  }

  established(realAddress: string): boolean {
    for (const s of this.byCid.values()) if (s.realAddress === realAddress) return true;
    return false;
  }

  holderOf(address: string): { cid: number; username: string } | undefined {
    for (const s of this.byCid.values()) if (s.tunnelAddress === address) return { cid: s.cid, username: s.username };
    return undefined;
  }

  /**
   * Admitted clients not yet established whose tunnel address is already known (a static address):
   * access policies can let their first packets through before OpenVPN reports them established.
   */
  admittedAddresses(): Array<{ username: string; tunnelAddress: string }> {
    this.expireClaims();
    const out: Array<{ username: string; tunnelAddress: string }> = [];
    for (const c of this.claims.values()) if (c.tunnelAddress) out.push({ username: c.username, tunnelAddress: c.tunnelAddress });
    return out;
  }

  /** An admitted client, counted from the moment of the decision; one with a known address is announced. */
  claim(realAddress: string, username: string, detail: ClaimDetail = {}): void {
    const { tunnelAddress, sessionId } = detail;
    this.claims.set(realAddress, { username, realAddress, tunnelAddress, sessionId, at: this.now().getTime() });
    if (tunnelAddress) this.changed();
  }

  apply(e: ManagementEvent): void {
    switch (e.type) {
      case 'client-established': {
        const realAddress = e.env.realAddress ?? '';
        const claim = this.claims.get(realAddress);
        this.claims.delete(realAddress);
        const s: Session = this.byCid.get(e.cid) ?? {
          cid: e.cid,
          username: claim?.username ?? e.env.username ?? e.env.commonName ?? '',
          commonName: e.env.commonName ?? '',
          realAddress,
          tunnelAddress: undefined,
          since: this.now(),
          bytesIn: 0,
          bytesOut: 0,
        };
        s.tunnelAddress = e.env.get('ifconfig_pool_remote_ip') ?? s.tunnelAddress;
        this.byCid.set(e.cid, s);
        const sessionId = claim?.sessionId ?? (e.env.get('session_id') || undefined);
        if (sessionId) this.sessionIds.set(e.cid, sessionId);
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
      default:
        // CONNECT, REAUTH, ADDRESS and DISCONNECT come only with management-client-auth, which the rendered
        // config does not use: the hook reports admissions and ends
        return;
    }
  }

  /** The client-disconnect hook: the session with this real address ended. */
  disconnected(env: ClientEnv): void {
    const realAddress = env.realAddress ?? '';
    const claim = this.claims.get(realAddress);
    this.claims.delete(realAddress);
    const s = [...this.byCid.values()].find((x) => x.realAddress === realAddress);
    if (s) this.end(s, env);
    // an admitted client with a static address that never became a session: its address leaves the sets
    else if (claim?.tunnelAddress) this.changed();
  }

  /** Brings the table in line with a snapshot (after an attach, and periodically). */
  adopt(snap: StatusSnapshot): void {
    const seen = new Set<number>();
    let changed = false;
    for (const c of snap.clients) {
      if (!c.virtualAddress) continue; // still authenticating
      seen.add(c.cid);
      const known = this.byCid.get(c.cid);
      if (known) {
        known.bytesIn = c.bytesIn;
        known.bytesOut = c.bytesOut;
        known.tunnelAddress = c.virtualAddress;
        continue;
      }
      // a status poll can see an admitted client before OpenVPN's ESTABLISHED event: the claim's session id
      // goes with the session, or the authoriser would take its device for an unknown one
      const claim = this.claims.get(c.realAddress);
      this.claims.delete(c.realAddress);
      if (claim?.sessionId) this.sessionIds.set(c.cid, claim.sessionId);
      this.byCid.set(c.cid, {
        cid: c.cid,
        username: claim?.username ?? c.username ?? c.commonName,
        commonName: c.commonName,
        realAddress: c.realAddress,
        tunnelAddress: c.virtualAddress,
        since: c.connectedSince,
        bytesIn: c.bytesIn,
        bytesOut: c.bytesOut,
      });
      changed = true;
    }
    for (const s of [...this.byCid.values()]) {
      if (seen.has(s.cid)) continue;
      this.byCid.delete(s.cid);
      this.sessionIds.delete(s.cid);
      this.record(s, { durationSeconds: this.secondsSince(s), bytesIn: s.bytesIn, bytesOut: s.bytesOut, unobserved: true });
      changed = true;
    }
    this.expireClaims();
    if (changed) this.changed();
  }

  /**
   * OpenVPN went away (its management socket closed): every session and admission ended with the process.
   * Until the next snapshot nothing stale may be counted, or replaced by CID: the restarted OpenVPN numbers
   * its clients from 0 again, so an old CID may name somebody else's new session.
   */
  lost(): void {
    this.claims.clear();
    for (const s of [...this.byCid.values()]) {
      this.byCid.delete(s.cid);
      this.sessionIds.delete(s.cid);
      this.record(s, { durationSeconds: this.secondsSince(s), bytesIn: s.bytesIn, bytesOut: s.bytesOut, unobserved: true });
    }
    this.changed();
  }

  private end(s: Session, env: ClientEnv): void {
    this.byCid.delete(s.cid);
    this.sessionIds.delete(s.cid);
    const num = (k: string): number | undefined => (env.get(k) === undefined ? undefined : Number(env.get(k)));
    this.record(s, {
      durationSeconds: num('time_duration') ?? this.secondsSince(s),
      bytesIn: num('bytes_received') ?? s.bytesIn,
      bytesOut: num('bytes_sent') ?? s.bytesOut,
    });
    this.changed();
  }

  private expireClaims(): void {
    const cutoff = this.now().getTime() - CLAIM_GRACE_MS;
    for (const [k, c] of this.claims) if (c.at < cutoff) this.claims.delete(k);
  }

  private secondsSince(s: Session): number {
    return Math.round((this.now().getTime() - s.since.getTime()) / 1000);
  }

  private record(s: Session, detail: Record<string, unknown>): void {
    this.opts.events.record({
      kind: 'session.disconnect',
      source: this.opts.source,
      subject: s.username,
      detail: { cid: s.cid, realAddress: s.realAddress, tunnelAddress: s.tunnelAddress, ...detail },
    });
  }

  private changed(): void {
    this.opts.onChange?.(this.list());
  }
}
