import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCa, loadCa } from './ca.js';
import { buildCrl } from './crl.js';
import { x509 } from './crypto.js';
import { issueClient } from './issue.js';
import { openssl, opensslVerify, scratchDir, writeFiles } from '../../test/pki/helpers.js';

test('CRL: openssl refuses the revoked certificate and accepts the others; PEM and DER carry the same list', async (t) => {
  const dir = scratchDir(t);
  for (const keyType of ['ec-p256', 'rsa-2048'] as const) {
    const ca = await loadCa(await createCa({ subject: { CN: `CRL CA ${keyType}` }, keyType }));
    const good = await issueClient({ ca, username: 'good' });
    const bad = await issueClient({ ca, username: 'bad' });
    const revokedAt = new Date(Date.now() - 60_000);
    const crl = await buildCrl({ ca, revoked: [{ serial: bad.serial, date: revokedAt, reason: 'keyCompromise' }], crlNumber: 7 });
    const f = writeFiles(dir, { 'ca.pem': ca.certPem, 'good.pem': good.certPem, 'bad.pem': bad.certPem, 'crl.pem': crl.pem, 'crl.der': crl.der });
    assert.equal(opensslVerify(f['ca.pem']!, [f['good.pem']!], f['crl.pem']).code, 0);
    const refused = opensslVerify(f['ca.pem']!, [f['bad.pem']!], f['crl.pem']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.out, /certificate revoked/);
    const text = openssl(['crl', '-inform', 'DER', '-in', f['crl.der']!, '-noout', '-text']).out;
    assert.match(text, /X509v3 CRL Number:\s+7/);
    assert.match(text, /X509v3 Authority Key Identifier/);
    assert.match(text, new RegExp(`Serial Number: ${bad.serial.toUpperCase()}`));
    assert.match(text, /Key Compromise/);
    const parsed = new x509.X509Crl(crl.pem);
    assert.equal(await parsed.verify({ publicKey: ca.cert.publicKey }), true);
    assert.equal(parsed.entries[0]?.revocationDate.getTime(), Math.floor(revokedAt.getTime() / 1000) * 1000);
  }
});

test('CRL: serials with a high first bit or odd length, an empty list, and bad input', async () => {
  const ca = await createCa({ subject: { CN: 'Serial CA' } });
  const crl = await buildCrl({ ca, revoked: [{ serial: 'F0:01', date: new Date() }, { serial: 'abc', date: new Date() }], crlNumber: 1n });
  const serials = new x509.X509Crl(crl.pem).entries.map((e) => e.serialNumber.toLowerCase().replace(/^0+/, ''));
  assert.deepEqual(serials, ['f001', 'abc']);
  const empty = await buildCrl({ ca, revoked: [], thisUpdate: new Date('2026-01-01T00:00:00Z') });
  assert.equal(empty.crlNumber, 1767225600n, 'default CRL number is thisUpdate in Unix seconds');
  assert.equal(new x509.X509Crl(empty.der).entries.length, 0);
  await assert.rejects(buildCrl({ ca, revoked: [{ serial: 'xyz', date: new Date() }], crlNumber: 3 }), /not a hex serial/);
  const now = new Date();
  await assert.rejects(buildCrl({ ca, revoked: [], crlNumber: 4, thisUpdate: now, nextUpdate: now }), /nextUpdate must be after/);
});
