/**
 * Versioned migrations, listed in code (not read from a directory) so a compiled build and tsx run the
 * same set. Append new ones; never edit a released one.
 */
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.js';
import * as m0002 from './0002_account_security.js';

export interface MigrationContext {
  dialect: 'sqlite' | 'postgres';
}

interface MigrationModule {
  up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
  down?(db: Kysely<unknown>, ctx: MigrationContext): Promise<void>;
}

const ALL: Record<string, MigrationModule> = {
  '0001_initial': m0001,
  '0002_account_security': m0002,
};

export class CodeMigrationProvider implements MigrationProvider {
  constructor(private readonly ctx: MigrationContext) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, mod] of Object.entries(ALL)) {
      out[name] = {
        up: (db) => mod.up(db, this.ctx),
        ...(mod.down ? { down: (db: Kysely<unknown>) => mod.down!(db, this.ctx) } : {}),
      };
    }
    return out;
  }
}
