import { z } from 'zod';
import { cidr, description, ikeIdentity, psk, resourceName, seconds } from '../fields.js';
import { parseProposal, type ProposalKind } from '../proposals.js';

const proposalList = (kind: ProposalKind) =>
  z
    .array(z.string().max(200))
    .min(1)
    .max(16)
    .superRefine((list, ctx) => {
      list.forEach((p, i) => {
        const r = parseProposal(p, kind);
        if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r, path: [i] });
      });
    });

export const dpdPreset = z.enum(['fast', 'standard', 'off']);

/**
 * A site connection as stored. The fields a peer's vendor decides (IKE version, proposals, lifetimes, one
 * CHILD_SA per subnet pair, DPD) stay absent unless the user sets them: they are resolved when the site is
 * used (engines/strongswan/config/effective.ts), from the peer's vendor preset and then Corridor's defaults,
 * so a corrected preset reaches every site that did not override it.
 */
export const siteConnectionSchema = z.object({
  name: resourceName,
  description,
  gateway: resourceName,
  peer: resourceName,
  enabled: z.boolean().default(true),
  ikeVersion: z.union([z.literal(1), z.literal(2)]).optional(),
  ike: z
    .object({
      proposals: proposalList('ike').optional(),
      lifetime: seconds.optional(),
    })
    .optional(),
  esp: z
    .object({
      /** a DH group in an ESP proposal means PFS */
      proposals: proposalList('esp').optional(),
      lifetime: seconds.optional(),
    })
    .optional(),
  auth: z.enum(['psk', 'cert']).default('psk'),
  /** write-only; stored encrypted, never returned */
  psk: psk.optional(),
  /** name of a Corridor certificate (PKI) used as our IKE certificate when auth = cert */
  certificate: resourceName.optional(),
  localId: ikeIdentity.optional(),
  remoteId: ikeIdentity.optional(),
  localSubnets: z.array(cidr).min(1).max(32),
  remoteSubnets: z.array(cidr).min(1).max(32),
  /** one CHILD_SA per subnet pair (needed by peers that negotiate a single pair per SA, e.g. Cisco IOS, IKEv1) */
  childPerSubnetPair: z.boolean().optional(),
  dpd: z
    .object({
      preset: dpdPreset.optional(),
      /** seconds between liveness checks; derived from the preset when absent */
      delay: seconds.optional(),
      /** restart on the side that initiates, clear on the other, so a simultaneous restart never duplicates SAs */
      action: z.enum(['restart', 'clear']).optional(),
    })
    .optional(),
  /** the control plane brings the tunnel up and keeps retrying; false = respond only */
  initiate: z.boolean().default(true),
  /** MOBIKE off by default: with it, a gateway whose own uplink dies never declares the peer dead */
  mobike: z.boolean().default(false),
  mtu: z.int().min(576).max(9000).optional(),
}).superRefine((s, ctx) => {
  if (s.auth === 'cert' && !s.certificate) {
    ctx.addIssue({ code: 'custom', path: ['certificate'], message: 'required when auth is "cert"' });
  }
});

/** What is stored and what the API takes: vendor-decided fields may be absent. */
export type SiteSpec = z.output<typeof siteConnectionSchema>;
export type SiteConnectionInput = z.input<typeof siteConnectionSchema>;

/** A site with every vendor-decided field resolved: what the engine, the export and the doctor work from. */
export type SiteConnection = Omit<SiteSpec, 'ikeVersion' | 'ike' | 'esp' | 'childPerSubnetPair' | 'dpd'> & {
  ikeVersion: 1 | 2;
  ike: { proposals: string[]; lifetime: number };
  esp: { proposals: string[]; lifetime: number };
  childPerSubnetPair: boolean;
  dpd: { preset: z.output<typeof dpdPreset>; delay?: number; action: 'restart' | 'clear' };
};
