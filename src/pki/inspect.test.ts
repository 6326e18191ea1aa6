import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createCa, loadCa } from './ca.js';
import { buildCrl } from './crl.js';
import { x509 } from './crypto.js';
import { inspect } from './inspect.js';
import type { InspectReport } from './inspect.js';
import { generateKeyPair, signingAlgorithm } from './key-types.js';
import { issueClient, issueServer } from './issue.js';
import { randomSerial } from './serial.js';
import { openssl, scratchDir } from '../../test/pki/helpers.js';
import { generateTlsCryptKey } from './tls-crypt.js';

function codes(report: InspectReport, ref?: string): string[] {
  return report.problems.filter((p) => ref === undefined || p.object === ref).map((p) => p.code).sort();
}

/** A server certificate as easy-rsa 2 / hand-rolled openssl made them: no EKU at all (seed 004 §3.1.3). */
async function serverWithoutEku(caPems: { certPem: string; keyPem: string }): Promise<string> {
  const ca = await loadCa(caPems);
  const keys = await generateKeyPair('ec-p256');
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=server',
    issuer: ca.cert.subjectName,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    publicKey: keys.publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: signingAlgorithm('ec-p256'),
    extensions: [new x509.BasicConstraintsExtension(false), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)],
  });
  return cert.toString('pem');
}

test('a healthy bundle: chain, key pairing, facts, no problems', async () => {
  const ca = await createCa({ subject: { CN: 'Good CA', O: 'Corridor' } });
  const server = await issueServer({ ca, cn: 'vpn.example.com', ips: ['198.18.0.1'] });
  const bundle = server.keyPem + server.certPem + ca.certPem;
  const report = await inspect([{ name: 'server-bundle.pem', data: bundle, role: 'server' }]);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.problems, []);
  const cert = report.objects.find((o) => o.ref === 'server-bundle.pem#2')?.certificate;
  assert.ok(cert);
  assert.equal(cert.verifiedBy, 'server-bundle.pem#3');
  assert.deepEqual(cert.keys, ['server-bundle.pem#1']);
  assert.deepEqual(cert.extendedKeyUsage, ['serverAuth']);
  assert.deepEqual(cert.keyUsage, ['digitalSignature']);
  assert.deepEqual(cert.subjectAltNames, ['dns:vpn.example.com', 'ip:198.18.0.1']);
  assert.equal(cert.signatureAlgorithm, 'ecdsa-with-SHA256');
  assert.deepEqual(cert.key, { algorithm: 'EC', bits: 256, curve: 'prime256v1' });
  assert.equal(cert.serial, server.serial);
  assert.ok(cert.daysLeft > 800);
  const caFacts = report.objects.find((o) => o.ref === 'server-bundle.pem#3')?.certificate;
  assert.equal(caFacts?.ca, true);
  assert.equal(caFacts?.verifiedBy, 'server-bundle.pem#3');
  assert.deepEqual(report.objects.find((o) => o.kind === 'key')?.key?.certificates, ['server-bundle.pem#2']);
});

test('detects missing EKU, key mismatch, wrong CA, expired, not yet valid, expiring and revoked', async () => {
  const ca = await createCa({ subject: { CN: 'Corp CA' } });
  const otherCa = await createCa({ subject: { CN: 'Corp CA' } }); // same name, different key: only a signature check tells
  const noEku = await serverWithoutEku(ca);
  const alice = await issueClient({ ca, username: 'alice' });
  const bob = await issueClient({ ca, username: 'bob' });
  const foreign = await issueClient({ ca: otherCa, username: 'mallory' });
  const old = await issueClient({ ca, username: 'old', notBefore: new Date(Date.now() - 400 * 86_400_000), validityDays: 365 });
  const future = await issueClient({ ca, username: 'future', notBefore: new Date(Date.now() + 10 * 86_400_000) });
  const soon = await issueClient({ ca, username: 'soon', validityDays: 10 });
  const revoked = await issueClient({ ca, username: 'revoked' });
  const crl = await buildCrl({ ca, revoked: [{ serial: revoked.serial, date: new Date(), reason: 'keyCompromise' }], crlNumber: 1 });

  const report = await inspect(
    [
      { name: 'server.crt', data: noEku, role: 'server' },
      { name: 'alice.crt', data: alice.certPem },
      { name: 'alice.key', data: bob.keyPem }, // the wrong key next to alice's certificate
      { name: 'mallory.crt', data: foreign.certPem },
      { name: 'old.crt', data: old.certPem },
      { name: 'future.crt', data: future.certPem },
      { name: 'soon.crt', data: soon.certPem },
      { name: 'revoked.crt', data: revoked.certPem },
    ],
    { trusted: [ca.certPem], crls: [crl.pem] },
  );
  assert.deepEqual(report.errors, []);
  assert.deepEqual(codes(report, 'server.crt'), ['cert/no-eku']);
  assert.deepEqual(codes(report, 'alice.key'), ['cert/key-mismatch']);
  assert.deepEqual(codes(report, 'mallory.crt'), ['cert/wrong-ca']);
  assert.deepEqual(codes(report, 'old.crt'), ['cert/expired']);
  assert.deepEqual(codes(report, 'future.crt'), ['cert/not-yet-valid']);
  assert.deepEqual(codes(report, 'soon.crt'), ['cert/expiring']);
  assert.deepEqual(codes(report, 'revoked.crt'), ['cert/revoked']);
  assert.deepEqual(codes(report, 'alice.crt'), []);
  assert.equal(report.objects.find((o) => o.ref === 'alice.crt')?.certificate?.verifiedBy, 'trusted:1');
  assert.equal(report.objects.find((o) => o.ref === 'revoked.crt')?.certificate?.revoked?.by, 'crl:1');
  // the same no-EKU certificate without a role: remote-cert-tls refuses it either way
  const unroled = await inspect([{ name: 'server.crt', data: noEku }]);
  assert.deepEqual(codes(unroled), ['cert/no-eku']);
  // a client certificate used as a server certificate lacks serverAuth
  const misused = await inspect([{ name: 'srv.crt', data: alice.certPem, role: 'server' }]);
  assert.deepEqual(codes(misused), ['cert/no-eku']);
});

test('weak key and SHA-1 signature made by openssl are reported', async (t) => {
  const dir = scratchDir(t);
  const r = openssl(['req', '-x509', '-sha1', '-newkey', 'rsa:1024', '-nodes', '-subj', '/CN=legacy', '-days', '100',
    '-keyout', `${dir}/legacy.key`, '-out', `${dir}/legacy.crt`, '-addext', 'extendedKeyUsage=serverAuth']);
  assert.equal(r.code, 0, r.out);
  const report = await inspect([{ name: 'legacy.crt', data: readFileSync(`${dir}/legacy.crt`) }]);
  assert.deepEqual(codes(report), ['cert/weak-key', 'cert/weak-signature']);
  assert.equal(report.objects[0]?.certificate?.signatureAlgorithm, 'sha1WithRSAEncryption');
});

test('.ovpn profiles, DER files, CRLs, requests and static keys are understood', async (t) => {
  const ca = await createCa({ subject: { CN: 'Profile CA' } });
  const client = await issueClient({ ca, username: 'carol' });
  const profile = [
    'client', 'dev tun', 'proto udp', 'remote 198.18.0.1 1194', 'remote-cert-tls server',
    `<ca>\n${ca.certPem}</ca>`, `<cert>\n${client.certPem}</cert>`, `<key>\n${client.keyPem}</key>`,
    `<tls-crypt>\n${generateTlsCryptKey()}</tls-crypt>`, '',
  ].join('\n');
  const report = await inspect([{ name: 'carol.ovpn', data: profile }]);
  assert.deepEqual(report.errors, []);
  assert.deepEqual(report.problems, []);
  const cert = report.objects.find((o) => o.ref === 'carol.ovpn<cert>')?.certificate;
  assert.equal(cert?.role, 'client');
  assert.equal(cert?.verifiedBy, 'carol.ovpn<ca>');
  assert.deepEqual(cert?.keys, ['carol.ovpn<key>']);
  assert.equal(report.objects.find((o) => o.kind === 'static-key')?.staticKey?.bits, 2048);
  // the same profile with a server certificate in <cert> is caught by role
  const server = await issueServer({ ca, cn: 'srv' });
  const swapped = profile.replace(client.certPem, server.certPem).replace(client.keyPem, server.keyPem);
  assert.deepEqual(codes(await inspect([{ name: 'swapped.ovpn', data: swapped }])), ['cert/no-eku']);

  const dir = scratchDir(t);
  const der = Buffer.from(new x509.X509Certificate(client.certPem).rawData);
  const crl = await buildCrl({ ca, revoked: [{ serial: client.serial, date: new Date() }], crlNumber: 3 });
  const keyDer = createPrivateKey(client.keyPem).export({ type: 'pkcs8', format: 'der' });
  const csr = openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=req', '-keyout', `${dir}/r.key`]);
  assert.equal(csr.code, 0);
  const binary = await inspect([
    { name: 'carol.der', data: der },
    { name: 'ca.pem', data: ca.certPem },
    { name: 'crl.der', data: crl.der },
    { name: 'carol.key.der', data: keyDer },
    { name: 'req.csr', data: csr.out.slice(csr.out.indexOf('-----BEGIN CERTIFICATE REQUEST')) },
  ]);
  assert.deepEqual(binary.errors, []);
  assert.deepEqual(codes(binary), ['cert/revoked']);
  assert.equal(binary.objects.find((o) => o.ref === 'crl.der')?.crl?.verifiedBy, 'ca.pem');
  assert.deepEqual(binary.objects.find((o) => o.ref === 'carol.key.der')?.key?.certificates, ['carol.der']);
  assert.equal(binary.objects.find((o) => o.kind === 'csr')?.csr?.signatureValid, true);
});

test('bad input becomes an error naming the input, and the other inputs are still inspected', async (t) => {
  const ca = await createCa({ subject: { CN: 'Err CA' } });
  const dir = scratchDir(t);
  assert.equal(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-aes256', '-pass', 'pass:right', '-out', `${dir}/enc.key`]).code, 0);
  const encrypted = readFileSync(`${dir}/enc.key`, 'utf8');
  const truncated = ca.certPem.split('\n').slice(0, 4).join('\n');
  const report = await inspect([
    { name: 'empty.pem', data: '' },
    { name: 'truncated.pem', data: truncated },
    { name: 'garbage.pem', data: '-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n' },
    { name: 'enc-wrong.key', data: encrypted, passphrase: 'wrong' },
    { name: 'enc-none.key', data: encrypted },
    { name: 'pubkey.pem', data: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n' },
    { name: 'random.bin', data: Buffer.from([0x30, 0x03, 0x02, 0x01, 0x05, 0xff]) },
    { name: 'notes.txt', data: 'hello world' },
    { name: 'enc-right.key', data: encrypted, passphrase: 'right' },
    { name: 'ca.pem', data: ca.certPem },
  ]);
  const byInput = new Map(report.errors.map((e) => [e.input, e.message]));
  assert.match(byInput.get('empty.pem') ?? '', /^empty\.pem: empty input/);
  assert.match(byInput.get('truncated.pem') ?? '', /^truncated\.pem: malformed PEM: "BEGIN CERTIFICATE" without its END/);
  assert.match(byInput.get('garbage.pem') ?? '', /^garbage\.pem: malformed CERTIFICATE/);
  assert.match(byInput.get('enc-wrong.key') ?? '', /^enc-wrong\.key: wrong passphrase/);
  assert.match(byInput.get('enc-none.key') ?? '', /^enc-none\.key: the key is encrypted: a passphrase is needed/);
  assert.match(byInput.get('pubkey.pem') ?? '', /^pubkey\.pem: unsupported PEM block "PUBLIC KEY"/);
  assert.match(byInput.get('random.bin') ?? '', /^random\.bin: binary data that is not/);
  assert.match(byInput.get('notes.txt') ?? '', /^notes\.txt: neither PEM, DER nor an OpenVPN profile/);
  assert.equal(report.errors.length, 8);
  assert.deepEqual(report.objects.map((o) => o.kind).sort(), ['certificate', 'key']);
});
