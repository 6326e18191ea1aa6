/**
 * udpProbe's packet shapes against a real OpenVPN 2.6 server: without tls-crypt it answers the hard
 * reset (open); with tls-crypt it drops it silently, which is why silence is reported as "unknown".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../lab/index.js';
import type { Host } from '../lab/index.js';
import { execChecked } from '../../src/net/exec.js';
import { udpProbe } from '../../src/net/probe/index.js';

async function makePki(dir: string): Promise<void> {
  const o = (args: string[]): Promise<string> => execChecked(['openssl', ...args]);
  await o(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', join(dir, 'ca.key')]);
  await o(['req', '-x509', '-new', '-key', join(dir, 'ca.key'), '-sha256', '-days', '2', '-subj', '/CN=Probe CA', '-out', join(dir, 'ca.crt'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await o(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', join(dir, 'server.key')]);
  await o(['req', '-new', '-key', join(dir, 'server.key'), '-subj', '/CN=server', '-out', join(dir, 'server.csr')]);
  writeFileSync(join(dir, 'server.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
  await o(['x509', '-req', '-in', join(dir, 'server.csr'), '-CA', join(dir, 'ca.crt'), '-CAkey', join(dir, 'ca.key'), '-CAcreateserial',
    '-days', '2', '-sha256', '-extfile', join(dir, 'server.ext'), '-out', join(dir, 'server.crt')]);
  await execChecked(['openvpn', '--genkey', 'tls-crypt', join(dir, 'tc.key')]);
  for (const k of ['ca.key', 'server.key', 'tc.key']) chmodSync(join(dir, k), 0o600);
}

async function startOpenvpn(host: Host, dir: string, name: string, port: number, tlsCrypt: boolean): Promise<void> {
  const conf = [
    `dev ${name}`, 'dev-type tun', 'proto udp', 'local 198.18.20.1', `port ${port}`, 'topology subnet', 'server 198.19.99.0 255.255.255.0',
    `ca ${join(dir, 'ca.crt')}`, `cert ${join(dir, 'server.crt')}`, `key ${join(dir, 'server.key')}`, 'dh none',
    ...(tlsCrypt ? [`tls-crypt ${join(dir, 'tc.key')}`] : []), 'verb 3', '',
  ].join('\n');
  const file = join(dir, `${name}.conf`);
  writeFileSync(file, conf, { mode: 0o600 });
  host.spawn(['openvpn', '--config', file], { stdio: 'ignore' });
  await host.waitForSocket('udp', port);
}

test('udpProbe against OpenVPN: answered without tls-crypt, unknown with it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-net-ovpn-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o700);
  const lab = await Lab.create(t);
  const [srv, cli] = await lab.hosts('srv', 'cli');
  if (!srv || !cli) throw new Error('lab hosts missing');
  await lab.link(srv, cli, { addrA: '198.18.20.1/24', addrB: '198.18.20.2/24' });
  await makePki(dir);
  await startOpenvpn(srv, dir, lab.ifname('tp'), 1194, false);
  await startOpenvpn(srv, dir, lab.ifname('tc'), 1195, true);

  const plain = await udpProbe('198.18.20.1', 1194, { namespace: cli.ns, payload: 'openvpn', timeoutMs: 3000 });
  assert.equal(plain.state, 'open');
  assert.ok((plain.replyBytes ?? 0) > 0);
  const crypt = await udpProbe('198.18.20.1', 1195, { namespace: cli.ns, payload: 'openvpn', timeoutMs: 1500 });
  assert.equal(crypt.state, 'unknown');
  assert.equal((await udpProbe('198.18.20.1', 1196, { namespace: cli.ns, timeoutMs: 1500 })).state, 'closed');
});
