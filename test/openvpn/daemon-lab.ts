/**
 * An OpenVPN remote-access lab run by a real daemon process on the real store (SQLite in its data
 * directory, or a fresh PostgreSQL database when CORRIDOR_TEST_DB=postgres): the test creates the gateway,
 * server, groups and users through the API, downloads the users' profiles and connects real openvpn
 * clients from two client namespaces on their own WAN links; a LAN host sits behind the gateway.
 * Everything else (PKI, CRL, authorisation, lockout, sessions, events) is the daemon's; the test observes
 * through the API and the engine's files. Addresses: 198.18.0.0/15 only.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab, type Host } from '../lab/index.js';
import { pollUntil } from '../lab/proc.js';
import { DaemonProcess, freePort } from '../support/daemon-process.js';
import type { Client } from '../support/daemon.js';
import { freshPostgresUrl, testBackend } from '../support/db.js';
import { downloadProfile } from '../support/vpn-users.js';
import { TestClient } from './harness.js';

export const LAN_HOST = '198.19.50.10';
export const LAN_NET = '198.19.50.0/24';
/** granted to group "eng" with the LAN by an access policy; pushed as a route to its members only */
export const POLICY_NET = '198.19.60.0/24';
export const SERVER = 'staff';
const WAN1 = '198.18.0.1';
/** the daemon runs from the sources under tsx: on the shared 2-core test machine under load, 30 s was seen too short */
const START_TIMEOUT_MS = 90_000;

export interface DaemonLabOptions {
  /** the daemon's lockout settings (a file-only setting: written to corridor.json) */
  lockout?: { maxFailures: number; windowSeconds: number; lockSeconds: number };
  /** false: a certificate-only server (no passwords, so OpenVPN gives sessions no ids) */
  passwordAuth?: boolean;
}

export interface LabUser {
  password?: string;
  groups?: string[];
  staticIp?: string;
  maxSessions?: number;
}

export interface StoredEvent {
  kind: string;
  subject: string | null;
  detail: Record<string, unknown> | null;
}

export interface ListedSession {
  id: string;
  username: string;
  realAddress: string;
  tunnelAddress: string | null;
  bytesIn: number;
  bytesOut: number;
}

export class DaemonLab {
  gw!: Host;
  c1!: Host;
  c2!: Host;
  lanHost!: Host;
  daemon!: DaemonProcess;
  api!: Client;
  readonly dir: string;
  private readonly profiles = new Map<string, string>();
  private clientCount = 0;

  private constructor(readonly lab: Lab) {
    this.dir = mkdtempSync(join(tmpdir(), 'corridor-ovpn-'));
  }

  static async create(opts: DaemonLabOptions = {}): Promise<DaemonLab> {
    const lab = await Lab.create();
    const o = new DaemonLab(lab);
    try {
      await o.init(opts);
    } catch (e) {
      await o.close();
      throw e;
    }
    return o;
  }

  private async init(opts: DaemonLabOptions): Promise<void> {
    const [gw, c1, c2] = await this.lab.hosts('gw', 'c1', 'c2');
    if (!gw || !c1 || !c2) throw new Error('lab.hosts returned too few hosts');
    [this.gw, this.c1, this.c2] = [gw, c1, c2];
    const wan1 = await this.lab.link(gw, c1, { addrA: `${WAN1}/24`, addrB: '198.18.0.2/24' });
    const wan2 = await this.lab.link(gw, c2, { addrA: '198.18.1.1/24', addrB: '198.18.1.2/24' });
    // the profile names one address (WAN1): c2 reaches it through its own link, from its own address
    await c2.route('198.18.0.0/24', '198.18.1.1');
    this.lanHost = await this.lab.lan(gw, LAN_NET);

    const dataDir = join(this.dir, 'var');
    if (opts.lockout) {
      mkdirSync(dataDir, { mode: 0o700 });
      writeFileSync(join(dataDir, 'corridor.json'), JSON.stringify({ lockout: opts.lockout }), { mode: 0o600 });
    }
    const backend = testBackend();
    const databaseUrl = backend === 'postgres' ? await freshPostgresUrl() : undefined;
    this.daemon = new DaemonProcess(dataDir, await freePort(), databaseUrl ? { databaseUrl } : {});
    // the daemon goes first, so that it restarts nothing the lab is killing
    this.lab.onClose(() => this.daemon.kill('SIGTERM'));
    this.api = await this.daemon.start(START_TIMEOUT_MS);
    // its start line names the database it opened: a pass meant for PostgreSQL must not run on SQLite
    if (!this.daemon.output.includes(`"database":"${backend}"`)) throw new Error(`the lab's daemon is not on ${backend}: ${this.daemon.output.slice(-1000)}`);
    await this.ok('POST', '/api/gateways', {
      name: 'gw',
      namespace: gw.ns,
      lanSubnets: [LAN_NET, POLICY_NET],
      wanLinks: [
        { name: 'wan1', interface: wan1.ifA, address: WAN1 },
        { name: 'wan2', interface: wan2.ifA, address: '198.18.1.1' },
      ],
    });
    await this.ok('POST', '/api/groups', { name: 'eng' });
    await this.ok('POST', '/api/policies', { name: 'eng-net', group: 'eng', destinations: [LAN_NET, POLICY_NET] });
    // listen on WAN1: bound to every address, a UDP server answers c2 from 198.18.1.1 (no `multihome`),
    // and the client drops the reply as coming from the wrong peer
    await this.ok('POST', '/api/servers', { name: SERVER, gateway: 'gw', pool: '198.19.99.0/24', port: 1194, listen: WAN1, publicAddress: WAN1, routes: [LAN_NET], dns: ['198.19.50.53'], ...(opts.passwordAuth === undefined ? {} : { passwordAuth: opts.passwordAuth }) });
    await this.waitEngineRunning();
  }

  /** kill -9 of the daemon, as a crash: the engines it supervises keep running. */
  async killDaemon(): Promise<void> {
    await this.daemon.kill('SIGKILL');
  }

  /** A new daemon on the same data directory and database; it adopts the running engines. */
  async startDaemon(): Promise<void> {
    this.api = await this.daemon.start(START_TIMEOUT_MS);
  }

  /** An API call that must succeed (2xx); returns the parsed answer. */
  async ok(method: string, path: string, body?: unknown): Promise<any> {
    const r = await this.api.req(method, path, body);
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r.json;
  }

  async waitEngineRunning(): Promise<{ pid: number; restarts: number }> {
    return pollUntil(`openvpn-${SERVER} running`, async () => {
      const e = await this.engine();
      return e?.state === 'running' && e.pid ? { pid: e.pid, restarts: e.restarts } : undefined;
    }, 30_000, 200);
  }

  async engine(): Promise<{ state: string; pid?: number; restarts: number } | undefined> {
    const engines = (await this.api.req('GET', '/api/status')).json?.engines as Array<{ id: string; state: string; pid?: number; restarts: number }> | undefined;
    return engines?.find((e) => e.id === `openvpn-${SERVER}`);
  }

  /** Creates the user through the API and downloads its profile (which issues its certificate). */
  async addUser(username: string, u: LabUser = {}): Promise<void> {
    await this.ok('POST', '/api/users', { username, ...u });
    const path = join(this.dir, `${username}.ovpn`);
    writeFileSync(path, await downloadProfile(this.api, username, SERVER), { mode: 0o600 });
    this.profiles.set(username, path);
  }

  get runDir(): string {
    return join(this.daemon.dataDir, 'run', `openvpn-${SERVER}`);
  }

  serverLog(): string {
    try {
      return readFileSync(join(this.runDir, 'openvpn.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** `openvpn --config PROFILE --auth-user-pass FILE` in a client namespace with the user's downloaded profile, unedited. */
  client(from: Host, user: string, password: string, extra: readonly string[] = []): TestClient {
    const profile = this.profiles.get(user);
    if (!profile) throw new Error(`no profile downloaded for ${user}`);
    const n = ++this.clientCount;
    const authFile = join(this.dir, `auth-${n}.txt`);
    writeFileSync(authFile, `${user}\n${password}\n`, { mode: 0o600 });
    const logPath = join(this.dir, `client-${n}-${user}.log`);
    const child = from.spawn(['openvpn', '--config', profile, '--auth-user-pass', authFile, '--log', logPath, ...extra], { stdio: ['ignore', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return new TestClient(child, logPath, exited);
  }

  async sessions(user?: string): Promise<ListedSession[]> {
    const items = (await this.ok('GET', '/api/sessions')).items as ListedSession[];
    return user === undefined ? items : items.filter((s) => s.username === user);
  }

  async events(kind: string, subject?: string): Promise<StoredEvent[]> {
    const q = new URLSearchParams({ kind, ...(subject ? { subject } : {}) });
    return (await this.ok('GET', `/api/events?${q}`)).items as StoredEvent[];
  }

  /** Polls the stored events until one matches (events are written behind the decision that records them). */
  waitEvent(kind: string, subject: string, match: (e: StoredEvent) => boolean = () => true, timeoutMs = 10_000): Promise<StoredEvent> {
    return pollUntil(`${kind} event for ${subject}`, async () => (await this.events(kind, subject)).find(match), timeoutMs, 100);
  }

  async close(): Promise<void> {
    try {
      await this.lab.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export { pollUntil };
