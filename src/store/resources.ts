/**
 * One repository for every resource kind: validate (schema, then rules that span resources), write in a
 * single transaction together with its audit record, and hand back the public view (secrets removed).
 * The "world" snapshot for cross-resource rules is read inside the same transaction as the write.
 */
import type { Kysely, Transaction, UpdateResult } from 'kysely';
import type { z } from 'zod';
import { hashPassword } from '../auth/passwords.js';
import type { Database } from './schema.js';
import type { MasterKey } from '../secrets/master-key.js';
import { CorridorError, conflict, notFound, validationError, zodIssues } from '../core/errors.js';
import {
  accessPolicySchema, checkDdns, checkGateway, checkGroup, checkPeer, checkPolicy, checkServer, checkSite, checkUser,
  ddnsProviderSchema, gatewaySchema, groupSchema, peerSchema, raServerSchema, siteConnectionSchema, userSchema,
  type FieldIssue, type World,
} from '../core/model/index.js';
import { writeAudit } from './audit.js';
import { isUniqueViolation } from './db.js';

/** A row changed between a transaction's read and its write; readModifyWrite runs the transaction again. */
class ConcurrentChange extends Error {}
/** every racer but one retries; past this many rounds the caller is told to try again */
const MAX_WRITE_ATTEMPTS = 20;

/** An update written only if the row still had the version read before; otherwise ConcurrentChange. */
function assertUnchanged(r: UpdateResult): void {
  if (r.numUpdatedRows === 0n) throw new ConcurrentChange();
}

export type Kind = 'gateway' | 'peer' | 'site' | 'server' | 'user' | 'group' | 'policy' | 'ddns';
type Table = 'gateways' | 'peers' | 'sites' | 'servers' | 'users' | 'groups' | 'policies' | 'ddns';
type Db = Kysely<Database> | Transaction<Database>;

interface KindDef {
  table: Table;
  schema: z.ZodType;
  /** field of the spec that is the resource's key */
  key: 'name' | 'username';
  /** write-only fields sealed with the master key */
  sealed: string[];
  /** write-only fields stored as an argon2id hash */
  hashed: string[];
  /** extra columns that carry foreign keys */
  columns: (spec: Record<string, unknown>) => Record<string, string>;
  check: (candidate: never, world: World) => FieldIssue[];
  worldKey: keyof World;
  /** who refers to this kind (for a clear 409 before the database's RESTRICT fires) */
  referencedBy: Array<{ kind: Kind; field: string }>;
}

export const KINDS: Record<Kind, KindDef> = {
  gateway: { table: 'gateways', schema: gatewaySchema, key: 'name', sealed: [], hashed: [], columns: () => ({}), check: checkGateway as never, worldKey: 'gateways', referencedBy: [{ kind: 'site', field: 'gateway' }, { kind: 'server', field: 'gateway' }, { kind: 'ddns', field: 'gateway' }] },
  peer: { table: 'peers', schema: peerSchema, key: 'name', sealed: [], hashed: [], columns: () => ({}), check: checkPeer as never, worldKey: 'peers', referencedBy: [{ kind: 'site', field: 'peer' }] },
  site: { table: 'sites', schema: siteConnectionSchema, key: 'name', sealed: ['psk'], hashed: [], columns: (s) => ({ gateway: String(s.gateway), peer: String(s.peer) }), check: checkSite as never, worldKey: 'sites', referencedBy: [] },
  server: { table: 'servers', schema: raServerSchema, key: 'name', sealed: [], hashed: [], columns: (s) => ({ gateway: String(s.gateway) }), check: checkServer as never, worldKey: 'servers', referencedBy: [] },
  user: { table: 'users', schema: userSchema, key: 'username', sealed: ['totpSecret'], hashed: ['password'], columns: () => ({}), check: checkUser as never, worldKey: 'users', referencedBy: [] },
  group: { table: 'groups', schema: groupSchema, key: 'name', sealed: [], hashed: [], columns: () => ({}), check: checkGroup as never, worldKey: 'groups', referencedBy: [{ kind: 'policy', field: 'group' }, { kind: 'user', field: 'groups' }] },
  policy: { table: 'policies', schema: accessPolicySchema, key: 'name', sealed: [], hashed: [], columns: (s) => ({ group_name: String(s.group) }), check: checkPolicy as never, worldKey: 'policies', referencedBy: [] },
  ddns: { table: 'ddns', schema: ddnsProviderSchema, key: 'name', sealed: ['secret'], hashed: [], columns: (s) => ({ gateway: String(s.gateway) }), check: checkDdns as never, worldKey: 'ddns', referencedBy: [] },
};

/** What a sealed field is bound to ("site:hq:psk"): a sealed value opens only on its own row and field. */
export function sealedContext(kind: Kind, name: string, field: string): string {
  return `${kind}:${name}:${field}`;
}

export interface Actor {
  name: string;
  ip?: string;
}

/** Public view: the spec plus `<field>Set: true` for each write-only field that has a value. */
export type PublicResource = Record<string, unknown>;

/** A rule on one kind that needs more than the core model knows (an engine's limits), run with the others. */
export type ExtraCheck = (candidate: Record<string, unknown>, world: World) => FieldIssue[];

export interface ChangeListener {
  (change: { kind: Kind; name: string; action: 'create' | 'update' | 'delete' }): void;
}

const now = () => new Date().toISOString();

export class ResourceStore {
  private listeners: ChangeListener[] = [];
  private readonly extraChecks = new Map<Kind, ExtraCheck[]>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: MasterKey,
  ) {}

  onChange(l: ChangeListener): void {
    this.listeners.push(l);
  }

  /**
   * Adds a rule to a kind's cross-resource check: it runs inside the write's transaction like the core
   * rules, and its issues refuse the change (400 naming the field), so nothing it rejects is ever stored.
   */
  addCheck(kind: Kind, check: ExtraCheck): void {
    this.extraChecks.set(kind, [...(this.extraChecks.get(kind) ?? []), check]);
  }

  async list(kind: Kind, db: Db = this.db): Promise<PublicResource[]> {
    const rows = await db.selectFrom(KINDS[kind].table).selectAll().orderBy('name').execute();
    return rows.map((r) => this.publicView(kind, r));
  }

  async get(kind: Kind, name: string, db: Db = this.db): Promise<PublicResource> {
    const row = await db.selectFrom(KINDS[kind].table).selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`${kind} "${name}"`);
    return this.publicView(kind, row);
  }

  /** The full spec including unsealed secrets, for renderers and the engines only. */
  async getWithSecrets(kind: Kind, name: string, db: Db = this.db): Promise<Record<string, unknown>> {
    const row = await db.selectFrom(KINDS[kind].table).selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`${kind} "${name}"`);
    const spec = JSON.parse(row.spec) as Record<string, unknown>;
    const secrets = row.secrets ? (JSON.parse(row.secrets) as Record<string, string>) : {};
    for (const f of KINDS[kind].sealed) {
      if (secrets[f]) spec[f] = this.key.openString(secrets[f], sealedContext(kind, name, f));
    }
    for (const f of KINDS[kind].hashed) if (secrets[f]) spec[`${f}Hash`] = secrets[f];
    return spec;
  }

  /** Every resource, secrets excluded: the snapshot that cross-resource rules and the reconciler read. */
  async world(db: Db = this.db): Promise<World> {
    const out = {} as Record<keyof World, unknown[]>;
    for (const def of Object.values(KINDS)) {
      const rows = await db.selectFrom(def.table).select(['spec']).orderBy('name').execute();
      out[def.worldKey] = rows.map((r) => JSON.parse(r.spec));
    }
    return out as unknown as World;
  }

  async create(kind: Kind, input: unknown, actor: Actor): Promise<PublicResource> {
    const def = KINDS[kind];
    const spec = this.parse(kind, input);
    const name = String(spec[def.key]);
    const prepared = await this.prepareSecrets(kind, name, spec, null);
    const taken = () => conflict(`${kind} "${name}" already exists`, [{ path: def.key, message: 'already exists' }]);
    const result = await this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom(def.table).select('name').where('name', '=', name).executeTakeFirst();
      if (exists) throw taken();
      await this.crossCheck(kind, prepared.spec, trx);
      const ts = now();
      await trx
        .insertInto(def.table)
        .values({ name, spec: JSON.stringify(prepared.spec), secrets: prepared.secretsJson, created_at: ts, updated_at: ts, version: 1, ...def.columns(prepared.spec) } as never)
        .execute();
      await this.syncMemberships(kind, name, prepared.spec, trx);
      const row = await trx.selectFrom(def.table).selectAll().where('name', '=', name).executeTakeFirstOrThrow();
      const view = this.publicView(kind, row);
      await writeAudit(trx, { actor, action: 'create', resourceType: kind, resourceName: name, before: null, after: view });
      return view;
    }).catch((e: unknown) => {
      // a concurrent create of the same name committed between the check and the insert (PostgreSQL)
      throw isUniqueViolation(e) ? taken() : e;
    });
    this.emit({ kind, name, action: 'create' });
    return result;
  }

  /**
   * Replace (PUT) or merge (PATCH) an existing resource. Write-only fields left out keep their value.
   * A merge is a JSON merge patch (RFC 7396): `null` removes a field, so an optional field can be emptied;
   * what may be removed is decided by the schema alone (a required field answers 400, a defaulted one
   * returns to its default). Write-only fields cannot be removed this way: their absence means "unchanged".
   */
  async update(kind: Kind, name: string, input: unknown, actor: Actor, mode: 'replace' | 'merge'): Promise<PublicResource> {
    const def = KINDS[kind];
    const result = await this.readModifyWrite(kind, name, async (trx) => {
      const row = await trx.selectFrom(def.table).selectAll().where('name', '=', name).executeTakeFirst();
      if (!row) throw notFound(`${kind} "${name}"`);
      const current = JSON.parse(row.spec) as Record<string, unknown>;
      const body = (input ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body)) throw validationError([{ path: '', message: 'expected an object' }]);
      if (def.key in body && body[def.key] !== name) {
        throw validationError([{ path: def.key, message: 'names are immutable; create a new resource instead' }]);
      }
      const unremovable = [...def.sealed, ...def.hashed].filter((f) => mode === 'merge' && body[f] === null);
      if (unremovable.length) {
        throw validationError(unremovable.map((f) => ({ path: f, message: 'write-only: send a new value, or leave it out to keep the current one' })));
      }
      const merged = mode === 'merge' ? mergePatch(current, body) : { ...body, [def.key]: name };
      const spec = this.parse(kind, merged);
      const prepared = await this.prepareSecrets(kind, name, spec, row.secrets);
      await this.crossCheck(kind, prepared.spec, trx);
      const before = this.publicView(kind, row);
      assertUnchanged(await trx
        .updateTable(def.table)
        .set({ spec: JSON.stringify(prepared.spec), secrets: prepared.secretsJson, updated_at: now(), version: row.version + 1, ...def.columns(prepared.spec) } as never)
        .where('name', '=', name)
        .where('version', '=', row.version)
        .executeTakeFirst());
      await this.syncMemberships(kind, name, prepared.spec, trx);
      const after = this.publicView(kind, await trx.selectFrom(def.table).selectAll().where('name', '=', name).executeTakeFirstOrThrow());
      await writeAudit(trx, { actor, action: 'update', resourceType: kind, resourceName: name, before, after, secretsChanged: prepared.changed });
      return after;
    });
    this.emit({ kind, name, action: 'update' });
    return result;
  }

  async delete(kind: Kind, name: string, actor: Actor): Promise<void> {
    const def = KINDS[kind];
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom(def.table).selectAll().where('name', '=', name).executeTakeFirst();
      if (!row) throw notFound(`${kind} "${name}"`);
      const world = await this.world(trx);
      const users: string[] = [];
      for (const ref of def.referencedBy) {
        for (const r of world[KINDS[ref.kind].worldKey] as unknown as Array<Record<string, unknown>>) {
          const v = r[ref.field];
          if (v === name || (Array.isArray(v) && v.includes(name))) users.push(`${ref.kind} "${String(r[KINDS[ref.kind].key])}"`);
        }
      }
      if (users.length) throw conflict(`${kind} "${name}" is still used by ${users.join(', ')}`);
      await trx.deleteFrom(def.table).where('name', '=', name).execute();
      await writeAudit(trx, { actor, action: 'delete', resourceType: kind, resourceName: name, before: this.publicView(kind, row), after: null });
    });
    this.emit({ kind, name, action: 'delete' });
  }

  /** Replace one sealed secret (PSK reset), audited as a change without the value. */
  async setSecret(kind: Kind, name: string, field: string, value: string, actor: Actor): Promise<void> {
    const def = KINDS[kind];
    if (!def.sealed.includes(field)) throw new CorridorError(400, 'validation', `${kind} has no secret "${field}"`);
    await this.readModifyWrite(kind, name, async (trx) => {
      const row = await trx.selectFrom(def.table).selectAll().where('name', '=', name).executeTakeFirst();
      if (!row) throw notFound(`${kind} "${name}"`);
      const spec = JSON.parse(row.spec) as Record<string, unknown>;
      this.parse(kind, { ...spec, [field]: value });
      const secrets = row.secrets ? (JSON.parse(row.secrets) as Record<string, string>) : {};
      secrets[field] = this.key.seal(value, sealedContext(kind, name, field));
      assertUnchanged(await trx.updateTable(def.table).set({ secrets: JSON.stringify(secrets), updated_at: now(), version: row.version + 1 } as never).where('name', '=', name).where('version', '=', row.version).executeTakeFirst());
      await writeAudit(trx, { actor, action: `reset-${field}`, resourceType: kind, resourceName: name, before: null, after: null, secretsChanged: [field] });
    });
    this.emit({ kind, name, action: 'update' });
  }

  /**
   * A transaction that reads a row and writes it back (assertUnchanged), run again when another request
   * changed the row in between: PostgreSQL runs such transactions side by side, and without this the
   * later write would silently undo the earlier one. SQLite runs one at a time and never retries.
   */
  private async readModifyWrite<T>(kind: Kind, name: string, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(fn);
      } catch (e) {
        if (!(e instanceof ConcurrentChange)) throw e;
        if (attempt >= MAX_WRITE_ATTEMPTS) throw conflict(`${kind} "${name}" is being changed by other requests at the same time; try again`);
      }
    }
  }

  private parse(kind: Kind, input: unknown): Record<string, unknown> {
    const r = KINDS[kind].schema.safeParse(input);
    if (!r.success) throw validationError(zodIssues(r.error));
    return r.data as Record<string, unknown>;
  }

  private async crossCheck(kind: Kind, spec: Record<string, unknown>, trx: Db): Promise<void> {
    const def = KINDS[kind];
    const world = await this.world(trx);
    // the candidate replaces its own stored version in the snapshot
    const list = world[def.worldKey] as unknown as Array<Record<string, unknown>>;
    (world as unknown as Record<string, unknown>)[def.worldKey] = [...list.filter((r) => r[def.key] !== spec[def.key]), spec];
    const issues = def.check(spec as never, world);
    for (const extra of this.extraChecks.get(kind) ?? []) issues.push(...extra(spec, world));
    if (issues.length) throw validationError(issues);
  }

  private async prepareSecrets(kind: Kind, name: string, spec: Record<string, unknown>, existing: string | null) {
    const def = KINDS[kind];
    const secrets = existing ? (JSON.parse(existing) as Record<string, string>) : {};
    const changed: string[] = [];
    const clean = { ...spec };
    for (const f of def.sealed) {
      if (typeof clean[f] === 'string') {
        secrets[f] = this.key.seal(clean[f] as string, sealedContext(kind, name, f));
        changed.push(f);
      }
      delete clean[f];
    }
    for (const f of def.hashed) {
      if (typeof clean[f] === 'string') {
        secrets[f] = await hashPassword(clean[f] as string);
        changed.push(f);
      }
      delete clean[f];
    }
    return { spec: clean, secretsJson: Object.keys(secrets).length ? JSON.stringify(secrets) : null, changed };
  }

  private async syncMemberships(kind: Kind, name: string, spec: Record<string, unknown>, trx: Db): Promise<void> {
    if (kind !== 'user') return;
    await trx.deleteFrom('user_groups').where('username', '=', name).execute();
    const groups = (spec.groups as string[] | undefined) ?? [];
    if (groups.length) await trx.insertInto('user_groups').values(groups.map((g) => ({ username: name, group_name: g }))).execute();
  }

  private publicView(kind: Kind, row: { spec: string; secrets: string | null; created_at: string; updated_at: string; version: number }): PublicResource {
    const def = KINDS[kind];
    const spec = JSON.parse(row.spec) as Record<string, unknown>;
    const secrets = row.secrets ? (JSON.parse(row.secrets) as Record<string, string>) : {};
    for (const f of [...def.sealed, ...def.hashed]) spec[`${f}Set`] = Boolean(secrets[f]);
    return { ...spec, createdAt: row.created_at, updatedAt: row.updated_at, version: row.version };
  }

  private emit(change: Parameters<ChangeListener>[0]): void {
    for (const l of this.listeners) l(change);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** RFC 7396: objects merge member by member, `null` removes a member, anything else (arrays too) replaces. */
export function mergePatch(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = isObject(v) ? mergePatch(isObject(out[k]) ? out[k] : {}, v) : v;
  }
  return out;
}
