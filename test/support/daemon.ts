/**
 * A real daemon (API, store, supervisor) in a temp data dir for API-level tests; engines optional. Its
 * database is the run's backend (testBackend(): SQLite in the data dir, or a fresh PostgreSQL database)
 * unless the test names one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { TestContext } from 'node:test';
import { startDaemon, type Daemon } from '../../src/daemon.js';
import { configSchema, type Config } from '../../src/config.js';
import { freshPostgresUrl, testBackend } from './db.js';

export const ADMIN_PASSWORD = 'correct-horse-battery';

const POSTGRES_BY_DATA_DIR = new Map<string, string>();

export async function testDaemon(t: TestContext | undefined, overrides: Partial<Config> & { databaseUrl?: string } = {}): Promise<Daemon> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'corridor-daemon-'));
  const base = configSchema.parse({ listen: '127.0.0.1:0', adminPassword: ADMIN_PASSWORD, engines: false, logLevel: 'silent' });
  const backend = testBackend();
  // a daemon started again on the same data directory is a restart: on PostgreSQL it gets the same database,
  // as on SQLite it gets the same corridor.db
  let databaseUrl = overrides.databaseUrl;
  if (databaseUrl === undefined && backend === 'postgres') {
    databaseUrl = POSTGRES_BY_DATA_DIR.get(dataDir) ?? (await freshPostgresUrl());
    POSTGRES_BY_DATA_DIR.set(dataDir, databaseUrl);
  }
  const config: Config = { ...base, ...overrides, ...(databaseUrl ? { databaseUrl } : {}), dataDir, runRoot: join(dataDir, 'run'), masterKeyPath: join(dataDir, 'master.key') };
  const d = await startDaemon(config, pino({ level: process.env.CORRIDOR_TEST_LOG ?? 'silent' }));
  t?.after(() => d.close());
  // a run meant for PostgreSQL that quietly ran on SQLite would pass for the wrong reason
  if (overrides.databaseUrl === undefined && d.store.dialect !== backend) {
    await d.close();
    throw new Error(`test daemon runs on ${d.store.dialect}, but this run is for ${backend}`);
  }
  return d;
}

/** A small HTTP client that keeps the session cookie and CSRF token like a browser would. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly base: string, readonly token?: string) {}

  async req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in headers)) h['x-csrf-token'] = this.csrf;
    const res = await fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    let json: any;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, json, text, headers: res.headers };
  }

  async login(username = 'admin', password = ADMIN_PASSWORD, totp?: string) {
    const r = await this.req('POST', '/api/auth/login', { username, password, ...(totp ? { totp } : {}) });
    if (r.status === 200) this.csrf = r.json.csrfToken;
    return r;
  }
}
