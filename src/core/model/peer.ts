import { z } from 'zod';
import { description, hostAddress, ikeIdentity, resourceName } from '../fields.js';

/**
 * Vendor of the far end: decides the site's defaults for every field the user leaves unset (presets.ts), and
 * the export format. `huawei` is an AR/USG device; `huawei-cloud` is Huawei Cloud's VPN gateway service.
 */
export const peerVendor = z.enum([
  'strongswan', 'huawei', 'huawei-cloud', 'cisco-ios', 'cisco-asa', 'fortigate', 'aws', 'azure', 'alibaba', 'tencent', 'generic',
]);
export type PeerVendor = z.output<typeof peerVendor>;

export const peerSchema = z.object({
  name: resourceName,
  description,
  vendor: peerVendor.default('generic'),
  /** IP addresses or FQDNs; several entries are tried in turn (a branch with two WAN links). */
  addresses: z.array(hostAddress).min(1, 'at least one address or DNS name').max(8),
  /** The peer's IKE identity; defaults to its first address. */
  identity: ikeIdentity.optional(),
});

export type Peer = z.output<typeof peerSchema>;
export type PeerInput = z.input<typeof peerSchema>;
