/** Kernel detection, forwarding switches and host facts, on this machine and in lab namespaces. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync } from 'node:fs';
import { Lab } from '../lab/index.js';
import { detectKernelFeatures, KernelFeatures } from '../../src/net/kernel.js';
import { enableForwarding, IPV4_FORWARD, readForwarding, readSysctl, restoreForwarding } from '../../src/net/sysctl.js';
import { engineFacts, pptpdPids, processesNamed } from '../../src/net/host.js';
import { exec } from '../../src/net/exec.js';

test('kernel detection on this machine: every probe answers, the data planes follow, device answers match a direct open', async () => {
  // both answers of each feature are checked with injected probes (src/net/kernel.test.ts); this one asks
  // the real kernel, whatever it offers, and checks the parts that do not depend on it
  const report = await detectKernelFeatures();
  const tried: Record<string, string> = {
    xfrm: 'ip xfrm state list', esp: 'ip xfrm state add proto esp', wireguard: 'ip link add type wireguard', ovpnDco: 'ip link add type ovpn-dco',
    gre: 'ip link add type gre', nftables: 'nft add table', tun: 'open /dev/net/tun', ppp: 'open /dev/ppp',
  };
  assert.deepEqual(Object.keys(report.features).sort(), Object.keys(tried).sort());
  for (const [f, r] of Object.entries(report.features)) {
    assert.ok(r.evidence.startsWith(tried[f]!), `${f}: ${r.evidence}`);
    assert.equal(r.evidence.endsWith(': ok'), r.available, `${f}: ${r.evidence}`);
  }
  const opens = (path: string) => { try { closeSync(openSync(path, 'r+')); return true; } catch { return false; } };
  assert.equal(report.features.tun.available, opens('/dev/net/tun'));
  assert.equal(report.features.ppp.available, opens('/dev/ppp'));
  // the lab tests of this suite build nftables rule sets in namespaces: nftables must be found where they run
  assert.equal(report.features.nftables.available, true, report.features.nftables.evidence);
  const f = report.features;
  assert.deepEqual(report.dataPlanes, {
    ipsec: f.xfrm.available && f.esp.available ? 'kernel-xfrm' : 'kernel-libipsec',
    wireguard: f.wireguard.available ? 'kernel' : 'wireguard-go',
    openvpn: f.ovpnDco.available ? 'ovpn-dco' : f.tun.available ? 'tun' : 'none',
  });
  const namespacesAfter = (await exec(['ip', 'netns', 'list'])).stdout;
  // this process's probe namespaces only: another test run on the machine may be probing right now
  assert.ok(!namespacesAfter.includes(`corridor-kprobe-${process.pid}-`), 'the probe namespace is gone');
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

test('engine programs on this machine: the ones this suite runs are found, each with a version of its shape', async () => {
  // both outcomes of the detection are checked with injected answers (src/net/host.test.ts); here the real
  // programs, whichever versions this machine has
  const facts = await engineFacts();
  for (const name of ['openvpn', 'charon-systemd', 'swanctl', 'nft'] as const) {
    assert.equal(facts[name].installed, true, name);
    assert.match(facts[name].version ?? '', /^\d+\.\d+\.\d+$/, `${name}: ${facts[name].evidence}`);
  }
  assert.match(facts.openvpn.version ?? '', /^2\.6\./, 'the engines are written for OpenVPN 2.6');
  for (const name of ['wireguard-go', 'wg'] as const) {
    if (facts[name].installed) assert.match(facts[name].version ?? '', /^\d+\.\d+\.\d{8}$/, `${name}: ${facts[name].evidence}`);
  }
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
