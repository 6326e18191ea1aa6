import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { createCa, loadCa } from './ca.js';
import { x509 } from './crypto.js';
import { issueClient, issueIke, issueServer, needsRenewal, renew } from './issue.js';
import { KEY_TYPES } from './key-types.js';
import { subjectAltNameValues } from './describe.js';
import { EKU_CLIENT_AUTH, EKU_IKE_INTERMEDIATE, EKU_SERVER_AUTH } from './oids.js';
import { openssl, opensslVerify, scratchDir, writeFiles } from '../../test/pki/helpers.js';

function ekusOf(pem: string): string[] {
  return Array.from(new x509.X509Certificate(pem).getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [], String);
}

function sansOf(pem: string): string[] {
  const ext = new x509.X509Certificate(pem).getExtension(x509.SubjectAlternativeNameExtension);
  return (ext?.names.items ?? []).map((n) => `${n.type}:${n.value}`);
}

test('CA of every key type: openssl accepts the CA and the server, client and IKE certificates it signs', async (t) => {
  const dir = scratchDir(t);
  for (const keyType of KEY_TYPES) {
    const ca = await createCa({ subject: { CN: `CA ${keyType}`, O: 'Corridor, "Lab"', C: 'DE' }, keyType, validityDays: 30 });
    const signing = await loadCa(ca);
    const server = await issueServer({ ca: signing, cn: 'vpn.example.com', dnsNames: ['vpn2.example.com'], ips: ['198.18.0.1'] });
    const client = await issueClient({ ca: signing, username: 'alice', keyType: 'ec-p256' });
    const ike = await issueIke({ ca: signing, identity: '198.18.1.1' });
    const f = writeFiles(dir, {
      [`ca-${keyType}.pem`]: ca.certPem,
      [`s-${keyType}.pem`]: server.certPem,
      [`c-${keyType}.pem`]: client.certPem,
      [`i-${keyType}.pem`]: ike.certPem,
    });
    const res = opensslVerify(f[`ca-${keyType}.pem`]!, [f[`ca-${keyType}.pem`]!, f[`s-${keyType}.pem`]!, f[`c-${keyType}.pem`]!, f[`i-${keyType}.pem`]!]);
    assert.equal(res.code, 0, res.out);
    assert.equal(res.out.match(/: OK/g)?.length, 4, res.out);
    // purpose checks are what OpenVPN's remote-cert-tls and strongSwan rely on
    assert.equal(openssl(['verify', '-purpose', 'sslserver', '-CAfile', f[`ca-${keyType}.pem`]!, f[`s-${keyType}.pem`]!]).code, 0);
    assert.equal(openssl(['verify', '-purpose', 'sslclient', '-CAfile', f[`ca-${keyType}.pem`]!, f[`c-${keyType}.pem`]!]).code, 0);
    assert.notEqual(openssl(['verify', '-purpose', 'sslserver', '-CAfile', f[`ca-${keyType}.pem`]!, f[`c-${keyType}.pem`]!]).code, 0);
    const text = openssl(['x509', '-noout', '-text', '-in', f[`ca-${keyType}.pem`]!]).out;
    const expectedSig = keyType === 'ec-p256' ? 'ecdsa-with-SHA256' : keyType === 'ec-p384' ? 'ecdsa-with-SHA384' : 'sha256WithRSAEncryption';
    assert.match(text, new RegExp(`Signature Algorithm: ${expectedSig}`));
    assert.match(text, /Basic Constraints: critical\s+CA:TRUE/);
    assert.match(text, /Key Usage: critical\s+Certificate Sign, CRL Sign/);
    assert.match(text, /Subject Key Identifier/);
    const serverText = openssl(['x509', '-noout', '-text', '-in', f[`s-${keyType}.pem`]!]).out;
    assert.match(serverText, keyType.startsWith('rsa') ? /Digital Signature, Key Encipherment/ : /Key Usage: critical\s+Digital Signature\n/);
    assert.match(serverText, /Authority Key Identifier/);
  }
});

test('profiles: EKUs, SANs, CN and serials', async () => {
  const ca = await createCa({ subject: { CN: 'Profiles CA' } });
  const server = await issueServer({ ca, cn: 'vpn.example.com', ips: ['198.18.0.1', '2001:db8::1'] });
  assert.deepEqual(ekusOf(server.certPem), [EKU_SERVER_AUTH]);
  assert.deepEqual(sansOf(server.certPem), ['dns:vpn.example.com', 'ip:198.18.0.1', 'ip:2001:db8::1']);
  const client = await issueClient({ ca, username: 'bob.smith' });
  assert.deepEqual(ekusOf(client.certPem), [EKU_CLIENT_AUTH]);
  assert.equal(new x509.X509Certificate(client.certPem).subjectName.getField('CN')[0], 'bob.smith');
  assert.match(client.serial, /^[0-7][0-9a-f]{31}$/);
  // the material is assembled without parsing the certificate back: it must say what the certificate says
  const parsed = new x509.X509Certificate(client.certPem);
  assert.equal(client.subject, parsed.subject);
  assert.equal(client.serial, parsed.serialNumber.toLowerCase());
  assert.equal(client.notAfter.getTime(), parsed.notAfter.getTime());
  assert.equal(client.fingerprint, createHash('sha256').update(Buffer.from(parsed.rawData)).digest('hex'));
  assert.notEqual(client.serial, server.serial);
  assert.match(client.keyPem, /^-----BEGIN PRIVATE KEY-----/);
  for (const [identity, san] of [
    ['198.18.1.1', 'ip:198.18.1.1'],
    ['hq.example.com', 'dns:hq.example.com'],
    ['gw@example.com', 'email:gw@example.com'],
  ] as const) {
    const ike = await issueIke({ ca, identity });
    assert.deepEqual(sansOf(ike.certPem), [san]);
    assert.deepEqual(ekusOf(ike.certPem), [EKU_SERVER_AUTH, EKU_CLIENT_AUTH, EKU_IKE_INTERMEDIATE]);
  }
  await assert.rejects(issueServer({ ca, cn: 'x', ips: ['not-an-ip'] }), /not an IP address/);
  await assert.rejects(issueIke({ ca, identity: 'bad identity' }), /not a DNS name/);
  await assert.rejects(issueClient({ ca, username: 'a\nb' }), /CN must be/);
});

test('loadCa refuses a key that is not the CA\'s and a leaf certificate', async () => {
  const ca = await createCa({ subject: { CN: 'A' } });
  const other = await createCa({ subject: { CN: 'B' } });
  await assert.rejects(loadCa({ certPem: ca.certPem, keyPem: other.keyPem }), /does not belong to the CA certificate/);
  const leaf = await issueClient({ ca, username: 'leaf' });
  await assert.rejects(loadCa({ certPem: leaf.certPem, keyPem: leaf.keyPem }), /not a CA/);
  await assert.rejects(loadCa({ certPem: ca.certPem, keyPem: 'garbage' }), /CA key: not a usable private key/);
  const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  await assert.rejects(loadCa({ certPem: ca.certPem, keyPem: ed }), /CA key: unsupported key type ed25519/);
});

test('certificates never outlive their CA', async () => {
  const ca = await createCa({ subject: { CN: 'Short CA' }, validityDays: 10 });
  const c = await issueClient({ ca, username: 'u', validityDays: 400 });
  assert.equal(c.notAfter.getTime(), ca.notAfter.getTime());
});

test('needsRenewal and renew keep subject, SANs and EKU with a new key and serial', async () => {
  const ca = await createCa({ subject: { CN: 'Renew CA' } });
  const old = await issueServer({ ca, cn: 'gw.example.com', ips: ['198.18.0.1'], validityDays: 20, subject: { O: 'Org' } });
  assert.equal(needsRenewal(old.certPem, new Date()), true);
  assert.equal(needsRenewal(old.certPem, new Date(), 10), false);
  const fresh = await renew({ ca, certPem: old.certPem, validityDays: 365 });
  assert.equal(needsRenewal(fresh.certPem), false);
  assert.notEqual(fresh.serial, old.serial);
  assert.notEqual(fresh.keyPem, old.keyPem);
  assert.equal(fresh.subject, old.subject);
  assert.deepEqual(sansOf(fresh.certPem), sansOf(old.certPem));
  assert.deepEqual(ekusOf(fresh.certPem), [EKU_SERVER_AUTH]);
  assert.equal(fresh.keyType, 'ec-p256');
});

test('subjectAltNameValues: the IKE identities an IKE certificate carries (FQDN, address, user@fqdn)', async () => {
  const ca = await loadCa(await createCa({ subject: { CN: 'IKE CA' } }));
  for (const identity of ['branch.example.com', '198.18.1.2', 'ops@branch.example.com']) {
    assert.deepEqual(subjectAltNameValues((await issueIke({ ca, identity })).certPem), [identity]);
  }
  const server = await issueServer({ ca, cn: 'vpn.example.com', dnsNames: ['vpn2.example.com'], ips: ['198.18.0.1'] });
  assert.deepEqual(subjectAltNameValues(server.certPem).sort(), ['198.18.0.1', 'vpn.example.com', 'vpn2.example.com']);
});
