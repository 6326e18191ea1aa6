/**
 * What a server pushes to its clients: local routes, DNS, full tunnel. Shared by the config file
 * renderer and the per-client answer of the client-connect hook, which pushes them so that
 * route and DNS changes reach new sessions without restarting OpenVPN.
 */
import { ipFamily, netmaskOf, parseCidr, bigIntToIp } from '../../../core/ip.js';
import type { RaServer } from '../../../core/model/index.js';
import { push } from './directives.js';

/** `push "route NET MASK"`; IPv6 prefixes give nothing (the pool is IPv4 only, no server-ipv6). */
export function routePush(cidr: string): string | undefined {
  const c = parseCidr(cidr);
  if (c.family !== 4) return undefined;
  return push(`route ${bigIntToIp(c.network, 4)} ${netmaskOf(c.prefix)}`);
}

export function serverPushes(server: Pick<RaServer, 'routes' | 'dns' | 'fullTunnel'>): string[] {
  const lines: string[] = [];
  for (const r of server.routes) {
    const line = routePush(r);
    if (line) lines.push(line);
  }
  for (const d of server.dns) lines.push(push(`dhcp-option ${ipFamily(d) === 6 ? 'DNS6' : 'DNS'} ${d}`));
  if (server.fullTunnel) lines.push(push('redirect-gateway def1'));
  return lines;
}
