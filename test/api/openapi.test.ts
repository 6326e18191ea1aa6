/**
 * The OpenAPI document describes the whole API: every operation has a success answer with a schema (never
 * Fastify's bare "Default Response"), every `{param}` of its path is a documented path parameter, and the
 * query parameters and body fields the handlers read (listed below from the route files) are documented.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon } from '../support/daemon.js';

interface Parameter { in: string; name: string }
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

/** Query parameters each handler reads (req.query). */
const QUERIES: Record<string, string[]> = {
  'GET /api/events': ['kind', 'subject', 'source', 'since', 'limit'],
  'GET /api/audit': ['actor', 'resource', 'resourceType', 'name', 'since', 'limit'],
  'GET /api/engine-logs': ['instance', 'connection', 'contains', 'limit'],
  'GET /api/pki/certificates': ['ca', 'kind'],
  'GET /api/sites/{name}/export': ['format', 'vendor', 'lang', 'includePsk'],
  'GET /api/doctor': ['lang'],
  'GET /api/doctor/connections/{name}': ['lang'],
  'GET /api/doctor/catalog': ['lang'],
};

/** Body fields handlers read field by field (the resource bodies come from the kinds' zod schemas). */
const BODIES: Record<string, string[]> = {
  'POST /api/auth/login': ['username', 'password', 'totp'],
  'PUT /api/auth/me/lang': ['lang'],
  'POST /api/auth/totp/enable': ['code'],
  'POST /api/auth/totp/disable': ['password'],
  'POST /api/users/{username}/totp/confirm': ['code'],
  'POST /api/users/{username}/profile': ['server'],
  'POST /api/users/{username}/profile-links': ['server'],
  'POST /api/sites/{name}/psk': ['psk'],
  'POST /api/pki/certificates/{name}/revoke': ['reason'],
  'POST /api/doctor/mirror/{site}': ['format', 'text', 'params', 'file', 'lang'],
  'POST /api/doctor/logs': ['files', 'lang'],
  'POST /api/pki/inspect': ['files', 'trusted', 'ca'],
  'POST /api/pki/import-easyrsa': ['dir', 'files', 'passphrase', 'ca'],
  'POST /api/tokens': ['name', 'scopes'],
  'POST /api/sites': ['name', 'gateway', 'peer'],
  'PATCH /api/users/{username}': ['username', 'password'],
};

/** Changes that read no body at all. */
const NO_BODY = new Set([
  'POST /api/auth/logout', 'POST /api/admins/{username}/unlock', 'POST /api/pki/certificates/{name}/renew', 'POST /api/sites/{name}/initiate',
  'POST /api/sites/{name}/terminate', 'POST /api/sites/{name}/reset', 'POST /api/users/{username}/unlock', 'POST /api/users/{username}/disconnect',
  'POST /api/users/{username}/totp',
]);

test('every operation in the OpenAPI document has a success schema, its path parameters, queries and body', async (t) => {
  const d = await testDaemon(t);
  const doc = (await (await fetch(`${d.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const id = `${method.toUpperCase()} ${path}`;
      seen.add(id);
      const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      if (!success.length) problems.push(`${id}: no 2xx response`);
      for (const [status, r] of success) {
        if (!r.description || r.description === 'Default Response') problems.push(`${id} ${status}: no description of the answer`);
        const schemas = Object.values(r.content ?? {}).map((c) => c.schema).filter((s) => s && Object.keys(s).length > 0);
        if (!schemas.length) problems.push(`${id} ${status}: no response schema`);
      }
      const params = op.parameters ?? [];
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!params.some((p) => p.in === 'path' && p.name === name)) problems.push(`${id}: path parameter "${name}" undocumented`);
      }
      for (const q of QUERIES[id] ?? []) {
        if (!params.some((p) => p.in === 'query' && p.name === q)) problems.push(`${id}: query parameter "${q}" undocumented`);
      }
      if (['post', 'put', 'patch'].includes(method) && !NO_BODY.has(id)) {
        const body = op.requestBody?.content['application/json']?.schema;
        if (!body) problems.push(`${id}: body undocumented`);
        for (const f of BODIES[id] ?? []) if (!body?.properties?.[f]) problems.push(`${id}: body field "${f}" undocumented`);
      }
    }
  }
  for (const id of [...Object.keys(QUERIES), ...Object.keys(BODIES), 'GET /p/{token}', 'HEAD /p/{token}']) {
    if (!seen.has(id)) problems.push(`${id}: not in the document`);
  }
  assert.deepEqual(problems, []);
  assert.ok(seen.size > 100, `${seen.size} operations`);

  // the one-time link is documented with the answers its users meet, and stays public
  const link = doc.paths['/p/{token}']!;
  for (const method of ['get', 'head']) {
    assert.deepEqual(Object.keys(link[method]!.responses!).sort(), ['200', '409', '410'], method);
    assert.ok(link[method]!.responses!['200']!.content!['application/x-openvpn-profile'], method);
  }
  assert.equal((await fetch(`${d.url}/p/not-a-token`)).status, 410);
});
