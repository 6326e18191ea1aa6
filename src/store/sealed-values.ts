/**
 * Every value in the store that is sealed with the master key, with the context it was sealed under, in
 * one place: start-up checks that the key file opens them all, and `corridor key rotate` re-seals them.
 * A new sealed column belongs here; rotation also sweeps every text column for values sealed with the old
 * key that this list missed, and refuses rather than leave them behind.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { KINDS, sealedContext, type Kind } from './resources.js';
import { keyContext } from '../pki/sealing.js';
import { totpEnrolmentContext } from '../auth/totp.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SealedValue {
  /** what it is, for messages: "site PSK" */
  what: string;
  /** which row holds it: 'site "hq"' */
  owner: string;
  context: string;
  sealed: string;
  /** writes a re-sealed value back to its row */
  replace(trx: Transaction<Database>, sealed: string): Promise<void>;
}

const FIELD_LABELS: Record<string, string> = {
  'site.psk': 'site PSK',
  'user.totpSecret': 'VPN user TOTP seed',
  'ddns.secret': 'DDNS credential',
};

/** The remote-access controller keeps one sealed tls-crypt key per server in settings, sealed under its key. */
const TLS_CRYPT_SETTING = 'tls-crypt:';

export async function listSealedValues(db: Db): Promise<SealedValue[]> {
  const out: SealedValue[] = [];
  for (const [kind, def] of Object.entries(KINDS) as Array<[Kind, (typeof KINDS)[Kind]]>) {
    if (!def.sealed.length) continue;
    const rows = (await db.selectFrom(def.table).select(['name', 'secrets']).where('secrets', 'is not', null).execute()) as Array<{ name: string; secrets: string | null }>;
    for (const row of rows) {
      const secrets = JSON.parse(row.secrets!) as Record<string, string>;
      for (const field of def.sealed) {
        if (!secrets[field]) continue;
        out.push({
          what: FIELD_LABELS[`${kind}.${field}`] ?? `${kind} ${field}`,
          owner: `${kind} "${row.name}"`,
          context: sealedContext(kind, row.name, field),
          sealed: secrets[field],
          replace: async (trx, sealed) => {
            const current = (await trx.selectFrom(def.table).select('secrets').where('name', '=', row.name).executeTakeFirstOrThrow()) as { secrets: string };
            const next = { ...(JSON.parse(current.secrets) as Record<string, string>), [field]: sealed };
            await trx.updateTable(def.table).set({ secrets: JSON.stringify(next) } as never).where('name', '=', row.name).execute();
          },
        });
      }
    }
  }
  for (const a of await db.selectFrom('admins').select(['username', 'totp_secret']).where('totp_secret', 'is not', null).execute()) {
    out.push({
      what: 'administrator TOTP seed',
      owner: `administrator "${a.username}"`,
      // AdminAuth seals it under this context; start-up fails loudly (a value that does not open) if they drift
      context: `admin:${a.username}:totp`,
      sealed: a.totp_secret!,
      replace: async (trx, sealed) => void (await trx.updateTable('admins').set({ totp_secret: sealed }).where('username', '=', a.username).execute()),
    });
  }
  for (const e of await db.selectFrom('totp_enrolments').select(['principal', 'secret_sealed']).execute()) {
    out.push({
      what: 'pending TOTP seed',
      owner: `TOTP enrolment of "${e.principal}"`,
      context: totpEnrolmentContext(e.principal),
      sealed: e.secret_sealed,
      replace: async (trx, sealed) => void (await trx.updateTable('totp_enrolments').set({ secret_sealed: sealed }).where('principal', '=', e.principal).execute()),
    });
  }
  for (const ca of await db.selectFrom('cas').select(['name', 'key_sealed']).execute()) {
    out.push({
      what: 'CA private key',
      owner: `CA "${ca.name}"`,
      context: keyContext(`ca:${ca.name}`),
      sealed: ca.key_sealed,
      replace: async (trx, sealed) => void (await trx.updateTable('cas').set({ key_sealed: sealed }).where('name', '=', ca.name).execute()),
    });
  }
  for (const c of await db.selectFrom('certificates').select(['name', 'serial', 'key_sealed']).where('key_sealed', 'is not', null).execute()) {
    out.push({
      what: 'certificate private key',
      owner: `certificate "${c.name}" (serial ${c.serial})`,
      context: keyContext(`cert:${c.serial}`),
      sealed: c.key_sealed!,
      replace: async (trx, sealed) => void (await trx.updateTable('certificates').set({ key_sealed: sealed }).where('serial', '=', c.serial).execute()),
    });
  }
  for (const s of await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${TLS_CRYPT_SETTING}%`).execute()) {
    out.push({
      what: 'OpenVPN tls-crypt key',
      owner: `server "${s.key.slice(TLS_CRYPT_SETTING.length)}"`,
      context: s.key,
      sealed: s.value,
      replace: async (trx, sealed) => void (await trx.updateTable('settings').set({ value: sealed }).where('key', '=', s.key).execute()),
    });
  }
  return out;
}

/** "2 site PSKs, 1 CA private key": what a key file is needed for, by kind. */
export function describeSealed(values: readonly SealedValue[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v.what, (counts.get(v.what) ?? 0) + 1);
  return [...counts].map(([what, n]) => `${n} ${what}${n === 1 ? '' : 's'}`).join(', ');
}
