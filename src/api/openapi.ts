/**
 * Building blocks for the OpenAPI document's response schemas. They only document: the app serializes every
 * answer with JSON.stringify (see buildApp), so a schema can neither drop nor coerce a field, and every object
 * schema leaves additional properties open.
 */
import { z } from 'zod';

type Schema = Record<string, unknown>;

/** A zod schema as JSON Schema, as the route's answer carries it (output side; unrepresentable types as "any"). */
export function fromZod(schema: z.ZodType, io: 'input' | 'output' = 'output'): Schema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
  return json;
}

/** An object answer: the listed properties, and whatever else the route adds. */
export function object(properties: Record<string, unknown>, required: string[] = [], description?: string): Schema {
  return { type: 'object', ...(description ? { description } : {}), properties, ...(required.length ? { required } : {}), additionalProperties: true };
}

/** `{ items: [...] }`, the shape of every list. */
export function items(item: Schema, description?: string): Schema {
  return object({ items: { type: 'array', items: item } }, ['items'], description);
}

/** `{ ok: true }`: a change done, nothing to return. */
export const OK: Schema = object({ ok: { type: 'boolean', enum: [true] } }, ['ok'], 'Done');

/** The one error shape (src/api/errors.ts). */
export const ERROR: Schema = object({
  error: { type: 'string', description: 'machine-readable code' },
  message: { type: 'string', description: 'what went wrong, for people' },
  issues: { type: 'array', items: object({ path: { type: 'string' }, message: { type: 'string' } }) },
}, ['error', 'message']);

/** A response described by a JSON schema, with its description shown in place of "Default Response". */
export function json(description: string, schema: Schema): Schema {
  return { ...schema, description };
}

/** A non-JSON answer (a profile, a PEM file, a text export). */
export function text(contentType: string, description: string): Schema {
  return { description, content: { [contentType]: { schema: { type: 'string' } } } };
}

/** An error answer, for routes whose failures are part of their contract. */
export function error(description: string): Schema {
  return json(description, ERROR);
}

/** A VPN user's login lock state (src/core/lockout.ts). */
export const LOCKOUT: Schema = object({
  locked: { type: 'boolean' },
  until: { type: 'string', format: 'date-time', description: 'when the lock ends (only when locked)' },
  remaining: { type: 'integer', description: 'failures still allowed before a lock' },
  recentFailures: { type: 'integer' },
  scope: { type: 'string', enum: ['address', 'account'], description: 'what is locked' },
}, ['locked', 'remaining', 'recentFailures'], 'VPN login failures and lock state');
