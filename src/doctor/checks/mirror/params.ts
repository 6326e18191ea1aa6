/**
 * Typed-in parameters of the peer (what an administrator reads off a router's web page), from the
 * peer's own point of view. Every field is optional: what is not given is not compared. The PSK is
 * given only as its fingerprint (end-config.ts, pskFingerprint), never in clear.
 */
import { z } from 'zod';
import type { EndConfig, EndField } from './end-config.js';

const text = z.string().min(1).max(255);
const addresses = z.union([text, z.array(text).max(8)]).transform((v) => (Array.isArray(v) ? v : [v]));
const lifetime = z.union([z.int().min(1).max(31_536_000), z.string().regex(/^\d+[smhd]?$/)]);

export const peerParamsSchema = z.object({
  ikeVersion: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  ikeProposals: z.array(text).max(16).optional(),
  espProposals: z.array(text).max(16).optional(),
  auth: z.enum(['psk', 'cert']).optional(),
  localId: text.optional(),
  remoteId: text.optional(),
  localSubnets: z.array(text).max(32).optional(),
  remoteSubnets: z.array(text).max(32).optional(),
  localAddress: addresses.optional(),
  remoteAddress: addresses.optional(),
  pskFingerprint: z.string().regex(/^[0-9a-fA-F]{64}$/, 'HMAC-SHA256 hex (64 digits)').optional(),
  ikeLifetime: lifetime.optional(),
  espLifetime: lifetime.optional(),
  dpdAction: z.enum(['restart', 'clear', 'none', 'hold', 'trap']).optional(),
  dpdDelay: z.int().min(0).max(86_400).optional(),
  mtu: z.int().min(576).max(9000).optional(),
}).strict();

export type PeerParams = z.input<typeof peerParamsSchema>;

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
const seconds = (v: number | string) => (typeof v === 'number' ? v : Number(v.replace(/[smhd]$/, '')) * (UNIT[v.slice(-1)] ?? 1));

export function fromParams(input: unknown, file = 'params'): EndConfig {
  const p = peerParamsSchema.parse(input);
  const c: EndConfig = { sources: {} };
  if (p.ikeVersion !== undefined) c.ikeVersion = p.ikeVersion;
  if (p.ikeProposals) c.ikeProposals = p.ikeProposals.map((x) => x.toLowerCase());
  if (p.espProposals) c.espProposals = p.espProposals.map((x) => x.toLowerCase());
  if (p.auth) c.auth = p.auth;
  if (p.localId) c.localId = p.localId;
  if (p.remoteId) c.remoteId = p.remoteId;
  if (p.localSubnets) c.localSubnets = p.localSubnets;
  if (p.remoteSubnets) c.remoteSubnets = p.remoteSubnets;
  if (p.localAddress) c.localAddresses = p.localAddress;
  if (p.remoteAddress) c.remoteAddresses = p.remoteAddress;
  if (p.pskFingerprint) c.pskFingerprint = p.pskFingerprint.toLowerCase();
  if (p.ikeLifetime !== undefined) c.ikeLifetime = seconds(p.ikeLifetime);
  if (p.espLifetime !== undefined) c.espLifetime = seconds(p.espLifetime);
  if (p.dpdAction) c.dpdAction = p.dpdAction === 'restart' || p.dpdAction === 'trap' ? 'restart' : p.dpdAction === 'none' ? 'none' : 'clear';
  if (p.dpdDelay !== undefined) {
    c.dpdDelay = p.dpdDelay;
    if (p.dpdDelay === 0) c.dpdAction = 'none';
  }
  if (p.mtu !== undefined) c.mtu = p.mtu;
  const keyOf: Partial<Record<EndField, keyof typeof p>> = { localAddresses: 'localAddress', remoteAddresses: 'remoteAddress' };
  for (const field of Object.keys(c) as EndField[]) {
    if (field === ('sources' as EndField)) continue;
    const key = keyOf[field] ?? (field as keyof typeof p);
    const shown = key === 'pskFingerprint' ? `${String(p[key]).slice(0, 16)}…` : JSON.stringify(p[key]);
    c.sources[field] = { file, line: 0, text: `${key}: ${shown}` };
  }
  return c;
}
