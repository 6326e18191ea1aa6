import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export async function up(db: Kysely<unknown>, ctx: MigrationContext): Promise<void> {
  const serial = (t: ReturnType<Kysely<unknown>['schema']['createTable']>) =>
    ctx.dialect === 'postgres'
      ? t.addColumn('id', 'serial', (c) => c.primaryKey())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  const resource = (name: string) =>
    db.schema
      .createTable(name)
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('secrets', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1));

  await resource('gateways').execute();
  await resource('peers').execute();
  await resource('groups').execute();
  await resource('users').execute();
  // references are RESTRICT: deleting a gateway that still has connections must fail, not cascade away tunnels
  await resource('sites')
    .addColumn('gateway', 'text', (c) => c.notNull().references('gateways.name').onDelete('restrict'))
    .addColumn('peer', 'text', (c) => c.notNull().references('peers.name').onDelete('restrict'))
    .execute();
  await resource('servers')
    .addColumn('gateway', 'text', (c) => c.notNull().references('gateways.name').onDelete('restrict'))
    .execute();
  await resource('policies')
    .addColumn('group_name', 'text', (c) => c.notNull().references('groups.name').onDelete('restrict'))
    .execute();
  await resource('ddns')
    .addColumn('gateway', 'text', (c) => c.notNull().references('gateways.name').onDelete('restrict'))
    .execute();
  await db.schema
    .createTable('user_groups')
    .addColumn('username', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
    .addColumn('group_name', 'text', (c) => c.notNull().references('groups.name').onDelete('restrict'))
    .addPrimaryKeyConstraint('user_groups_pk', ['username', 'group_name'])
    .execute();

  await db.schema
    .createTable('admins')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('admin_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().references('admins.username').onDelete('cascade'))
    .addColumn('csrf', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull().references('admins.username').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await serial(db.schema.createTable('login_failures'))
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failures_principal').on('login_failures').columns(['principal', 'at']).execute();

  await serial(db.schema.createTable('audit_log'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('ip', 'text')
    .execute();
  await db.schema.createIndex('audit_resource').on('audit_log').columns(['resource_type', 'resource_name']).execute();

  await serial(db.schema.createTable('events'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('events_subject').on('events').columns(['subject', 'id']).execute();
  await db.schema.createIndex('events_kind').on('events').columns(['kind', 'id']).execute();

  await serial(db.schema.createTable('engine_logs'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('instance', 'text', (c) => c.notNull())
    .addColumn('connection', 'text')
    .addColumn('line', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('engine_logs_instance').on('engine_logs').columns(['instance', 'id']).execute();
  await db.schema.createIndex('engine_logs_connection').on('engine_logs').columns(['connection', 'id']).execute();

  await db.schema
    .createTable('cas')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('cert_pem', 'text', (c) => c.notNull())
    .addColumn('key_sealed', 'text', (c) => c.notNull())
    .addColumn('crl_number', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('certificates')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('ca', 'text', (c) => c.notNull().references('cas.name').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('serial', 'text', (c) => c.notNull().unique())
    .addColumn('cert_pem', 'text', (c) => c.notNull())
    .addColumn('key_sealed', 'text')
    .addColumn('not_after', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoke_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('profile_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
    .addColumn('server', 'text', (c) => c.notNull().references('servers.name').onDelete('cascade'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'settings', 'profile_links', 'certificates', 'cas', 'engine_logs', 'events', 'audit_log', 'login_failures',
    'api_tokens', 'admin_sessions', 'admins', 'user_groups', 'ddns', 'policies', 'servers', 'sites', 'users',
    'groups', 'peers', 'gateways',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
