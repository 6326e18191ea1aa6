import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDaemon, Client } from '../support/daemon.js';

const run = promisify(execFile);

test('an easy-rsa PKI uploaded as loose files (what a browser sends) is imported with its revocations', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-easyrsa-upload-'));
  const env = { ...process.env, EASYRSA_BATCH: '1', EASYRSA_ALGO: 'ec', EASYRSA_CURVE: 'prime256v1', EASYRSA_PKI: join(dir, 'pki') };
  const easyrsa = (...args: string[]) => run('/usr/share/easy-rsa/easyrsa', args, { env: { ...env, ...(args[0] === 'build-ca' ? { EASYRSA_REQ_CN: 'Old CA' } : {}) }, cwd: dir });
  await easyrsa('init-pki');
  await easyrsa('build-ca', 'nopass');
  await easyrsa('build-client-full', 'alice', 'nopass');
  await easyrsa('build-client-full', 'bob', 'nopass');
  await easyrsa('revoke', 'bob');
  const pki = join(dir, 'pki');
  const file = (rel: string) => ({ name: rel.split('/').pop()!, data: readFileSync(join(pki, rel), 'utf8'), encoding: 'pem' });

  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  const bad = await c.req('POST', '/api/pki/import-easyrsa', { files: [file('issued/alice.crt')] });
  assert.equal(bad.status, 400, 'no CA among the files');
  assert.equal((await c.req('GET', '/api/pki/cas')).json.items.length, 0, 'nothing half-imported');

  const r = await c.req('POST', '/api/pki/import-easyrsa', { files: ['ca.crt', 'private/ca.key', 'index.txt', 'issued/alice.crt', 'private/alice.key'].map(file) });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.ca, 'imported');
  const certs = (await c.req('GET', '/api/pki/certificates?ca=imported')).json.items as Array<{ name: string; revokedAt: string | null; hasKey: boolean }>;
  assert.ok(certs.find((x) => x.name === 'alice' && !x.revokedAt && x.hasKey), 'alice kept, with her key');
  assert.equal(r.json.revoked, 1, "bob's revocation comes from index.txt although his files moved away");
  const crlPath = join(dir, 'crl.pem');
  (await import('node:fs')).writeFileSync(crlPath, (await c.req('GET', '/api/pki/crl/imported')).text);
  const bobSerial = readFileSync(join(pki, 'index.txt'), 'utf8').split('\n').find((l) => l.startsWith('R') && l.includes('CN=bob'))!.split('\t')[3]!;
  const { stdout } = await run('openssl', ['crl', '-in', crlPath, '-noout', '-text']);
  assert.match(stdout.replace(/\s/g, ''), new RegExp(`SerialNumber:${bobSerial}`, 'i'), 'the CRL Corridor hands to the engines still refuses bob');
});
