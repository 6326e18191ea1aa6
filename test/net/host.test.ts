/** Kernel detection, forwarding switches and host facts, on this machine and in lab namespaces. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { Lab } from '../lab/index.js';
import { detectKernelFeatures, KernelFeatures } from '../../src/net/kernel.js';
import { enableForwarding, IPV4_FORWARD, readForwarding, readSysctl, restoreForwarding } from '../../src/net/sysctl.js';
import { engineFacts, pptpdPids, processesNamed } from '../../src/net/host.js';
import { exec } from '../../src/net/exec.js';

test('kernel detection: the answers of the development and CI machines', async () => {
  const report = await detectKernelFeatures();
  // engines-lab.md: these kernels have XFRM but no ESP, no WireGuard, no ovpn-dco, no PPP, no GRE
  assert.equal(report.features.xfrm.available, true, report.features.xfrm.evidence);
  assert.equal(report.features.esp.available, false, report.features.esp.evidence);
  assert.match(report.features.esp.evidence, /Requested type not found/);
  assert.equal(report.features.wireguard.available, false);
  assert.match(report.features.wireguard.evidence, /Unknown device type/);
  assert.equal(report.features.ovpnDco.available, false);
  assert.equal(report.features.tun.available, existsSync('/dev/net/tun'));
  assert.equal(report.features.tun.available, true);
  assert.equal(report.features.nftables.available, true);
  assert.equal(report.features.ppp.available, false);
  assert.equal(report.features.gre.available, false);
  assert.deepEqual(report.dataPlanes, { ipsec: 'kernel-libipsec', wireguard: 'wireguard-go', openvpn: 'tun' });
  const namespacesAfter = (await exec(['ip', 'netns', 'list'])).stdout;
  assert.doesNotMatch(namespacesAfter, /corridor-kprobe-/, 'the probe namespace is gone');
});

test('KernelFeatures caches one detection until refreshed', async () => {
  const cache = new KernelFeatures();
  const first = await cache.get();
  assert.equal(await cache.get(), first);
  const again = await cache.get({ refresh: true });
  assert.notEqual(again, first);
  assert.deepEqual(again.dataPlanes, first.dataPlanes);
});

test('forwarding: enabled in a namespace, previous value returned and restored', async (t) => {
  const lab = await Lab.create(t);
  const [gw] = await lab.hosts('gw');
  if (!gw) throw new Error('lab host missing');
  const root = await readSysctl(IPV4_FORWARD);
  assert.deepEqual((await readForwarding({ namespace: gw.ns })).ipv4, '0');
  const previous = await enableForwarding({ namespace: gw.ns, ipv6: true });
  assert.equal(previous.ipv4, '0');
  const now = await readForwarding({ namespace: gw.ns });
  assert.equal(now.ipv4, '1');
  if (previous.ipv6 !== undefined) assert.equal(now.ipv6, '1');
  assert.equal(await readSysctl(IPV4_FORWARD), root, 'the host namespace is not touched');
  await restoreForwarding(previous, { namespace: gw.ns });
  assert.deepEqual(await readForwarding({ namespace: gw.ns }), previous);
  assert.equal(await readSysctl('net.ipv4.no_such_key', { namespace: gw.ns }), undefined);
  await assert.rejects(readSysctl('net.ipv4.ip_forward; reboot'), /not a sysctl key/);
});

test('engine programs and versions, as installed here', async () => {
  const facts = await engineFacts();
  assert.equal(facts.openvpn.version, '2.6.14');
  assert.equal(facts['charon-systemd'].version, '5.9.8');
  assert.equal(facts.swanctl.installed, true);
  assert.match(facts['wireguard-go'].version ?? '', /^0\.0\.\d{8}$/);
  assert.match(facts.wg.version ?? '', /^1\.0\.\d{8}$/);
  assert.match(facts.nft.version ?? '', /^1\.\d+\.\d+$/);
});

test('pptpd: none runs here; processesNamed finds a process by its command name', async (t) => {
  assert.deepEqual(await pptpdPids(), []);
  const lab = await Lab.create(t);
  const [h] = await lab.hosts('p');
  if (!h) throw new Error('lab host missing');
  const child = h.spawn(['sleep', '30'], { stdio: 'ignore' });
  // the spawned `ip netns exec` becomes sleep (it execs), so the PID is sleep's once it has run
  let found: number[] = [];
  for (let i = 0; i < 100 && !found.includes(child.pid ?? -1); i++) {
    found = await processesNamed('sleep');
    if (!found.includes(child.pid ?? -1)) await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(found.includes(child.pid ?? -1), `pid ${String(child.pid)} in ${found.join(',')}`);
});
