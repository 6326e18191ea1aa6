import { LabCommandError, LabUnsupportedError } from './errors.js';
import type { RunOptions, RunResult } from './proc.js';

/** A fault in place; heal() removes exactly what it added and may be called more than once. */
export interface Fault {
  readonly description: string;
  heal(): Promise<void>;
}

export type Direction = 'in' | 'out' | 'both';

export interface FilterOptions {
  /** 'in': packets delivered to the host; 'out': packets it sends; default 'both'. */
  direction?: Direction;
  /** Also match packets the host routes between its interfaces (a forwarding gateway). */
  forward?: boolean;
}

export interface DropSpec extends FilterOptions {
  proto: 'udp' | 'tcp';
  port: number | readonly number[];
  /** Which port field to match; default 'any' (source or destination), as IKE uses 500 on both. */
  match?: 'dport' | 'sport' | 'any';
}

export type ProtoName = 'esp' | 'ah' | 'gre' | 'icmp' | 'tcp' | 'udp' | 'sctp' | 'ipip';
const PROTO_NAMES: readonly string[] = ['esp', 'ah', 'gre', 'icmp', 'tcp', 'udp', 'sctp', 'ipip'];
/** Rules use numbers: names would depend on the protocol tables nft and /etc/protocols happen to have. */
const PROTO_NUMBERS: Record<ProtoName, number> = { icmp: 1, ipip: 4, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, sctp: 132 };

export type Exec = (argv: readonly string[], opts?: RunOptions) => Promise<RunResult>;

export const NFT_TABLE = 'corridor_lab';

type Chain = 'input' | 'output' | 'forward';

function chainsFor(opts: FilterOptions): Chain[] {
  const direction = opts.direction ?? 'both';
  if (!['in', 'out', 'both'].includes(direction)) throw new Error(`direction must be in, out or both: ${direction}`);
  const chains: Chain[] = [];
  if (direction !== 'out') chains.push('input');
  if (direction !== 'in') chains.push('output');
  if (opts.forward) chains.push('forward');
  return chains;
}

/** Loopback stays untouched: engines talk to their own control sockets and helpers over lo. */
function guard(chain: Chain): string {
  return chain === 'output' ? 'oifname != "lo"' : 'iifname != "lo"';
}

function checkPort(port: number): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`port out of range: ${port}`);
  return port;
}

export function protoNumber(proto: ProtoName | number): number {
  if (typeof proto === 'number') {
    if (!Number.isInteger(proto) || proto < 0 || proto > 255) throw new Error(`IP protocol out of range: ${proto}`);
    return proto;
  }
  if (!PROTO_NAMES.includes(proto)) throw new Error(`unknown IP protocol name: ${JSON.stringify(proto)}`);
  return PROTO_NUMBERS[proto];
}

export function dropExprs(spec: DropSpec): string[] {
  if (spec.proto !== 'udp' && spec.proto !== 'tcp') throw new Error(`drop: proto must be udp or tcp: ${String(spec.proto)}`);
  const ports = (typeof spec.port === 'number' ? [spec.port] : [...spec.port]).map(checkPort);
  if (ports.length === 0) throw new Error('drop: no port given');
  const set = ports.length === 1 ? String(ports[0]) : `{ ${ports.join(', ')} }`;
  const match = spec.match ?? 'any';
  const fields = match === 'any' ? ['dport', 'sport'] : [match];
  return fields.map((f) => `${spec.proto} ${f} ${set} drop`);
}

export function lossExpr(percent: number): string {
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    throw new Error(`loss: percent must be an integer 1..100: ${percent}`);
  }
  return `numgen random mod 100 < ${percent} drop`;
}

export function protoExpr(proto: ProtoName | number): string {
  return `meta l4proto ${protoNumber(proto)} drop`;
}

/**
 * One inet table per host namespace, owned by the lab, so faults never touch rules that the code
 * under test installs. Priority -10 runs before the usual filter chains; a drop there is final.
 */
export class NftFaults {
  private table: Promise<void> | undefined;

  constructor(private readonly exec: Exec) {}

  private ensureTable(): Promise<void> {
    this.table ??= this.exec(['nft', '-f', '-'], {
      check: true,
      input: [
        `add table inet ${NFT_TABLE}`,
        ...(['input', 'output', 'forward'] as const).map(
          (c) => `add chain inet ${NFT_TABLE} ${c} { type filter hook ${c} priority -10; policy accept; }`,
        ),
      ].join('\n'),
    }).then(() => undefined);
    return this.table;
  }

  async add(description: string, exprs: readonly string[], opts: FilterOptions): Promise<Fault> {
    await this.ensureTable();
    const rules = chainsFor(opts).flatMap((chain) => exprs.map((expr) => ({ chain, text: `${guard(chain)} ${expr}` })));
    const lines = rules.map((r) => `add rule inet ${NFT_TABLE} ${r.chain} ${r.text}`);
    // --echo --handle prints each added rule with its handle, in order: heal deletes exactly those.
    const res = await this.exec(['nft', '--echo', '--handle', '-f', '-'], { check: true, input: lines.join('\n') });
    const handles = [...res.stdout.matchAll(/^add rule inet \S+ (\S+) .*# handle (\d+)$/gm)].map((m) => ({
      chain: m[1] ?? '',
      handle: m[2] ?? '',
    }));
    if (handles.length !== rules.length) {
      throw new Error(`nft echoed ${handles.length} handles for ${rules.length} rules:\n${res.stdout}`);
    }
    let healed = false;
    return {
      description,
      heal: async () => {
        if (healed) return;
        healed = true;
        const del = handles.map((h) => `delete rule inet ${NFT_TABLE} ${h.chain} handle ${h.handle}`).join('\n');
        await this.exec(['nft', '-f', '-'], { check: true, input: del });
      },
    };
  }
}

/** netem is a module this project's kernels lack; report that plainly instead of a tc error. */
export async function addDelay(exec: Exec, devs: readonly string[], ms: number, description: string): Promise<Fault> {
  if (!Number.isFinite(ms) || ms <= 0 || ms > 60_000) throw new Error(`delay: ms must be in (0, 60000]: ${ms}`);
  if (devs.length === 0) throw new Error('delay: no interface to delay');
  const added: string[] = [];
  for (const dev of devs) {
    const res = await exec(['tc', 'qdisc', 'add', 'dev', dev, 'root', 'netem', 'delay', `${ms}ms`]);
    if (res.code !== 0) {
      await Promise.all(added.map((d) => exec(['tc', 'qdisc', 'del', 'dev', d, 'root'])));
      if (/unknown|not supported|No such file/i.test(res.stderr)) {
        throw new LabUnsupportedError(
          `delay needs the netem qdisc (sch_netem), which this kernel does not provide ` +
            `(tc: ${res.stderr.trim()}); latency cannot be emulated on this machine`,
        );
      }
      throw new LabCommandError(['tc', 'qdisc', 'add', 'dev', dev, 'root', 'netem', 'delay', `${ms}ms`], res);
    }
    added.push(dev);
  }
  let healed = false;
  return {
    description,
    heal: async () => {
      if (healed) return;
      healed = true;
      for (const dev of added) await exec(['tc', 'qdisc', 'del', 'dev', dev, 'root'], { check: true });
    },
  };
}
