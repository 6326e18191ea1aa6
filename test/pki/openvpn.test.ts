/**
 * OpenVPN accepts Corridor's CA, server and client certificates and tls-crypt key; a client revoked in
 * Corridor's CRL is refused at its next handshake; a client certificate made by easy-rsa keeps working
 * against a server certificate Corridor issued from the imported easy-rsa CA.
 * Real engines in lab namespaces, 198.18.0.0/15 only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lab } from '../lab/index.js';
import { buildCrl, createCa, generateTlsCryptKey, importEasyRsa, issueClient, issueServer, loadCa } from '../../src/pki/index.js';
import { easyRsa, scratchDir } from './helpers.js';
import { readLog, startClient, startServer, stop, TUNNEL_SERVER_IP, waitForLog } from './openvpn-lab.js';

const SRV_IP = '198.18.0.1';
const CLI_IP = '198.18.0.2';

async function twoHosts(t: Parameters<typeof Lab.create>[0]) {
  const lab = await Lab.create(t);
  const [srv, cli] = await lab.hosts('srv', 'cli');
  await lab.link(srv!, cli!, { addrA: `${SRV_IP}/24`, addrB: `${CLI_IP}/24` });
  return { lab, srv: srv!, cli: cli! };
}

test('OpenVPN: Corridor PKI brings a tunnel up; a revoked client is refused at its next handshake', async (t) => {
  const work = scratchDir(t, 'corridor-pki-ovpn-');
  const { srv, cli } = await twoHosts(t);
  const ca = await loadCa(await createCa({ subject: { CN: 'Corridor Lab CA', O: 'Corridor' } }));
  const server = await issueServer({ ca, cn: 'server', ips: [SRV_IP] });
  const alice = await issueClient({ ca, username: 'alice' });
  const bob = await issueClient({ ca, username: 'bob' });
  const tlsCrypt = generateTlsCryptKey();
  const emptyCrl = await buildCrl({ ca, revoked: [], crlNumber: 1 });

  const s = startServer(srv, join(work, 'srv'), { ca: ca.certPem, cert: server.certPem, key: server.keyPem, tlsCrypt, crl: emptyCrl.pem }, SRV_IP);
  await waitForLog(s.log, /Initialization Sequence Completed/);
  const a = startClient(cli, join(work, 'alice'), { ca: ca.certPem, cert: alice.certPem, key: alice.keyPem, tlsCrypt }, SRV_IP);
  await waitForLog(a.log, /Initialization Sequence Completed/);
  const clientLog = readLog(a.log);
  assert.match(clientLog, /VERIFY EKU OK/);
  assert.match(clientLog, /VERIFY X509NAME OK: CN=server/);
  const ping = await cli.ping(TUNNEL_SERVER_IP, { count: 3 });
  assert.equal(ping.received, 3);

  // bob connects while valid
  const b1 = startClient(cli, join(work, 'bob1'), { ca: ca.certPem, cert: bob.certPem, key: bob.keyPem, tlsCrypt }, SRV_IP, 'tun1');
  await waitForLog(b1.log, /Initialization Sequence Completed/);
  await stop(b1);

  // revoke bob: the server re-reads crl-verify's file at each new TLS session
  const crl = await buildCrl({ ca, revoked: [{ serial: bob.serial, date: new Date(), reason: 'keyCompromise' }], crlNumber: 2 });
  writeFileSync(join(work, 'srv', 'crl.pem'), crl.pem, { mode: 0o600 });
  const b2 = startClient(cli, join(work, 'bob2'), { ca: ca.certPem, cert: bob.certPem, key: bob.keyPem, tlsCrypt }, SRV_IP, 'tun1');
  const refusal = await waitForLog(s.log, /VERIFY ERROR: depth=0, error=certificate revoked.*CN=bob/);
  assert.match(refusal, /certificate revoked/);
  await stop(b2);
  assert.doesNotMatch(readLog(b2.log), /Initialization Sequence Completed/);

  // alice is unaffected by bob's revocation: a fresh handshake still works
  await stop(a);
  const a2 = startClient(cli, join(work, 'alice2'), { ca: ca.certPem, cert: alice.certPem, key: alice.keyPem, tlsCrypt }, SRV_IP);
  await waitForLog(a2.log, /Initialization Sequence Completed/);
  assert.equal((await cli.ping(TUNNEL_SERVER_IP, { count: 2 })).received, 2);
  await stop(a2);
  await stop(s);
});

test('OpenVPN: an easy-rsa client keeps working after its PKI is imported and Corridor issues the server certificate', async (t) => {
  const work = scratchDir(t, 'corridor-pki-import-');
  const er = easyRsa(work);
  const pass = { EASYRSA_PASSIN: 'pass:seed-ca-pass', EASYRSA_PASSOUT: 'pass:seed-ca-pass' };
  er.run(['build-ca'], { ...pass, EASYRSA_REQ_CN: 'Seed CA' });
  er.run(['build-client-full', 'alice', 'nopass'], pass);
  er.run(['build-client-full', 'bob', 'nopass'], pass);
  er.run(['revoke', 'bob'], pass);
  const imported = await importEasyRsa(er.dir, { passphrase: 'seed-ca-pass' });
  const ca = await loadCa(imported.ca);
  const server = await issueServer({ ca, cn: 'server', ips: [SRV_IP] });
  const crl = await buildCrl({ ca, revoked: imported.revoked, crlNumber: 1 });
  const tlsCrypt = generateTlsCryptKey();

  const { srv, cli } = await twoHosts(t);
  const s = startServer(srv, join(work, 'srv'), { ca: ca.certPem, cert: server.certPem, key: server.keyPem, tlsCrypt, crl: crl.pem }, SRV_IP);
  await waitForLog(s.log, /Initialization Sequence Completed/);
  const pki = join(er.dir, 'pki');
  const clientFiles = (certPath: string, keyPath: string) => ({
    ca: readFileSync(join(pki, 'ca.crt'), 'utf8'), // the client keeps its old ca.crt
    cert: readFileSync(certPath, 'utf8'),
    key: readFileSync(keyPath, 'utf8'),
    tlsCrypt,
  });
  const a = startClient(cli, mkdtempSync(join(work, 'alice-')), clientFiles(join(pki, 'issued/alice.crt'), join(pki, 'private/alice.key')), SRV_IP);
  await waitForLog(a.log, /Initialization Sequence Completed/);
  assert.equal((await cli.ping(TUNNEL_SERVER_IP, { count: 2 })).received, 2);
  // bob, revoked in easy-rsa's index.txt, stays revoked under Corridor's CRL
  const bobCert = imported.certificates.find((c) => c.name === 'bob');
  assert.ok(bobCert?.keyPem);
  const b = startClient(cli, join(work, 'bob'), { ca: imported.ca.certPem, cert: bobCert.certPem, key: bobCert.keyPem, tlsCrypt }, SRV_IP, 'tun1');
  await waitForLog(s.log, /VERIFY ERROR: depth=0, error=certificate revoked.*CN=bob/);
  await stop(b);
  await stop(a);
  await stop(s);
});
