/**
 * Least privilege for API tokens: `read` reads, `write` changes and reads, secret-bearing answers
 * (profiles with their private key and tls-crypt key, one-time links, PSKs, TOTP secrets) need `secrets`
 * (or `admin`), and no GET creates anything (a profile is a POST: it may issue the certificate).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';
import { remoteAccessWorld, tokenClient, PSK } from '../support/remote-world.js';

const userCertificates = async (c: Client) =>
  ((await c.req('GET', '/api/pki/certificates')).json.items as Array<{ name: string }>).filter((x) => x.name === 'user-alice');

test('a read token reads but gets no secret, and no GET issues a certificate', async (t) => {
  const d = await testDaemon(t);
  const admin = new Client(d.url);
  await remoteAccessWorld(admin);
  const read = await tokenClient(admin, ['read']);

  assert.equal((await read.req('GET', '/api/users')).status, 200);
  const oldGet = await read.req('GET', '/api/users/alice/profile?server=staff');
  assert.equal(oldGet.status, 404, `a GET no longer hands out a profile: ${oldGet.status} ${oldGet.text.slice(0, 60)}`);
  assert.doesNotMatch(oldGet.text, /PRIVATE KEY/);
  assert.deepEqual(await userCertificates(admin), [], 'no certificate was issued by a GET');

  for (const [method, path, body] of [
    ['POST', '/api/users/alice/profile', { server: 'staff' }],
    ['POST', '/api/users/alice/profile-links', { server: 'staff' }],
    ['POST', '/api/users/alice/totp', undefined],
    ['POST', '/api/sites/hq-branch/psk', undefined],
    ['GET', '/api/sites/hq-branch/export?format=swanctl&includePsk=1', undefined],
  ] as const) {
    const r = await read.req(method, path, body);
    assert.equal(r.status, 403, `${method} ${path}: ${r.status} ${r.text.slice(0, 80)}`);
    assert.equal(r.json.error, 'scope');
    assert.doesNotMatch(r.text, /PRIVATE KEY|lab-psk/);
  }
  const exported = await read.req('GET', '/api/sites/hq-branch/export?format=swanctl');
  assert.equal(exported.status, 200, 'the export without the PSK stays readable');
  assert.doesNotMatch(exported.text, new RegExp(Buffer.from(PSK).toString('base64')));
  assert.deepEqual(await userCertificates(admin), [], 'refused requests issued nothing');
});

test('write includes read but not secrets; the secrets scope downloads profiles and exports the PSK', async (t) => {
  const d = await testDaemon(t);
  const admin = new Client(d.url);
  await remoteAccessWorld(admin);
  const write = await tokenClient(admin, ['write']);

  assert.equal((await write.req('GET', '/api/groups')).status, 200, 'write includes read');
  assert.equal((await write.req('POST', '/api/groups', { name: 'staff' })).status, 201);
  assert.equal((await write.req('POST', '/api/users/alice/profile', { server: 'staff' })).status, 403);
  const generated = await write.req('POST', '/api/sites/hq-branch/psk');
  assert.equal(generated.status, 403, 'a generated PSK is shown once: that needs the secrets scope');
  assert.equal(generated.json.error, 'scope');
  assert.equal((await write.req('POST', '/api/users/alice/totp')).status, 403, 'the TOTP secret is shown once');

  const [secrets, readSecrets] = [await tokenClient(admin, ['secrets']), await tokenClient(admin, ['read', 'secrets'])];

  const profile = await secrets.req('POST', '/api/users/alice/profile', { server: 'staff' });
  assert.equal(profile.status, 200, profile.text);
  assert.match(profile.text, /<key>[\s\S]*PRIVATE KEY[\s\S]*<\/key>/);
  assert.match(profile.headers.get('content-disposition') ?? '', /alice-staff\.ovpn/);
  assert.equal((await userCertificates(admin)).length, 1, 'the POST issued the certificate');
  const again = await secrets.req('POST', '/api/users/alice/profile', { server: 'staff' });
  assert.equal(again.status, 200);
  assert.equal((await userCertificates(admin)).length, 1, 'a second download reuses it');
  assert.equal((await secrets.req('POST', '/api/users/alice/profile', {})).json.issues[0].path, 'server');

  // the export is a read that may add the PSK: both scopes
  assert.equal((await secrets.req('GET', '/api/sites/hq-branch/export?format=swanctl&includePsk=1')).status, 403, 'secrets alone is not read');
  const withPsk = await readSecrets.req('GET', '/api/sites/hq-branch/export?format=swanctl&includePsk=1');
  assert.equal(withPsk.status, 200, withPsk.text);
  assert.match(withPsk.text, new RegExp(`0s${Buffer.from(PSK).toString('base64')}`));

  const audit = await admin.req('GET', '/api/audit?limit=50');
  const actions = audit.json.items.map((a: { action: string; actor: string }) => `${a.action} ${a.actor}`);
  assert.ok(actions.includes('download-profile admin (token)'), actions.join(', '));
  assert.ok(actions.includes('export-psk admin (token)'));
});
