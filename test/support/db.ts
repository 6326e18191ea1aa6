/** Both store backends, for suites that must pass on each: SQLite in a temp dir and a real PostgreSQL. */
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

/** A fresh, migrated, empty database of the given kind. */
export async function freshStore(backend: Backend): Promise<Store> {
  if (backend === 'sqlite') return openStore({ url: join(mkdtempSync(join(tmpdir(), 'corridor-db-')), 'corridor.db') });
  server ??= startPostgres();
  const { url } = await server;
  // one database per store keeps tests independent
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return openStore({ url: url.replace(/\/[^/]*$/, `/${name}`) });
}
