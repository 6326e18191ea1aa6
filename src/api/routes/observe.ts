/** Events, audit log, engine logs, status and the live feed (server-sent events). */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { queryAudit } from '../../store/audit.js';
import { SECURITY_HEADERS } from '../security-headers.js';
import { items, json, object, text } from '../openapi.js';

/** query parameters, all optional strings (an unparsable limit is ignored) */
function query(params: Record<string, string>) {
  return { type: 'object', properties: Object.fromEntries(Object.entries(params).map(([k, description]) => [k, k === 'limit' ? { type: 'integer', minimum: 1, description } : { type: 'string', description }])) };
}
const since = 'ISO 8601 time: only entries at or after it';
const nullableString = { type: ['string', 'null'] };
const event = object({
  id: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, kind: { type: 'string', description: 'dotted kind, e.g. "session.connect", "site.child-down"' },
  source: { type: 'string' }, subject: nullableString, severity: { type: 'string', enum: ['info', 'warning', 'error'] }, detail: { type: ['object', 'null'], additionalProperties: true },
}, ['id', 'at', 'kind', 'source', 'severity']);
const auditEntry = object({
  id: { type: 'integer' }, at: { type: 'string', format: 'date-time' }, actor: { type: 'string' }, action: { type: 'string' },
  resourceType: { type: 'string' }, resourceName: nullableString, before: { description: 'the resource before, secrets redacted' }, after: { description: 'the resource after, secrets redacted' }, ip: nullableString,
}, ['id', 'at', 'actor', 'action', 'resourceType']);
const engineLogLine = object({ id: { type: 'integer' }, at: { type: 'string' }, instance: { type: 'string' }, connection: nullableString, line: { type: 'string' } }, ['id', 'instance', 'line']);

const int = (v: unknown) => (v === undefined || v === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : undefined);

export function observeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/events', { schema: { tags: ['events'], summary: 'Stored events, newest first', querystring: query({ kind: 'event kind', subject: 'user, site connection, ...', source: 'engine instance or subsystem', since, limit: 'at most this many' }), response: { 200: json('Events', items(event)) } } }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return { items: await ctx.events.query({ kind: q.kind, subject: q.subject, source: q.source, since: q.since, limit: int(q.limit) }) };
  });
  app.get('/api/audit', { schema: { tags: ['audit'], summary: 'Audit log, newest first; secrets redacted', querystring: query({ actor: 'who made the change', resource: 'resource type (e.g. user, site)', resourceType: 'same as resource', name: 'resource name', since, limit: 'at most this many' }), response: { 200: json('Audit entries', items(auditEntry)) } } }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return { items: await queryAudit(ctx.db, { actor: q.actor, resourceType: q.resource ?? q.resourceType, resourceName: q.name, since: q.since, limit: int(q.limit) }) };
  });
  app.get('/api/engine-logs', { schema: { tags: ['events'], summary: 'Captured engine log lines', querystring: query({ instance: 'engine instance, e.g. "charon" or "openvpn:staff"', connection: 'site connection or server name', contains: 'text the line contains', limit: 'at most this many (default 500)' }), response: { 200: json('Log lines, oldest first', items(engineLogLine)) } } }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return { items: await ctx.engineLogs.query({ instance: q.instance, connection: q.connection, contains: q.contains, limit: int(q.limit) }) };
  });
  app.get('/api/status', { schema: { tags: ['status'], summary: 'Version, engines, tunnels and sessions at a glance', response: { 200: json('Status; each subsystem adds its own keys', object({ version: { type: 'string' } }, ['version'])) } } }, async () => {
    const out: Record<string, unknown> = { version: ctx.version };
    for (const p of ctx.statusProviders) Object.assign(out, await p());
    return out;
  });
  app.get('/api/live', { schema: { tags: ['events'], summary: 'Server-sent events: event, site, session', response: { 200: text('text/event-stream', 'An endless stream of `event`, `site` and `session` events (JSON data), with a comment ping every 15 s') } } }, (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': corridor live feed\n\n');
    const send = (type: string, data: unknown) => res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    const unsubscribe = ctx.events.subscribe((e) => {
      send('event', e);
      if (e.kind.startsWith('site.')) send('site', { name: e.subject, ...e.detail });
      if (e.kind === 'session.connect' || e.kind === 'session.disconnect') send('session', { type: e.kind.slice(8), session: e.detail });
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });
}
