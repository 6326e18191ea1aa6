import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CertificateService } from './service.js';
import { caInput, certInput } from './service.js';
import { actorOf } from '../api/auth-hooks.js';
import { inspect } from '../pki/index.js';
import { validationError, zodIssues } from '../core/errors.js';

export const inspectBody = z.object({
  files: z.array(z.object({ name: z.string().max(200), data: z.string().max(4_000_000), encoding: z.enum(['utf8', 'pem', 'base64']).default('utf8') })).min(1).max(50),
  trusted: z.array(z.string()).max(10).optional(),
  /** also trust and apply the named Corridor CA and its CRL */
  ca: z.string().max(48).optional(),
});

export function certificateRoutes(app: FastifyInstance, certs: CertificateService): void {
  const tags = ['pki'];
  app.get('/api/pki/cas', { schema: { tags } }, async () => ({ items: await certs.listCas() }));
  app.post('/api/pki/cas', { schema: { tags, body: z.toJSONSchema(caInput, { io: 'input' }) } }, async (req, reply) => {
    reply.status(201);
    return certs.createCa(req.body, actorOf(req));
  });
  app.get('/api/pki/cas/:name/certificate', { schema: { tags } }, async (req, reply) => {
    reply.type('application/x-pem-file');
    return certs.caPem((req.params as { name: string }).name);
  });
  app.get('/api/pki/crl/:ca', { schema: { tags } }, async (req, reply) => {
    reply.type('application/x-pem-file');
    return certs.crl((req.params as { ca: string }).ca);
  });
  app.get('/api/pki/certificates', { schema: { tags } }, async (req) => {
    const q = req.query as { ca?: string; kind?: string };
    return { items: await certs.list(q) };
  });
  app.post('/api/pki/certificates', { schema: { tags, body: z.toJSONSchema(certInput, { io: 'input' }) } }, async (req, reply) => {
    reply.status(201);
    return certs.issue(req.body, actorOf(req));
  });
  app.get('/api/pki/certificates/:name', { schema: { tags } }, async (req) => certs.get((req.params as { name: string }).name));
  app.post('/api/pki/certificates/:name/revoke', { schema: { tags } }, async (req) =>
    certs.revoke((req.params as { name: string }).name, (req.body as { reason?: string } | undefined)?.reason, actorOf(req)));
  app.post('/api/pki/certificates/:name/renew', { schema: { tags } }, async (req) => certs.renew((req.params as { name: string }).name, actorOf(req)));
  app.post('/api/pki/inspect', { schema: { tags, summary: 'Inspect certificates, keys, CRLs and .ovpn bundles; reports problems by doctor code' } }, async (req) => {
    const r = inspectBody.safeParse(req.body);
    if (!r.success) throw validationError(zodIssues(r.error));
    const trusted = [...(r.data.trusted ?? [])];
    const crls: string[] = [];
    if (r.data.ca) {
      trusted.push(await certs.caPem(r.data.ca));
      crls.push(await certs.crl(r.data.ca));
    }
    return inspect(r.data.files.map((f) => ({ name: f.name, data: f.encoding === 'base64' ? Buffer.from(f.data, 'base64') : f.data })), { trusted, crls });
  });
  app.post('/api/pki/import-easyrsa', { schema: { tags, summary: 'Import an easy-rsa 3 PKI directory on the gateway (CA, issued certificates, revocations)' }, config: { scope: 'admin' } }, async (req, reply) => {
    reply.status(201);
    return certs.importEasyRsa(req.body, actorOf(req));
  });
}
