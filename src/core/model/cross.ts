/**
 * Rules that need more than one resource: pools against LANs, static IPs against pools, references.
 * Pure: the caller hands in a snapshot of the rest of the world (the store reads it inside the same
 * transaction that writes, so the check and the write cannot race).
 */
import { cidrContains, cidrsOverlap, nthAddress, parseCidr, addressCount } from '../ip.js';
import type { Gateway } from './gateway.js';
import type { Peer } from './peer.js';
import type { RaServer } from './server.js';
import type { SiteConnection } from './site.js';
import type { AccessPolicy } from './policy.js';
import type { User, Group } from './user.js';
import type { DdnsProvider } from './ddns.js';

export interface FieldIssue {
  path: string;
  message: string;
}

export interface World {
  gateways: Gateway[];
  peers: Peer[];
  sites: SiteConnection[];
  servers: RaServer[];
  users: User[];
  groups: Group[];
  policies: AccessPolicy[];
  ddns: DdnsProvider[];
}

type Check<T> = (candidate: T, world: World) => FieldIssue[];

function overlapsWithin(list: string[], field: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  list.forEach((a, i) =>
    list.slice(i + 1).forEach((b, j) => {
      if (cidrsOverlap(a, b)) issues.push({ path: `${field}.${i + j + 1}`, message: `${b} overlaps ${a}` });
    }),
  );
  return issues;
}

export const checkGateway: Check<Gateway> = (g, world) => {
  const issues = overlapsWithin(g.lanSubnets, 'lanSubnets');
  const names = new Set<string>();
  g.wanLinks.forEach((w, i) => {
    if (names.has(w.name)) issues.push({ path: `wanLinks.${i}.name`, message: `duplicate WAN link name "${w.name}"` });
    names.add(w.name);
  });
  for (const s of world.servers.filter((s) => s.gateway === g.name)) {
    g.lanSubnets.forEach((lan, i) => {
      if (cidrsOverlap(lan, s.pool)) {
        issues.push({ path: `lanSubnets.${i}`, message: `overlaps the address pool ${s.pool} of server "${s.name}"` });
      }
    });
  }
  return issues;
};

export const checkPeer: Check<Peer> = () => [];

export const checkSite: Check<SiteConnection> = (s, world) => {
  const issues: FieldIssue[] = [];
  const gw = world.gateways.find((g) => g.name === s.gateway);
  if (!gw) issues.push({ path: 'gateway', message: `no gateway named "${s.gateway}"` });
  if (!world.peers.some((p) => p.name === s.peer)) issues.push({ path: 'peer', message: `no peer named "${s.peer}"` });
  issues.push(...overlapsWithin(s.localSubnets, 'localSubnets'), ...overlapsWithin(s.remoteSubnets, 'remoteSubnets'));
  s.remoteSubnets.forEach((r, i) => {
    const local = s.localSubnets.find((l) => cidrsOverlap(l, r));
    if (local) issues.push({ path: `remoteSubnets.${i}`, message: `${r} overlaps local subnet ${local}: traffic could not be routed` });
    for (const srv of world.servers.filter((v) => v.gateway === s.gateway)) {
      if (cidrsOverlap(srv.pool, r)) {
        issues.push({ path: `remoteSubnets.${i}`, message: `${r} overlaps the address pool ${srv.pool} of server "${srv.name}"` });
      }
    }
  });
  return issues;
};

export const checkServer: Check<RaServer> = (s, world) => {
  const issues: FieldIssue[] = [];
  const gw = world.gateways.find((g) => g.name === s.gateway);
  if (!gw) issues.push({ path: 'gateway', message: `no gateway named "${s.gateway}"` });
  const pool = parseCidr(s.pool);
  if (pool.prefix > 29) issues.push({ path: 'pool', message: 'pool too small: use /29 or larger' });
  for (const lan of gw?.lanSubnets ?? []) {
    if (cidrsOverlap(lan, s.pool)) issues.push({ path: 'pool', message: `overlaps LAN subnet ${lan} of gateway "${s.gateway}"` });
  }
  for (const other of world.servers) {
    if (other.name !== s.name && cidrsOverlap(other.pool, s.pool)) {
      issues.push({ path: 'pool', message: `overlaps the pool ${other.pool} of server "${other.name}"` });
    }
    if (other.name !== s.name && other.gateway === s.gateway && other.port === s.port && other.proto === s.proto) {
      issues.push({ path: 'port', message: `${s.proto}/${s.port} is already used by server "${other.name}"` });
    }
  }
  for (const site of world.sites.filter((x) => x.gateway === s.gateway)) {
    site.remoteSubnets.forEach((r) => {
      if (cidrsOverlap(r, s.pool)) issues.push({ path: 'pool', message: `overlaps remote subnet ${r} of site connection "${site.name}"` });
    });
  }
  for (const u of world.users) {
    if (u.staticIp && cidrContains(s.pool, u.staticIp) && !usableHost(s.pool, u.staticIp)) {
      issues.push({ path: 'pool', message: `static IP ${u.staticIp} of user "${u.username}" would be the server or a reserved address` });
    }
  }
  return issues;
};

/** Usable client address in an OpenVPN subnet pool: not the network, the server (.1) or broadcast. */
export function usableHost(pool: string, ip: string): boolean {
  const c = parseCidr(pool);
  if (!cidrContains(c, ip)) return false;
  const reserved = [nthAddress(c, 0), nthAddress(c, 1), nthAddress(c, Number(addressCount(c) - 1n))];
  return !reserved.includes(ip);
}

export const checkUser: Check<User> = (u, world) => {
  const issues: FieldIssue[] = [];
  u.groups.forEach((g, i) => {
    if (!world.groups.some((x) => x.name === g)) issues.push({ path: `groups.${i}`, message: `no group named "${g}"` });
  });
  if (u.staticIp) {
    const pools = world.servers.filter((s) => s.kind === 'openvpn').map((s) => s.pool);
    if (pools.length > 0 && !pools.some((p) => usableHost(p, u.staticIp!))) {
      issues.push({ path: 'staticIp', message: `not a usable client address in any server pool (${pools.join(', ')})` });
    }
    const taken = world.users.find((o) => o.username !== u.username && o.staticIp === u.staticIp);
    if (taken) issues.push({ path: 'staticIp', message: `already assigned to user "${taken.username}"` });
  }
  return issues;
};

export const checkGroup: Check<Group> = () => [];

export const checkPolicy: Check<AccessPolicy> = (p, world) =>
  world.groups.some((g) => g.name === p.group) ? [] : [{ path: 'group', message: `no group named "${p.group}"` }];

export const checkDdns: Check<DdnsProvider> = (d, world) => {
  const gw = world.gateways.find((g) => g.name === d.gateway);
  if (!gw) return [{ path: 'gateway', message: `no gateway named "${d.gateway}"` }];
  if (!gw.wanLinks.some((w) => w.name === d.wanLink)) return [{ path: 'wanLink', message: `gateway "${d.gateway}" has no WAN link "${d.wanLink}"` }];
  const siblings = world.ddns.filter((x) => x.name !== d.name && x.gateway === d.gateway && x.wanLink === d.wanLink);
  if (siblings.length >= 4) return [{ path: 'wanLink', message: 'at most four DDNS providers per WAN link' }];
  return [];
};
