import { z } from 'zod';
import { cidr, description, ipAddress, ipv4Cidr, port, resourceName } from '../fields.js';

export const dataCipher = z.enum(['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305']);

/** Remote-access server: OpenVPN today; WireGuard and IKEv2 share the same shape. */
export const raServerSchema = z.object({
  name: resourceName,
  description,
  gateway: resourceName,
  kind: z.enum(['openvpn', 'wireguard', 'ikev2']).default('openvpn'),
  enabled: z.boolean().default(true),
  proto: z.enum(['udp', 'tcp']).default('udp'),
  port: port.default(1194),
  /** address to listen on; all addresses when absent */
  listen: ipAddress.optional(),
  /** client address pool (OpenVPN topology subnet; the server takes the first address) */
  pool: ipv4Cidr,
  /** local subnets pushed to clients as routes */
  routes: z.array(cidr).max(64).default([]),
  dns: z.array(ipAddress).max(4).default([]),
  /** redirect-gateway: all client traffic through the tunnel */
  fullTunnel: z.boolean().default(false),
  ciphers: z.array(dataCipher).min(1).default(['AES-256-GCM', 'CHACHA20-POLY1305']),
  tlsCrypt: z.boolean().default(true),
  /** password (and TOTP when the user has it) in addition to the client certificate */
  passwordAuth: z.boolean().default(true),
  maxSessionsPerUser: z.int().min(1).max(100).default(5),
  /** outgoing WAN interface for NAT (masquerade); no NAT when absent */
  natInterface: z.string().regex(/^[A-Za-z0-9_.:-]{1,15}$/).optional(),
  /** public address or DNS name clients connect to (written into profiles) */
  publicAddress: z.string().max(253).regex(/^[A-Za-z0-9.:-]+$/, 'an IP address or DNS name').optional(),
});

export type RaServer = z.output<typeof raServerSchema>;
export type RaServerInput = z.input<typeof raServerSchema>;
