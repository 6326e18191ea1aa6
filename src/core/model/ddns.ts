import { z } from 'zod';
import { description, dnsName, resourceName } from '../fields.js';

/** A DDNS publisher for one WAN link; up to four per link back each other up in priority order. */
export const ddnsProviderSchema = z.object({
  name: resourceName,
  description,
  gateway: resourceName,
  wanLink: resourceName,
  kind: z.enum(['dyndns2', 'cloudflare', 'alidns', 'dnspod', 'noip', 'duckdns']),
  hostname: dnsName,
  /** the provider's API endpoint for self-hosted or regional variants; https only */
  endpoint: z.url({ protocol: /^https$/ }).optional(),
  username: z.string().max(200).regex(/^[\x21-\x7e]*$/).optional(),
  /** write-only; stored encrypted */
  secret: z.string().min(1).max(500).regex(/^[\x20-\x7e]+$/).optional(),
  priority: z.int().min(0).max(3).default(0),
});

export type DdnsProvider = z.output<typeof ddnsProviderSchema>;
