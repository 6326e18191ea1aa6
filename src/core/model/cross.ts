/**
 * Rules that need more than one resource: pools against LANs, static IPs against pools, references.
 * Pure: the caller hands in a snapshot of the rest of the world (the store reads it inside the same
 * transaction that writes, so the check and the write cannot race).
 */
import { cidrContains, cidrsOverlap, parseCidr } from '../ip.js';
import { isStaticHost, poolLayout } from './pool.js';
import type { Gateway } from './gateway.js';
import type { Peer } from './peer.js';
import type { RaServer } from './server.js';
import type { SiteSpec } from './site.js';
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
  sites: SiteSpec[];
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
  // a WAN link's DDNS publishers refer to it by name: removing or renaming it would leave them dangling
  for (const d of world.ddns.filter((x) => x.gateway === g.name && !names.has(x.wanLink))) {
    issues.push({ path: 'wanLinks', message: `WAN link "${d.wanLink}" is used by DDNS provider "${d.name}"` });
  }
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

export const checkSite: Check<SiteSpec> = (s, world) => {
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

/** Server kinds an engine serves today. */
export const RUNNING_SERVER_KINDS: ReadonlySet<RaServer['kind']> = new Set(['openvpn']);

export const checkServer: Check<RaServer> = (s, world) => {
  const issues: FieldIssue[] = [];
  // the schema names every kind the model is shaped for; a kind no engine serves yet is refused, not
  // stored as an "enabled" server that nothing listens for
  if (!RUNNING_SERVER_KINDS.has(s.kind)) {
    issues.push({ path: 'kind', message: `"${s.kind}" remote access is not available yet: only openvpn servers run today` });
  }
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
    if (u.staticIp && cidrContains(s.pool, u.staticIp) && !isStaticHost(s.pool, u.staticIp)) {
      const l = poolLayout(s.pool);
      issues.push({ path: 'pool', message: `static IP ${u.staticIp} of user "${u.username}" would be outside the static range ${l.staticFirst}–${l.staticLast}` });
    }
  }
  return issues;
};

export const checkUser: Check<User> = (u, world) => {
  const issues: FieldIssue[] = [];
  u.groups.forEach((g, i) => {
    if (!world.groups.some((x) => x.name === g)) issues.push({ path: `groups.${i}`, message: `no group named "${g}"` });
  });
  if (u.staticIp) {
    const pools = world.servers.filter((s) => s.kind === 'openvpn').map((s) => s.pool);
    if (pools.length > 0 && !pools.some((p) => isStaticHost(p, u.staticIp!))) {
      const ranges = pools.map((p) => `${poolLayout(p).staticFirst}–${poolLayout(p).staticLast}`);
      issues.push({ path: 'staticIp', message: `not in the static range of any server pool (${ranges.join(', ')}); the upper half of a pool is for dynamic addresses` });
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
  return ddnsFieldsNeeded(d);
};

/**
 * The fields each protocol cannot work without (ddns.ts says what each one means per kind). The sealed
 * `secret` is not in the spec checked here; a provider without one fails its first update, visibly.
 */
const DDNS_NEEDS: Record<DdnsProvider['kind'], ReadonlyArray<'zone' | 'server' | 'username'>> = {
  rfc2136: ['zone', 'server', 'username'],
  dyndns2: ['username'],
  noip: ['username'],
  duckdns: [],
  cloudflare: ['zone'],
  alidns: ['zone', 'username'],
  dnspod: ['zone', 'username'],
};

function ddnsFieldsNeeded(d: DdnsProvider): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const f of DDNS_NEEDS[d.kind]) if (d[f] === undefined || d[f] === '') out.push({ path: f, message: `required for kind ${d.kind}` });
  if (d.zone && d.hostname !== d.zone && !d.hostname.endsWith(`.${d.zone}`)) out.push({ path: 'hostname', message: `not inside zone "${d.zone}"` });
  if (d.kind === 'rfc2136' && d.username && !/^[A-Za-z0-9._-]{1,200}$/.test(d.username)) out.push({ path: 'username', message: 'a TSIG key name (letters, digits, . _ -)' });
  return out;
};
