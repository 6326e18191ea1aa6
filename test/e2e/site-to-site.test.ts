/**
 * Corridor (a real daemon process driving charon in a lab namespace) against an independent strongSwan
 * peer configured by hand, the interop case that matters: the peer is not managed by Corridor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { siteLab, HQ_WAN, BR_WAN, HQ_LAN, BR_LAN, HQ_LAN_HOST, BR_LAN_HOST } from '../strongswan/topology.js';
import { IndependentPeer } from '../strongswan/peer.js';
import { waitFor } from '../strongswan/harness.js';
import { DaemonProcess, freePort } from '../support/daemon-process.js';
import type { Client } from '../support/daemon.js';

const PSK = 'interop-psk-0123456789';

async function siteUp(c: Client): Promise<void> {
  await waitFor('site up', async () => {
    const s = await c.req('GET', '/api/sites/hq-branch/status');
    return s.json?.health === 'up' ? true : undefined;
  }, 30_000, 200);
}

test('site connection to an independent strongSwan peer survives kill -9 of the daemon and is adopted', async (t) => {
  const { lab, hq, branch, hqLan, brLan } = await siteLab(t);
  const peer = new IndependentPeer(branch, {
    dir: mkdtempSync(join(tmpdir(), 'corridor-peer-')),
    localAddr: BR_WAN, remoteAddr: HQ_WAN, localId: 'branch.lab', remoteId: 'hq.lab', localTs: BR_LAN, remoteTs: HQ_LAN, psk: PSK,
  });
  await peer.start();

  const dataDir = mkdtempSync(join(tmpdir(), 'corridor-e2e-'));
  const daemon = new DaemonProcess(dataDir, await freePort());
  lab.onClose(() => daemon.kill('SIGTERM'));
  let c = await daemon.start();

  assert.equal((await c.req('POST', '/api/gateways', { name: 'hq', namespace: hq.ns, lanSubnets: [HQ_LAN], wanLinks: [{ name: 'wan', interface: 'veth0', address: HQ_WAN }] })).status, 201);
  assert.equal((await c.req('POST', '/api/peers', { name: 'branch', vendor: 'strongswan', addresses: [BR_WAN], identity: 'branch.lab' })).status, 201);
  const site = await c.req('POST', '/api/sites', {
    name: 'hq-branch', gateway: 'hq', peer: 'branch', psk: PSK, localId: 'hq.lab', remoteId: 'branch.lab',
    localSubnets: [HQ_LAN], remoteSubnets: [BR_LAN], ike: { proposals: ['aes256-sha256-modp2048'] }, esp: { proposals: ['aes256gcm16-modp2048'] },
  });
  assert.equal(site.status, 201, site.text);
  await siteUp(c);
  assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, 'hq LAN reaches branch LAN');
  assert.equal((await brLan.ping(HQ_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, 'branch LAN reaches hq LAN');

  const status = await c.req('GET', '/api/sites/hq-branch/status');
  assert.ok(status.json.children.length >= 1 && status.json.ikeSas.length >= 1);
  const engines = (await c.req('GET', '/api/status')).json.engines as Array<{ id: string; pid: number }>;
  const charon = engines.find((e) => e.id === 'charon-hq');
  assert.ok(charon?.pid, 'charon-hq supervised');

  // the daemon dies hard: the tunnel keeps passing traffic
  await daemon.kill('SIGKILL');
  assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 3, intervalMs: 200, timeoutS: 2 })).received, 3, 'traffic flows with the daemon dead');

  // a new daemon adopts charon (same PID) and reports the tunnel up without re-establishing it
  c = await daemon.start();
  // the API answers before the subsystems have resynchronised: wait for the engine to be listed
  const adopted = await waitFor('charon listed', async () => {
    const after = (await c.req('GET', '/api/status')).json.engines as Array<{ id: string; pid: number; adopted: boolean; state: string }>;
    return after.find((e) => e.id === 'charon-hq' && e.state === 'running');
  }, 20_000, 200);
  assert.equal(adopted?.pid, charon.pid);
  assert.equal(adopted?.adopted, true);
  await siteUp(c);
  const exported = await c.req('GET', '/api/sites/hq-branch/export?format=swanctl');
  assert.equal(exported.status, 200);
  assert.match(exported.text, /remote_addrs = "?198\.18\.1\.1/);
  assert.doesNotMatch(exported.text, new RegExp(Buffer.from(PSK).toString('base64')), 'no PSK unless asked for');
  const withPsk = await c.req('GET', '/api/sites/hq-branch/export?format=swanctl&includePsk=1');
  assert.match(withPsk.text, new RegExp(`0s${Buffer.from(PSK).toString('base64')}`));
  const audit = await c.req('GET', '/api/audit?resource=site&name=hq-branch');
  assert.ok(audit.json.items.some((a: { action: string }) => a.action === 'export-psk'), 'exporting the PSK is audited');
});
