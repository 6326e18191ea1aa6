import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConnection } from './connection.js';
import { mirrorSite } from './mirror.js';
import { branch, hq, site } from './fixtures.test-util.js';

function both(s = site(), p = branch(), g = hq()) {
  const ours = buildConnection(s, p, g)[s.name]!;
  const far = mirrorSite(s, p, g);
  const theirs = buildConnection(far.site, far.peer, far.gateway, { localAddrs: far.localAddrs })[s.name]!;
  return { ours, theirs, far };
}

test('their local is our remote: addresses, identities and subnets swap', () => {
  const { ours, theirs } = both(site({ localSubnets: ['198.19.1.0/24', '198.19.11.0/24'] }));
  assert.deepEqual(theirs.local_addrs, ours.remote_addrs);
  assert.deepEqual(theirs.remote_addrs, ours.local_addrs);
  assert.equal(theirs.local.id, ours.remote.id);
  assert.equal(theirs.remote.id, ours.local.id);
  assert.deepEqual(theirs.children.s2s!.local_ts, ours.children.s2s!.remote_ts);
  assert.deepEqual(theirs.children.s2s!.remote_ts, ours.children.s2s!.local_ts);
});

test('proposals, lifetimes, version and DPD delay are the same on both ends', () => {
  const { ours, theirs } = both(site({ ikeVersion: 1, ike: { proposals: ['aes256-sha256-modp2048'] } }));
  for (const k of ['version', 'proposals', 'rekey_time', 'reauth_time', 'over_time', 'dpd_delay', 'mobike'] as const) {
    assert.deepEqual(theirs[k], ours[k], k);
  }
});

test('when we initiate they only respond and clear; when we respond they initiate and restart', () => {
  const a = both();
  assert.equal(a.ours.keyingtries, '0');
  assert.equal(a.theirs.keyingtries, '1');
  assert.equal(a.ours.children.s2s!.dpd_action, 'restart');
  assert.equal(a.theirs.children.s2s!.dpd_action, 'clear');
  const b = both(site({ initiate: false }));
  assert.equal(b.theirs.keyingtries, '0');
  assert.equal(b.ours.children.s2s!.dpd_action, 'clear');
  assert.equal(b.theirs.children.s2s!.dpd_action, 'restart');
});

test('per-pair children mirror pair for pair', () => {
  const s = site({ childPerSubnetPair: true, localSubnets: ['198.19.1.0/24', '198.19.11.0/24'] });
  const { ours, theirs } = both(s);
  const pairs = (c: typeof ours) => Object.values(c.children).map((x) => `${x.local_ts[0]}>${x.remote_ts[0]}`).sort();
  const flipped = Object.values(ours.children).map((x) => `${x.remote_ts[0]}>${x.local_ts[0]}`).sort();
  assert.deepEqual(pairs(theirs), flipped);
});

test('a peer known by DNS name dials our DDNS name when our address is learnt at run time', () => {
  const g = hq({ wanLinks: [{ name: 'main', interface: 'eth0', fqdn: 'hq.example.net' }] });
  const far = mirrorSite(site({ localId: 'hq.example.net' }), branch({ addresses: ['branch.example.net'] }), g);
  assert.deepEqual(far.peer.addresses, ['hq.example.net']);
  assert.deepEqual(far.localAddrs, []);
  assert.equal(far.site.remoteId, 'hq.example.net');
  assert.equal(far.site.localId, 'branch.example.net');
});

test('respond-only site with nothing to dial is refused with a reason', () => {
  const g = hq({ wanLinks: [] });
  assert.throws(() => mirrorSite(site({ initiate: false }), branch(), g), /must initiate.*no WAN address/);
  assert.doesNotThrow(() => mirrorSite(site(), branch(), g));
});
