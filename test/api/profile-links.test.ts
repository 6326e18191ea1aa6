/**
 * Profiles and one-time links. Downloads arriving together issue one CA and one certificate. One-time links: a HEAD (mail scanners, chat link previews) says whether the link is good and
 * does not spend it; only the GET download does. The download serves what the link's creation prepared
 * and creates nothing itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';
import { remoteAccessWorld } from '../support/remote-world.js';

test('HEAD leaves a one-time link unspent; the GET downloads once', async (t) => {
  const d = await testDaemon(t);
  const admin = new Client(d.url);
  await remoteAccessWorld(admin);
  const link = await admin.req('POST', '/api/users/alice/profile-links', { server: 'staff' });
  assert.equal(link.status, 201, link.text);
  assert.match(link.json.url, /^\/p\/[A-Za-z0-9_-]+$/);

  const anonymous = new Client(d.url);
  for (let i = 0; i < 3; i++) {
    const head = await fetch(d.url + link.json.url, { method: 'HEAD' });
    assert.equal(head.status, 200, `preview ${i + 1}`);
    assert.equal(await head.text(), '');
  }
  const download = await anonymous.req('GET', link.json.url);
  assert.equal(download.status, 200, download.text);
  assert.match(download.text, /<key>[\s\S]*PRIVATE KEY[\s\S]*<\/key>/);
  assert.match(download.headers.get('content-disposition') ?? '', /alice-staff\.ovpn/);

  const second = await anonymous.req('GET', link.json.url);
  assert.equal(second.status, 410);
  assert.equal(second.json.error, 'link-expired');
  assert.equal((await fetch(d.url + link.json.url, { method: 'HEAD' })).status, 410, 'a spent link says so to a HEAD too');
  assert.equal((await fetch(`${d.url}/p/not-a-real-token`, { method: 'HEAD' })).status, 410);
});

test('the link is prepared when created: its download issues nothing, even after a revocation', async (t) => {
  const d = await testDaemon(t);
  const admin = new Client(d.url);
  await remoteAccessWorld(admin);
  const link = await admin.req('POST', '/api/users/alice/profile-links', { server: 'staff' });
  assert.equal(link.status, 201, link.text);
  const certs = async () => ((await admin.req('GET', '/api/pki/certificates')).json.items as Array<{ name: string; serial: string; revoked?: boolean; revokedAt?: string }>).filter((c) => c.name === 'user-alice');
  const issued = await certs();
  assert.equal(issued.length, 1, 'creating the link issued the certificate');

  assert.equal((await admin.req('POST', '/api/pki/certificates/user-alice/revoke', { reason: 'keyCompromise' })).status, 200);
  const download = await new Client(d.url).req('GET', link.json.url);
  assert.equal(download.status, 409, download.text);
  assert.equal(download.json.error, 'no-certificate');
  assert.doesNotMatch(download.text, /PRIVATE KEY/);
  const after = await certs();
  assert.equal(after.length, 1);
  assert.equal(after[0]!.serial, issued[0]!.serial, 'the GET did not issue a replacement');
});

test('profile downloads arriving together issue one CA and one certificate', async (t) => {
  const d = await testDaemon(t);
  const admin = new Client(d.url);
  await remoteAccessWorld(admin);
  const answers = await Promise.all([1, 2, 3, 4].map(() => admin.req('POST', '/api/users/alice/profile', { server: 'staff' })));
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 200, 200], answers.map((a) => a.text.slice(0, 100)).join(' | '));
  const keys = new Set(answers.map((a) => /<key>([\s\S]*)<\/key>/.exec(a.text)?.[1]));
  assert.equal(keys.size, 1, 'every download carries the same key');
  assert.equal((await admin.req('GET', '/api/pki/cas')).json.items.length, 1);
  assert.equal(((await admin.req('GET', '/api/pki/certificates')).json.items as Array<{ name: string }>).filter((c) => c.name === 'user-alice').length, 1);
});
