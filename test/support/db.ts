/**
 * Both store backends, for suites that must pass on each: SQLite in a temp dir and a real PostgreSQL.
 * The daemon's API suites run once per backend: test/support/daemon.ts asks testBackend() which one this
 * run is (scripts/test.sh runs them a second time with CORRIDOR_TEST_DB=postgres).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db.js';
import { startPostgres, type PgServer } from './postgres.js';

let server: Promise<PgServer> | undefined;

export type Backend = 'sqlite' | 'postgres';
export const BACKENDS: Backend[] = ['sqlite', 'postgres'];

/** The backend a test daemon uses in this run: CORRIDOR_TEST_DB (sqlite by default); anything else is an error. */
export function testBackend(env: NodeJS.ProcessEnv = process.env): Backend {
  const v = env.CORRIDOR_TEST_DB ?? 'sqlite';
  if (v !== 'sqlite' && v !== 'postgres') throw new Error(`CORRIDOR_TEST_DB must be "sqlite" or "postgres", not ${JSON.stringify(v)}`);
  return v;
}

/**
 * A new, empty database on the private PostgreSQL server (one server per test process, or the one
 * CORRIDOR_TEST_DATABASE_URL names): one database per store keeps tests independent.
 */
export async function freshPostgresUrl(): Promise<string> {
  server ??= startPostgres();
  const { url } = await server;
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return url.replace(/\/[^/]*$/, `/${name}`);
}

/** A fresh, migrated, empty database of the given kind. */
export async function freshStore(backend: Backend): Promise<Store> {
  if (backend === 'sqlite') return openStore({ url: join(mkdtempSync(join(tmpdir(), 'corridor-db-')), 'corridor.db') });
  return openStore({ url: await freshPostgresUrl() });
}
