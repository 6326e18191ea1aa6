/**
 * The PKI's artefacts as strongSwan reads them, without the daemon: two charon-systemd instances
 * (engines-lab.md §4) configured by hand with swanctl, `auth = pubkey` with identities matched against
 * the certificates' SANs (FQDN on one side, IP on the other; EC and RSA keys), tunnel up and LAN-to-LAN
 * ping; then a CRL built by buildCrl (DER, as swanctl's x509crl/ reads it) revokes the peer and charon
 * refuses it. That the daemon delivers CRLs to its charons is test/e2e/site-revocation.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lab } from '../lab/index.js';
import { labStrongswanConf } from '../strongswan/peer.js';
import type { Host } from '../lab/index.js';
import { pollUntil } from '../lab/proc.js';
import { buildCrl, createCa, issueIke, loadCa } from '../../src/pki/index.js';
import type { CertificateMaterial } from '../../src/pki/index.js';
import { scratchDir } from './helpers.js';

interface Side {
  name: string;
  host: Host;
  wan: string;
  lan: string;
  id: string;
}

function swanctl(conf: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync('swanctl', args, { env: { ...process.env, STRONGSWAN_CONF: conf }, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function writeInstance(dir: string, me: Side, peer: Side, caPem: string, mine: CertificateMaterial, role: 'restart' | 'clear'): string {
  for (const sub of ['x509', 'x509ca', 'x509crl', 'private', 'x509ocsp', 'x509aa', 'x509ac', 'pubkey', 'rsa', 'ecdsa', 'bliss', 'pkcs8', 'pkcs12']) {
    mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  }
  writeFileSync(join(dir, 'x509ca', 'ca.pem'), caPem);
  writeFileSync(join(dir, 'x509', 'me.pem'), mine.certPem);
  writeFileSync(join(dir, 'private', 'me.pem'), mine.keyPem, { mode: 0o600 });
  const conf = join(dir, 'strongswan.conf');
  writeFileSync(conf, labStrongswanConf(dir, 'lab'));
  writeFileSync(
    join(dir, 'swanctl.conf'),
    `connections {
  s2s {
    version = 2
    local_addrs = ${me.wan}
    remote_addrs = ${peer.wan}
    proposals = aes256-sha256-ecp256
    mobike = no
    local {
      auth = pubkey
      certs = me.pem
      id = ${me.id}
    }
    remote {
      auth = pubkey
      id = ${peer.id}
    }
    children {
      lan {
        local_ts = ${me.lan}
        remote_ts = ${peer.lan}
        esp_proposals = aes256gcm16-ecp256
        dpd_action = ${role}
        start_action = none
      }
    }
  }
}
`,
  );
  return conf;
}

test('charon configured by hand accepts Corridor certificates (FQDN and IP identities) and honours a CRL from buildCrl', async (t) => {
  const work = scratchDir(t, 'corridor-pki-swan-');
  const lab = await Lab.create(t);
  const [hq, branch] = await lab.hosts('hq', 'branch');
  await lab.link(hq!, branch!, { addrA: '198.18.1.1/24', addrB: '198.18.1.2/24' });
  const hqLan = await lab.lan(hq!, '198.19.1.0/24');
  await lab.lan(branch!, '198.19.2.0/24');
  const a: Side = { name: 'hq', host: hq!, wan: '198.18.1.1', lan: '198.19.1.0/24', id: 'hq.corridor.test' };
  const b: Side = { name: 'branch', host: branch!, wan: '198.18.1.2', lan: '198.19.2.0/24', id: '198.18.1.2' };

  const ca = await loadCa(await createCa({ subject: { CN: 'Corridor IKE CA' }, keyType: 'ec-p384' }));
  const hqCert = await issueIke({ ca, identity: a.id });
  const brCert = await issueIke({ ca, identity: b.id, keyType: 'rsa-2048' });
  const confA = writeInstance(join(work, 'hq'), a, b, ca.certPem, hqCert, 'restart');
  const confB = writeInstance(join(work, 'branch'), b, a, ca.certPem, brCert, 'clear');
  for (const [side, conf] of [[a, confA], [b, confB]] as const) {
    side.host.spawn(['env', `STRONGSWAN_CONF=${conf}`, '/usr/sbin/charon-systemd'], { stdio: 'ignore' });
  }
  for (const conf of [confA, confB]) {
    await pollUntil(`VICI of ${conf}`, () => (swanctl(conf, ['--stats']).code === 0 ? true : undefined), 10_000, 50);
    const loaded = swanctl(conf, ['--load-all', '--file', conf.replace('strongswan.conf', 'swanctl.conf')]);
    assert.equal(loaded.code, 0, loaded.out);
    assert.match(loaded.out, /loaded certificate from '.*x509\/me\.pem'/);
    assert.match(loaded.out, /loaded (ECDSA|RSA) key from '.*private\/me\.pem'/);
  }
  const up = swanctl(confA, ['--initiate', '--child', 'lan', '--timeout', '15']);
  assert.equal(up.code, 0, up.out);
  assert.match(up.out, /authentication of '198\.18\.1\.2' with RSA.* successful/);
  assert.match(up.out, /CHILD_SA lan\{\d+\} established/);
  assert.equal((await hqLan.ping('198.19.2.10', { count: 3 })).received, 3);

  // a CRL from buildCrl listing branch's certificate, loaded by hand (swanctl --load-creds reads x509crl/)
  const down = swanctl(confA, ['--terminate', '--ike', 's2s', '--timeout', '10']);
  assert.equal(down.code, 0, down.out);
  const crl = await buildCrl({ ca, revoked: [{ serial: brCert.serial, date: new Date(), reason: 'keyCompromise' }], crlNumber: 1 });
  writeFileSync(join(work, 'hq', 'x509crl', 'ca.crl'), crl.der);
  const creds = swanctl(confA, ['--load-creds', '--file', confA.replace('strongswan.conf', 'swanctl.conf')]);
  assert.match(creds.out, /loaded certificate from '.*x509crl\/ca\.crl'/);
  const refused = swanctl(confA, ['--initiate', '--child', 'lan', '--timeout', '15']);
  assert.notEqual(refused.code, 0, refused.out);
  assert.match(refused.out, /certificate was revoked/);
});
