/**
 * Requests that race for the same row. SQLite runs one transaction at a time; PostgreSQL runs them side
 * by side (scripts/test.sh runs this file on both), so each answer must hold there too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';
import { downloadProfile } from '../support/vpn-users.js';

const RACERS = 8;

test('concurrent creates of one name: one is created, every other answers 409 naming the field', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  for (let round = 0; round < 3; round++) {
    const answers = await Promise.all(Array.from({ length: RACERS }, () => c.req('POST', '/api/groups', { name: `staff-${round}` })));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [201, ...Array<number>(RACERS - 1).fill(409)], answers.map((a) => a.text).join('\n'));
    for (const a of answers.filter((x) => x.status === 409)) assert.ok(a.json.issues.some((i: { path: string }) => i.path === 'name'), a.text);
  }
  assert.equal((await c.req('GET', '/api/groups')).json.items.length, 3);
});

test('concurrent PATCHes of different fields of one user all take effect', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  assert.equal((await c.req('POST', '/api/users', { username: 'alice' })).status, 201);
  const fields = [{ displayName: 'Alice A' }, { email: 'alice@example.com' }, { maxSessions: 3 }, { description: 'ops' }, { staticIp: '198.19.99.20' }];
  const answers = await Promise.all(fields.map((f) => c.req('PATCH', '/api/users/alice', f)));
  assert.deepEqual(answers.map((a) => a.status), fields.map(() => 200), answers.map((a) => a.text).join('\n'));
  const stored = (await c.req('GET', '/api/users/alice')).json;
  for (const f of fields) for (const [k, v] of Object.entries(f)) assert.equal(stored[k], v, `${k} kept: ${JSON.stringify(stored)}`);
});

test('a one-time profile link serves exactly one download when requests race for it', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  assert.equal((await c.req('POST', '/api/gateways', { name: 'office', lanSubnets: ['198.19.1.0/24'], wanLinks: [{ name: 'wan', interface: 'eth0', address: '198.18.0.1' }] })).status, 201);
  assert.equal((await c.req('POST', '/api/servers', { name: 'staff', gateway: 'office', pool: '198.19.99.0/24', publicAddress: '198.18.0.1' })).status, 201);
  assert.equal((await c.req('POST', '/api/users', { username: 'alice', password: 'alice-password-1' })).status, 201);
  for (let round = 0; round < 3; round++) {
    const link = await c.req('POST', '/api/users/alice/profile-links', { server: 'staff' });
    assert.equal(link.status, 201, link.text);
    const anonymous = new Client(d.url);
    // 3 rounds of 6 stay under the links' rate limit (20 a minute per address)
    const answers = await Promise.all(Array.from({ length: 6 }, () => anonymous.req('GET', link.json.url)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 410, 410, 410, 410, 410], `round ${round}: ${statuses.join(' ')}`);
  }
});

test('concurrent first downloads of a user\'s profile all get the same newly issued certificate', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  assert.equal((await c.req('POST', '/api/gateways', { name: 'office', lanSubnets: ['198.19.1.0/24'], wanLinks: [{ name: 'wan', interface: 'eth0', address: '198.18.0.1' }] })).status, 201);
  assert.equal((await c.req('POST', '/api/servers', { name: 'staff', gateway: 'office', pool: '198.19.99.0/24', publicAddress: '198.18.0.1' })).status, 201);
  for (const user of ['alice', 'bob']) {
    assert.equal((await c.req('POST', '/api/users', { username: user, password: `${user}-password-1` })).status, 201);
    const profiles = await Promise.all(Array.from({ length: 4 }, () => downloadProfile(c, user, 'staff')));
    const certs = new Set(profiles.map((p) => /<cert>([\s\S]*?)<\/cert>/.exec(p)?.[1]));
    assert.equal(certs.size, 1, `${user}: ${certs.size} different certificates`);
    const issued = (await c.req('GET', '/api/pki/certificates?kind=client')).json.items.filter((x: { name: string }) => x.name === `user-${user}`);
    assert.equal(issued.length, 1);
  }
});
