import { z } from 'zod';
import { cidr, description, portSpec, resourceName } from '../fields.js';

/** Grants a group access to destinations behind the gateway. Anything not granted is denied. */
export const accessPolicySchema = z
  .object({
    name: resourceName,
    description,
    group: resourceName,
    destinations: z.array(cidr).min(1).max(64),
    protocol: z.enum(['any', 'tcp', 'udp', 'icmp']).default('any'),
    ports: portSpec.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.ports && (p.protocol === 'any' || p.protocol === 'icmp')) {
      ctx.addIssue({ code: 'custom', path: ['ports'], message: 'ports need protocol tcp or udp' });
    }
  });

export type AccessPolicy = z.output<typeof accessPolicySchema>;
