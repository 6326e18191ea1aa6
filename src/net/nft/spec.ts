/**
 * The plain inputs of Corridor's nftables table, and how they are derived from the model. Only the
 * manager talks to nft; this file and render.ts do no I/O.
 */
import type { AccessPolicy, Gateway, RaServer, SiteConnection } from '../../core/model/index.js';
import { cidrsOverlap } from '../../core/ip.js';

/** One remote-access address pool and where its clients' packets enter and leave. */
export interface RaPoolSpec {
  /** the RA server owning the pool (for reading the ruleset; not matched on) */
  server: string;
  /** IPv4 CIDR of client tunnel addresses */
  pool: string;
  /** tunnel devices whose input is subject to the access policies (e.g. "tun-staff") */
  interfaces: string[];
  /** WAN interface to masquerade the pool toward; no NAT when absent */
  natInterface?: string | undefined;
}

export type PolicyRule = Pick<AccessPolicy, 'name' | 'destinations' | 'protocol' | 'ports'>;

/**
 * Traffic that needs no connection state, exempted from conntrack (`notrack`): tracking it costs every
 * packet a lookup and an entry, and nothing of Corridor's reads that state (bench/throughput/RESULTS.md).
 */
export interface UntrackedSpec {
  /** a site connection's local and remote subnets (forwarded both ways); never one overlapping a pool */
  sitePairs: Array<{ local: string; remote: string }>;
  /** the gateway's own tunnel transports: IKE/NAT-T (udp 500, 4500) and ESP when sites exist, RA servers' ports */
  localPorts: Array<{ proto: 'udp' | 'tcp'; port: number }>;
  /** ESP itself (kernel data plane) to and from the gateway */
  esp: boolean;
}

export interface NftRulesetSpec {
  pools: RaPoolSpec[];
  policies: PolicyRule[];
  untracked?: UntrackedSpec;
}

export interface RulesetInputs {
  gateway: Gateway;
  raServers: readonly RaServer[];
  policies: readonly AccessPolicy[];
  /** the tunnel device an RA server's engine uses; the engine adapter knows it, the core does not */
  interfaceOf?: (server: RaServer) => string | undefined;
  /** site connections (all gateways'): their forwarded traffic and IKE/ESP skip conntrack */
  sites?: readonly Pick<SiteConnection, 'gateway' | 'enabled' | 'localSubnets' | 'remoteSubnets'>[];
}

/** Enabled RA servers of this gateway, with every access policy (policies are not per gateway). */
export function rulesetSpecFor(inputs: RulesetInputs): NftRulesetSpec {
  const pools = inputs.raServers
    .filter((s) => s.gateway === inputs.gateway.name && s.enabled)
    .map((s): RaPoolSpec => {
      const dev = inputs.interfaceOf?.(s);
      return { server: s.name, pool: s.pool, interfaces: dev ? [dev] : [], natInterface: s.natInterface };
    });
  const policies = inputs.policies.map(({ name, destinations, protocol, ports }) => ({ name, destinations, protocol, ports }));
  return { pools, policies, untracked: untrackedFor(inputs, pools) };
}

/**
 * What may skip conntrack on this gateway. Remote-access traffic through the tunnel keeps it: the access
 * policies let replies pass by `ct direction reply`, and masquerade needs it. So a subnet pair touching a
 * pool stays tracked, and only the engines' own transports (sockets on the gateway, no NAT) are exempted.
 */
function untrackedFor(inputs: RulesetInputs, pools: readonly RaPoolSpec[]): UntrackedSpec {
  const sites = (inputs.sites ?? []).filter((s) => s.gateway === inputs.gateway.name && s.enabled);
  const touchesPool = (cidr: string) => pools.some((p) => cidrsOverlap(p.pool, cidr));
  const sitePairs = sites.flatMap((s) => s.localSubnets.flatMap((local) => s.remoteSubnets.map((remote) => ({ local, remote }))))
    .filter((p) => !touchesPool(p.local) && !touchesPool(p.remote));
  const raPorts = inputs.raServers
    .filter((s) => s.gateway === inputs.gateway.name && s.enabled)
    .map((s) => ({ proto: s.proto, port: s.port }));
  const ikePorts = sites.length ? [{ proto: 'udp' as const, port: 500 }, { proto: 'udp' as const, port: 4500 }] : [];
  return { sitePairs, localPorts: [...ikePorts, ...raPorts], esp: sites.length > 0 };
}

/** Names of the policies granted to a user through their groups: whose sets hold the user's tunnel addresses. */
export function policiesForGroups(policies: readonly Pick<AccessPolicy, 'name' | 'group'>[], groups: readonly string[]): string[] {
  const mine = new Set(groups);
  return policies.filter((p) => mine.has(p.group)).map((p) => p.name);
}
