import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SitesController } from './controller.js';
import type { ResourceStore } from '../store/resources.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { writeAudit } from '../store/audit.js';
import { actorOf, requireScope } from '../api/auth-hooks.js';
import { exportSwanctlConf } from '../engines/strongswan/config/export/swanctl-conf.js';
import { exportParameterSheet } from '../engines/strongswan/config/export/parameter-sheet.js';
import { peerVendor } from '../core/model/index.js';
import { validationError, zodIssues } from '../core/errors.js';
import { OK, fromZod, items, json, object, text } from '../api/openapi.js';

const exportQuery = z.object({
  format: z.enum(['swanctl', 'sheet']).default('sheet'),
  vendor: peerVendor.optional(),
  lang: z.enum(['en', 'zh-CN']).default('en'),
  /** include the PSK in clear (needs the secrets scope; audited) */
  includePsk: z.enum(['0', '1']).default('0'),
});

const pskBody = z.object({ psk: z.string().optional().describe('the new PSK; left out, one is generated and returned (needs the secrets scope)') });
const status = object({
  name: { type: 'string' },
  health: { type: 'string', enum: ['up', 'down', 'degraded', 'connecting'] },
  ikeSas: { type: 'array', items: { type: 'object', additionalProperties: true } },
  children: { type: 'array', items: { type: 'object', additionalProperties: true } },
  missingChildren: { type: 'array', items: { type: 'string' }, description: 'CHILD_SA names that should be installed and are not' },
  bytesIn: { type: 'integer' }, bytesOut: { type: 'integer' }, packetsIn: { type: 'integer' }, packetsOut: { type: 'integer' },
  lastChange: { type: 'object', additionalProperties: true },
  enabled: { type: 'boolean' },
}, ['name', 'health', 'ikeSas', 'children', 'missingChildren', 'enabled']);
const historyEntry = object({ at: { type: 'string', format: 'date-time' }, kind: { type: 'string' }, connection: { type: 'string' }, child: { type: 'string' }, reason: { type: 'string' } }, ['at', 'kind', 'connection', 'reason']);

export function siteRoutes(app: FastifyInstance, sites: SitesController, resources: ResourceStore, db: Kysely<Database>): void {
  const tags = ['sites'];
  const name = (req: { params: unknown }) => (req.params as { name: string }).name;
  app.post('/api/sites/:name/initiate', { schema: { tags, summary: 'Bring the tunnel up now', response: { 200: json('Initiated', OK) } } }, async (req) => {
    await sites.initiate(name(req));
    return { ok: true };
  });
  app.post('/api/sites/:name/terminate', { schema: { tags, summary: 'Take the tunnel down and hold it down', response: { 200: json('Terminated', OK) } } }, async (req) => {
    await sites.terminate(name(req));
    return { ok: true };
  });
  app.post('/api/sites/:name/reset', { schema: { tags, summary: 'Terminate and re-establish', response: { 200: json('Reset', OK) } } }, async (req) => {
    await sites.reset(name(req));
    return { ok: true };
  });
  app.post('/api/sites/:name/psk', { schema: { tags, summary: 'Set a new PSK (generated when absent; shown once, which needs the secrets scope) and re-establish', body: fromZod(pskBody, 'input'), response: { 200: json('Set', object({ psk: { type: 'string', description: 'the generated PSK, shown once (absent when the PSK was given)' } })) } } }, async (req) => {
    const given = (req.body as { psk?: unknown } | undefined)?.psk;
    if (typeof given !== 'string') requireScope(req, 'secrets');
    const psk = typeof given === 'string' ? given : randomBytes(24).toString('base64url');
    await resources.setSecret('site', name(req), 'psk', psk, actorOf(req));
    await sites.applyPsk(name(req));
    return { psk: typeof given === 'string' ? undefined : psk };
  });
  app.get('/api/sites/:name/status', { schema: { tags, summary: "The tunnel's state as the engine holds it", response: { 200: json('Status', status) } } }, async (req) => sites.status(name(req)));
  app.get('/api/sites/:name/history', { schema: { tags, summary: 'Recent up/down changes of the tunnel', response: { 200: json('History', items(historyEntry)) } } }, async (req) => ({ items: await sites.history(name(req)) }));
  app.get('/api/site-status', { schema: { tags, summary: 'Status of every site connection', response: { 200: json('Statuses', items(object({ ...(status.properties as object), gateway: { type: 'string' } }, ['name', 'health', 'gateway', 'enabled']))) } } }, async () => ({ items: await sites.statuses() }));
  app.get('/api/sites/:name/export', { schema: { tags, summary: "The peer's configuration, mirrored: swanctl.conf or a vendor parameter sheet", querystring: fromZod(exportQuery, 'input'), response: { 200: text('text/plain', 'swanctl.conf, or the parameter sheet in Markdown') } } }, async (req, reply) => {
    const q = exportQuery.safeParse(req.query ?? {});
    if (!q.success) throw validationError(zodIssues(q.error));
    const { site, peer, gateway } = await sites.site(name(req));
    let psk: string | undefined;
    if (q.data.includePsk === '1') {
      requireScope(req, 'secrets');
      psk = String((await resources.getWithSecrets('site', site.name)).psk ?? '');
      await writeAudit(db, { actor: actorOf(req), action: 'export-psk', resourceType: 'site', resourceName: site.name, before: null, after: { format: q.data.format } });
    }
    reply.type('text/plain; charset=utf-8');
    if (q.data.format === 'swanctl') return exportSwanctlConf(site, peer, gateway, psk ? { psk } : {});
    return exportParameterSheet(site, peer, gateway, { vendor: q.data.vendor ?? peer.vendor, lang: q.data.lang, ...(psk ? { psk } : {}) }).markdown;
  });
}
