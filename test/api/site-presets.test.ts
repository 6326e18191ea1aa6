/**
 * Vendor presets and engine validation through the API: a site leaves vendor-decided fields unset, the
 * peer's preset fills them, the answer says where each effective value came from; what charon would refuse
 * is a 400 naming the field, and nothing is stored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';

async function setup(t: Parameters<typeof testDaemon>[0], vendor = 'huawei-cloud') {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  assert.equal((await c.req('POST', '/api/gateways', { name: 'hq', lanSubnets: ['198.18.10.0/24', '198.18.11.0/24'], wanLinks: [{ name: 'wan1', interface: 'eth0', address: '198.18.0.1' }] })).status, 201);
  assert.equal((await c.req('POST', '/api/peers', { name: 'cloud', vendor, addresses: ['198.18.0.2'] })).status, 201);
  return c;
}

const site = { name: 'to-cloud', gateway: 'hq', peer: 'cloud', psk: 'lab-psk-0123456789', localSubnets: ['198.18.10.0/24', '198.18.11.0/24'], remoteSubnets: ['198.18.20.0/24'] };

test('a site with no crypto settings takes the Huawei Cloud preset; the answer shows each effective value with source "preset"', async (t) => {
  const c = await setup(t);
  const created = await c.req('POST', '/api/sites', site);
  assert.equal(created.status, 201, created.text);
  assert.equal('ike' in created.json, false, 'vendor-decided fields stay unset in the stored spec');
  const got = await c.req('GET', '/api/sites/to-cloud');
  assert.equal(got.status, 200);
  const e = got.json.effective;
  assert.deepEqual(e['ike.proposals'], { value: ['aes128-sha256-modp3072', 'aes128-sha256-modp2048'], source: 'preset' });
  assert.deepEqual(e['ike.lifetime'], { value: 86400, source: 'preset' });
  assert.deepEqual(e['esp.proposals'], { value: ['aes128-sha256-modp3072', 'aes128-sha256-modp2048'], source: 'preset' });
  assert.deepEqual(e['esp.lifetime'], { value: 3600, source: 'preset' });
  assert.deepEqual(e.childPerSubnetPair, { value: true, source: 'preset' });
  assert.deepEqual(e['dpd.delay'], { value: 2, source: 'default' });
  const list = await c.req('GET', '/api/sites');
  assert.deepEqual(list.json.items[0].effective['ike.lifetime'], { value: 86400, source: 'preset' });
  // the parameter sheet is built from the same effective values
  const sheet = await c.req('GET', '/api/sites/to-cloud/export?format=sheet');
  assert.match(sheet.text, /86400 s/);
});

test('a field the user sets wins with source "user"; removing it returns it to the preset', async (t) => {
  const c = await setup(t);
  assert.equal((await c.req('POST', '/api/sites', { ...site, ike: { lifetime: 28800 }, childPerSubnetPair: false })).status, 201);
  let e = (await c.req('GET', '/api/sites/to-cloud')).json.effective;
  assert.deepEqual(e['ike.lifetime'], { value: 28800, source: 'user' });
  assert.deepEqual(e['ike.proposals'].source, 'preset');
  assert.deepEqual(e.childPerSubnetPair, { value: false, source: 'user' });
  const patched = await c.req('PATCH', '/api/sites/to-cloud', { ike: { lifetime: null } });
  assert.equal(patched.status, 200, patched.text);
  e = patched.json.effective;
  assert.deepEqual(e['ike.lifetime'], { value: 86400, source: 'preset' });
});

test('the OpenAPI document describes the effective view of a site', async (t) => {
  const c = await setup(t);
  const doc = (await c.req('GET', '/api/openapi.json')).json;
  const schema = doc.paths['/api/sites/{name}'].get.responses['200'].content['application/json'].schema;
  assert.deepEqual(schema.properties.effective.properties['ike.lifetime'].properties.source.enum, ['user', 'preset', 'default']);
});

test('what charon would refuse is a 400 naming the field, and nothing is stored (create and update)', async (t) => {
  const c = await setup(t, 'huawei');
  const bad = await c.req('POST', '/api/sites', { ...site, ike: { lifetime: 60 } });
  assert.equal(bad.status, 400, bad.text);
  assert.deepEqual(bad.json.issues.map((i: { path: string }) => i.path), ['ike.lifetime']);
  assert.equal((await c.req('GET', '/api/sites/to-cloud')).status, 404);

  const v1 = await c.req('POST', '/api/sites', { ...site, ikeVersion: 1, ike: { proposals: ['aes256gcm16-prfsha256-ecp256'] } });
  assert.equal(v1.status, 400, v1.text);
  assert.deepEqual(v1.json.issues.map((i: { path: string }) => i.path), ['ike.proposals.0']);

  assert.equal((await c.req('POST', '/api/sites', site)).status, 201);
  const patch = await c.req('PATCH', '/api/sites/to-cloud', { esp: { lifetime: 30 } });
  assert.equal(patch.status, 400, patch.text);
  assert.deepEqual(patch.json.issues.map((i: { path: string }) => i.path), ['esp.lifetime']);
  assert.equal((await c.req('GET', '/api/sites/to-cloud')).json.esp, undefined, 'the refused change is not stored');
});

test('a peer vendor change that would make one of its sites invalid is refused on vendor', async (t) => {
  const c = await setup(t, 'huawei');
  // IKEv1 is valid with Huawei's CBC proposals; Corridor's defaults (strongSwan peer) lead with AEAD, which IKEv1 cannot do
  assert.equal((await c.req('POST', '/api/sites', { ...site, ikeVersion: 1 })).status, 201);
  const change = await c.req('PATCH', '/api/peers/cloud', { vendor: 'strongswan' });
  assert.equal(change.status, 400, change.text);
  assert.deepEqual(change.json.issues.map((i: { path: string }) => i.path), ['vendor']);
  assert.match(change.json.issues[0].message, /to-cloud.*ike\.proposals\.0/);
  assert.equal((await c.req('GET', '/api/peers/cloud')).json.vendor, 'huawei');
});
