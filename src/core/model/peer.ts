import { z } from 'zod';
import { description, hostAddress, ikeIdentity, resourceName } from '../fields.js';

/** Vendor of the far end: selects proposal defaults that peer accepts out of the box, and the export format. */
export const peerVendor = z.enum([
  'strongswan', 'huawei', 'cisco-ios', 'cisco-asa', 'fortigate', 'aws', 'azure', 'alibaba', 'tencent', 'generic',
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
