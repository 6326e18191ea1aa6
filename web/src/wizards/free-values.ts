/**
 * What a wizard proposes must be accepted as is: a name, a port and a pool nobody uses yet, and the
 * public address the gateway already knows. A second run of a wizard then never starts on a conflict.
 */
import type { Gateway, RaServer } from '../api-types.js';

/** `base`, else `base-2`, `base-3`, ... (resource names allow digits and hyphens) */
export function freeName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; i < 1000; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
  return '';
}

/** The first port from `start` up that no server of the gateway listens on with the same protocol. */
export function freePort(start: number, servers: Array<Pick<RaServer, 'port' | 'proto' | 'gateway'>>, gateway: string | null, proto = 'udp'): number {
  const used = new Set(servers.filter((s) => s.gateway === gateway && s.proto === proto).map((s) => s.port));
  let p = start;
  while (used.has(p) && p < 65535) p++;
  return p;
}

/** A /24 from 198.19.99.0 upward that no server pool or gateway LAN of this kind of /24 uses. */
export function freePool(servers: Array<Pick<RaServer, 'pool'>>, lans: string[] = []): string {
  const used = new Set([...servers.map((s) => s.pool), ...lans]);
  for (let third = 99; third < 256; third++) {
    const pool = `198.19.${third}.0/24`;
    if (!used.has(pool)) return pool;
  }
  return '';
}

/** What clients and peers reach: the preferred WAN link's DNS name, else its address. */
export function publicAddressOf(gateway: Pick<Gateway, 'wanLinks'> | undefined): string {
  const link = [...(gateway?.wanLinks ?? [])].sort((a, b) => (a.priority ?? 100) - (b.priority ?? 100))[0];
  return link?.fqdn ?? link?.address ?? '';
}
