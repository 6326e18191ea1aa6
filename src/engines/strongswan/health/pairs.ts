/**
 * Which configured (local, remote) subnet pairs an installed CHILD_SA carries. A pair is covered when
 * some installed CHILD_SA's negotiated local-ts contains the local subnet and its remote-ts contains the
 * remote subnet. The negotiated selectors, not the configured ones, decide: a peer that narrows (Huawei,
 * Cisco, FortiGate: one SA per ACL rule) answers one proposal for two subnets with the first pair only,
 * and charon installs the child as if nothing were wrong. Pure: no I/O.
 */
import { ipToBigInt, parseCidr } from '../../../core/ip.js';
import type { Family } from '../../../core/ip.js';
import { childIsUp } from './status.js';
import type { ChildStatus } from './status.js';

export interface SubnetPair {
  local: string;
  remote: string;
  /** the configured CHILD_SA that proposes this pair */
  child: string;
}

export interface PairStatus {
  local: string;
  remote: string;
  state: 'up' | 'missing';
  /** the installed CHILD_SA carrying the pair (when up), else the configured child that should */
  child?: string;
  /** why a pair whose child is installed still carries nothing */
  reason?: 'reqid-shared';
}

interface Range {
  family: Family;
  lo: bigint;
  hi: bigint;
}

const BITS: Record<Family, bigint> = { 4: 32n, 6: 128n };

function cidrRange(text: string): Range {
  const c = parseCidr(text);
  const size = 1n << (BITS[c.family] - BigInt(c.prefix));
  return { family: c.family, lo: c.network, hi: c.network + size - 1n };
}

/**
 * A traffic selector as VICI lists it: "198.19.1.0/24", an address range "198.19.1.5..198.19.1.9", or
 * either with a protocol/port suffix "[tcp/80]". A selector limited to a protocol or port does not carry
 * the whole pair, so it covers nothing here; "[0/0]"-style suffixes (any) are ignored.
 */
export function tsRange(ts: string): Range | undefined {
  const m = /^([^[\]]+)(?:\[([^\]]*)\])?$/.exec(ts.trim());
  if (!m?.[1]) return undefined;
  const suffix = m[2];
  if (suffix !== undefined && !/^(?:0|any)?(?:\/(?:0|any|0-65535))?$/.test(suffix)) return undefined;
  try {
    const dots = m[1].split('..');
    if (dots.length === 2 && dots[0] && dots[1]) {
      const a = ipToBigInt(dots[0]);
      const b = ipToBigInt(dots[1]);
      return a.family === b.family ? { family: a.family, lo: a.value, hi: b.value } : undefined;
    }
    return cidrRange(m[1]);
  } catch {
    return undefined;
  }
}

/** Whether one of the selectors contains the whole subnet. */
export function tsContains(selectors: readonly string[], subnet: string): boolean {
  const want = cidrRange(subnet);
  return selectors.some((ts) => {
    const r = tsRange(ts);
    return r !== undefined && r.family === want.family && r.lo <= want.lo && r.hi >= want.hi;
  });
}

/** Every configured pair with the installed CHILD_SA carrying it, or missing. */
export function pairCoverage(pairs: readonly SubnetPair[], children: readonly ChildStatus[]): PairStatus[] {
  const installed = children.filter((c) => childIsUp(c.state));
  return pairs.map((p) => {
    // the pair's own child first, so status names the SA meant for it when several carry it
    const carrier = [...installed].sort((a, b) => Number(b.name === p.child) - Number(a.name === p.child))
      .find((c) => tsContains(c.localTs, p.local) && tsContains(c.remoteTs, p.remote));
    if (!carrier) return { local: p.local, remote: p.remote, state: 'missing', child: p.child };
    if (sharesReqid(carrier, installed)) return { local: p.local, remote: p.remote, state: 'missing', child: carrier.name, reason: 'reqid-shared' };
    return { local: p.local, remote: p.remote, state: 'up', child: carrier.name };
  });
}

/**
 * strongswan#1855: after charon's own DPD restart of several CHILD_SAs, two of them come back with one
 * reqid; the userspace data path (kernel-libipsec) then sends one pair's traffic through the other
 * pair's SA and the peer drops it by policy. Both look INSTALLED with the right selectors.
 */
function sharesReqid(c: ChildStatus, installed: readonly ChildStatus[]): boolean {
  const sameTs = (a: ChildStatus, b: ChildStatus) => a.localTs.join() === b.localTs.join() && a.remoteTs.join() === b.remoteTs.join();
  return c.reqid !== undefined && installed.some((o) => o.uniqueid !== c.uniqueid && o.reqid === c.reqid && !sameTs(o, c));
}

/** The pairs a connection's children propose: every (local_ts, remote_ts) combination of each child. */
export function pairsOfChildren(children: ReadonlyArray<readonly [string, { local_ts?: unknown; remote_ts?: unknown }]>): SubnetPair[] {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return children.flatMap(([child, c]) => list(c.local_ts).flatMap((local) => list(c.remote_ts).map((remote) => ({ local, remote, child }))));
}
