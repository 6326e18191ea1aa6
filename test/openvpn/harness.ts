/**
 * An OpenVPN lab without a daemon: a gateway namespace running a real openvpn server rendered by the
 * adapter, a client namespace on its WAN link, users in memory (TestStore). No test uses it any more
 * (every OpenVPN lab test runs a real daemon on the real store: daemon-lab.ts); it remains for the
 * benchmarks, which time the management controller alone with no database behind it
 * (bench/openvpn/run.ts, with the controller in a child process; bench/openvpn/recovery.ts), and for
 * TestClient, the openvpn client process that daemon-lab.ts shares. Addresses: 198.18.0.0/15.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { raServerSchema } from '../../src/core/model/index.js';
import type { RaServer, RaServerInput } from '../../src/core/model/index.js';
import type { LockoutPolicy, LoginFailure } from '../../src/core/lockout.js';
import { MemoryTotpSteps } from '../../src/auth/totp.js';
import type { OpenVpnReconcileContext, VpnUserRecord } from '../../src/engines/openvpn/index.js';
import { renderClientProfile } from '../../src/engines/openvpn/index.js';
import type { EventInput } from '../../src/engines/types.js';
import { Lab } from '../lab/index.js';
import type { Host } from '../lab/index.js';
import { pollUntil } from '../lab/proc.js';
import pino from 'pino';
import { Supervisor } from '../../src/engines/supervisor.js';
import type { EngineSpec } from '../../src/engines/types.js';
import { normaliseSerial } from '../../src/pki/serial.js';
import { TestPki } from './pki.js';

const POLICY_NET = '198.19.60.0/24';

/**
 * The store's part the authoriser reads, held in memory, for the bench: it times the controller's own
 * work, with no database behind it; also serialisable for a child controller. Tests use the real store.
 */
export class TestStore {
  readonly users = new Map<string, VpnUserRecord>();
  readonly failures = new Map<string, LoginFailure[]>();
  readonly totpSteps = new MemoryTotpSteps();
  readonly revokedSerials = new Set<string>();
  readonly events: EventInput[] = [];

  async addUser(username: string, password: string, extra: Partial<VpnUserRecord> = {}): Promise<void> {
    this.users.set(username, { username, disabled: false, passwordHash: await hash(password), groups: [], ...extra });
  }

  deps(lockoutPolicy: LockoutPolicy) {
    return {
      findUser: (u: string) => this.users.get(u),
      certificateRevoked: (_decimal: string, hex: string | undefined) => hex !== undefined && this.revokedSerials.has(normaliseSerial(hex)),
      lockout: {
        recordFailure: (u: string, at: Date, source: string) => void this.failures.set(u, [...(this.failures.get(u) ?? []), { at, source }]),
        failures: (u: string) => this.failures.get(u) ?? [],
      },
      lockoutPolicy,
      totpSteps: this.totpSteps,
      routesForGroups: (groups: readonly string[]) => (groups.includes('eng') ? [POLICY_NET] : []),
      events: { record: (e: EventInput) => void this.events.push(e) },
    };
  }
}

export class TestClient {
  constructor(
    readonly child: ChildProcess,
    readonly logPath: string,
    readonly exited: Promise<number | null>,
  ) {}

  log(): string {
    try {
      return readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return pollUntil(`${re} in ${this.logPath}`, () => re.exec(this.log()) ?? undefined, timeoutMs, 50);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000))]);
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export interface OvpnLabOptions {
  lockoutPolicy: LockoutPolicy;
  server?: Partial<RaServerInput>;
}

export class OvpnLab {
  readonly store = new TestStore();
  server!: RaServer;
  pki!: TestPki;
  ctx!: OpenVpnReconcileContext;
  gw!: Host;
  c1!: Host;
  readonly dir: string;
  private spec: EngineSpec | undefined;
  supervisor!: Supervisor;
  private clientCount = 0;

  private constructor(readonly lab: Lab) {
    this.dir = mkdtempSync(join(tmpdir(), 'corridor-ovpn-'));
  }

  static async create(opts: OvpnLabOptions): Promise<OvpnLab> {
    const lab = await Lab.create();
    const o = new OvpnLab(lab);
    try {
      await o.init(opts);
    } catch (e) {
      await o.close();
      throw e;
    }
    return o;
  }

  private async init(opts: OvpnLabOptions): Promise<void> {
    const [gw, c1] = await this.lab.hosts('gw', 'c1');
    if (!gw || !c1) throw new Error('lab.hosts returned too few hosts');
    [this.gw, this.c1] = [gw, c1];
    await this.lab.link(this.gw, this.c1, { addrA: '198.18.0.1/24', addrB: '198.18.0.2/24' });
    const pkiDir = join(this.dir, 'pki');
    mkdirSync(pkiDir, { mode: 0o700 });
    this.pki = await TestPki.create(pkiDir);
    this.server = raServerSchema.parse({
      name: `lab${process.pid}`,
      gateway: 'gw',
      pool: '198.19.99.0/24',
      routes: ['198.19.50.0/24'],
      dns: ['198.19.50.53'],
      ...opts.server,
    });
    const dev = this.lab.ifname('tun');
    const pki = this.pki;
    const runRoot = join(this.dir, 'run');
    this.supervisor = new Supervisor({ runRoot, log: pino({ level: 'silent' }) });
    this.ctx = {
      runRoot,
      namespace: () => this.gw.ns,
      dev: () => dev,
      pki: () => ({ caPath: pki.caPath, certPath: pki.certPath, keyPath: pki.keyPath, tlsCryptPath: pki.tlsCryptPath, crlPath: pki.crlPath }),
    };
  }

  get runDir(): string {
    return join(this.ctx.runRoot, `openvpn-${this.server.name}`);
  }

  serverLog(): string {
    try {
      return readFileSync(join(this.runDir, 'openvpn.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** The engine runs under the daemon's supervisor, which restarts it when it dies. */
  async startServer(spec: EngineSpec): Promise<void> {
    this.spec = spec;
    await this.supervisor.ensure(spec);
  }

  get serverPid(): number | undefined {
    return this.spec ? this.supervisor.status(this.spec.id)?.pid : undefined;
  }

  /** A user's profile for the server, naming the gateway's WAN address. */
  private profile(user: string, tag: string, server: RaServer): string {
    const u = this.pki.user(user);
    const text = renderClientProfile({
      server,
      publicAddress: '198.18.0.1',
      serverCommonName: this.pki.serverCommonName,
      caPem: this.pki.caPem,
      certPem: u.certPem,
      keyPem: u.keyPem,
      tlsCryptKey: this.pki.tlsCryptKey,
    });
    const path = join(this.dir, `${user}${tag}.ovpn`);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  }

  /** `openvpn --config PROFILE --auth-user-pass FILE` in a client namespace, logging to its own file. */
  client(from: Host, user: string, password: string, extra: readonly string[] = [], server: RaServer = this.server): TestClient {
    const n = ++this.clientCount;
    const authFile = join(this.dir, `auth-${n}.txt`);
    writeFileSync(authFile, `${user}\n${password}\n`, { mode: 0o600 });
    const logPath = join(this.dir, `client-${n}-${user}.log`);
    const child = from.spawn(['openvpn', '--config', this.profile(user, `-${n}`, server), '--auth-user-pass', authFile, '--log', logPath, ...extra], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return new TestClient(child, logPath, exited);
  }

  async close(): Promise<void> {
    try {
      if (this.spec) await this.supervisor.stop(this.spec.id);
    } catch {
      // the namespaces go below, and every process in them
    }
    try {
      await this.lab.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export { pollUntil };

/** The controller in its own node process (controller-main.ts), so a test can kill -9 it. */
export class ChildController {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    let buf = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          this.lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not ours (a warning from node); ignored
        }
      }
    });
    child.stderr?.resume();
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  latestSessions(): Array<{ username: string; tunnelAddress?: string; cid: number }> {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const s = this.lines[i]?.['sessions'];
      if (Array.isArray(s)) return s as Array<{ username: string; tunnelAddress?: string; cid: number }>;
    }
    return [];
  }

  attachCount(): number {
    return this.lines.filter((l) => l['attached'] === true).length;
  }

  async kill9(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

export function spawnChildController(o: OvpnLab, lockoutPolicy: LockoutPolicy): ChildController {
  const pki = o.ctx.pki(o.server);
  const cfgPath = join(o.dir, `controller-${Date.now()}.json`);
  writeFileSync(
    cfgPath,
    JSON.stringify({
      server: o.server,
      runRoot: o.ctx.runRoot,
      dev: o.ctx.dev?.(o.server),
      pki,
      users: [...o.store.users.values()],
      revokedSerials: [...o.store.revokedSerials],
      lockoutPolicy,
      routesForEng: [POLICY_NET],
    }),
    { mode: 0o600 },
  );
  const main = new URL('./controller-main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', main, cfgPath], { stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() });
  o.lab.track(child);
  return new ChildController(child);
}
