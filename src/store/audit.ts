/**
 * The audit trail: who changed what, when, with before/after. Secrets never reach it: the views passed
 * in are public views (write-only fields appear only as "<field>Set"), and a changed secret is recorded
 * by name with the value "[redacted]".
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import type { Actor } from './resources.js';

export interface AuditInput {
  actor: Actor;
  action: string;
  resourceType: string;
  resourceName: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  secretsChanged?: string[];
}

export const REDACTED = '[redacted]';

/** Field names that must never be stored in clear even if a caller passes them by mistake. */
const SECRET_KEYS = /^(psk|password|secret|token|privateKey|key|totpSecret|passphrase)$/i;

export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? REDACTED : redact(v)]));
  }
  return value;
}

export async function writeAudit(db: Kysely<Database> | Transaction<Database>, a: AuditInput): Promise<void> {
  const after = a.after ? (redact(a.after) as Record<string, unknown>) : null;
  if (after && a.secretsChanged?.length) for (const f of a.secretsChanged) after[f] = REDACTED;
  await db
    .insertInto('audit_log')
    .values({
      at: new Date().toISOString(),
      actor: a.actor.name,
      action: a.action,
      resource_type: a.resourceType,
      resource_name: a.resourceName,
      before: a.before ? JSON.stringify(redact(a.before)) : null,
      after: after ? JSON.stringify(after) : a.secretsChanged?.length ? JSON.stringify(Object.fromEntries(a.secretsChanged.map((f) => [f, REDACTED]))) : null,
      ip: a.actor.ip ?? null,
    })
    .execute();
}

export interface AuditQuery {
  actor?: string;
  resourceType?: string;
  resourceName?: string;
  since?: string;
  limit?: number;
}

export async function queryAudit(db: Kysely<Database>, q: AuditQuery) {
  let sel = db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(Math.min(q.limit ?? 100, 1000));
  if (q.actor) sel = sel.where('actor', '=', q.actor);
  if (q.resourceType) sel = sel.where('resource_type', '=', q.resourceType);
  if (q.resourceName) sel = sel.where('resource_name', '=', q.resourceName);
  if (q.since) sel = sel.where('at', '>=', q.since);
  const rows = await sel.execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    resourceType: r.resource_type,
    resourceName: r.resource_name,
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
    ip: r.ip,
  }));
}
