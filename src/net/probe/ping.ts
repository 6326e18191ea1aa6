/**
 * ICMP echo through iputils ping, in a namespace when asked. Only the numbers are returned; judging them
 * (the seeds flag loss above 3 %) is the doctor's business.
 */
import { exec, inNamespace } from '../exec.js';
import { checkInt, probeTarget } from './target.js';

export interface PingOptions {
  namespace?: string | undefined;
  /** echo requests to send; default 5 */
  count?: number;
  /** between requests; default 200 ms (below 200 ms needs root) */
  intervalMs?: number;
  /** wait for each reply, whole seconds; default 1 */
  timeoutS?: number;
  /** ICMP payload bytes (-s) */
  size?: number;
  /** set DF and never fragment locally (-M do) */
  dontFragment?: boolean;
  /** leave by this interface (-I), e.g. one WAN link of several */
  interface?: string;
}

export interface PingStats {
  target: string;
  transmitted: number;
  received: number;
  /** percent, 0-100 */
  lossPercent: number;
  /** ICMP errors and local send errors ping counted (e.g. "Frag needed", "message too long") */
  errors: number;
  /** in ms; absent when nothing came back */
  rtt?: { min: number; avg: number; max: number; mdev: number };
  /** an MTU some hop or the local stack reported, when ping printed one */
  mtuHint?: number;
  /** ping's first error line when nothing was sent (unknown host, no route) */
  failure?: string;
}

/** Parses iputils ping's output (any -q or verbose form); undefined without a summary line. */
export function parsePingOutput(target: string, output: string): PingStats | undefined {
  const summary = /(\d+) packets transmitted, (\d+) received(?:, \+(\d+) duplicates)?(?:, \+(\d+) errors)?, ([\d.]+)% packet loss/.exec(output);
  if (!summary) return undefined;
  const stats: PingStats = {
    target,
    transmitted: Number(summary[1]),
    received: Number(summary[2]),
    errors: Number(summary[4] ?? 0),
    lossPercent: Number(summary[5]),
  };
  const rtt = /(?:rtt|round-trip) min\/avg\/max\/(?:mdev|stddev) = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(output);
  if (rtt) stats.rtt = { min: Number(rtt[1]), avg: Number(rtt[2]), max: Number(rtt[3]), mdev: Number(rtt[4]) };
  const mtu = /mtu ?= ?(\d+)/i.exec(output);
  if (mtu) stats.mtuHint = Number(mtu[1]);
  return stats;
}

export function pingArgv(target: string, opts: PingOptions = {}): string[] {
  const count = checkInt('count', opts.count ?? 5, 1, 10_000);
  const intervalMs = checkInt('intervalMs', opts.intervalMs ?? 200, 2, 60_000);
  const timeoutS = checkInt('timeoutS', opts.timeoutS ?? 1, 1, 60);
  // no -w deadline: with one, ping keeps sending past count until count replies arrive, which skews loss
  const argv = ['ping', '-n', '-q', '-c', String(count), '-i', String(intervalMs / 1000), '-W', String(timeoutS)];
  if (opts.size !== undefined) argv.push('-s', String(checkInt('size', opts.size, 0, 65_507)));
  if (opts.dontFragment) argv.push('-M', 'do');
  if (opts.interface !== undefined) {
    if (!/^[A-Za-z0-9_.:-]{1,15}$/.test(opts.interface)) throw new Error(`not an interface name: ${JSON.stringify(opts.interface)}`);
    argv.push('-I', opts.interface);
  }
  argv.push('--', probeTarget(target));
  return argv;
}

export async function ping(target: string, opts: PingOptions = {}): Promise<PingStats> {
  const argv = pingArgv(target, opts);
  const count = opts.count ?? 5;
  const timeoutMs = count * (opts.intervalMs ?? 200) + (opts.timeoutS ?? 1) * 1000 + 10_000;
  const r = await exec(argv, { namespace: opts.namespace, timeoutMs });
  const stats = parsePingOutput(target, r.stdout + r.stderr);
  if (stats) return stats;
  const failure = (r.stderr || r.stdout).trim().split('\n')[0] || `exit ${String(r.code)}`;
  if (r.code === 2 || r.code === 1) {
    // nothing was sent at all (no route, unknown host): total loss, with ping's reason
    return { target, transmitted: 0, received: 0, lossPercent: 100, errors: 0, failure };
  }
  throw new Error(`${inNamespace(opts.namespace, argv).join(' ')}: ${failure}`);
}
