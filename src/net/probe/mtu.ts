/**
 * Path MTU by bisection with DF pings. An MTU a router or the local stack reports ("Frag needed ...
 * mtu = N", "message too long, mtu=N") is tried next, which usually ends the search in two or three
 * probes; without hints it takes at most log2(range) probes, and never more than MAX_PROBES.
 */
import { ipFamily } from '../../core/ip.js';
import { ping } from './ping.js';
import { checkInt } from './target.js';

export interface PathMtuOptions {
  namespace?: string | undefined;
  /** largest packet size tried; default 1500 */
  max?: number;
  /** smallest; default 576 (IPv4's guaranteed minimum) */
  min?: number;
}

export interface PathMtuResult {
  target: string;
  /** largest whole IP packet that got an answer; undefined when not even min did */
  mtu: number | undefined;
  probes: number;
  /** sizes tried, in order, and whether each was answered */
  trace: { packet: number; ok: boolean }[];
}

const MAX_PROBES = 16;

export async function pathMtu(target: string, opts: PathMtuOptions = {}): Promise<PathMtuResult> {
  const headers = ipFamily(target) === 6 ? 48 : 28;
  let lo = checkInt('min', opts.min ?? 576, headers + 1, 65_535);
  let hi = checkInt('max', opts.max ?? 1500, lo, 65_535);
  const trace: PathMtuResult['trace'] = [];
  let hint: number | undefined;
  const tryPacket = async (packet: number): Promise<boolean> => {
    // two echoes, so one lost packet is not taken for a too-big one
    const s = await ping(target, { namespace: opts.namespace, count: 2, intervalMs: 200, timeoutS: 1, size: packet - headers, dontFragment: true });
    const ok = s.received > 0;
    hint = s.mtuHint;
    trace.push({ packet, ok });
    return ok;
  };

  if (await tryPacket(hi)) return { target, mtu: hi, probes: trace.length, trace };
  if (!(await tryPacket(lo))) return { target, mtu: undefined, probes: trace.length, trace };
  // invariant: lo answered, hi did not
  let hintAnswered = false;
  while (hi - lo > 1 && trace.length < MAX_PROBES) {
    const hinted = hint !== undefined && hint > lo && hint < hi;
    // a reported MTU that was answered is checked from above once (size + 1) instead of bisecting up to it
    const mid = hintAnswered ? lo + 1 : hinted ? (hint ?? lo) : Math.floor((lo + hi) / 2);
    const ok = await tryPacket(mid);
    hintAnswered = ok && hinted;
    if (ok) lo = mid;
    else hi = mid;
  }
  return { target, mtu: lo, probes: trace.length, trace };
}
