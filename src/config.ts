/**
 * Daemon configuration: defaults, then an optional JSON file (CORRIDOR_CONFIG or <dataDir>/corridor.json),
 * then environment variables. Validated once at start; a bad value stops the daemon with the field named.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { zodIssues } from './core/errors.js';

export const configSchema = z.object({
  dataDir: z.string().default('./var'),
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
  /** don't start engines (API-only mode, used by tests that only exercise the control plane) */
  engines: z.boolean().default(true),
});

export type Config = z.output<typeof configSchema> & { dataDir: string; runRoot: string; masterKeyPath: string };

const ENV: Array<[string, string, (v: string) => unknown]> = [
  ['CORRIDOR_DATA_DIR', 'dataDir', String],
  ['CORRIDOR_LISTEN', 'listen', String],
  ['CORRIDOR_PUBLIC_URL', 'publicUrl', String],
  ['CORRIDOR_DATABASE_URL', 'databaseUrl', String],
  ['CORRIDOR_LOG_LEVEL', 'logLevel', String],
  ['CORRIDOR_LOG_PRETTY', 'logPretty', (v) => v === '1' || v === 'true'],
  ['CORRIDOR_ADMIN_PASSWORD', 'adminPassword', String],
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
