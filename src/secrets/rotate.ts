/**
 * `corridor key rotate`: a new master key, every sealed value re-sealed with it in one transaction.
 *
 * It runs offline, on the data directory, while the daemon is stopped (it takes the data-directory lock,
 * so it refuses while a daemon runs and no daemon starts during it). Through the API it would have to
 * swap the key under every subsystem that holds it while they keep sealing new values, and a value sealed
 * with the old key between the re-seal and the swap would be lost; stopped, nothing else writes.
 *
 * Order, so that a crash at any point leaves one key file that opens everything (key-file.ts recovers):
 * new key written to master.key.new and synced, re-sealed values committed, master.key.new renamed over
 * master.key. The old key is kept until both are done.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Config } from '../config.js';
import { DataDirLock } from '../data-dir/lock.js';
import { openStore } from '../store/db.js';
import type { Database } from '../store/schema.js';
import { describeSealed, listSealedValues } from '../store/sealed-values.js';
import { writeAudit } from '../store/audit.js';
import { MasterKey, syncPath } from './master-key.js';
import { MasterKeyError, openMasterKey, pendingKeyPath } from './key-file.js';

export interface RotationResult {
  oldKeyId: string;
  newKeyId: string;
  /** "2 site PSKs, 1 CA private key" */
  resealed: string;
  count: number;
}

export async function rotateMasterKey(config: Config, actor = 'corridor key rotate'): Promise<RotationResult> {
  // the files this creates (lock, pending key) are private, as the daemon's are
  process.umask(0o077);
  if (!existsSync(config.dataDir)) throw new MasterKeyError(`no data directory at ${config.dataDir}: nothing to rotate`);
  const lock = DataDirLock.acquire(config.dataDir, 'corridor key rotate');
  try {
    if (!existsSync(config.masterKeyPath) && !existsSync(pendingKeyPath(config.masterKeyPath))) {
      throw new MasterKeyError(`no master key at ${config.masterKeyPath}: nothing to rotate (the daemon creates one at its first start)`);
    }
    const store = await openStore({ url: config.databaseUrl ?? join(config.dataDir, 'corridor.db'), integrityCheck: true });
    try {
      // also finishes or undoes an earlier rotation that was interrupted, and refuses a key that does not fit
      const { key: old } = await openMasterKey(config.masterKeyPath, store.db);
      const next = MasterKey.generate();
      const pending = pendingKeyPath(config.masterKeyPath);
      next.writeFile(pending);
      let summary: { resealed: string; count: number };
      try {
        summary = await store.db.transaction().execute(async (trx) => {
          const values = await listSealedValues(trx);
          for (const v of values) await v.replace(trx, next.seal(old.open(v.sealed, v.context), v.context));
          await refuseForgottenValues(trx, old.id);
          await writeAudit(trx, { actor: { name: actor }, action: 'rotate', resourceType: 'master-key', resourceName: next.id, before: { keyId: old.id }, after: { keyId: next.id, resealed: values.length } });
          return { resealed: describeSealed(values), count: values.length };
        });
      } catch (err) {
        rmSync(pending, { force: true });
        throw err;
      }
      renameSync(pending, config.masterKeyPath);
      syncPath(dirname(config.masterKeyPath));
      return { oldKeyId: old.id, newKeyId: next.id, ...summary };
    } finally {
      await store.close();
    }
  } finally {
    lock.release();
  }
}

/**
 * Any text still naming the old key id after the re-seal is a sealed value listSealedValues does not
 * know: rolling back is better than leaving it unreadable once the old key is gone.
 */
async function refuseForgottenValues(trx: Transaction<Database>, oldKeyId: string): Promise<void> {
  const found: string[] = [];
  for (const table of await (trx as unknown as Kysely<Database>).introspection.getTables()) {
    for (const column of table.columns.filter((c) => /char|text|json|clob/i.test(c.dataType))) {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table.schema ? `${table.schema}.${table.name}` : table.name)} where ${sql.ref(column.name)} like ${`%v1.${oldKeyId}.%`}`.execute(trx);
      const n = Number(r.rows[0]?.n ?? 0);
      if (n) found.push(`${table.name}.${column.name} (${n})`);
    }
  }
  if (found.length) {
    throw new MasterKeyError(`not rotated: values sealed with the current key were found where rotation does not know them: ${found.join(', ')}; nothing was changed`);
  }
}
