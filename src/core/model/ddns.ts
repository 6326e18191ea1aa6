import { z } from 'zod';
import { description, dnsName, ipAddress, resourceName } from '../fields.js';

/** A DDNS publisher for one WAN link; up to four per link back each other up in priority order. */
export const ddnsProviderSchema = z.object({
  name: resourceName,
  description,
  gateway: resourceName,
  wanLink: resourceName,
  kind: z.enum(['rfc2136', 'dyndns2', 'cloudflare', 'alidns', 'dnspod', 'noip', 'duckdns']),
  hostname: dnsName,
  /** the DNS zone holding `hostname` (rfc2136, cloudflare, alidns, dnspod) */
  zone: dnsName.optional(),
  /** rfc2136: the primary server that takes the update; the name is also checked there */
  server: ipAddress.optional(),
  /** resolver asked to check the name after an HTTP provider accepted it; unchecked without one */
  resolver: ipAddress.optional(),
  /** the provider's API endpoint for self-hosted or regional variants; https only */
  endpoint: z.url({ protocol: /^https$/ }).optional(),
  /** account, AccessKeyId (alidns), SecretId (dnspod) or TSIG key name (rfc2136) */
  username: z.string().max(200).regex(/^[\x21-\x7e]*$/).optional(),
  /** write-only; stored encrypted: password, API token, access key secret or TSIG key (base64, hmac-sha256) */
  secret: z.string().min(1).max(500).regex(/^[\x20-\x7e]+$/).optional(),
  priority: z.int().min(0).max(3).default(0),
});

export type DdnsProvider = z.output<typeof ddnsProviderSchema>;
