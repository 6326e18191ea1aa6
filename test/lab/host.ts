import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { bareIp, labAddress, labCidr, labDestination } from './addr.js';
import { LabCommandError } from './errors.js';
import { addDelay, dropExprs, lossExpr, NftFaults, protoExpr } from './faults.js';
import type { DropSpec, Fault, FilterOptions, ProtoName } from './faults.js';
import { parsePing } from './ping.js';
import type { Link } from './link.js';
import type { PingResult } from './ping.js';
import { pollUntil, run } from './proc.js';
import type { RunOptions, RunResult } from './proc.js';

/** What a host needs from its lab; an interface so host.ts does not import lab.ts. */
export interface HostOwner {
  assertOpen(): void;
  track(child: ChildProcess): void;
}

export interface PingOptions {
  /** Default 3. */
  count?: number;
  /** Default 200 ms; below 200 ms needs root, which the lab has. */
  intervalMs?: number;
  /** How long to wait for each reply, in seconds (fractions allowed); default 1. */
  timeoutS?: number;
}

export interface RouteRecord {
  dst: string;
  via: string;
}

/** A network namespace. Every command runs inside it through `ip netns exec`. */
export class Host {
  /** CIDRs assigned through the lab, in order. */
  readonly addresses: string[] = [];
  /** Routes installed through the lab; link.up() re-installs them because the kernel flushes them on link down. */
  readonly routes: RouteRecord[] = [];
  /** Links this host is an end of, in creation order. */
  readonly links: Link[] = [];
  private readonly faults: NftFaults;

  constructor(
    private readonly owner: HostOwner,
    /** The name given to lab.host(). */
    readonly name: string,
    /** The namespace's host-wide name. */
    readonly ns: string,
  ) {
    this.faults = new NftFaults((argv, opts) => this.exec(argv, opts));
  }

  /** First address assigned through the lab, without prefix length. */
  get ip(): string {
    const first = this.addresses[0];
    if (first === undefined) throw new Error(`host ${this.name} has no address yet`);
    return bareIp(first);
  }

  exec(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    this.owner.assertOpen();
    if (argv.length === 0) return Promise.reject(new Error('exec: empty argv'));
    return run(['ip', 'netns', 'exec', this.ns, ...argv], opts);
  }

  /**
   * `ip netns exec` execs the program, so the returned child's PID is the program's own. The lab
   * kills it on close. stdin defaults to 'ignore'; stdout/stderr are pipes: read them or pass 'ignore'.
   */
  spawn(argv: readonly string[], opts: SpawnOptions = {}): ChildProcess {
    this.owner.assertOpen();
    if (argv.length === 0) throw new Error('spawn: empty argv');
    const child = spawn('ip', ['netns', 'exec', this.ns, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    this.owner.track(child);
    return child;
  }

  /** `ip -n NS ARGS...` with check; several commands at once go through ipBatch. */
  async ipCmd(args: readonly string[]): Promise<string> {
    this.owner.assertOpen();
    return (await run(['ip', '-n', this.ns, ...args], { check: true })).stdout;
  }

  /** One `ip -n NS -batch -` for several commands (one fork instead of many). */
  async ipBatch(lines: readonly string[], force = false): Promise<RunResult> {
    this.owner.assertOpen();
    return run(['ip', '-n', this.ns, ...(force ? ['-force'] : []), '-batch', '-'], {
      check: !force,
      input: lines.join('\n') + '\n',
    });
  }

  async addAddress(dev: string, cidr: string): Promise<void> {
    labCidr(cidr);
    await this.ipCmd(['addr', 'add', cidr, 'dev', dev]);
    this.addresses.push(cidr);
  }

  /** `ip route replace DST via VIA`; dst is 'default' or inside 198.18.0.0/15, via inside it too. */
  async route(dst: string, via: string): Promise<void> {
    labDestination(dst);
    labAddress(via);
    await this.ipCmd(['route', 'replace', dst, 'via', via]);
    const known = this.routes.findIndex((r) => r.dst === dst);
    if (known >= 0) this.routes.splice(known, 1);
    this.routes.push({ dst, via });
  }

  /** Re-installs recorded routes; a route whose gateway is not reachable yet is skipped. */
  async restoreRoutes(): Promise<void> {
    if (this.routes.length === 0) return;
    await this.ipBatch(this.routes.map((r) => `route replace ${r.dst} via ${r.via}`), true);
  }

  async forwarding(on: boolean): Promise<void> {
    await this.exec(['sysctl', '-q', '-w', `net.ipv4.ip_forward=${on ? 1 : 0}`], { check: true });
  }

  async ping(dst: string, opts: PingOptions = {}): Promise<PingResult> {
    labAddress(dst);
    const count = opts.count ?? 3;
    const intervalMs = opts.intervalMs ?? 200;
    const timeoutS = opts.timeoutS ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 100_000) throw new Error(`ping: bad count ${count}`);
    if (!(intervalMs >= 2)) throw new Error(`ping: intervalMs must be >= 2: ${intervalMs}`);
    if (!(timeoutS > 0 && timeoutS <= 60)) throw new Error(`ping: timeoutS must be in (0, 60]: ${timeoutS}`);
    // No -w: with a deadline ping keeps sending past count until count replies arrive, skewing loss.
    const argv = ['ping', '-n', '-q', '-c', String(count), '-i', String(intervalMs / 1000), '-W', String(timeoutS), dst];
    const res = await this.exec(argv, { timeoutMs: count * intervalMs + timeoutS * 1000 + 10_000 });
    const parsed = res.code === 0 || res.code === 1 ? parsePing(res.stdout, res.code) : undefined;
    if (parsed) return parsed;
    // No route at all (e.g. our own link is down) is a network outcome to assert on, not a usage error.
    const unreachable = /connect: (Network is unreachable|No route to host)/.exec(res.stderr);
    if (res.code === 2 && unreachable) {
      return { transmitted: 0, received: 0, loss: 100, code: 2, output: res.stdout, error: unreachable[1] ?? '' };
    }
    throw new LabCommandError(['ip', 'netns', 'exec', this.ns, ...argv], res);
  }

  /** Waits until a socket is bound in this namespace: udp/tcp port, or raw IP protocol number. */
  async waitForSocket(kind: 'udp' | 'tcp' | 'raw', port: number, timeoutMs = 5000): Promise<void> {
    const flag = { udp: '-u', tcp: '-t', raw: '-w' }[kind];
    await pollUntil(
      `${kind} socket ${port} in ${this.ns}`,
      async () => {
        const res = await this.exec(['ss', '-H', '-a', '-n', flag, `sport = :${port}`], { check: true });
        return res.stdout.trim() !== '' ? true : undefined;
      },
      timeoutMs,
    );
  }

  /** Interfaces other than lo, as the kernel names them in this namespace. */
  async interfaces(): Promise<string[]> {
    const out = await this.ipCmd(['-o', 'link', 'show']);
    return out
      .split('\n')
      .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined && n !== 'lo');
  }

  /** Drops udp/tcp on the given port(s) until healed. */
  async drop(spec: DropSpec): Promise<Fault> {
    const exprs = dropExprs(spec);
    return this.faults.add(`${this.name}: drop ${spec.proto} ${String(spec.port)} ${spec.direction ?? 'both'}`, exprs, spec);
  }

  /** Random loss of percent% of packets (nft numgen), by default inbound only so ping loss reads directly. */
  async loss(percent: number, opts: FilterOptions = {}): Promise<Fault> {
    const exprs = [lossExpr(percent)];
    const o = { direction: 'in' as const, ...opts };
    return this.faults.add(`${this.name}: ${percent}% loss ${o.direction}`, exprs, o);
  }

  /** Drops a whole IP protocol (esp, gre, icmp, … or a number). */
  async blockProto(proto: ProtoName | number, opts: FilterOptions = {}): Promise<Fault> {
    const exprs = [protoExpr(proto)];
    return this.faults.add(`${this.name}: block ${String(proto)} ${opts.direction ?? 'both'}`, exprs, opts);
  }

  /** Egress delay on every interface but lo (or on devs); LabUnsupportedError without netem. */
  async delay(ms: number, devs?: readonly string[]): Promise<Fault> {
    const targets = devs ?? (await this.interfaces());
    return addDelay((argv, opts) => this.exec(argv, opts), targets, ms, `${this.name}: delay ${ms} ms`);
  }
}
