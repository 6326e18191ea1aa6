import { z } from 'zod';
import { description, ipv4Address, password, resourceName, username } from '../fields.js';

export const userSchema = z.object({
  username,
  displayName: z.string().max(100).regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters').default(''),
  email: z.email().optional(),
  description,
  /** write-only; stored as an argon2id hash */
  password: password.optional(),
  disabled: z.boolean().default(false),
  /** fixed tunnel address; a user with one may hold only one session at a time */
  staticIp: ipv4Address.optional(),
  groups: z.array(resourceName).max(64).default([]),
  /** overrides the server's per-user session limit */
  maxSessions: z.int().min(1).max(100).optional(),
});

export type User = z.output<typeof userSchema>;
export type UserInput = z.input<typeof userSchema>;

export const groupSchema = z.object({
  name: resourceName,
  description,
});
export type Group = z.output<typeof groupSchema>;
