/**
 * Which master key a start uses, checked against what the store holds: a key is never created while the
 * store holds sealed values (they would all become unreadable, and every profile or PSK export a 500),
 * and a key file that does not open every sealed value is refused, naming what is sealed and how to
 * restore the key.
 *
 * `corridor key rotate` writes the new key to `master.key.new` before it commits the re-sealed values,
 * and renames it over `master.key` after: whichever moment a crash hits, one of the two files opens
 * everything, and the next start (or rotation) picks it: `master.key` first, then `master.key.new`,
 * which is renamed into place (the rotation had committed) or removed (it had not).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/schema.js';
import { describeSealed, listSealedValues, type SealedValue } from '../store/sealed-values.js';
import { MasterKey, SecretError, sealedKeyId, syncPath } from './master-key.js';

export const RESTORE_HINT = 'restore the master.key backed up with this database (README, "Backups and key rotation")';

export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

export function pendingKeyPath(keyPath: string): string {
  return `${keyPath}.new`;
}

/** The sealed values this key does not open (wrong key, or a value tampered with). */
export function unopened(key: MasterKey, values: readonly SealedValue[]): SealedValue[] {
  return values.filter((v) => {
    try {
      key.open(v.sealed, v.context);
      return false;
    } catch (err) {
      if (err instanceof SecretError) return true;
      throw err;
    }
  });
}

export async function openMasterKey(keyPath: string, db: Kysely<Database>, log?: Logger): Promise<{ key: MasterKey; created: boolean }> {
  const sealed = await listSealedValues(db);
  const pending = pendingKeyPath(keyPath);
  const candidates = [keyPath, pending].filter((p) => existsSync(p));
  if (!candidates.length) {
    if (sealed.length) {
      throw new MasterKeyError(
        `master key ${keyPath} is missing, and the database holds ${describeSealed(sealed)} sealed with it (key id ${keyIds(sealed)}), ` +
          `unreadable without it: ${RESTORE_HINT}; a new key would not open them.`,
      );
    }
    const key = MasterKey.generate();
    key.writeFile(keyPath);
    return { key, created: true };
  }
  let firstFailure: { path: string; key: MasterKey; bad: SealedValue[] } | undefined;
  for (const path of candidates) {
    const key = MasterKey.load(path);
    const bad = unopened(key, sealed);
    if (bad.length) {
      firstFailure ??= { path, key, bad };
      continue;
    }
    if (path === pending) {
      // a rotation committed its re-sealed values and stopped before replacing the key file
      renameSync(pending, keyPath);
      syncPath(dirname(keyPath));
      log?.warn({ path: keyPath }, 'finished an interrupted master key rotation: the new key is now master.key');
    } else if (existsSync(pending)) {
      // a rotation stopped before its commit: the values are still sealed with master.key
      rmSync(pending);
      log?.warn({ path: pending }, 'removed the new key of a master key rotation that did not commit');
    }
    return { key, created: false };
  }
  const f = firstFailure!;
  throw new MasterKeyError(
    `master key ${f.path} (key id ${f.key.id}) does not open ${describeSealed(f.bad)} of the ${sealed.length} sealed values in the database ` +
      `(sealed with key id ${keyIds(f.bad)}; first: ${f.bad[0]!.owner}): ${RESTORE_HINT}.`,
  );
}

function keyIds(values: readonly SealedValue[]): string {
  return [...new Set(values.map((v) => sealedKeyId(v.sealed) ?? 'unknown'))].join(', ');
}
