/**
 * The daemon's side of one OpenVPN server: keeps the management link, answers every CONNECT/REAUTH
 * through the authoriser, keeps the session table, and resynchronises on every (re)attach.
 *
 * OpenVPN forgets a CONNECT emitted while no management client is attached, and that client then waits
 * 63 s for a push reply. Such clients show up in `status 3` without a tunnel address; a client pending in
 * two snapshots at least ORPHAN_CONFIRM_MS apart, whose CONNECT this controller has not seen, is killed
 * so that it reconnects at once and is answered. The second look avoids killing a client whose CONNECT
 * is merely still on its way.
 */
import { createAuthorizer } from './auth/authorizer.js';
import type { AuthDecision, Authorizer, AuthorizerDeps } from './auth/authorizer.js';
import { ManagementClient } from './management/client.js';
import type { ManagementLogger } from './management/client.js';
import type { ManagementEvent } from './management/events.js';
import { SessionTable } from './sessions/session-table.js';
import type { Session } from './sessions/session-table.js';

export interface OpenVpnControllerOptions extends Omit<AuthorizerDeps, 'sessions'> {
  socketPath: string;
  /** periodic `status 3` resync; default 10 s */
  statusIntervalMs?: number;
  /** >BYTECOUNT_CLI interval; default 5 s */
  bytecountSeconds?: number;
  onSessionChange?: (sessions: Session[]) => void;
  logger?: ManagementLogger;
}

const ORPHAN_CONFIRM_MS = 1000;
const DENIED_MEMORY_MS = 15_000;

export class OpenVpnController {
  readonly management: ManagementClient;
  private readonly table: SessionTable;
  private readonly authorizer: Authorizer;
  /** CIDs whose CONNECT/REAUTH is being decided */
  private readonly inFlight = new Set<number>();
  /** denied CIDs linger in status 3 for a few seconds; they are not orphans */
  private readonly denied = new Map<number, number>();
  /** pending CIDs seen in a snapshot, with when they were first seen */
  private readonly pendingSince = new Map<number, number>();
  private statusTimer: NodeJS.Timeout | undefined;
  private followUp: NodeJS.Timeout | undefined;
  private resyncing: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly opts: OpenVpnControllerOptions) {
    this.table = new SessionTable({
      events: opts.events,
      source: opts.source,
      ...(opts.onSessionChange ? { onChange: opts.onSessionChange } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
    this.authorizer = createAuthorizer({ ...opts, sessions: this.table });
    this.management = new ManagementClient({ socketPath: opts.socketPath, ...(opts.logger ? { logger: opts.logger } : {}) });
    this.management.on('event', (e) => this.onEvent(e));
    this.management.on('attach', () => this.onAttach());
  }

  start(): this {
    this.management.start();
    this.statusTimer = setInterval(() => void this.resync().catch(() => undefined), this.opts.statusIntervalMs ?? 10_000);
    this.statusTimer.unref();
    return this;
  }

  /** Detaches; OpenVPN and its sessions keep running. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.statusTimer) clearInterval(this.statusTimer);
    if (this.followUp) clearTimeout(this.followUp);
    await this.management.close();
  }

  get attached(): boolean {
    return this.management.attached;
  }

  /** Established sessions. */
  sessions(): Session[] {
    return this.table.list().filter((s) => s.state === 'established');
  }

  async disconnect(cid: number): Promise<void> {
    await this.management.clientKill(cid);
  }

  /** Kills every session of a user (revoked, disabled, deleted); returns how many. */
  async disconnectUser(username: string): Promise<number> {
    const cids = this.table.forUser(username).map((s) => s.cid);
    const results = await Promise.allSettled(cids.map((cid) => this.management.clientKill(cid)));
    return results.filter((r) => r.status === 'fulfilled').length;
  }

  /** Reads `status 3`: adopts live sessions, kills confirmed orphans. Serialised. */
  resync(): Promise<void> {
    this.resyncing ??= this.doResync().finally(() => (this.resyncing = undefined));
    return this.resyncing;
  }

  private async doResync(): Promise<void> {
    if (!this.management.attached) return;
    const snap = await this.management.status();
    const now = Date.now();
    for (const [cid, at] of this.denied) if (now - at > DENIED_MEMORY_MS) this.denied.delete(cid);
    const orphans = this.table.adopt(snap).filter((cid) => !this.inFlight.has(cid) && !this.denied.has(cid));
    const stillPending = new Set(orphans);
    for (const cid of this.pendingSince.keys()) if (!stillPending.has(cid)) this.pendingSince.delete(cid);
    let unconfirmed = false;
    for (const cid of orphans) {
      const first = this.pendingSince.get(cid);
      if (first === undefined) {
        this.pendingSince.set(cid, now);
        unconfirmed = true;
      } else if (now - first >= ORPHAN_CONFIRM_MS) {
        this.pendingSince.delete(cid);
        this.opts.events.record({ kind: 'session.orphan-restarted', source: this.opts.source, detail: { cid } });
        await this.management.clientKill(cid).catch(() => undefined);
      }
    }
    if (unconfirmed && !this.closed) this.scheduleFollowUp(ORPHAN_CONFIRM_MS + 50);
  }

  private scheduleFollowUp(ms: number): void {
    if (this.followUp) clearTimeout(this.followUp);
    this.followUp = setTimeout(() => void this.resync().catch(() => undefined), ms);
    this.followUp.unref();
  }

  private onAttach(): void {
    void (async () => {
      await this.management.bytecount(this.opts.bytecountSeconds ?? 5);
      await this.resync();
    })().catch(() => undefined);
  }

  private onEvent(e: ManagementEvent): void {
    if (e.type === 'client-connect' || e.type === 'client-reauth') {
      void this.answer(e.type === 'client-connect' ? 'connect' : 'reauth', e.cid, e.kid, e.env);
      return;
    }
    if (e.type === 'client-disconnect') this.denied.delete(e.cid);
    this.table.apply(e);
  }

  private async answer(kind: 'connect' | 'reauth', cid: number, kid: number, env: Parameters<Authorizer['decide']>[0]['env']): Promise<void> {
    this.inFlight.add(cid);
    let decision: AuthDecision;
    try {
      decision = await this.authorizer.decide({ kind, cid, env });
    } catch (err) {
      decision = { allow: false, username: env.username, code: 'unknown-user', reason: `internal error: ${(err as Error).message}`, clientReason: 'server error' };
    }
    try {
      if (decision.allow) {
        for (const old of decision.replaces) await this.management.clientKill(old).catch(() => undefined);
        if (kind === 'reauth') await this.management.clientAuthNt(cid, kid);
        else await this.management.clientAuth(cid, kid, decision.config);
      } else {
        this.denied.set(cid, Date.now());
        await this.management.clientDeny(cid, kid, decision.reason, decision.clientReason);
      }
    } catch {
      // link dropped mid-answer: the client shows up as pending at the next attach and is restarted
      this.table.release(cid);
    } finally {
      this.inFlight.delete(cid);
    }
  }
}
