import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as OTPAuth from 'otpauth';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { testDaemon, Client, ADMIN_PASSWORD } from '../support/daemon.js';

test('session login, CSRF on changes, logout', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  assert.equal((await c.req('GET', '/api/gateways')).status, 401);
  const login = await c.login();
  assert.equal(login.status, 200);
  assert.match(login.headers.get('set-cookie') ?? '', /HttpOnly/i);
  assert.match(login.headers.get('set-cookie') ?? '', /SameSite=Strict/i);
  assert.equal((await c.req('GET', '/api/gateways')).status, 200);
  const noCsrf = await c.req('POST', '/api/groups', { name: 'staff' }, { 'x-csrf-token': 'wrong' });
  assert.equal(noCsrf.status, 403);
  assert.equal(noCsrf.json.error, 'csrf');
  assert.equal((await c.req('POST', '/api/groups', { name: 'staff' })).status, 201);
  await c.req('POST', '/api/auth/logout');
  assert.equal((await c.req('GET', '/api/groups')).status, 401);
});

test('lockout after 5 failures within the window, reported clearly, even for the right password', async (t) => {
  const d = await testDaemon(t, { lockout: { maxFailures: 5, windowSeconds: 300, lockSeconds: 2 } });
  const c = new Client(d.url);
  const remaining: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await c.login('admin', 'wrong-password');
    assert.equal(r.status, 401);
    remaining.push(r.json.remaining);
  }
  assert.deepEqual(remaining, [4, 3, 2, 1]);
  const fifth = await c.login('admin', 'wrong-password');
  assert.equal(fifth.status, 423);
  assert.equal(fifth.json.error, 'locked');
  assert.ok(Date.parse(fifth.json.until) > Date.now());
  const right = await c.login('admin', ADMIN_PASSWORD);
  assert.equal(right.status, 423, 'locked even with the right password');
  // the lock expires by itself (2 s here); bounded wait
  const deadline = Date.now() + 10_000;
  let ok = 0;
  while (Date.now() < deadline && ok !== 200) {
    await new Promise((r) => setTimeout(r, 250));
    ok = (await c.login('admin', ADMIN_PASSWORD)).status;
  }
  assert.equal(ok, 200);
  const events = await c.req('GET', '/api/events?kind=admin.login-failed');
  assert.ok(events.json.items.length >= 5);
});

test('TOTP as second factor; API tokens keep working with TOTP on and respect scopes', async (t) => {
  // the daemon's clock (Date only) frozen mid-step: codes are made for the time the daemon checks them
  t.mock.timers.enable({ apis: ['Date'], now: Math.floor(Date.now() / 30_000) * 30_000 + 15_000 });
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  const setup = await c.req('POST', '/api/auth/totp/setup');
  assert.equal(setup.status, 200);
  assert.match(setup.json.qrDataUrl, /^data:image\/png;base64,/);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.json.secret), digits: 6, period: 30 });
  const valid = new Set([-30_000, 0, 30_000].map((dt) => totp.generate({ timestamp: Date.now() + dt })));
  const wrong = ['000000', '111111', '222222', '333333'].find((code) => !valid.has(code))!;
  assert.equal((await c.req('POST', '/api/auth/totp/enable', { code: wrong })).status, 400);
  const enrolCode = totp.generate();
  assert.equal((await c.req('POST', '/api/auth/totp/enable', { code: enrolCode })).status, 200);

  const ro = await c.req('POST', '/api/tokens', { name: 'grafana', scopes: ['read'] });
  const rw = await c.req('POST', '/api/tokens', { name: 'terraform', scopes: ['read', 'write'] });
  assert.equal(ro.status, 201);
  assert.match(ro.json.token, /^cor_/);

  const fresh = new Client(d.url);
  const noCode = await fresh.login();
  assert.equal(noCode.status, 401);
  assert.equal(noCode.json.error, 'totp-required');
  assert.equal((await fresh.login('admin', ADMIN_PASSWORD, '12345x')).status, 401);
  assert.equal((await fresh.login('admin', ADMIN_PASSWORD, enrolCode)).status, 401, 'a code already used cannot be replayed');
  // the next step's code (accepted within the ±1 step window) has not been used yet
  assert.equal((await fresh.login('admin', ADMIN_PASSWORD, totp.generate({ timestamp: Date.now() + 30_000 }))).status, 200);

  const reader = new Client(d.url, ro.json.token);
  assert.equal((await reader.req('GET', '/api/groups')).status, 200);
  const denied = await reader.req('POST', '/api/groups', { name: 'x' });
  assert.equal(denied.status, 403);
  assert.equal(denied.json.error, 'scope');
  const writer = new Client(d.url, rw.json.token);
  assert.equal((await writer.req('POST', '/api/groups', { name: 'ops' })).status, 201, 'token works without TOTP or CSRF');
  assert.equal((await writer.req('GET', '/api/tokens')).status, 403, 'managing tokens needs the admin scope');
  assert.equal((await c.req('DELETE', `/api/tokens/${rw.json.id}`)).status, 200);
  assert.equal((await writer.req('GET', '/api/groups')).status, 401, 'revoked token refused');
  assert.equal((await new Client(d.url, 'cor_000000000000_' + 'A'.repeat(32)).req('GET', '/api/groups')).status, 401);

  const audit = await c.req('GET', '/api/audit?resource=group');
  assert.equal(audit.json.items[0].actor, 'admin (token)');
});

test('the data directory, database, master key and CLI token are private to root', async (t) => {
  const d = await testDaemon(t);
  // on PostgreSQL the database is the server's, not a file in the data directory
  for (const f of ['', ...(d.store.dialect === 'sqlite' ? ['corridor.db'] : []), 'master.key', 'cli.token']) {
    const mode = statSync(join(d.config.dataDir, f)).mode & 0o777;
    assert.equal(mode & 0o077, 0, `${f || 'data dir'} has mode ${mode.toString(8)}`);
  }
});

test('OpenAPI document and offline docs page', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  const doc = await c.req('GET', '/api/openapi.json');
  assert.equal(doc.status, 200);
  assert.ok(doc.json.paths['/api/sites']?.post, 'site creation documented');
  assert.ok(doc.json.paths['/api/sites']?.post?.requestBody, 'with its body schema');
  const docs = await c.req('GET', '/api/docs/');
  assert.equal(docs.status, 200);
  assert.match(docs.text, /swagger/i);
  assert.doesNotMatch(docs.text, /https?:\/\/(cdn|unpkg|fonts)\./, 'no CDN');
});
