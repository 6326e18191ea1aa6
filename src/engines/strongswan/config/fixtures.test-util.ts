/**
 * Model objects shared by this folder's tests (parsed through the real schemas, so defaults apply). A site
 * is resolved as for a strongSwan peer, whose preset is empty: Corridor's own defaults fill the rest.
 */
import { gatewaySchema, peerSchema, siteConnectionSchema, type GatewayInput, type PeerInput, type SiteConnectionInput } from '../../../core/model/index.js';
import { effectiveSite } from './effective.js';

export const hq = (over: Partial<GatewayInput> = {}) =>
  gatewaySchema.parse({
    name: 'hq',
    wanLinks: [
      { name: 'backup', interface: 'eth1', address: '198.18.9.1', priority: 200 },
      { name: 'main', interface: 'eth0', address: '198.18.1.1', priority: 10 },
    ],
    lanSubnets: ['198.19.1.0/24', '198.19.11.0/24'],
    ...over,
  });

export const branch = (over: Partial<PeerInput> = {}) => peerSchema.parse({ name: 'branch', addresses: ['198.18.1.2'], ...over });

export const site = (over: Partial<SiteConnectionInput> = {}) =>
  effectiveSite(siteConnectionSchema.parse({
    name: 's2s',
    gateway: 'hq',
    peer: 'branch',
    localSubnets: ['198.19.1.0/24'],
    remoteSubnets: ['198.19.2.0/24'],
    ...over,
  }), 'strongswan');
