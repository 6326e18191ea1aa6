/**
 * The daemon's side of one OpenVPN server: answers the hook (authentication, admission, disconnects) on
 * a unix socket, keeps the management link for what only it gives (ESTABLISHED with the CID, byte
 * counts, `status 3`, `client-kill`), keeps the session table, and resynchronises on every (re)attach.
 *
 * Why a hook and not management-client-auth: OpenVPN applies a management decision only at the client's
 * next wakeup, about a second after the handshake (bench/openvpn/RESULTS.md); a hook answered while
 * OpenVPN waits lets it push at once. The hook defers by itself while the daemon is away, so a client
 * arriving during a daemon restart is served as soon as the daemon listens again.
 */
import { join } from 'node:path';
import { writeIfChanged } from './files.js';
import { createAuthorizer, REPLACED_MESSAGE } from './auth/authorizer.js';
import type { Authorizer, AuthorizerDeps } from './auth/authorizer.js';
import { configBody, HookServer } from './hook/server.js';
import type { HookAnswer } from './hook/server.js';
import { ManagementClient } from './management/client.js';
import type { ManagementLogger } from './management/client.js';
import type { ClientEnv } from './management/env.js';
import type { ManagementEvent } from './management/events.js';
import { SessionTable } from './sessions/session-table.js';
import type { Session } from './sessions/session-table.js';

export interface OpenVpnControllerOptions extends Omit<AuthorizerDeps, 'sessions'> {
  /** the server's 0700 run directory: management socket mgmt.sock, hook socket hook.sock */
  runDir: string;
  /** periodic `status 3` resync; default 10 s */
  statusIntervalMs?: number;
  /** >BYTECOUNT_CLI interval; default 5 s */
  bytecountSeconds?: number;
  onSessionChange?: (sessions: Session[]) => void;
  logger?: ManagementLogger;
}

export const MANAGEMENT_SOCKET = 'mgmt.sock';
export const HOOK_SOCKET = 'hook.sock';
/** client-config-dir: one file per user, written when the user is admitted */
export const CCD_DIR = 'ccd';

export class OpenVpnController {
  readonly management: ManagementClient;
  private readonly hooks: HookServer;
  private readonly table: SessionTable;
  private readonly authorizer: Authorizer;
  private statusTimer: NodeJS.Timeout | undefined;
  private resyncing: Promise<void> | undefined;
  private readonly ccdWritten = new Map<string, string>();
  private closing = false;

  constructor(private readonly opts: OpenVpnControllerOptions) {
    this.table = new SessionTable({
      events: opts.events,
      source: opts.source,
      ...(opts.onSessionChange ? { onChange: opts.onSessionChange } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    });
    this.authorizer = createAuthorizer({ ...opts, sessions: this.table });
    this.management = new ManagementClient({ socketPath: join(opts.runDir, MANAGEMENT_SOCKET), ...(opts.logger ? { logger: opts.logger } : {}) });
    this.management.on('event', (e) => this.onEvent(e));
    this.management.on('attach', () => this.onAttach());
    // OpenVPN closes its management socket only when it exits: its sessions are gone with it
    this.management.on('detach', () => {
      if (!this.closing) this.table.lost();
    });
    this.hooks = new HookServer(join(opts.runDir, HOOK_SOCKET), (env) => this.onHook(env), (err) =>
      opts.events.record({ kind: 'engine.error', source: opts.source, severity: 'error', detail: { hook: err.message } }),
    );
  }

  /** Listens for the hook before anything else, so that no client waits on a deferral needlessly. */
  async start(): Promise<this> {
    await this.hooks.listen();
    this.authorizer.warmUp();
    this.management.start();
    this.statusTimer = setInterval(() => void this.resync().catch(() => undefined), this.opts.statusIntervalMs ?? 10_000);
    this.statusTimer.unref();
    return this;
  }

  /** Detaches; OpenVPN and its sessions keep running, and new clients are deferred until a controller is back. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.statusTimer) clearInterval(this.statusTimer);
    await Promise.all([this.hooks.close(), this.management.close()]);
  }

  get attached(): boolean {
    return this.management.attached;
  }

  /** Established sessions. */
  sessions(): Session[] {
    return this.table.list();
  }

  /** Admitted clients with a static address, not yet established (see SessionTable.admittedAddresses). */
  admittedAddresses(): Array<{ username: string; tunnelAddress: string }> {
    return this.table.admittedAddresses();
  }

  async disconnect(cid: number): Promise<void> {
    await this.management.clientKill(cid);
  }

  /** Kills every session of a user (revoked, disabled, deleted); returns how many. */
  async disconnectUser(username: string): Promise<number> {
    const cids = this.table.list().filter((s) => s.username === username).map((s) => s.cid);
    const results = await Promise.allSettled(cids.map((cid) => this.management.clientKill(cid)));
    return results.filter((r) => r.status === 'fulfilled').length;
  }

  /** Reads `status 3` and adopts what it shows. Serialised. */
  resync(): Promise<void> {
    this.resyncing ??= this.doResync().finally(() => (this.resyncing = undefined));
    return this.resyncing;
  }

  private async doResync(): Promise<void> {
    if (!this.management.attached) return;
    this.table.adopt(await this.management.status());
  }

  private onAttach(): void {
    void (async () => {
      await this.management.bytecount(this.opts.bytecountSeconds ?? 5);
      await this.resync();
    })().catch(() => undefined);
  }

  private onEvent(e: ManagementEvent): void {
    this.table.apply(e);
  }

  /**
   * Writes ccd/<CN> when its content changed since this controller last wrote it: on the connect path, so
   * an unchanged user costs no file system call (the first answer after a start always writes).
   */
  private async writeClientConfig(commonName: string, body: string): Promise<void> {
    if (this.ccdWritten.get(commonName) === body) return;
    await writeIfChanged(join(this.opts.runDir, CCD_DIR, ccdFileName(commonName)), body);
    this.ccdWritten.set(commonName, body);
  }

  /**
   * Ends sessions a newer one of the same static-IP user replaced, once OpenVPN is free again; halted with
   * the reason, so that a device that was still there is told and does not come back to replace it in turn.
   */
  private killLater(cids: readonly number[]): void {
    for (const cid of cids) setImmediate(() => void this.management.clientKill(cid, REPLACED_MESSAGE).catch(() => undefined));
  }

  /** OpenVPN is blocked until this returns: nothing here may wait for OpenVPN. */
  private async onHook(env: ClientEnv): Promise<HookAnswer> {
    switch (env.get('script_type')) {
      case 'user-pass-verify': {
        const d = await this.authorizer.verify(env);
        if (!d.allow) return { allow: false, reason: d.clientReason };
        // OpenVPN reads ccd/<common name> right after this answer (username = CN was checked)
        await this.writeClientConfig(d.username, configBody(d.config));
        this.killLater(d.replaces);
        return { allow: true };
      }
      case 'client-connect': {
        const d = await this.authorizer.admit(env);
        if (!d.allow) return { allow: false, reason: d.clientReason };
        this.killLater(d.replaces);
        return { allow: true, body: configBody(d.config) };
      }
      case 'client-disconnect':
        this.table.disconnected(env);
        return { allow: true };
      default:
        return { allow: false, reason: 'unknown hook' };
    }
  }
}

/** A ccd file name is the CN as OpenVPN looks it up; anything that could leave the directory is refused. */
function ccdFileName(commonName: string): string {
  if (!/^[A-Za-z0-9_@][A-Za-z0-9._@-]*$/.test(commonName)) throw new Error(`no client-config-dir file for CN ${JSON.stringify(commonName)}`);
  return commonName;
}
