/**
 * DDNS over the API: the fields each protocol needs are required with a 400 naming them, the secret is
 * write-only, a WAN link's address probe must be an http(s) URL, and the publishers' last results are
 * served at /api/ddns-status, WAN health at /api/wan-status and both in /api/status, to signed-in
 * administrators only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';

const paths = (j: { issues?: Array<{ path: string }> }) => (j.issues ?? []).map((i) => i.path).sort();

test('DDNS providers: per-kind required fields, write-only secret; the DDNS and WAN health status routes', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  assert.equal((await new Client(d.url).req('GET', '/api/ddns-status')).status, 401);
  await c.login();
  const bad = await c.req('POST', '/api/gateways', { name: 'hq', wanLinks: [{ name: 'wan1', interface: 'eth0', addressProbe: 'ftp://198.18.0.9/ip' }] });
  assert.equal(bad.status, 400);
  assert.deepEqual(paths(bad.json), ['wanLinks.0.addressProbe']);
  assert.equal((await c.req('POST', '/api/gateways', { name: 'hq', wanLinks: [{ name: 'wan1', interface: 'eth0', addressProbe: 'https://ip.example.org/' }] })).status, 201);

  const base = { gateway: 'hq', wanLink: 'wan1', kind: 'rfc2136', hostname: 'hq.corridor.test', secret: 'c2VjcmV0LWtleS1ieXRlcw==' };
  const missing = await c.req('POST', '/api/ddns', { name: 'bind', ...base });
  assert.equal(missing.status, 400);
  assert.deepEqual(paths(missing.json), ['server', 'username', 'zone']);
  const outside = await c.req('POST', '/api/ddns', { name: 'bind', ...base, zone: 'other.test', server: '198.18.0.53', username: 'corridor-ddns' });
  assert.equal(outside.status, 400);
  assert.deepEqual(paths(outside.json), ['hostname']);
  const made = await c.req('POST', '/api/ddns', { name: 'bind', ...base, zone: 'corridor.test', server: '198.18.0.53', username: 'corridor-ddns' });
  assert.equal(made.status, 201, JSON.stringify(made.json));
  assert.equal(made.json.secretSet, true);
  assert.equal('secret' in made.json, false);

  const status = await c.req('GET', '/api/ddns-status');
  assert.equal(status.status, 200);
  assert.ok(Array.isArray(status.json.items) && Array.isArray(status.json.links));
  const wan = await c.req('GET', '/api/wan-status');
  assert.equal(wan.status, 200);
  assert.ok(Array.isArray(wan.json.items));
  const overall = await c.req('GET', '/api/status');
  assert.deepEqual(Object.keys(overall.json.ddns).sort(), ['failed', 'pending', 'published', 'stale']);
  assert.deepEqual(Object.keys(overall.json.wan).sort(), ['degraded', 'down', 'links', 'up']);
  assert.equal((await new Client(d.url).req('GET', '/api/wan-status')).status, 401);
});
