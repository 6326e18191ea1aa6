/**
 * Behind a reverse proxy: X-Forwarded-For/-Proto are believed only from the configured proxies (off by
 * default), and then decide the client address for rate limits and audit and make the session cookie
 * Secure. Security headers on every answer; /metrics only for this host or a token with the metrics scope.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';

const CLIENT_A = '198.18.0.10';
const CLIENT_B = '198.18.0.11';

async function loginEventIp(c: Client): Promise<string> {
  const events = await c.req('GET', '/api/events?kind=admin.login&limit=1');
  return events.json.items[0].detail.ip;
}

async function auditIp(c: Client, group: string): Promise<string> {
  const audit = await c.req('GET', `/api/audit?resource=group&name=${group}&limit=1`);
  return audit.json.items[0].ip;
}

/** Statuses of `n` public requests, each from the given X-Forwarded-For. */
async function openapiStatuses(base: string, forwardedFor: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await fetch(`${base}/api/openapi.json`, { headers: { 'x-forwarded-for': forwardedFor } })).status);
  return out;
}

test('by default no proxy is trusted: X-Forwarded-For changes neither audit, events nor rate limits, and the cookie is not Secure', async (t) => {
  const d = await testDaemon(t, { rateLimit: 10 });
  const c = new Client(d.url);
  const login = await c.req('POST', '/api/auth/login', { username: 'admin', password: 'correct-horse-battery' }, { 'x-forwarded-for': CLIENT_A });
  assert.equal(login.status, 200);
  c.csrf = login.json.csrfToken;
  assert.doesNotMatch(login.headers.get('set-cookie') ?? '', /Secure/i);
  assert.equal(await loginEventIp(c), '127.0.0.1');
  assert.equal((await c.req('POST', '/api/groups', { name: 'staff' }, { 'x-forwarded-for': CLIENT_A })).status, 201);
  assert.equal(await auditIp(c, 'staff'), '127.0.0.1');

  // the limit (10 a minute) is per socket address: a new X-Forwarded-For buys nothing
  const statuses = [...(await openapiStatuses(d.url, CLIENT_A, 8)), ...(await openapiStatuses(d.url, CLIENT_B, 2))];
  assert.ok(statuses.includes(429), `statuses ${statuses.join(',')}`);
});

test('a proxy only at another address is not believed either', async (t) => {
  const d = await testDaemon(t, { trustedProxies: ['198.18.0.1'] });
  const c = new Client(d.url);
  assert.equal((await c.req('POST', '/api/auth/login', { username: 'admin', password: 'correct-horse-battery' }, { 'x-forwarded-for': CLIENT_A })).status, 200);
  assert.equal(await loginEventIp(c), '127.0.0.1');
});

test('a trusted proxy: its client address is used for audit, events and rate limits, and the cookie is Secure', async (t) => {
  const d = await testDaemon(t, { rateLimit: 10, trustedProxies: ['127.0.0.1'] });
  const c = new Client(d.url);
  const login = await c.req('POST', '/api/auth/login', { username: 'admin', password: 'correct-horse-battery' }, { 'x-forwarded-for': CLIENT_A, 'x-forwarded-proto': 'https' });
  assert.equal(login.status, 200);
  c.csrf = login.json.csrfToken;
  assert.match(login.headers.get('set-cookie') ?? '', /;\s*Secure/i);
  assert.equal(await loginEventIp(c), CLIENT_A);
  assert.equal((await c.req('POST', '/api/groups', { name: 'staff' }, { 'x-forwarded-for': CLIENT_A })).status, 201);
  assert.equal(await auditIp(c, 'staff'), CLIENT_A);

  const other = '198.18.0.12';
  const a = await openapiStatuses(d.url, other, 11);
  assert.equal(a.at(-1), 429, `one client over the limit: ${a.join(',')}`);
  assert.deepEqual(await openapiStatuses(d.url, CLIENT_B, 3), [200, 200, 200], 'another client behind the same proxy is not limited by it');
});

test('security headers on the console, the docs, the API and its errors', async (t) => {
  const d = await testDaemon(t);
  for (const path of ['/', '/api/openapi.json', '/api/docs/', '/api/users', '/no-such-page']) {
    const r = await fetch(d.url + path);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.match(csp, /default-src 'self'/, path);
    assert.match(csp, /script-src 'self'(;|$)/, `${path}: no inline or remote script`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer', path);
  }
});

test('/metrics answers this host, or a token with the metrics scope; configurable to tokens only', async (t) => {
  const d = await testDaemon(t);
  const admin = new Client(d.url);
  await admin.login();
  const token = async (scopes: string[]) => (await admin.req('POST', '/api/tokens', { name: scopes.join('+'), scopes })).json.token as string;
  const metricsToken = await token(['metrics']);
  const readToken = await token(['read']);
  const scrape = (headers: Record<string, string> = {}) => fetch(`${d.url}/metrics`, { headers });

  const local = await scrape();
  assert.equal(local.status, 200);
  assert.match(await local.text(), /corridor_http_requests_total/);
  // forwarded by a proxy (even one on this host): not a local client any more
  assert.equal((await scrape({ 'x-forwarded-for': CLIENT_A })).status, 401);
  assert.equal((await scrape({ 'x-forwarded-for': CLIENT_A, authorization: `Bearer ${readToken}` })).status, 403);
  assert.equal((await scrape({ 'x-forwarded-for': CLIENT_A, authorization: `Bearer ${metricsToken}` })).status, 200);
  const reader = new Client(d.url, metricsToken);
  assert.equal((await reader.req('GET', '/api/users')).status, 403, 'the metrics scope reads nothing else');

  const strict = await testDaemon(t, { metrics: { loopback: false } });
  assert.equal((await fetch(`${strict.url}/metrics`)).status, 401);
});

test('a local scraper is never rate-limited; a forwarded one counts like any client', async (t) => {
  const d = await testDaemon(t, { rateLimit: 10, trustedProxies: ['127.0.0.1'] });
  const admin = new Client(d.url);
  await admin.login();
  const token = (await admin.req('POST', '/api/tokens', { name: 'prometheus', scopes: ['metrics'] })).json.token as string;
  const local: number[] = [];
  for (let i = 0; i < 12; i++) local.push((await fetch(`${d.url}/metrics`)).status);
  assert.deepEqual([...new Set(local)], [200]);
  const remote: number[] = [];
  for (let i = 0; i < 12; i++) remote.push((await fetch(`${d.url}/metrics`, { headers: { 'x-forwarded-for': CLIENT_A, authorization: `Bearer ${token}` } })).status);
  assert.equal(remote[0], 200);
  assert.equal(remote.at(-1), 429, remote.join(','));
});
