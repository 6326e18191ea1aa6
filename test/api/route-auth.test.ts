/**
 * No way in without credentials, whatever the URL spelling. Every route of the OpenAPI document (and the
 * hidden /metrics) is requested with no credentials, in every spelling a router or a proxy might treat
 * differently from a string test: plain, each character percent-encoded in turn, doubled slashes, a
 * trailing slash, `;` parameters, mixed case, `..` segments. The answer must be 401, 403 or 404: never
 * 2xx (a way in), never 400 (a handler ran on the body) and never 5xx.
 * Requests go through node:http so the path is sent byte for byte (fetch would normalise it first).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { testDaemon, Client } from '../support/daemon.js';

/**
 * Public on purpose: the login itself, the logout (which only ends the caller's own session) and the one-time
 * profile link (its token is the credential; test/api/profile-links.test.ts covers it).
 */
const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/auth/logout', 'GET /p/{token}', 'HEAD /p/{token}']);
/** Routes the OpenAPI document hides but that need credentials. */
const HIDDEN = ['GET /metrics'];

/** Every spelling of one path that must be refused like the plain one. */
export function spellings(path: string): string[] {
  const out = new Set<string>([path, `${path}/`, path.toUpperCase(), path.replace(/\/(\w)/g, (_, c: string) => `/${c.toUpperCase()}`)]);
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (c !== '/') out.add(path.slice(0, i) + `%${c.charCodeAt(0).toString(16).padStart(2, '0')}` + path.slice(i + 1));
    else out.add(`${path.slice(0, i)}//${path.slice(i + 1)}`);
  }
  const segments = path.split('/').slice(1);
  segments.forEach((_, i) => {
    const before = segments.slice(0, i).map((s) => `/${s}`).join('');
    const after = segments.slice(i).map((s) => `/${s}`).join('');
    out.add(`${before}/x/..${after}`);
    out.add(`${before}/%2e%2e${after}`);
    out.add(`${before}/.${after}`);
    const withParam = [...segments];
    withParam[i] = `${withParam[i]};x=1`;
    out.add(`/${withParam.join('/')}`);
    const upper = [...segments];
    upper[i] = upper[i]!.toUpperCase();
    out.add(`/${upper.join('/')}`);
  });
  out.add(`/ap%69${path.slice(4)}//`);
  return [...out];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function raw(base: string, method: string, path: string, body?: string): Promise<{ status: number; text: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, agent, timeout: 2_000, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      // the live feed never ends: its status is the answer
      if (res.headers['content-type']?.startsWith('text/event-stream')) {
        req.destroy();
        return resolve({ status: res.statusCode!, text: 'event stream' });
      }
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    // a refusal is immediate; a request left open (the live feed answering HEAD) got in
    req.on('timeout', () => {
      req.destroy();
      resolve({ status: 0, text: 'no answer within 2 s' });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

test('every route refuses a request without credentials, in every URL spelling', async (t) => {
  // metrics.loopback off: /metrics is then a credentials-only route like the rest (its loopback rule is tested elsewhere)
  const d = await testDaemon(t, { rateLimit: 1_000_000, metrics: { loopback: false } });
  t.after(() => agent.destroy());
  const doc = JSON.parse((await raw(d.url, 'GET', '/api/openapi.json')).text) as { paths: Record<string, Record<string, unknown>> };
  const operations: Array<[string, string]> = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) {
      const concrete = path.replace(/\{[^}]+\}/g, 'probe');
      if (PUBLIC.has(`${method.toUpperCase()} ${path}`)) continue;
      operations.push([method.toUpperCase(), concrete]);
      if (method === 'get') operations.push(['HEAD', concrete]);
    }
  }
  for (const h of HIDDEN) operations.push(h.split(' ') as [string, string]);
  assert.ok(operations.length > 100, `the OpenAPI document lists the API (${operations.length} operations)`);
  assert.ok(operations.some(([m, p]) => m === 'POST' && p === '/api/admins'));

  // a body that a handler would accept: a bypass shows as 201, not as a validation error
  const body = JSON.stringify({ username: 'intruder', password: 'intruder-password-1', name: 'intruder', scopes: ['admin'], server: 'probe' });
  const wrong: string[] = [];
  let requests = 0;
  for (const [method, path] of operations) {
    const variants = spellings(path);
    for (let i = 0; i < variants.length; i += 4) {
      const batch = variants.slice(i, i + 4);
      const answers = await Promise.all(batch.map((p) => raw(d.url, method, p, method === 'GET' || method === 'HEAD' || method === 'DELETE' ? undefined : body)));
      answers.forEach((a, j) => {
        requests++;
        if (![401, 403, 404].includes(a.status)) wrong.push(`${method} ${batch[j]} -> ${a.status} ${a.text.slice(0, 60).replace(/\s+/g, ' ')}`);
      });
    }
  }
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${requests} requests got in or failed`);
  assert.ok(requests > 3000, `walked ${requests} requests`);

  const c = new Client(d.url);
  await c.login();
  const admins = await c.req('GET', '/api/admins');
  assert.deepEqual(admins.json.items.map((a: { username: string }) => a.username), ['admin'], 'no administrator was created');
  assert.equal((await c.login('intruder', 'intruder-password-1')).status, 401);
});

test('the public routes answer without credentials', async (t) => {
  const d = await testDaemon(t);
  assert.equal((await raw(d.url, 'GET', '/api/openapi.json')).status, 200);
  assert.equal((await raw(d.url, 'GET', '/api/docs/')).status, 200);
  // an unknown link is refused as expired (410), not as unauthenticated: the route runs without credentials
  assert.equal((await raw(d.url, 'GET', '/p/probe')).status, 410);
  assert.equal((await raw(d.url, 'HEAD', '/p/probe')).status, 410);
  const login = await raw(d.url, 'POST', '/api/auth/login', JSON.stringify({ username: 'admin', password: 'wrong-password' }));
  assert.equal(login.status, 401);
  assert.equal(JSON.parse(login.text).error, 'invalid-credentials', 'the login handler ran (no credentials needed to reach it)');
  const index = await raw(d.url, 'GET', '/');
  assert.equal(index.status, 200, 'the console (or its not-built page) loads without a session');
  assert.equal((await raw(d.url, 'GET', '/api/users')).status, 401);
});

test('the spellings cover the ways around a string test', () => {
  const s = spellings('/api/admins');
  for (const expected of ['/api/admins', '/ap%69/admins', '//api/admins', '/api//admins', '/api/admins/', '/API/admins', '/Api/Admins', '/api;x=1/admins', '/x/../api/admins', '/api/%2e%2e/admins', '/api/./admins']) {
    assert.ok(s.includes(expected), expected);
  }
});
