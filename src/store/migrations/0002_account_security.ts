/**
 * Account security: failed logins remember the address they came from (the lock is per account and
 * address), administrators can be required to change their password (the printed first-start password
 * and any password set by another administrator), a new TOTP secret waits for a confirming code before
 * it replaces the active one, and the last TOTP step each account used survives a restart (no replay).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('login_failures').addColumn('source', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('admins').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('totp_enrolments')
    .addColumn('principal', 'text', (c) => c.primaryKey())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('totp_last_steps')
    .addColumn('principal', 'text', (c) => c.primaryKey())
    .addColumn('step', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('totp_last_steps').ifExists().execute();
  await db.schema.dropTable('totp_enrolments').ifExists().execute();
  await db.schema.alterTable('admins').dropColumn('must_change_password').execute();
  await db.schema.alterTable('login_failures').dropColumn('source').execute();
}
