/** Addresses and IKE identities of both ends, with the defaults the rest of this folder relies on. */
import { ipFamily } from '../../../core/ip.js';
import type { Gateway } from '../../../core/model/gateway.js';
import type { Peer } from '../../../core/model/peer.js';
import type { SiteConnection } from '../../../core/model/site.js';

/** Our WAN link addresses, preferred link first; links whose address is learnt at run time are skipped. */
export function wanAddresses(gateway: Gateway): string[] {
  return [...gateway.wanLinks]
    .sort((a, b) => a.priority - b.priority)
    .flatMap((w) => (w.address ? [w.address] : []));
}

/** What the far end should dial: each link's address, else its published DDNS name. */
export function wanDialTargets(gateway: Gateway): string[] {
  return [...gateway.wanLinks]
    .sort((a, b) => a.priority - b.priority)
    .flatMap((w) => (w.address ? [w.address] : w.fqdn ? [w.fqdn] : []));
}

/** localId, else our preferred WAN address; undefined means charon uses the address it sends from. */
export function localIdentity(site: SiteConnection, localAddrs: readonly string[]): string | undefined {
  return site.localId ?? localAddrs[0];
}

/** remoteId, else the peer's own identity, else its first address. */
export function remoteIdentity(site: SiteConnection, peer: Peer): string | undefined {
  return site.remoteId ?? peer.identity ?? peer.addresses[0];
}

export type IdentityType = 'ipv4' | 'ipv6' | 'fqdn' | 'user-fqdn' | 'dn' | 'key-id';

/** How charon (and the peer) will classify an identity string. */
export function identityType(id: string): IdentityType {
  const fam = ipFamily(id);
  if (fam === 4) return 'ipv4';
  if (fam === 6) return 'ipv6';
  if (id.startsWith('keyid:') || id.startsWith('@#')) return 'key-id';
  if (id.includes('=')) return 'dn';
  if (id.includes('@')) return 'user-fqdn';
  return 'fqdn';
}
