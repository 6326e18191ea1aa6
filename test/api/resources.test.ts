/**
 * Resource routes over HTTP: PATCH as a JSON merge patch (null empties an optional field, the schema alone
 * decides what may be emptied) and the users list carrying every user's lockout state.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';
import { LoginFailures } from '../../src/store/login-failures.js';

test('PATCH with null removes optional fields, nested ones too, and keeps the rest', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  assert.equal((await c.req('POST', '/api/gateways', { name: 'hq', namespace: 'lab-ns', lanSubnets: ['198.18.10.0/24'], wanLinks: [{ name: 'wan1', interface: 'eth0', address: '198.18.0.1' }] })).status, 201);
  assert.equal((await c.req('POST', '/api/peers', { name: 'branch', vendor: 'strongswan', addresses: ['198.18.0.2'] })).status, 201);
  const site = { name: 'hq-branch', gateway: 'hq', peer: 'branch', psk: 'lab-psk-0123456789', localId: 'hq.example', mtu: 1400, localSubnets: ['198.18.10.0/24'], remoteSubnets: ['198.18.20.0/24'], dpd: { preset: 'standard', delay: 20 } };
  assert.equal((await c.req('POST', '/api/sites', site)).status, 201);
  assert.equal((await c.req('POST', '/api/users', { username: 'alice', displayName: 'Alice', email: 'alice@example.com', maxSessions: 3 })).status, 201);

  const gw = await c.req('PATCH', '/api/gateways/hq', { namespace: null, description: 'head office' });
  assert.equal(gw.status, 200, JSON.stringify(gw.json));
  assert.equal('namespace' in gw.json, false);
  assert.equal(gw.json.description, 'head office');
  assert.deepEqual(gw.json.lanSubnets, ['198.18.10.0/24']);

  const user = await c.req('PATCH', '/api/users/alice', { email: null, maxSessions: null });
  assert.equal(user.status, 200, JSON.stringify(user.json));
  assert.equal('email' in user.json, false);
  assert.equal('maxSessions' in user.json, false);
  assert.equal(user.json.displayName, 'Alice');

  // null inside an object removes that member only; a vendor-decided member is stored unset and its
  // effective value returns to the preset or Corridor's default
  const s = await c.req('PATCH', '/api/sites/hq-branch', { localId: null, mtu: null, dpd: { delay: null, action: null } });
  assert.equal(s.status, 200, JSON.stringify(s.json));
  assert.equal('localId' in s.json, false);
  assert.equal('mtu' in s.json, false);
  assert.deepEqual(s.json.dpd, { preset: 'standard' });
  assert.deepEqual(s.json.effective['dpd.action'], { value: 'restart', source: 'default' });
  assert.equal(s.json.pskSet, true, 'the PSK is untouched');

  const stored = await c.req('GET', '/api/sites/hq-branch');
  assert.equal('localId' in stored.json, false, 'the removal is stored, not only answered');

  const audit = await c.req('GET', '/api/audit?resource=user&limit=10');
  const change = audit.json.items.find((a: { action: string; resourceName: string }) => a.action === 'update' && a.resourceName === 'alice');
  assert.equal(change.before.email, 'alice@example.com');
  assert.equal(change.after.email, undefined);
});

test('PATCH with null on a required or write-only field is refused on that field, and nothing changes', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  await c.req('POST', '/api/gateways', { name: 'hq', lanSubnets: ['198.18.10.0/24'] });
  await c.req('POST', '/api/peers', { name: 'branch', vendor: 'strongswan', addresses: ['198.18.0.2'] });
  await c.req('POST', '/api/sites', { name: 'hq-branch', gateway: 'hq', peer: 'branch', psk: 'lab-psk-0123456789', localSubnets: ['198.18.10.0/24'], remoteSubnets: ['198.18.20.0/24'] });
  const before = (await c.req('GET', '/api/sites/hq-branch')).json;

  const required = await c.req('PATCH', '/api/sites/hq-branch', { remoteSubnets: null, mtu: 1400 });
  assert.equal(required.status, 400);
  assert.deepEqual(required.json.issues.map((i: { path: string }) => i.path), ['remoteSubnets']);

  const secret = await c.req('PATCH', '/api/sites/hq-branch', { psk: null });
  assert.equal(secret.status, 400);
  assert.deepEqual(secret.json.issues.map((i: { path: string }) => i.path), ['psk']);

  const key = await c.req('PATCH', '/api/sites/hq-branch', { name: null });
  assert.equal(key.status, 400);
  assert.deepEqual(key.json.issues.map((i: { path: string }) => i.path), ['name']);

  const after = (await c.req('GET', '/api/sites/hq-branch')).json;
  assert.deepEqual(after, before);
});

test('the users list carries each user’s lockout state, and unlocking shows in the next list', async (t) => {
  const d = await testDaemon(t, { lockout: { maxFailures: 3, windowSeconds: 300, lockSeconds: 300 } });
  const c = new Client(d.url);
  await c.login();
  for (const username of ['alice', 'bob', 'carol']) assert.equal((await c.req('POST', '/api/users', { username })).status, 201);
  // failed VPN logins are recorded by the OpenVPN authoriser; here they go straight into the same store
  const vpn = new LoginFailures(d.store.db, d.config.lockout, 'vpn');
  for (let i = 0; i < 3; i++) await vpn.record('alice', new Date(Date.now() - (3 - i) * 1000));
  await vpn.record('bob');
  // an admin with the same name is another principal family: it must not show on the VPN user
  await new LoginFailures(d.store.db, d.config.lockout, 'admin').record('carol');

  const list = await c.req('GET', '/api/users');
  assert.equal(list.status, 200);
  const byName = Object.fromEntries(list.json.items.map((u: { username: string; lockout: unknown }) => [u.username, u.lockout]));
  assert.equal(byName.alice.locked, true);
  assert.ok(Date.parse(byName.alice.until) > Date.now(), byName.alice.until);
  assert.deepEqual(byName.bob, { locked: false, remaining: 2, recentFailures: 1 });
  assert.deepEqual(byName.carol, { locked: false, remaining: 3, recentFailures: 0 });

  // the list and the per-user answer agree
  const one = await c.req('GET', '/api/users/alice/lockout');
  assert.deepEqual(one.json, byName.alice);
  assert.deepEqual((await c.req('GET', '/api/users/alice')).json.lockout, byName.alice);

  assert.equal((await c.req('POST', '/api/users/alice/unlock')).status, 200);
  const again = await c.req('GET', '/api/users');
  assert.deepEqual(again.json.items.find((u: { username: string }) => u.username === 'alice').lockout, { locked: false, remaining: 3, recentFailures: 0 });
});

test('a remote-access server of a kind no engine serves yet is refused on kind, and nothing is stored', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  assert.equal((await c.req('POST', '/api/gateways', { name: 'hq', lanSubnets: ['198.18.10.0/24'] })).status, 201);
  for (const kind of ['wireguard', 'ikev2']) {
    const r = await c.req('POST', '/api/servers', { name: `staff-${kind}`, gateway: 'hq', kind, pool: '198.19.60.0/24' });
    assert.equal(r.status, 400, JSON.stringify(r.json));
    assert.deepEqual(r.json.issues.map((i: { path: string }) => i.path), ['kind']);
    assert.match(r.json.issues[0].message, /not available yet/);
    assert.equal((await c.req('GET', `/api/servers/staff-${kind}`)).status, 404);
  }
  assert.equal((await c.req('POST', '/api/servers', { name: 'staff', gateway: 'hq', pool: '198.19.60.0/24' })).status, 201);
  // an OpenVPN server cannot be turned into one either
  const patched = await c.req('PATCH', '/api/servers/staff', { kind: 'wireguard' });
  assert.equal(patched.status, 400, JSON.stringify(patched.json));
  assert.equal((await c.req('GET', '/api/servers/staff')).json.kind, 'openvpn');
});
