import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCa } from './ca.js';
import { buildCrl } from './crl.js';
import { importEasyRsa, parseIndexTxt } from './easy-rsa.js';
import { issueClient } from './issue.js';
import { easyRsa, openssl, opensslVerify, scratchDir, writeFiles } from '../../test/pki/helpers.js';

test('imports a passphrase-protected easy-rsa 3.1 PKI with a revocation, and keeps issuing and revoking under its CA', async (t) => {
  const work = scratchDir(t);
  const er = easyRsa(work);
  const pass = { EASYRSA_PASSIN: 'pass:ca-secret-1', EASYRSA_PASSOUT: 'pass:ca-secret-1' };
  er.run(['build-ca'], { ...pass, EASYRSA_REQ_CN: 'Seed CA' });
  er.run(['build-server-full', 'server', 'nopass'], pass);
  er.run(['build-client-full', 'alice', 'nopass'], pass);
  er.run(['build-client-full', 'bob', 'nopass'], pass);
  er.run(['revoke', 'bob'], pass);
  er.run(['gen-crl'], pass);
  const caKey = readFileSync(join(er.dir, 'pki/private/ca.key'), 'utf8');
  assert.match(caKey, /^-----BEGIN ENCRYPTED PRIVATE KEY-----/, 'easy-rsa 3.1 writes encrypted PKCS#8');

  await assert.rejects(importEasyRsa(er.dir), /a passphrase is needed/);
  await assert.rejects(importEasyRsa(er.dir, { passphrase: 'nope' }), /ca\.key: wrong passphrase/);

  const imported = await importEasyRsa(er.dir, { passphrase: 'ca-secret-1' });
  assert.deepEqual(imported.warnings, []);
  assert.equal(imported.ca.subject, 'CN=Seed CA');
  assert.equal(imported.ca.keyType, 'ec-p256');
  assert.match(imported.ca.keyPem, /^-----BEGIN PRIVATE KEY-----/);
  const byName = new Map(imported.certificates.map((c) => [c.name, c]));
  assert.deepEqual([...byName.keys()].sort(), ['alice', 'bob', 'server']);
  assert.equal(byName.get('server')?.usage, 'server');
  assert.equal(byName.get('alice')?.usage, 'client');
  assert.equal(byName.get('alice')?.status, 'valid');
  assert.ok(byName.get('alice')?.keyPem);
  const bob = byName.get('bob');
  assert.equal(bob?.status, 'revoked');
  assert.ok(bob?.revokedAt instanceof Date);
  assert.ok(bob?.keyPem, 'revoked/private_by_serial is read too');
  assert.deepEqual(imported.revoked.map((r) => r.serial), [bob?.serial]);

  // the imported CA signs new certificates and a CRL that still revokes bob; easy-rsa's own certs still verify
  const ca = await loadCa(imported.ca);
  const carol = await issueClient({ ca, username: 'carol' });
  const crl = await buildCrl({ ca, revoked: imported.revoked, crlNumber: 2 });
  const f = writeFiles(work, { 'carol.crt': carol.certPem, 'crl.pem': crl.pem });
  const caFile = join(er.dir, 'pki/ca.crt');
  const ok = opensslVerify(caFile, [f['carol.crt']!, join(er.dir, 'pki/issued/alice.crt'), join(er.dir, 'pki/issued/server.crt')], f['crl.pem']);
  assert.equal(ok.code, 0, ok.out);
  // easy-rsa names the file by the serial as index.txt has it (a leading zero nibble kept), not as parsed
  const revokedFiles = readdirSync(join(er.dir, 'pki/revoked/certs_by_serial')).filter((n) => n.endsWith('.crt'));
  assert.equal(revokedFiles.length, 1, revokedFiles.join(' '));
  assert.equal(BigInt(`0x${revokedFiles[0]!.replace(/\.crt$/, '')}`), BigInt(`0x${bob?.serial}`));
  const refused = opensslVerify(caFile, [join(er.dir, 'pki/revoked/certs_by_serial', revokedFiles[0]!)], f['crl.pem']);
  assert.match(refused.out, /certificate revoked/);
});

test('imports a nopass PKI and a legacy "Proc-Type: 4,ENCRYPTED" CA key; reports oddities as warnings', async (t) => {
  const work = scratchDir(t);
  const er = easyRsa(work);
  er.run(['build-ca', 'nopass'], { EASYRSA_REQ_CN: 'Plain CA' });
  er.run(['build-client-full', 'dave', 'nopass']);
  const plain = await importEasyRsa(join(er.dir, 'pki'));
  assert.deepEqual(plain.certificates.map((c) => c.name), ['dave']);

  const keyPath = join(er.dir, 'pki/private/ca.key');
  const legacy = openssl(['pkey', '-in', keyPath, '-traditional', '-aes256', '-passout', 'pass:old-style']);
  assert.equal(legacy.code, 0, legacy.out);
  assert.match(legacy.out, /Proc-Type: 4,ENCRYPTED/);
  writeFileSync(keyPath, legacy.out.slice(legacy.out.indexOf('-----BEGIN')));
  // a key that belongs to no certificate, an unknown serial, and a revoked serial whose file is gone
  writeFileSync(join(er.dir, 'pki/private/dave.key'), readFileSync(keyPath, 'utf8'));
  const index = join(er.dir, 'pki/index.txt');
  writeFileSync(index, `${readFileSync(index, 'utf8')}R\t350101000000Z\t250101000000Z,keyCompromise\tABCDEF\tunknown\t/CN=gone\ngarbage line\n`);

  await assert.rejects(importEasyRsa(er.dir, { passphrase: 'wrong' }), /wrong passphrase/);
  const imported = await importEasyRsa(er.dir, { passphrase: 'old-style' });
  assert.equal(imported.ca.subject, 'CN=Plain CA');
  assert.equal(imported.certificates[0]?.keyPem, undefined);
  assert.deepEqual(imported.revoked, [{ serial: 'abcdef', date: new Date('2025-01-01T00:00:00Z'), reason: 'keyCompromise' }]);
  const w = imported.warnings.join('\n');
  assert.match(w, /dave: .*does not match the certificate/);
  assert.match(w, /index\.txt line 3: not a V\/R\/E entry/);
  assert.match(w, /revoked serial abcdef \(\/CN=gone\) has no certificate file/);
});

test('index.txt parsing: both time formats and revocation reasons', () => {
  const entries = parseIndexTxt('V\t20500101000000Z\t\t01\tunknown\t/CN=a\nR\t491231235959Z\t240229120000Z,superseded\t0A\tunknown\t/CN=b\n');
  assert.equal(entries[0]?.expires.toISOString(), '2050-01-01T00:00:00.000Z');
  assert.equal(entries[1]?.expires.toISOString(), '2049-12-31T23:59:59.000Z');
  assert.equal(entries[1]?.revokedAt?.toISOString(), '2024-02-29T12:00:00.000Z');
  assert.equal(entries[1]?.reason, 'superseded');
  assert.equal(entries[1]?.serial, 'a');
});

test('a directory that is not a PKI is a clear error', async (t) => {
  const dir = scratchDir(t);
  await assert.rejects(importEasyRsa(dir), /not an easy-rsa PKI/);
});
