/**
 * The far end of a site connection, described in our own model so the same builder renders it:
 * their local is our remote, their ids are ours swapped, and their initiation is the complement of ours
 * (respond-only when we initiate, initiating when we only respond), which also gives them the
 * complementary DPD action (see dpdAction in timers.ts).
 */
import { ipFamily } from '../../../core/ip.js';
import type { Gateway } from '../../../core/model/gateway.js';
import type { Peer } from '../../../core/model/peer.js';
import type { SiteConnection } from '../../../core/model/site.js';
import { localIdentity, remoteIdentity, wanAddresses, wanDialTargets } from './identity.js';

export interface FarEnd {
  site: SiteConnection;
  /** us, as they see us */
  peer: Peer;
  /** them, as a gateway: no WAN addresses, which the local_addrs below replace */
  gateway: Gateway;
  /** their own IP addresses (the peer's addresses that are IPs); FQDNs are left to %any */
  localAddrs: string[];
}

export function mirrorSite(site: SiteConnection, peer: Peer, gateway: Gateway, opts: { localAddrs?: string[] } = {}): FarEnd {
  const ourAddrs = opts.localAddrs ?? wanAddresses(gateway);
  const dial = opts.localAddrs ?? wanDialTargets(gateway);
  if (dial.length === 0 && !site.initiate) {
    throw new Error(
      `site "${site.name}": the far end must initiate but gateway "${gateway.name}" has no WAN address or DNS name to dial`,
    );
  }
  const ourId = localIdentity(site, ourAddrs);
  const theirSite: SiteConnection = {
    ...site,
    gateway: peer.name,
    peer: gateway.name,
    localSubnets: [...site.remoteSubnets],
    remoteSubnets: [...site.localSubnets],
    localId: remoteIdentity(site, peer),
    remoteId: ourId ?? dial[0],
    initiate: !site.initiate,
    dpd: { ...site.dpd, action: 'restart' },
  };
  delete theirSite.psk;
  return {
    site: theirSite,
    peer: { name: gateway.name, description: '', vendor: 'strongswan', addresses: dial },
    gateway: { name: peer.name, description: '', wanLinks: [], lanSubnets: [...site.remoteSubnets] },
    localAddrs: peer.addresses.filter((a) => ipFamily(a) !== undefined),
  };
}
