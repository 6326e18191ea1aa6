import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityType, wanAddresses, wanDialTargets } from './identity.js';
import { hq } from './fixtures.test-util.js';

test('identity types as the peer will see them', () => {
  assert.equal(identityType('198.18.1.1'), 'ipv4');
  assert.equal(identityType('2001:db8::1'), 'ipv6');
  assert.equal(identityType('hq.example.net'), 'fqdn');
  assert.equal(identityType('vpn@example.net'), 'user-fqdn');
  assert.equal(identityType('keyid:0a0b'), 'key-id');
  assert.equal(identityType('CN=hq,O=corp'), 'dn');
});

test('WAN links by priority; a link without an address is dialled by its DNS name', () => {
  const g = hq({
    wanLinks: [
      { name: 'b', interface: 'eth1', priority: 50, fqdn: 'b.example.net' },
      { name: 'a', interface: 'eth0', priority: 100, address: '198.18.1.1' },
      { name: 'c', interface: 'eth2', priority: 10, address: '198.18.3.1' },
    ],
  });
  assert.deepEqual(wanAddresses(g), ['198.18.3.1', '198.18.1.1']);
  assert.deepEqual(wanDialTargets(g), ['198.18.3.1', 'b.example.net', '198.18.1.1']);
});
