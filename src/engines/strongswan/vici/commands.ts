/** Typed wrappers for the VICI commands Corridor uses; anything else goes through request()/streamed(). */
import { ViciClient } from './client.js';
import type { RequestOptions } from './client.js';
import { ViciCommandError } from './errors.js';
import type { ViciInput, ViciMessage } from './message.js';
import type { ConnInfo, IkeSaInfo, LogEvent, VersionInfo } from './types.js';

export interface ControlOptions {
  /** charon-side bound in ms (0 waits forever, -1 returns at once); default 10 000 */
  timeoutMs?: number;
  /** control-log verbosity, -1..4; default 1 */
  loglevel?: number;
  onLog?: (e: LogEvent) => void;
}

export interface InitiateArgs extends ControlOptions {
  child: string;
  ike?: string;
}

export interface TerminateArgs extends ControlOptions {
  ike?: string;
  child?: string;
  ikeId?: string | number;
  childId?: string | number;
  /** IKEv2: delete locally without waiting for the peer (5.9.x: `force`) */
  force?: boolean;
}

export interface SharedSecret {
  /** unique id for unload-shared/get-shared */
  id: string;
  type?: 'IKE' | 'EAP' | 'XAUTH' | 'NTLM' | 'PPK';
  data: string | Buffer;
  owners: string[];
}

export interface ListedSa {
  name: string;
  sa: IkeSaInfo;
}

/** Margin on top of charon's own timeout, so charon answers before the socket bound fires. */
const SOCKET_MARGIN_MS = 5000;

export class Vici extends ViciClient {
  async version(): Promise<VersionInfo> {
    return (await this.request('version')) as unknown as VersionInfo;
  }

  stats(): Promise<ViciMessage> {
    return this.request('stats');
  }

  async reloadSettings(): Promise<void> {
    await this.request('reload-settings');
  }

  /** Loads or atomically replaces one connection: `{ name: { ...swanctl.conf keys } }`. */
  async loadConn(conn: ViciInput, opts: RequestOptions = {}): Promise<void> {
    await this.request('load-conn', conn, opts);
  }

  async unloadConn(name: string): Promise<void> {
    await this.request('unload-conn', { name });
  }

  /** Names of connections loaded over VICI. */
  async getConns(): Promise<string[]> {
    const res = await this.request('get-conns');
    const conns = res['conns'];
    return Array.isArray(conns) ? conns : [];
  }

  async listConns(ike?: string): Promise<Record<string, ConnInfo>> {
    const { events } = await this.streamed('list-conns', 'list-conn', ike ? { ike } : {});
    const out: Record<string, ConnInfo> = {};
    for (const e of events) for (const [name, conn] of Object.entries(e)) if (typeof conn === 'object' && !Array.isArray(conn)) out[name] = conn;
    return out;
  }

  /** Active IKE_SAs in charon's order; one name can appear twice (duplicate SAs). */
  async listSas(filter: { ike?: string; ikeId?: string | number; noblock?: boolean } = {}): Promise<ListedSa[]> {
    const msg = { ike: filter.ike, 'ike-id': filter.ikeId, noblock: filter.noblock ? 'yes' : undefined };
    const { events } = await this.streamed('list-sas', 'list-sa', msg);
    const out: ListedSa[] = [];
    for (const e of events) {
      for (const [name, sa] of Object.entries(e)) {
        if (typeof sa === 'object' && !Array.isArray(sa)) out.push({ name, sa: sa as unknown as IkeSaInfo });
      }
    }
    return out;
  }

  async loadShared(secret: SharedSecret): Promise<void> {
    await this.request('load-shared', { id: secret.id, type: secret.type ?? 'IKE', data: secret.data, owners: secret.owners });
  }

  async unloadShared(id: string): Promise<void> {
    await this.request('unload-shared', { id });
  }

  /** Ids of shared secrets loaded over VICI. */
  async getShared(): Promise<string[]> {
    const keys = (await this.request('get-shared'))['keys'];
    return Array.isArray(keys) ? keys : [];
  }

  async clearCreds(): Promise<void> {
    await this.request('clear-creds');
  }

  async loadCert(type: 'X509' | 'X509_CRL', flag: 'NONE' | 'CA' | 'AA' | 'OCSP', data: string | Buffer): Promise<void> {
    await this.request('load-cert', { type, flag, data });
  }

  /**
   * Empties charon's certificate cache (of one type). A CRL charon has verified once is cached, and its
   * revocation check takes the first valid CRL it finds there, not the newest one loaded since.
   */
  async flushCerts(type?: 'X509' | 'X509_CRL'): Promise<void> {
    await this.request('flush-certs', type ? { type } : {});
  }

  async loadKey(type: 'rsa' | 'ecdsa' | 'any', data: string | Buffer): Promise<void> {
    await this.request('load-key', { type, data });
  }

  /** Initiates a CHILD_SA (and its IKE_SA); resolves with charon's log lines, throws with them on failure. */
  initiate(args: InitiateArgs): Promise<LogEvent[]> {
    const timeout = args.timeoutMs ?? 10_000;
    return this.control('initiate', { child: args.child, ike: args.ike, timeout, loglevel: args.loglevel ?? 1 }, args);
  }

  terminate(args: TerminateArgs): Promise<LogEvent[]> {
    const timeout = args.timeoutMs ?? 10_000;
    const msg = {
      ike: args.ike,
      child: args.child,
      // charon 5.9 reads ike-id/child-id (the README's ike_id/child_id are not recognised)
      'ike-id': args.ikeId,
      'child-id': args.childId,
      force: args.force ? 'yes' : undefined,
      timeout,
      loglevel: args.loglevel ?? 1,
    };
    return this.control('terminate', msg, args);
  }

  private async control(cmd: string, msg: ViciInput, args: ControlOptions): Promise<LogEvent[]> {
    const timeout = args.timeoutMs ?? 10_000;
    const socketTimeout = timeout <= 0 ? (timeout === 0 ? 24 * 3600_000 : SOCKET_MARGIN_MS) : timeout + SOCKET_MARGIN_MS;
    const logs: LogEvent[] = [];
    const onEvent = (e: LogEvent): void => {
      logs.push(e);
      args.onLog?.(e);
    };
    try {
      await this.streamed(cmd, 'control-log', msg, { timeoutMs: socketTimeout, onEvent });
    } catch (e) {
      if (e instanceof ViciCommandError) e.log = logs.map((l) => l.msg);
      throw e;
    }
    return logs;
  }
}
