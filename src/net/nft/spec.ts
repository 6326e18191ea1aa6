/**
 * The plain inputs of Corridor's nftables table, and how they are derived from the model. Only the
 * manager talks to nft; this file and render.ts do no I/O.
 */
import type { AccessPolicy, Gateway, RaServer } from '../../core/model/index.js';

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

export interface NftRulesetSpec {
  pools: RaPoolSpec[];
  policies: PolicyRule[];
}

export interface RulesetInputs {
  gateway: Gateway;
  raServers: readonly RaServer[];
  policies: readonly AccessPolicy[];
  /** the tunnel device an RA server's engine uses; the engine adapter knows it, the core does not */
  interfaceOf?: (server: RaServer) => string | undefined;
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
  return { pools, policies };
}

/** Names of the policies granted to a user through their groups: whose sets hold the user's tunnel addresses. */
export function policiesForGroups(policies: readonly Pick<AccessPolicy, 'name' | 'group'>[], groups: readonly string[]): string[] {
  const mine = new Set(groups);
  return policies.filter((p) => mine.has(p.group)).map((p) => p.name);
}
