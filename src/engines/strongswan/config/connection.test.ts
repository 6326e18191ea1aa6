import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildConnection, childSpecs } from './connection.js';
import { buildSharedSecret } from './shared-secret.js';
import { branch, hq, site } from './fixtures.test-util.js';

const child = (local: string[], remote: string[], over: Record<string, unknown> = {}) => ({
  local_ts: local,
  remote_ts: remote,
  esp_proposals: ['aes256gcm16-ecp256', 'aes256-sha256-modp2048'],
  rekey_time: '3240s',
  life_time: '3600s',
  rand_time: '360s',
  dpd_action: 'restart',
  start_action: 'none',
  close_action: 'none',
  mode: 'tunnel',
  ...over,
});

test('PSK site with defaults: the exact load-conn body', () => {
  assert.deepEqual(buildConnection(site(), branch(), hq()), {
    s2s: {
      version: '2',
      local_addrs: ['198.18.1.1', '198.18.9.1'],
      remote_addrs: ['198.18.1.2'],
      proposals: ['aes256gcm16-prfsha256-ecp256', 'aes256-sha256-modp2048'],
      rekey_time: '12960s',
      over_time: '1440s',
      rand_time: '1440s',
      dpd_delay: '2s',
      keyingtries: '0',
      mobike: 'no',
      unique: 'replace',
      local: { auth: 'psk', id: '198.18.1.1' },
      remote: { auth: 'psk', id: '198.18.1.2' },
      children: { s2s: child(['198.19.1.0/24'], ['198.19.2.0/24']) },
    },
  });
});

test('key order is stable, so a rendered file does not change when nothing changed', () => {
  assert.deepEqual(Object.keys(buildConnection(site(), branch(), hq()).s2s!), [
    'version', 'local_addrs', 'remote_addrs', 'proposals', 'rekey_time', 'over_time', 'rand_time', 'dpd_delay',
    'keyingtries', 'mobike', 'unique', 'local', 'remote', 'children',
  ]);
});

test('certificate auth: pubkey with our certificate, explicit ids, CA constraint on the remote', () => {
  const s = site({ auth: 'cert', certificate: 'hq-cert', localId: 'hq.example.com', remoteId: 'branch.example.com' });
  const conn = buildConnection(s, branch(), hq(), { localCerts: ['PEM-HQ'], remoteCaCerts: ['PEM-CA'] }).s2s!;
  assert.deepEqual(conn.local, { auth: 'pubkey', id: 'hq.example.com', certs: ['PEM-HQ'] });
  assert.deepEqual(conn.remote, { auth: 'pubkey', id: 'branch.example.com', cacerts: ['PEM-CA'] });
});

test('PSK auth never carries certificates even when some are passed', () => {
  const conn = buildConnection(site(), branch(), hq(), { localCerts: ['PEM'], revocation: 'strict' }).s2s!;
  assert.deepEqual(conn.local, { auth: 'psk', id: '198.18.1.1' });
  assert.equal(conn.remote.revocation, undefined);
});

test('revocation strict (the daemon loads the CRLs) applies to the peer only', () => {
  const s = site({ auth: 'cert', certificate: 'hq-cert', localId: 'hq.example.com', remoteId: 'branch.example.com' });
  const conn = buildConnection(s, branch(), hq(), { localCerts: ['PEM-HQ'], remoteCaCerts: ['PEM-CA'], revocation: 'strict' }).s2s!;
  assert.deepEqual(conn.remote, { auth: 'pubkey', id: 'branch.example.com', cacerts: ['PEM-CA'], revocation: 'strict' });
  assert.equal(conn.local.revocation, undefined);
});

test('several subnets in one child by default', () => {
  const s = site({ localSubnets: ['198.19.1.0/24', '198.19.11.0/24'], remoteSubnets: ['198.19.2.0/24', '198.19.12.0/24'] });
  assert.deepEqual(buildConnection(s, branch(), hq()).s2s!.children, {
    s2s: child(['198.19.1.0/24', '198.19.11.0/24'], ['198.19.2.0/24', '198.19.12.0/24']),
  });
});

test('under the control plane, several CHILD_SAs clear on DPD (the daemon restarts them, strongswan#1855); one keeps restart', () => {
  const several = site({ localSubnets: ['198.19.1.0/24', '198.19.11.0/24'], remoteSubnets: ['198.19.2.0/24'], childPerSubnetPair: true });
  const actions = (conn: ReturnType<typeof buildConnection>) => Object.values(conn.s2s!.children).map((c) => c.dpd_action);
  assert.deepEqual(actions(buildConnection(several, branch(), hq(), { controlPlane: true })), ['clear', 'clear']);
  assert.deepEqual(actions(buildConnection(several, branch(), hq())), ['restart', 'restart'], 'exported far end: charon restarts itself');
  assert.deepEqual(actions(buildConnection(site(), branch(), hq(), { controlPlane: true })), ['restart']);
});

test('childPerSubnetPair: one child per (local, remote) pair named <conn>-<i>-<j>', () => {
  const s = site({ localSubnets: ['198.19.1.0/24', '198.19.11.0/24'], remoteSubnets: ['198.19.2.0/24', '198.19.12.0/24'], childPerSubnetPair: true });
  assert.deepEqual(buildConnection(s, branch(), hq()).s2s!.children, {
    's2s-0-0': child(['198.19.1.0/24'], ['198.19.2.0/24']),
    's2s-0-1': child(['198.19.1.0/24'], ['198.19.12.0/24']),
    's2s-1-0': child(['198.19.11.0/24'], ['198.19.2.0/24']),
    's2s-1-1': child(['198.19.11.0/24'], ['198.19.12.0/24']),
  });
});

test('IKEv1: version 1, a child per pair even without the flag, reauthentication instead of IKE rekeying', () => {
  const s = site({
    ikeVersion: 1,
    ike: { proposals: ['aes256-sha256-modp2048'], lifetime: 28800 },
    esp: { proposals: ['aes256gcm16-modp2048'], lifetime: 3600 },
    remoteSubnets: ['198.19.2.0/24', '198.19.12.0/24'],
  });
  const conn = buildConnection(s, branch(), hq()).s2s!;
  assert.equal(conn.version, '1');
  assert.equal(conn.rekey_time, '0s');
  assert.equal(conn.reauth_time, '25920s');
  assert.equal(conn.over_time, '2880s');
  assert.deepEqual(Object.keys(conn.children), ['s2s-0-0', 's2s-0-1']);
  assert.deepEqual(conn.children['s2s-0-1']!.esp_proposals, ['aes256gcm16-modp2048']);
});

test('FQDN peers: every address and name in remote_addrs, in order; remote id defaults to the first', () => {
  const p = branch({ addresses: ['branch-a.example.net', '198.18.1.2', 'branch-b.example.net'] });
  const conn = buildConnection(site(), p, hq()).s2s!;
  assert.deepEqual(conn.remote_addrs, ['branch-a.example.net', '198.18.1.2', 'branch-b.example.net']);
  assert.deepEqual(conn.remote, { auth: 'psk', id: 'branch-a.example.net' });
});

test('identity precedence: site remoteId over peer identity over first address', () => {
  const p = branch({ identity: 'peer-id.example.net' });
  assert.equal(buildConnection(site(), p, hq()).s2s!.remote.id, 'peer-id.example.net');
  assert.equal(buildConnection(site({ remoteId: 'site-id.example.net' }), p, hq()).s2s!.remote.id, 'site-id.example.net');
});

test('no known WAN address: local_addrs and local id are left to charon', () => {
  const g = hq({ wanLinks: [{ name: 'main', interface: 'eth0' }] });
  const conn = buildConnection(site(), branch(), g).s2s!;
  assert.equal(conn.local_addrs, undefined);
  assert.deepEqual(conn.local, { auth: 'psk' });
  const learnt = buildConnection(site(), branch(), g, { localAddrs: ['198.18.5.5'] }).s2s!;
  assert.deepEqual(learnt.local_addrs, ['198.18.5.5']);
  assert.equal(learnt.local.id, '198.18.5.5');
});

test('respond-only side: keyingtries 1 and dpd_action clear even when restart was asked', () => {
  const conn = buildConnection(site({ initiate: false, dpd: { action: 'restart' } }), branch(), hq()).s2s!;
  assert.equal(conn.keyingtries, '1');
  assert.equal(conn.children.s2s!.dpd_action, 'clear');
});

test('DPD delay: presets and explicit delay; off wins', () => {
  const delay = (dpd: object) => buildConnection(site({ dpd }), branch(), hq()).s2s!.dpd_delay;
  assert.equal(delay({ preset: 'fast' }), '2s');
  assert.equal(delay({ preset: 'standard' }), '30s');
  assert.equal(delay({ preset: 'off', delay: 5 }), '0s');
  assert.equal(delay({ preset: 'standard', delay: 7 }), '7s');
});

test('MOBIKE only when asked', () => {
  assert.equal(buildConnection(site({ mobike: true }), branch(), hq()).s2s!.mobike, 'yes');
});

test('lifetimes: rekey at lifetime minus 10 %, hard limit at the lifetime', () => {
  const conn = buildConnection(site({ ike: { lifetime: 28800 }, esp: { lifetime: 27000 } }), branch(), hq()).s2s!;
  assert.equal(Number.parseInt(conn.rekey_time) + Number.parseInt(conn.over_time), 28800);
  assert.equal(conn.rekey_time, '25920s');
  assert.equal(conn.children.s2s!.rekey_time, '24300s');
  assert.equal(conn.children.s2s!.life_time, '27000s');
});

test('childSpecs lists what buildConnection creates', () => {
  const s = site({ childPerSubnetPair: true, remoteSubnets: ['198.19.2.0/24', '198.19.12.0/24'] });
  assert.deepEqual(childSpecs(s).map((c) => c.name), Object.keys(buildConnection(s, branch(), hq()).s2s!.children));
});

test('shared secret: id from the site, owners are both identities, data is the raw key', () => {
  assert.deepEqual(buildSharedSecret(site(), branch(), 'k"ey#with;odd\\chars', hq()), {
    id: 'psk-s2s',
    body: { type: 'IKE', data: 'k"ey#with;odd\\chars', owners: ['198.18.1.1', '198.18.1.2'] },
  });
  assert.deepEqual(buildSharedSecret(site(), branch(), 'abcdefgh').body.owners, ['198.18.1.2']);
  assert.deepEqual(buildSharedSecret(site({ localId: 'hq.example.com' }), branch(), 'abcdefgh').body.owners, ['hq.example.com', '198.18.1.2']);
});
