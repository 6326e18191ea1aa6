/**
 * Exported and built configurations loaded into a real charon (charon-systemd in a namespace made by the
 * test lab, VICI socket in a 0700 temp dir). Loading sends no packets: every connection uses
 * start_action = none and nothing is initiated.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Lab } from '../../../../../test/lab/index.js';
import { buildConnection } from '../connection.js';
import { branch, hq, site } from '../fixtures.test-util.js';
import { peerVendor, siteConnectionSchema } from '../../../../core/model/index.js';
import { effectiveSite } from '../effective.js';
import { exportSwanctlConf } from './swanctl-conf.js';
import { renderSwanctlConf, type ConfSection } from './swanctl-render.js';

const run = promisify(execFile);
const FIXTURES = new URL('../../../../../test/fixtures/swanctl/', import.meta.url);
const SWANCTL_DIRS = ['x509', 'x509ca', 'x509ocsp', 'x509aa', 'x509ac', 'x509crl', 'pubkey', 'private', 'rsa', 'ecdsa', 'bliss', 'pkcs8', 'pkcs12'];

let lab: Lab;
let dir: string;
let charon: ChildProcess;
let env: NodeJS.ProcessEnv;

async function swanctl(...args: string[]): Promise<string> {
  const { stdout, stderr } = await run('swanctl', args, { env, encoding: 'utf8', timeout: 10_000 });
  return stdout + stderr;
}

before(async () => {
  lab = await Lab.create();
  const host = await lab.host('swan');
  dir = mkdtempSync(join(tmpdir(), 'corridor-swanctl-'));
  chmodSync(dir, 0o700);
  for (const d of SWANCTL_DIRS) mkdirSync(join(dir, d));
  const conf = join(dir, 'strongswan.conf');
  writeFileSync(
    conf,
    renderSwanctlConf({
      charon: {
        load: 'random nonce openssl pem pkcs1 pkcs8 x509 pubkey curve25519 sha1 sha2 hmac aes gcm kdf kernel-libipsec kernel-netlink socket-default vici',
        plugins: { vici: { socket: `unix://${dir}/charon.vici` } },
      },
      swanctl: { socket: `unix://${dir}/charon.vici` },
    }),
  );
  env = { ...process.env, STRONGSWAN_CONF: conf };
  charon = host.spawn(['/usr/sbin/charon-systemd'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
  for (let i = 0; ; i++) {
    try {
      await swanctl('--stats');
      break;
    } catch (e) {
      if (i >= 100) throw new Error(`charon's VICI socket did not answer within 100 tries: ${String(e)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
});

after(async () => {
  await lab?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function load(text: string, name = 'swanctl.conf'): Promise<string> {
  const file = join(dir, name);
  writeFileSync(file, text, { mode: 0o600 });
  return swanctl('--load-all', '--clear', '--file', file);
}

/** One connection of `swanctl --list-conns --raw`, reduced to the fields we compare. */
async function listed(): Promise<string> {
  return swanctl('--list-conns', '--raw');
}

test('charon is running and was started by the test', () => {
  assert.ok(charon.pid && charon.exitCode === null);
});

test('the exported swanctl.conf matches the golden fixture and loads into charon, mirrored', async () => {
  const s = site({ localSubnets: ['198.19.1.0/24', '198.19.11.0/24'], childPerSubnetPair: true });
  const text = exportSwanctlConf(s, branch(), hq(), { psk: 'fixture-psk-0123456789' });
  assert.equal(text, readFileSync(new URL('peer-per-pair.conf', FIXTURES), 'utf8'));
  const out = await load(text);
  assert.match(out, /loaded ike secret 'ike-s2s'/);
  assert.match(out, /loaded connection 's2s'/);
  const raw = await listed();
  assert.match(raw, /s2s \{local_addrs=\[198\.18\.1\.2\] remote_addrs=\[198\.18\.1\.1 198\.18\.9\.1\] version=IKEv2/);
  assert.match(raw, /local-1 \{id=198\.18\.1\.2 class=pre-shared key/);
  assert.match(raw, /remote-1 \{id=198\.18\.1\.1 class=pre-shared key/);
  // their children: their local (our remote) to each of our locals; respond-only, so clear (listed as none)
  assert.match(raw, /s2s-0-0 \{mode=TUNNEL rekey_time=3240 [^}]*dpd_action=none close_action=none local-ts=\[198\.19\.2\.0\/24\] remote-ts=\[198\.19\.1\.0\/24\]\}/);
  assert.match(raw, /s2s-0-1 \{mode=TUNNEL rekey_time=3240 [^}]*local-ts=\[198\.19\.2\.0\/24\] remote-ts=\[198\.19\.11\.0\/24\]\}/);
});

test('our own load-conn body, rendered as swanctl.conf, is accepted with every key', async () => {
  const s = site({ initiate: true, remoteSubnets: ['198.19.2.0/24', '198.19.12.0/24'] });
  const conn = buildConnection(s, branch({ addresses: ['198.18.1.2', 'branch.example.net'] }), hq());
  const out = await load(renderSwanctlConf({ connections: conn as unknown as ConfSection }));
  assert.match(out, /loaded connection 's2s'/);
  const raw = await listed();
  assert.match(raw, /remote_addrs=\[198\.18\.1\.2 branch\.example\.net\]/);
  // charon 5.9 lists dpd_action restart as "start" and clear as "none"
  assert.match(raw, /children \{s2s \{mode=TUNNEL rekey_time=3240 [^}]*dpd_action=start [^}]*local-ts=\[198\.19\.1\.0\/24\] remote-ts=\[198\.19\.2\.0\/24 198\.19\.12\.0\/24\]\}/);
});

test('IKEv1 body is accepted: reauthentication instead of rekeying, a child per pair', async () => {
  const s = site({ ikeVersion: 1, ike: { proposals: ['aes256-sha256-modp2048'], lifetime: 28800 }, esp: { proposals: ['aes256gcm16-modp2048'] } });
  const out = await load(renderSwanctlConf({ connections: buildConnection(s, branch(), hq()) as unknown as ConfSection }));
  assert.match(out, /loaded connection 's2s'/);
  const pretty = await swanctl('--list-conns');
  assert.match(pretty, /s2s: IKEv1, reauthentication every 25920s/);
  assert.match(pretty, /s2s-0-0: TUNNEL/);
});

test('certificate export loads with the peer certificate from x509/', async () => {
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=branch.example.net', '-addext', 'subjectAltName=DNS:branch.example.net',
    '-keyout', join(dir, 'private', 'branch.key'), '-out', join(dir, 'x509', 'branch.crt'),
  ], { timeout: 10_000 });
  const s = site({ auth: 'cert', certificate: 'hq-cert', localId: 'hq.example.net', remoteId: 'branch.example.net' });
  const text = exportSwanctlConf(s, branch(), hq());
  assert.ok(!text.includes('secrets'), 'no PSK section for certificate auth');
  const out = await load(text);
  assert.match(out, /loaded certificate from '.*branch\.crt'/);
  assert.match(out, /loaded connection 's2s'/);
  const raw = await listed();
  assert.match(raw, /local-1 \{id=branch\.example\.net class=public key [^}]*certs=\[CN=branch\.example\.net\]/);
  assert.match(raw, /remote-1 \{id=hq\.example\.net class=public key/);
});

test('a hostile PSK cannot break the file: the golden fixture loads, and exactly one secret is defined', async () => {
  const psk = 'a"b\\c#d;e{f}g h\'i=j,k';
  const text = exportSwanctlConf(site(), branch(), hq(), { psk });
  assert.equal(text, readFileSync(new URL('peer-hostile-psk.conf', FIXTURES), 'utf8'));
  const secretLine = text.split('\n').find((l) => l.includes('secret ='))!;
  assert.equal(Buffer.from(/"0s([^"]+)"/.exec(secretLine)![1]!, 'base64').toString('utf8'), psk);
  const out = await load(text);
  assert.match(out, /loaded ike secret 'ike-s2s'/);
  assert.equal((out.match(/loaded ike secret/g) ?? []).length, 1);
});

test('every vendor preset, applied to a site with no crypto settings, loads into charon as built', async () => {
  for (const vendor of peerVendor.options) {
    const s = effectiveSite(siteConnectionSchema.parse({ name: 's2s', gateway: 'hq', peer: 'branch', localSubnets: ['198.19.1.0/24', '198.19.11.0/24'], remoteSubnets: ['198.19.2.0/24'] }), vendor);
    const out = await load(renderSwanctlConf({ connections: buildConnection(s, branch({ vendor }), hq()) as unknown as ConfSection }));
    assert.match(out, /loaded connection 's2s'/, `${vendor}: ${out}`);
    // charon refuses a proposal it cannot parse at load time; what it lists shows the children as built
    assert.equal(((await listed()).match(/mode=TUNNEL/g) ?? []).length, s.childPerSubnetPair ? 2 : 1, vendor);
  }
});
