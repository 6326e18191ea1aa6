/** Per-connection state derived from charon's SAs. Pure: no I/O, easy to test and to reuse in status APIs. */
import type { PairStatus } from './pairs.js';

export type Health = 'up' | 'down' | 'degraded' | 'connecting';

export interface ChildStatus {
  /** CHILD_SA config name */
  name: string;
  uniqueid: string;
  state: string;
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  localTs: string[];
  remoteTs: string[];
  /** charon's policy-to-SA binding; two installed children with different selectors must never share one */
  reqid?: string;
}

export interface IkeStatus {
  uniqueid: string;
  state: string;
  remoteHost?: string;
  remoteId?: string;
  /** seconds since establishment, as of the last list-sas */
  established?: number;
}

export interface LastChange {
  at: Date;
  kind: string;
  reason: string;
}

export interface ConnectionStatus {
  name: string;
  health: Health;
  /** every IKE_SA charon holds under this name (more than one during reauthentication or with duplicates) */
  ikeSas: IkeStatus[];
  children: ChildStatus[];
  /** CHILD_SA config names that should be installed and are not */
  missingChildren: string[];
  /** every configured (local, remote) subnet pair: up when an installed CHILD_SA's negotiated selectors carry it */
  pairs: PairStatus[];
  bytesIn: number;
  bytesOut: number;
  packetsIn: number;
  packetsOut: number;
  lastChange?: LastChange;
}

const IKE_UP_STATES = new Set(['ESTABLISHED', 'REKEYING', 'REKEYED', 'PASSIVE']);
const IKE_CONNECTING_STATES = new Set(['CONNECTING', 'CREATED']);
const CHILD_UP_STATES = new Set(['INSTALLED', 'REKEYING', 'REKEYED', 'UPDATING']);

export function ikeIsUp(state: string): boolean {
  return IKE_UP_STATES.has(state);
}

export function childIsUp(state: string): boolean {
  return CHILD_UP_STATES.has(state);
}

/**
 * An IKE_SA without its CHILD_SAs carries no traffic: that is 'degraded', never 'up'. Without a list
 * of expected children, one installed CHILD_SA counts as complete.
 */
export function healthOf(ikeSas: readonly IkeStatus[], children: readonly ChildStatus[], expected: readonly string[]): { health: Health; missing: string[] } {
  const upNames = new Set(children.filter((c) => childIsUp(c.state)).map((c) => c.name));
  const missing = expected.length > 0 ? expected.filter((n) => !upNames.has(n)) : upNames.size > 0 ? [] : ['(any)'];
  if (ikeSas.some((s) => ikeIsUp(s.state))) {
    if (missing.length === 0) return { health: 'up', missing };
    const installing = children.some((c) => !childIsUp(c.state) && /INSTALLING|CREATED/.test(c.state));
    return { health: installing ? 'connecting' : 'degraded', missing };
  }
  if (ikeSas.some((s) => IKE_CONNECTING_STATES.has(s.state))) return { health: 'connecting', missing };
  return { health: 'down', missing };
}

export function counter(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
}
