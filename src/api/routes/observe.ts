/** Events, audit log, engine logs, status and the live feed (server-sent events). */
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.js';
import { queryAudit } from '../../store/audit.js';
import { SECURITY_HEADERS } from '../security-headers.js';

const int = (v: unknown) => (v === undefined || v === '' ? undefined : Number.isFinite(Number(v)) ? Number(v) : undefined);

export function observeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get('/api/events', { schema: { tags: ['events'], summary: 'Stored events, newest first' } }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return { items: await ctx.events.query({ kind: q.kind, subject: q.subject, source: q.source, since: q.since, limit: int(q.limit) }) };
  });
  app.get('/api/audit', { schema: { tags: ['audit'], summary: 'Audit log, newest first; secrets redacted' } }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return { items: await queryAudit(ctx.db, { actor: q.actor, resourceType: q.resource ?? q.resourceType, resourceName: q.name, since: q.since, limit: int(q.limit) }) };
  });
  app.get('/api/engine-logs', { schema: { tags: ['events'], summary: 'Captured engine log lines' } }, async (req) => {
    const q = req.query as Record<string, string | undefined>;
    return { items: await ctx.engineLogs.query({ instance: q.instance, connection: q.connection, contains: q.contains, limit: int(q.limit) }) };
  });
  app.get('/api/status', { schema: { tags: ['status'] } }, async () => {
    const out: Record<string, unknown> = { version: ctx.version };
    for (const p of ctx.statusProviders) Object.assign(out, await p());
    return out;
  });
  app.get('/api/live', { schema: { tags: ['events'], summary: 'Server-sent events: event, site, session' } }, (req, reply) => {
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
