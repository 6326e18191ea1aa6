/**
 * Daemon configuration: defaults, then an optional JSON file (CORRIDOR_CONFIG or <dataDir>/corridor.json),
 * then environment variables. Validated once at start; a bad value stops the daemon with the field named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';
import { zodIssues } from './core/errors.js';

export const configSchema = z.object({
  /**
   * Spaces, quotes and backslashes are fine (engine files quote every path); a control character such as a
   * newline cannot be written into an OpenVPN or strongSwan configuration line at all.
   */
  dataDir: z.string().min(1).regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain a newline or other control character (engine configuration files cannot carry it)').default('./var'),
  /** host:port of the console and API; loopback by default (put a TLS reverse proxy in front for remote use) */
  listen: z.string().regex(/^[^\s:]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/).default('127.0.0.1:8080'),
  databaseUrl: z.string().optional(),
  /** the console's address as remote users reach it (https://vpn.example.com), for links sent to them */
  publicUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  logPretty: z.boolean().default(false),
  /** password for the first admin; a random one is printed once when absent */
  adminPassword: z.string().min(8).optional(),
  lockout: z
    .object({ maxFailures: z.int().min(1).default(5), windowSeconds: z.int().min(1).default(300), lockSeconds: z.int().min(1).default(300), accountMaxFailures: z.int().min(1).optional() })
    .prefault({}),
  sessionHours: z.int().min(1).max(24 * 30).default(12),
  /** requests per minute per client address */
  rateLimit: z.int().min(10).default(600),
  /**
   * Reverse proxies in front of the console and API (addresses or CIDRs). Empty (the default): no proxy is
   * trusted, X-Forwarded-* headers are ignored. Set: requests from these addresses are believed about the
   * client's address (X-Forwarded-For) and scheme (X-Forwarded-Proto), and the session cookie is Secure.
   */
  trustedProxies: z.array(z.string().refine(isAddressOrCidr, 'an IP address or CIDR (e.g. 127.0.0.1 or 198.18.0.0/24)')).default([]),
  metrics: z
    .object({
      /** /metrics answers a client on this host without a token; false: only to a token with the metrics scope */
      loopback: z.boolean().default(true),
    })
    .prefault({}),
  /** don't start engines (API-only mode, used by tests that only exercise the control plane) */
  engines: z.boolean().default(true),
});

function isAddressOrCidr(v: string): boolean {
  const [address, bits, ...rest] = v.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

export type Config = z.output<typeof configSchema> & { dataDir: string; runRoot: string; masterKeyPath: string };

const ENV: Array<[string, string, (v: string) => unknown]> = [
  ['CORRIDOR_DATA_DIR', 'dataDir', String],
  ['CORRIDOR_LISTEN', 'listen', String],
  ['CORRIDOR_PUBLIC_URL', 'publicUrl', String],
  ['CORRIDOR_DATABASE_URL', 'databaseUrl', String],
  ['CORRIDOR_LOG_LEVEL', 'logLevel', String],
  ['CORRIDOR_LOG_PRETTY', 'logPretty', (v) => v === '1' || v === 'true'],
  ['CORRIDOR_ADMIN_PASSWORD', 'adminPassword', String],
  ['CORRIDOR_TRUSTED_PROXIES', 'trustedProxies', (v) => v.split(',').map((x) => x.trim()).filter(Boolean)],
  ['CORRIDOR_ENGINES', 'engines', (v) => !(v === '0' || v === 'false')],
];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDirHint = env.CORRIDOR_DATA_DIR ?? './var';
  const file = env.CORRIDOR_CONFIG ?? join(dataDirHint, 'corridor.json');
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  else if (env.CORRIDOR_CONFIG) throw new Error(`configuration file ${file} not found`);
  for (const [name, key, conv] of ENV) if (env[name] !== undefined && env[name] !== '') raw[key] = conv(env[name]!);
  const r = configSchema.safeParse(raw);
  if (!r.success) throw new Error(`bad configuration: ${zodIssues(r.error).map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const dataDir = resolve(r.data.dataDir);
  return { ...r.data, dataDir, runRoot: join(dataDir, 'run'), masterKeyPath: join(dataDir, 'master.key') };
}
