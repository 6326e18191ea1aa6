/**
 * Constrained string types. Every value that can reach an engine file or command line passes through one of
 * these first; renderers escape on top (defence in depth), but the schema is what keeps newlines, quotes,
 * braces and NULs out in the first place.
 */
import { z } from 'zod';
import { ipFamily, isCidr, normaliseCidr } from './ip.js';

/** Printable, no control characters (C0, DEL, C1) and no line/paragraph separators. */
const NO_CONTROL = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/;

/** Resource names: also used as strongSwan connection names, file names and nft set names. */
export const resourceName = z
  .string()
  .min(1)
  .max(48)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lower-case letters, digits and inner hyphens only (e.g. "branch-shanghai")');

/** Usernames become certificate CNs and appear in OpenVPN's ENV, so they stay in a conservative alphabet. */
export const username = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9._@-]*[A-Za-z0-9])?$/, 'letters, digits and . _ @ - (not at the ends)');

/** Free text that is shown to people and never rendered into an engine file. */
export const description = z.string().max(500).regex(NO_CONTROL, 'must not contain control characters').default('');

const DNS_NAME = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;

export const dnsName = z
  .string()
  .max(253)
  .regex(DNS_NAME, 'not a valid DNS name')
  .transform((s) => s.replace(/\.$/, '').toLowerCase());

export const ipAddress = z.string().refine((s) => ipFamily(s) !== undefined, 'not an IP address');

export const ipv4Address = z.string().refine((s) => ipFamily(s) === 4, 'not an IPv4 address');

/** Peer address: an IP address or a DNS name (FQDNs are resolved by the engine, tried in turn). */
export const hostAddress = z
  .string()
  .max(253)
  .refine((s) => ipFamily(s) !== undefined || DNS_NAME.test(s), 'must be an IP address or a DNS name')
  .transform((s) => (ipFamily(s) ? s : s.replace(/\.$/, '').toLowerCase()));

export const cidr = z
  .string()
  .refine(isCidr, 'not a CIDR prefix (e.g. 198.19.1.0/24)')
  .transform((s) => normaliseCidr(s));

export const ipv4Cidr = cidr.refine((s) => ipFamily(s.split('/')[0] ?? '') === 4, 'must be an IPv4 prefix');

/**
 * IKE identity: an IP address, an FQDN, user@FQDN or a key id. Spaces, quotes and separators are refused
 * rather than escaped, because peers (Huawei, Cisco) compare identities byte for byte.
 */
export const ikeIdentity = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._@:+/=-]+$/, 'letters, digits and . _ @ : + / = - only (no spaces); e.g. "hq.example.com" or an IP');

/**
 * Pre-shared key: printable ASCII (what every vendor's UI accepts). Quotes and backslashes are allowed
 * and escaped by renderers; VICI carries it as raw bytes anyway.
 */
export const psk = z
  .string()
  .min(8, 'at least 8 characters')
  .max(128)
  .regex(/^[\x20-\x7e]+$/, 'printable ASCII only (no line breaks or non-ASCII characters)');

export const password = z.string().min(8, 'at least 8 characters').max(256).regex(NO_CONTROL, 'must not contain control characters');

export const port = z.int().min(1).max(65535);

/** Durations are whole seconds in the model; renderers print them in each engine's own units. */
export const seconds = z.int().min(1).max(30 * 86400);

/** "80", "80,443", "1000-2000" */
export const portSpec = z
  .string()
  .regex(/^\d{1,5}(?:-\d{1,5})?(?:,\d{1,5}(?:-\d{1,5})?)*$/, 'ports like "443", "80,443" or "1000-2000"')
  .refine(
    (s) => s.split(',').every((r) => {
      const [a, b] = r.split('-').map(Number) as [number, number | undefined];
      return a >= 1 && a <= 65535 && (b === undefined || (b >= a && b <= 65535));
    }),
    'port out of range 1-65535 or reversed range',
  );
