import { z } from 'zod';
import { cidr, description, dnsName, ipAddress, resourceName } from '../fields.js';

/** Linux interface names: 1-15 characters, no slash or whitespace. */
export const interfaceName = z.string().regex(/^[A-Za-z0-9_.:-]{1,15}$/, 'a Linux interface name (1-15 characters)');

export const wanLinkSchema = z.object({
  name: resourceName,
  interface: interfaceName,
  /** public address of this link; learnt from the interface when absent */
  address: ipAddress.optional(),
  /** lower is preferred; multi-WAN failover walks the list in this order */
  priority: z.int().min(0).max(1000).default(100),
  /** published DNS name for this link (DDNS), used as our address by peers */
  fqdn: dnsName.optional(),
  /**
   * A what-is-my-address URL answering this link's public address as text (behind NAT the interface
   * address is private); DDNS publishes what it answers. Without it the interface's address is used.
   */
  addressProbe: z.url({ protocol: /^https?$/ }).max(500).optional(),
  /** the link's next hop (the ISP's router), pinged to tell a dead uplink from a far fault */
  nextHop: ipAddress.optional(),
  /** addresses pinged through this link for loss and RTT (WAN health); none: link state and next hop only */
  probeTargets: z.array(ipAddress).max(4).optional(),
});

export const gatewaySchema = z.object({
  name: resourceName,
  description,
  wanLinks: z.array(wanLinkSchema).max(8).default([]),
  lanSubnets: z.array(cidr).max(64).default([]),
  /**
   * Run this gateway's engines inside a network namespace. Production hosts leave it empty; labs and
   * hosts serving several tenants use it.
   */
  namespace: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a network namespace name').refine((n) => n !== '.' && n !== '..', 'not a network namespace name').optional(),
});

export type Gateway = z.output<typeof gatewaySchema>;
export type GatewayInput = z.input<typeof gatewaySchema>;
export type WanLink = z.output<typeof wanLinkSchema>;
