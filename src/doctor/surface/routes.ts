/** The doctor's API: gateway check, one connection, pasted logs, mirror check, catalog. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { validationError, zodIssues } from '../../core/errors.js';
import { SettingsSyntaxError } from '../checks/mirror/index.js';
import type { PeerSide } from '../checks/mirror/index.js';
import type { Doctor } from './doctor.js';
import { fromZod, json, object } from '../../api/openapi.js';

const lang = z.enum(['en', 'zh-CN']).default('en');
const langQuery = z.object({ lang }).loose();

export const logsBody = z.object({
  files: z.array(z.object({ name: z.string().min(1).max(255), text: z.string().max(50_000_000) })).min(1).max(8),
  lang,
});

export const mirrorBody = z.object({
  format: z.enum(['swanctl', 'ipsec', 'params']),
  text: z.string().max(1_000_000).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  /** file name shown in evidence */
  file: z.string().min(1).max(255).optional(),
  lang,
}).superRefine((b, ctx) => {
  if (b.format === 'params' && !b.params) ctx.addIssue({ code: 'custom', path: ['params'], message: 'required when format is "params"' });
  if (b.format !== 'params' && b.text === undefined) ctx.addIssue({ code: 'custom', path: ['text'], message: `required when format is "${b.format}"` });
});

const strings = { type: 'array', items: { type: 'string' } };
const finding = object({
  code: { type: 'string', description: 'fault code (GET /api/doctor/catalog)' }, title: { type: 'string' }, severity: { type: 'string' },
  confidence: { type: 'number' }, evidence: { type: 'array', items: { type: 'object', additionalProperties: true } }, causes: strings, actions: strings,
}, ['code', 'title', 'severity', 'confidence', 'evidence', 'causes', 'actions']);
const report = (description: string) => ({ 200: json(description, object({ findings: { type: 'array', items: finding } }, ['findings'])) });
const langQuerySchema = fromZod(z.object({ lang }), 'input');

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value ?? {});
  if (!r.success) throw validationError(zodIssues(r.error));
  return r.data;
}

export function doctorRoutes(app: FastifyInstance, doctor: Doctor): void {
  const tags = ['doctor'];
  app.get('/api/doctor', { schema: { tags, summary: 'Whole gateway: host checks, connection states, recent engine logs', querystring: langQuerySchema, response: report('Findings') } }, async (req) =>
    doctor.gateway(parse(langQuery, req.query).lang));
  app.get('/api/doctor/connections/:name', { schema: { tags, summary: 'One site connection or remote-access server: state, logs, probes', querystring: langQuerySchema, response: report('Findings') } }, async (req) =>
    doctor.connection((req.params as { name: string }).name, parse(langQuery, req.query).lang));
  app.post('/api/doctor/logs', { schema: { tags, summary: 'Diagnose pasted logs; two ends of one tunnel are correlated', body: fromZod(logsBody, 'input'), response: report('Findings') }, bodyLimit: 64 * 1024 * 1024 }, async (req) => {
    const b = parse(logsBody, req.body);
    return doctor.logs(b.files, b.lang);
  });
  app.post('/api/doctor/mirror/:site', { schema: { tags, summary: "Mirror check of a site against the peer's configuration", description: 'format "swanctl" or "ipsec": the peer\'s configuration file in `text`; format "params": its settings in `params`.', body: fromZod(mirrorBody, 'input'), response: report('Mismatches, pair by pair') } }, async (req) => {
    const b = parse(mirrorBody, req.body);
    const side: PeerSide = b.format === 'params' ? { format: 'params', params: b.params } : { format: b.format, text: b.text ?? '', ...(b.file ? { file: b.file } : {}) };
    try {
      return await doctor.mirror((req.params as { site: string }).site, side, b.lang);
    } catch (e) {
      if (e instanceof SettingsSyntaxError) throw validationError([{ path: 'text', message: e.message }]);
      if (e instanceof z.ZodError) throw validationError(zodIssues(e).map((i) => ({ ...i, path: `params.${i.path}` })));
      if (e instanceof Error && /no conn|no connection/.test(e.message)) throw validationError([{ path: 'text', message: e.message }]);
      throw e;
    }
  });
  app.get('/api/doctor/catalog', { schema: { tags, summary: 'Every fault code with its meaning, causes and fixes', querystring: langQuerySchema, response: { 200: json('The catalog', object({ entries: { type: 'array', items: object({ code: { type: 'string' }, severity: { type: 'string' }, title: { type: 'string' }, meaning: { type: 'string' }, causes: strings, actions: strings }, ['code', 'severity', 'title', 'meaning', 'causes', 'actions']) } }, ['entries'])) } } }, async (req) =>
    ({ entries: doctor.catalog(parse(langQuery, req.query).lang) }));
}
