import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bareIp, labAddress, labCidr, labDestination, nthHost } from './addr.js';
import { LabAddressError } from './errors.js';
import { Lab } from './lab.js';
import { listNetns } from './state.js';

test('only 198.18.0.0/15 addresses are accepted', () => {
  assert.equal(labAddress('198.18.0.1'), '198.18.0.1');
  assert.equal(labAddress('198.19.255.254'), '198.19.255.254');
  assert.equal(labCidr('198.18.5.1/24').prefix, 24);
  assert.equal(labCidr('198.18.0.0/15').prefix, 15);
  assert.equal(labDestination('default'), 'default');
  for (const bad of ['10.0.0.1', '172.16.0.1', '192.168.1.1', '198.17.255.255', '198.20.0.1', '8.8.8.8', '::1', '198.18.1', '198.18.01.1', 'x']) {
    assert.throws(() => labAddress(bad), LabAddressError, bad);
  }
  // A lab address with a short prefix would still cover real networks.
  for (const bad of ['198.18.5.1/8', '198.18.0.0/14', '10.0.0.1/24', '198.18.5.1/33', '198.18.5.1']) {
    assert.throws(() => labCidr(bad), LabAddressError, bad);
  }
});

test('nthHost counts from the network address', () => {
  const net = labCidr('198.19.1.77/24');
  assert.equal(nthHost(net, 1), '198.19.1.1/24');
  assert.equal(nthHost(net, 10), '198.19.1.10/24');
  assert.equal(bareIp(nthHost(net, 10)), '198.19.1.10');
  assert.throws(() => nthHost(labCidr('198.19.1.0/29'), 10), LabAddressError);
});

test('lab calls reject foreign addresses before running anything', async (t) => {
  const lab = await Lab.create(t);
  const [a, b] = await lab.hosts('a', 'b');
  assert.ok(a && b);
  const before = await a.interfaces();
  await assert.rejects(lab.link(a, b, { addrA: '10.1.1.1/24', addrB: '198.18.5.2/24' }), LabAddressError);
  await assert.rejects(lab.link(a, b, { addrA: '198.18.5.1/24', addrB: '192.168.5.2/24' }), LabAddressError);
  // No veth was created by the rejected calls.
  assert.deepEqual(await a.interfaces(), before);
  await assert.rejects(a.ping('10.0.0.1'), LabAddressError);
  await assert.rejects(a.route('172.16.0.0/12', '198.18.5.1'), LabAddressError);
  await assert.rejects(a.route('198.18.6.0/24', '192.168.0.1'), LabAddressError);
  await assert.rejects(a.addAddress('lo', '10.9.9.9/32'), LabAddressError);
  await assert.rejects(lab.lan(a, '10.50.0.0/24'), LabAddressError);
  // lan() validated before creating its host.
  assert.ok(!(await listNetns()).includes(`${lab.prefix}-a-lan`));
  const routes = await a.ipCmd(['route', 'show']);
  assert.equal(routes.trim(), '');
});
