import type { ChildProcess } from 'node:child_process';
import { bareIp, labCidr, nthHost } from './addr.js';
import { Host } from './host.js';
import type { HostOwner } from './host.js';
import { Link } from './link.js';
import { pollUntil, run, runSync, terminateChildren, terminatePidsSync } from './proc.js';
import { destroyNamespaces, removeState, reservePrefix, saveState, sweepStale } from './state.js';
import type { LabState } from './state.js';

export interface LinkOptions {
  /** Address of a's end, e.g. '198.18.5.1/24'; omitted → no address. */
  addrA?: string;
  addrB?: string;
  /** Bases for lab.ifname(); default 'v<n>a' / 'v<n>b'. */
  ifA?: string;
  ifB?: string;
}

export interface LanOptions {
  /** Name of the LAN host; default '<gateway>-lan'. */
  name?: string;
}

export interface LabCreateOptions {
  /** Remove namespaces of dead earlier runs first; default true. */
  sweep?: boolean;
}

/** The part of node:test's TestContext the lab uses; benchmarks can pass their own. */
export interface TestContextLike {
  after(fn: () => unknown): void;
}

const HOST_NAME_RE = /^[a-z0-9][a-z0-9-]{0,23}$/;
const IF_BASE_RE = /^[a-zA-Z0-9_]+$/;
const IFNAMSIZ = 15;

const openLabs = new Set<Lab>();
let handlersInstalled = false;

/**
 * 'exit' runs no asynchronous code, so interrupted runs clean up synchronously. A signal handler
 * replaces the default action, hence re-raising once our handler is gone and no one else listens.
 */
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', () => {
    for (const lab of [...openLabs]) lab.closeSync();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      for (const lab of [...openLabs]) lab.closeSync();
      process.removeListener(sig, handler);
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.on(sig, handler);
  }
}

/** A throwaway network of namespaces, named uniquely host-wide for this run. */
export class Lab implements HostOwner {
  private readonly hostsByName = new Map<string, Host>();
  private readonly children = new Set<ChildProcess>();
  private readonly usedIfnames = new Set<string>();
  private linkCount = 0;
  private closing: Promise<void> | undefined;
  private readonly stopFirst: Array<() => unknown> = [];

  private constructor(private readonly state: LabState) {}

  static async create(t?: TestContextLike, opts: LabCreateOptions = {}): Promise<Lab> {
    if (opts.sweep ?? true) await sweepStale();
    const lab = new Lab(await reservePrefix());
    openLabs.add(lab);
    installHandlers();
    t?.after(() => lab.close());
    return lab;
  }

  static sweepStale(): Promise<string[]> {
    return sweepStale();
  }

  /** 'cl' + 4 characters; every namespace and interface of this lab starts with it. */
  get prefix(): string {
    return this.state.prefix;
  }

  get namespaces(): readonly string[] {
    return [...this.state.namespaces];
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  assertOpen(): void {
    if (this.closing) throw new Error(`lab ${this.prefix} is closed`);
  }

  track(child: ChildProcess): void {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
  }

  /**
   * A host-wide unique interface name (prefix + base), for veths and for engines whose names are
   * global, like wireguard-go's UAPI socket. A base used twice gets a number appended.
   */
  ifname(base: string): string {
    if (!IF_BASE_RE.test(base)) throw new Error(`ifname base must be [A-Za-z0-9_]+: ${JSON.stringify(base)}`);
    for (let n = 0; n < 100; n++) {
      const name = `${this.prefix}${base}${n === 0 ? '' : String(n)}`;
      if (name.length > IFNAMSIZ) break;
      if (!this.usedIfnames.has(name)) {
        this.usedIfnames.add(name);
        return name;
      }
    }
    throw new Error(`ifname: no unique name of at most ${IFNAMSIZ} characters for base ${JSON.stringify(base)}`);
  }

  async host(name: string): Promise<Host> {
    const [host] = await this.hosts(name);
    if (!host) throw new Error('unreachable: hosts() returned nothing');
    return host;
  }

  /** Several namespaces in one batch. */
  async hosts(...names: string[]): Promise<Host[]> {
    this.assertOpen();
    for (const name of names) {
      if (!HOST_NAME_RE.test(name)) throw new Error(`host name must match ${String(HOST_NAME_RE)}: ${JSON.stringify(name)}`);
      if (this.hostsByName.has(name)) throw new Error(`host ${name} already exists in this lab`);
    }
    if (new Set(names).size !== names.length) throw new Error(`duplicate host names: ${names.join(', ')}`);
    const hosts = names.map((name) => new Host(this, name, `${this.prefix}-${name}`));
    for (const h of hosts) this.hostsByName.set(h.name, h);
    // On record before they exist, so a crash from here on leaves nothing sweepStale cannot find.
    this.state.namespaces.push(...hosts.map((h) => h.ns));
    saveState(this.state);
    await run(['ip', '-batch', '-'], { check: true, input: hosts.map((h) => `netns add ${h.ns}`).join('\n') + '\n' });
    await Promise.all(hosts.map((h) => h.ipCmd(['link', 'set', 'lo', 'up'])));
    return hosts;
  }

  /** A veth pair between a and b, created directly inside both namespaces, up, with optional addresses. */
  async link(a: Host, b: Host, opts: LinkOptions = {}): Promise<Link> {
    this.assertOpen();
    if (opts.addrA !== undefined) labCidr(opts.addrA);
    if (opts.addrB !== undefined) labCidr(opts.addrB);
    if (a === b) throw new Error('link: both ends on the same host');
    for (const h of [a, b]) if (this.hostsByName.get(h.name) !== h) throw new Error(`host ${h.name} is not from this lab`);
    const n = ++this.linkCount;
    const ifA = this.ifname(opts.ifA ?? `v${n}a`);
    const ifB = this.ifname(opts.ifB ?? `v${n}b`);
    await run(['ip', 'link', 'add', 'name', ifA, 'netns', a.ns, 'type', 'veth', 'peer', 'name', ifB, 'netns', b.ns], {
      check: true,
    });
    const setup = (h: Host, dev: string, addr: string | undefined): Promise<unknown> =>
      h.ipBatch([...(addr ? [`addr add ${addr} dev ${dev}`] : []), `link set dev ${dev} up`]);
    await Promise.all([setup(a, ifA, opts.addrA), setup(b, ifB, opts.addrB)]);
    if (opts.addrA) a.addresses.push(opts.addrA);
    if (opts.addrB) b.addresses.push(opts.addrB);
    const link = new Link(a, b, ifA, ifB);
    a.links.push(link);
    b.links.push(link);
    for (const [h, dev] of [
      [a, ifA],
      [b, ifB],
    ] as const) {
      await pollUntil(`${dev} in ${h.ns} to be up`, async () =>
        /state UP/.test(await h.ipCmd(['-o', 'link', 'show', 'dev', dev])) ? true : undefined,
      );
    }
    return link;
  }

  /**
   * A LAN segment behind gateway: a new host on a veth, gateway .1, LAN host .10 with its default
   * route via .1, forwarding on at the gateway. Returns the LAN host.
   */
  async lan(gateway: Host, cidr: string, opts: LanOptions = {}): Promise<Host> {
    const net = labCidr(cidr);
    const gwAddr = nthHost(net, 1);
    const hostAddr = nthHost(net, 10);
    const lanHost = await this.host(opts.name ?? `${gateway.name}-lan`);
    await this.link(gateway, lanHost, { addrA: gwAddr, addrB: hostAddr });
    await lanHost.route('default', bareIp(gwAddr));
    await gateway.forwarding(true);
    return lanHost;
  }

  /** Kills spawned processes (SIGTERM, then SIGKILL after a bounded wait) and deletes the namespaces. */
  /**
   * Runs fn when the lab closes, before it stops any process: a daemon that supervises engines in the lab
   * must be gone first, or it restarts what the lab just killed inside a namespace about to be deleted,
   * and that engine outlives the lab. Latest registered runs first; a failure does not stop the close.
   */
  onClose(fn: () => unknown): void {
    this.stopFirst.push(fn);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const fn of [...this.stopFirst].reverse()) await Promise.resolve().then(fn).catch(() => undefined);
      await terminateChildren([...this.children]);
      // Also whatever still runs inside (daemons that forked away from a spawned child).
      const left = await destroyNamespaces(this.state.namespaces);
      openLabs.delete(this);
      if (left.length > 0) throw new Error(`lab ${this.prefix}: namespaces not removed: ${left.join(', ')}`);
      removeState(this.prefix);
    })();
    return this.closing;
  }

  /** close() for exit and signal handlers, where nothing asynchronous runs any more. */
  closeSync(): void {
    openLabs.delete(this);
    this.closing ??= Promise.resolve();
    const pids = [...this.children].map((c) => c.pid).filter((p): p is number => p !== undefined);
    for (const ns of this.state.namespaces) {
      const res = runSync(['ip', 'netns', 'pids', ns]);
      for (const l of res.stdout.split('\n')) {
        const pid = Number(l.trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) pids.push(pid);
      }
    }
    terminatePidsSync(pids);
    runSync(['ip', '-force', '-batch', '-'], this.state.namespaces.map((n) => `netns del ${n}`).join('\n') + '\n');
    const still = runSync(['ip', 'netns', 'list']).stdout;
    if (!this.state.namespaces.some((n) => still.includes(n))) removeState(this.prefix);
  }
}

/** Runs fn with a fresh lab and closes it afterwards, whether fn resolves or throws. */
export async function withLab<T>(t: TestContextLike | undefined, fn: (lab: Lab) => Promise<T>): Promise<T> {
  const lab = await Lab.create(t);
  try {
    return await fn(lab);
  } finally {
    await lab.close();
  }
}
