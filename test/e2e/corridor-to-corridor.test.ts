/**
 * Two gateways managed by Corridor (two charons, one per namespace) authenticating each other with
 * certificates from Corridor's own PKI; the responder side clears on DPD, the initiator restarts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteLab, HQ_WAN, BR_WAN, HQ_LAN, BR_LAN, HQ_LAN_HOST, BR_LAN_HOST } from '../strongswan/topology.js';
import { waitFor } from '../strongswan/harness.js';
import { testDaemon, Client } from '../support/daemon.js';

const HQ_LAN2 = '198.19.3.0/24';
const BR_LAN2 = '198.19.4.0/24';

test('Corridor to Corridor with certificate authentication and two subnet pairs, LAN to LAN both ways', async (t) => {
  const { lab, hq, branch, hqLan, brLan } = await siteLab(t);
  const hqLan2 = await lab.lan(hq, HQ_LAN2, { name: 'hqlan2' });
  const brLan2 = await lab.lan(branch, BR_LAN2, { name: 'brlan2' });
  const d = await testDaemon(undefined, { engines: true });
  lab.onClose(() => d.close());
  const c = new Client(d.url);
  await c.login();
  const ok = async (p: Promise<{ status: number; text: string }>) => {
    const r = await p;
    assert.ok(r.status === 201 || r.status === 200, r.text);
  };
  await ok(c.req('POST', '/api/pki/cas', { name: 'corp', subject: { CN: 'Corp IKE CA' } }));
  await ok(c.req('POST', '/api/pki/certificates', { name: 'ike-hq', ca: 'corp', kind: 'ike', identity: 'hq.lab' }));
  await ok(c.req('POST', '/api/pki/certificates', { name: 'ike-branch', ca: 'corp', kind: 'ike', identity: 'branch.lab' }));
  await ok(c.req('POST', '/api/gateways', { name: 'hq', namespace: hq.ns, lanSubnets: [HQ_LAN, HQ_LAN2], wanLinks: [{ name: 'wan', interface: 'veth0', address: HQ_WAN }] }));
  await ok(c.req('POST', '/api/gateways', { name: 'branch', namespace: branch.ns, lanSubnets: [BR_LAN, BR_LAN2], wanLinks: [{ name: 'wan', interface: 'veth0', address: BR_WAN }] }));
  await ok(c.req('POST', '/api/peers', { name: 'to-branch', addresses: [BR_WAN], identity: 'branch.lab' }));
  await ok(c.req('POST', '/api/peers', { name: 'to-hq', addresses: [HQ_WAN], identity: 'hq.lab' }));
  // one CHILD_SA per subnet pair, as Cisco-style policy-based peers need
  const common = { auth: 'cert', childPerSubnetPair: true, ike: { proposals: ['aes256gcm16-prfsha256-ecp256'] }, esp: { proposals: ['aes256gcm16-ecp256'] } };
  await ok(c.req('POST', '/api/sites', { ...common, name: 'branch-hq', gateway: 'branch', peer: 'to-hq', certificate: 'ike-branch', localId: 'branch.lab', remoteId: 'hq.lab', localSubnets: [BR_LAN, BR_LAN2], remoteSubnets: [HQ_LAN, HQ_LAN2], initiate: false }));
  await ok(c.req('POST', '/api/sites', { ...common, name: 'hq-branch', gateway: 'hq', peer: 'to-branch', certificate: 'ike-hq', localId: 'hq.lab', remoteId: 'branch.lab', localSubnets: [HQ_LAN, HQ_LAN2], remoteSubnets: [BR_LAN, BR_LAN2] }));

  for (const name of ['hq-branch', 'branch-hq']) {
    await waitFor(`${name} up`, async () => ((await c.req('GET', `/api/sites/${name}/status`)).json?.health === 'up' ? true : undefined), 30_000, 200);
  }
  assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2);
  assert.equal((await brLan.ping(HQ_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2);
  assert.equal((await hqLan.ping('198.19.4.10', { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, 'second pair: hq LAN 1 to branch LAN 2');
  assert.equal((await hqLan2.ping(BR_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, 'hq LAN 2 to branch LAN 1');
  assert.equal((await brLan2.ping('198.19.3.10', { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, 'branch LAN 2 to hq LAN 2');
  const hqStatus = (await c.req('GET', '/api/sites/hq-branch/status')).json;
  assert.equal(hqStatus.children.length, 4, 'four CHILD_SAs, one per subnet pair');
  const status = (await c.req('GET', '/api/status')).json;
  assert.equal(status.sites.up, 2);
  assert.ok(status.engines.some((e: { id: string }) => e.id === 'charon-branch') && status.engines.some((e: { id: string }) => e.id === 'charon-hq'));
  assert.ok(status.dataPlanes.every((p: { dataPlane: string }) => p.dataPlane === 'libipsec' || p.dataPlane === 'kernel'));

  // the exported configuration of the far end mirrors ours
  const sheet = await c.req('GET', '/api/sites/hq-branch/export?format=sheet&vendor=huawei&lang=zh-CN');
  assert.equal(sheet.status, 200);
  assert.match(sheet.text, /198\.19\.2\.0/);
});
