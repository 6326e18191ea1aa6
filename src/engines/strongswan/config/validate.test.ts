import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateForEngine } from './validate.js';
import { branch, hq, site } from './fixtures.test-util.js';

const paths = (issues: { path: string; severity: string }[]) => issues.map((i) => `${i.severity}:${i.path}`);

test('a plain site has no issues', () => {
  assert.deepEqual(validateForEngine(site(), branch(), hq()), []);
});

test('IKEv1 with an AEAD IKE proposal is an error; AEAD in ESP is fine', () => {
  const s = site({ ikeVersion: 1, ike: { proposals: ['aes256-sha256-modp2048', 'aes256gcm16-prfsha256-ecp256'] }, esp: { proposals: ['aes256gcm16-ecp256'] } });
  const issues = validateForEngine(s, branch(), hq());
  assert.deepEqual(paths(issues), ['error:ike.proposals.1']);
  assert.match(issues[0]!.message, /IKEv1 has no AEAD/);
});

test('cert auth: an identity missing from the certificate is an error naming what it has', () => {
  const s = site({ auth: 'cert', certificate: 'hq', localId: 'hq.example.com' });
  const issues = validateForEngine(s, branch(), hq(), { certificateIds: ['gw.example.com', '198.18.1.1'] });
  assert.deepEqual(paths(issues), ['error:localId']);
  assert.match(issues[0]!.message, /gw\.example\.com/);
  assert.deepEqual(validateForEngine(s, branch(), hq(), { certificateIds: ['hq.example.com'] }), []);
});

test('cert auth without any identity is a warning', () => {
  const s = site({ auth: 'cert', certificate: 'hq' });
  assert.deepEqual(paths(validateForEngine(s, branch(), hq({ wanLinks: [] }))), ['warning:localId']);
});

test('a local subnet outside the gateway LANs is a warning; a subnet inside one is not', () => {
  const s = site({ localSubnets: ['198.19.1.128/25', '198.19.50.0/24'] });
  assert.deepEqual(paths(validateForEngine(s, branch(), hq())), ['warning:localSubnets.1']);
});

test('lifetimes too short for the rekey margin are errors', () => {
  assert.deepEqual(paths(validateForEngine(site({ ike: { lifetime: 60 }, esp: { lifetime: 30 } }), branch(), hq())), ['error:ike.lifetime', 'error:esp.lifetime']);
});

test('respond-only with restart, and a delay with DPD off, are warnings', () => {
  const s = site({ initiate: false, dpd: { preset: 'off', delay: 5, action: 'restart' } });
  assert.deepEqual(paths(validateForEngine(s, branch(), hq())), ['warning:dpd.action', 'warning:dpd.delay']);
});

test('proposals none of which the peer vendor can do are flagged', () => {
  const s = site({ ike: { proposals: ['aes256-sha256-curve25519'] }, esp: { proposals: ['chacha20poly1305'] } });
  const issues = validateForEngine(s, branch({ vendor: 'huawei' }), hq());
  assert.deepEqual(paths(issues), ['warning:ike.proposals', 'warning:esp.proposals']);
  assert.match(issues[0]!.message, /DH group 31/);
  assert.deepEqual(validateForEngine(s, branch({ vendor: 'generic' }), hq()), []);
});
