/**
 * Opens the database: SQLite (better-sqlite3, WAL, foreign keys on) by default, PostgreSQL when the URL
 * says postgres://. Both run the same migrations and the same repository code.
 */
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from './schema.js';
import { CodeMigrationProvider } from './migrations/index.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… or a path to the SQLite file */
  url: string;
  migrate?: boolean;
  /**
   * SQLite only: run `PRAGMA quick_check` before anything else and refuse a damaged file (StoreDamagedError).
   * The daemon and offline tools ask for it at start; it reads the whole file, so tests opening small stores
   * skip it.
   */
  integrityCheck?: boolean;
}

export class StoreDamagedError extends Error {
  constructor(path: string, detail: string) {
    super(
      `database ${path} is damaged (${detail}); refusing to use it: restore the database ` +
        'together with its master.key from the last backup (README, "Backups and key rotation"); ' +
        `\`sqlite3 ${JSON.stringify(path)} .recover\` may salvage rows into a new file`,
    );
    this.name = 'StoreDamagedError';
  }
}

export async function openStore(opts: OpenOptions): Promise<Store> {
  const isPg = /^postgres(ql)?:\/\//.test(opts.url);
  let db: Kysely<Database>;
  if (isPg) {
    const pg = await import('pg');
    // BIGINT/NUMERIC stay strings by default; counts here fit in a double, so parse them as numbers
    pg.default.types.setTypeParser(20, (v: string) => Number(v));
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.default.Pool({ connectionString: opts.url, max: 10 }) }),
    });
  } else {
    const { default: SQLite } = await import('better-sqlite3');
    const path = opts.url.replace(/^sqlite:(\/\/)?/, '');
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    const sqlite = new SQLite(path);
    if (opts.integrityCheck) quickCheck(sqlite, path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  const store: Store = { db, dialect: isPg ? 'postgres' : 'sqlite', close: () => db.destroy() };
  if (opts.migrate !== false) await migrate(store);
  return store;
}

/**
 * A write refused because the key (or a unique column) is taken. SQLite runs one transaction at a time,
 * so a check-then-insert there never meets a concurrent insert; PostgreSQL runs transactions side by side
 * and one of two racing inserts ends here.
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // PostgreSQL's unique_violation; better-sqlite3's codes for a primary key or UNIQUE constraint
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** quick_check: the b-tree structure and records of every table and index, without index contents. */
function quickCheck(sqlite: import('better-sqlite3').Database, path: string): void {
  let problems: string[];
  try {
    problems = (sqlite.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
  } catch (err) {
    sqlite.close();
    // SQLITE_NOTADB, SQLITE_CORRUPT: the header or the schema itself cannot be read
    throw new StoreDamagedError(path, `SQLite: ${(err as Error).message}`);
  }
  if (problems.length === 1 && problems[0] === 'ok') return;
  sqlite.close();
  const shown = problems.slice(0, 3).join('; ');
  throw new StoreDamagedError(path, `SQLite quick_check: ${shown}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`);
}

export async function migrate(store: Store): Promise<string[]> {
  const migrator = new Migrator({
    db: store.db,
    provider: new CodeMigrationProvider({ dialect: store.dialect }),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
