import type { Gateway } from '../../../core/model/gateway.js';
import type { Peer } from '../../../core/model/peer.js';
import type { SiteConnection } from '../../../core/model/site.js';
import { localIdentity, remoteIdentity, wanAddresses } from './identity.js';
import type { ViciSharedSecret } from './types.js';

/** Secret ids are derived from the site name so that a reset replaces the secret and a delete unloads it. */
export const sharedSecretId = (siteName: string): string => `psk-${siteName}`;

/**
 * `load-shared` for a PSK site. Owners are both identities: charon picks the secret whose owners best
 * match the IKE_SA's local and remote id. Our own id is only known when the site or the gateway names it;
 * without it the secret is bound to the remote id alone, which charon also matches.
 */
export function buildSharedSecret(
  site: SiteConnection,
  peer: Peer,
  psk: string,
  gateway?: Gateway,
  opts: { localAddrs?: string[] } = {},
): ViciSharedSecret {
  const localAddrs = opts.localAddrs ?? (gateway ? wanAddresses(gateway) : []);
  const owners = [localIdentity(site, localAddrs), remoteIdentity(site, peer)].filter((x): x is string => x !== undefined);
  return { id: sharedSecretId(site.name), body: { type: 'IKE', data: psk, owners: [...new Set(owners)] } };
}
