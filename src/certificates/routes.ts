import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CertificateService } from './service.js';
import { caInput, certInput, importInput } from './service.js';
import { actorOf } from '../api/auth-hooks.js';
import { inspect } from '../pki/index.js';
import { validationError, zodIssues } from '../core/errors.js';
import { fromZod, items, json, object, text } from '../api/openapi.js';

const PEM = 'application/x-pem-file';
const nullableString = { type: ['string', 'null'] };
const certificate = object({
  name: { type: 'string' }, ca: { type: 'string' }, kind: { type: 'string', enum: ['server', 'client', 'ike'] }, subject: { type: 'string' }, serial: { type: 'string' },
  notAfter: { type: 'string', format: 'date-time' }, revokedAt: nullableString, revokeReason: nullableString, hasKey: { type: 'boolean' },
  renewalDue: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' },
}, ['name', 'ca', 'kind', 'subject', 'serial', 'notAfter', 'revokedAt', 'hasKey', 'renewalDue']);
const revokeBody = { type: 'object', properties: { reason: { type: 'string', description: 'why (kept with the revocation)' } } };

export const inspectBody = z.object({
  files: z.array(z.object({ name: z.string().max(200), data: z.string().max(4_000_000), encoding: z.enum(['utf8', 'pem', 'base64']).default('utf8') })).min(1).max(50),
  trusted: z.array(z.string()).max(10).optional(),
  /** also trust and apply the named Corridor CA and its CRL */
  ca: z.string().max(48).optional(),
});

export function certificateRoutes(app: FastifyInstance, certs: CertificateService): void {
  const tags = ['pki'];
  app.get('/api/pki/cas', { schema: { tags, summary: 'Certificate authorities', response: { 200: json('CAs', items(object({ name: { type: 'string' }, crlNumber: { type: 'integer' }, createdAt: { type: 'string' }, certPem: { type: 'string' } }, ['name', 'certPem']))) } } }, async () => ({ items: await certs.listCas() }));
  app.post('/api/pki/cas', { schema: { tags, summary: 'Create a CA', body: z.toJSONSchema(caInput, { io: 'input' }), response: { 201: json('Created', object({ name: { type: 'string' }, subject: { type: 'string' }, serial: { type: 'string' }, notAfter: { type: 'string', format: 'date-time' }, keyType: { type: 'string' } }, ['name', 'subject', 'serial', 'notAfter'])) } } }, async (req, reply) => {
    reply.status(201);
    return certs.createCa(req.body, actorOf(req));
  });
  app.get('/api/pki/cas/:name/certificate', { schema: { tags, summary: "A CA's certificate", response: { 200: text(PEM, 'PEM certificate') } } }, async (req, reply) => {
    reply.type('application/x-pem-file');
    return certs.caPem((req.params as { name: string }).name);
  });
  app.get('/api/pki/crl/:ca', { schema: { tags, summary: "A CA's current CRL", response: { 200: text(PEM, 'PEM CRL') } } }, async (req, reply) => {
    reply.type('application/x-pem-file');
    return certs.crl((req.params as { ca: string }).ca);
  });
  app.get('/api/pki/certificates', { schema: { tags, summary: 'Issued certificates', querystring: { type: 'object', properties: { ca: { type: 'string', description: 'only this CA\'s' }, kind: { type: 'string', enum: ['server', 'client', 'ike'] } } }, response: { 200: json('Certificates', items(certificate)) } } }, async (req) => {
    const q = req.query as { ca?: string; kind?: string };
    return { items: await certs.list(q) };
  });
  app.post('/api/pki/certificates', { schema: { tags, summary: 'Issue a certificate', body: z.toJSONSchema(certInput, { io: 'input' }), response: { 201: json('Issued', certificate) } } }, async (req, reply) => {
    reply.status(201);
    return certs.issue(req.body, actorOf(req));
  });
  app.get('/api/pki/certificates/:name', { schema: { tags, summary: 'One certificate, with its PEM', response: { 200: json('The certificate', object({ ...(certificate.properties as object), certPem: { type: 'string' } }, ['name', 'certPem'])) } } }, async (req) => certs.get((req.params as { name: string }).name));
  app.post('/api/pki/certificates/:name/revoke', { schema: { tags, summary: 'Revoke a certificate (the CRL is republished)', body: revokeBody, response: { 200: json('Revoked', certificate) } } }, async (req) =>
    certs.revoke((req.params as { name: string }).name, (req.body as { reason?: string } | undefined)?.reason, actorOf(req)));
  app.post('/api/pki/certificates/:name/renew', { schema: { tags, summary: 'Renew a certificate', response: { 200: json('Renewed', certificate) } } }, async (req) => certs.renew((req.params as { name: string }).name, actorOf(req)));
  app.post('/api/pki/inspect', { schema: { tags, summary: 'Inspect certificates, keys, CRLs and .ovpn bundles; reports problems by doctor code', body: fromZod(inspectBody, 'input'), response: { 200: json('What was found', object({ objects: { type: 'array', items: { type: 'object', additionalProperties: true } }, problems: { type: 'array', items: { type: 'object', additionalProperties: true } }, errors: { type: 'array', items: { type: 'object', additionalProperties: true }, description: 'inputs that could not be read' } }, ['objects', 'problems', 'errors'])) } } }, async (req) => {
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
  app.post('/api/pki/import-easyrsa', { schema: { tags, summary: 'Import an easy-rsa 3 PKI directory on the gateway (CA, issued certificates, revocations)', body: fromZod(importInput, 'input'), response: { 201: json('Imported', object({ ca: { type: 'string' }, certificates: { type: 'integer' }, revoked: { type: 'integer' }, warnings: { type: 'array', items: { type: 'string' } } }, ['ca', 'certificates', 'revoked', 'warnings'])) } }, config: { scope: 'admin' } }, async (req, reply) => {
    reply.status(201);
    return certs.importEasyRsa(req.body, actorOf(req));
  });
}
