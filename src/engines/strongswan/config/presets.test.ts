import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerVendor, siteConnectionSchema } from '../../../core/model/index.js';
import { parseProposal } from '../../../core/proposals.js';
import { presetFor, PRESETS } from './presets.js';
import { effectiveSite, resolveSite } from './effective.js';
import { translateProposal } from './export/vendor-names.js';
import { validateForEngine } from './validate.js';
import { buildConnection } from './connection.js';
import { exportSwanctlConf } from './export/swanctl-conf.js';
import { dpdDelay } from './timers.js';
import { FAST_RETRANSMIT } from '../charon/conf.js';
import { branch, hq } from './fixtures.test-util.js';

const bare = (over = {}) =>
  siteConnectionSchema.parse({ name: 's2s', gateway: 'hq', peer: 'branch', localSubnets: ['198.19.1.0/24', '198.19.3.0/24'], remoteSubnets: ['198.19.2.0/24'], ...over });

test('every vendor has a preset with proposals that parse and notes in both languages', () => {
  for (const vendor of peerVendor.options) {
    const p = presetFor(vendor);
    assert.equal(p.vendor, vendor);
    for (const x of p.site.ike?.proposals ?? []) assert.notEqual(typeof parseProposal(x, 'ike'), 'string', `${vendor} ike ${x}`);
    for (const x of p.site.esp?.proposals ?? []) assert.notEqual(typeof parseProposal(x, 'esp'), 'string', `${vendor} esp ${x}`);
    assert.ok(p.notes.en.length > 0 && p.notes['zh-CN'].length === p.notes.en.length, vendor);
    if (vendor !== 'strongswan') assert.ok((p.site.ike?.lifetime ?? 0) > 0 && (p.site.esp?.lifetime ?? 0) > 0, vendor);
  }
});

test('documented vendor defaults: Huawei Cloud group 15 / 86400 / 3600, AWS 28800/3600, Azure 28800/27000, FortiGate groups 14 and 5', () => {
  assert.deepEqual(PRESETS['huawei-cloud'].site.ike, { proposals: ['aes128-sha256-modp3072', 'aes128-sha256-modp2048'], lifetime: 86400 });
  assert.deepEqual(PRESETS['huawei-cloud'].site.esp, { proposals: ['aes128-sha256-modp3072', 'aes128-sha256-modp2048'], lifetime: 3600 });
  assert.equal(PRESETS['huawei-cloud'].site.childPerSubnetPair, true);
  assert.deepEqual([PRESETS.aws.site.ike?.lifetime, PRESETS.aws.site.esp?.lifetime], [28800, 3600]);
  assert.deepEqual([PRESETS.azure.site.ike?.lifetime, PRESETS.azure.site.esp?.lifetime], [28800, 27000]);
  assert.ok(PRESETS.fortigate.site.ike?.proposals?.some((p) => p.endsWith('modp1536')));
  assert.deepEqual(PRESETS.huawei.site.ike, { proposals: ['aes256-sha256-modp2048'], lifetime: 86400 });
  assert.equal(PRESETS.aws.site.childPerSubnetPair, false);
  assert.equal(PRESETS['cisco-ios'].site.childPerSubnetPair, true);
});

test('a Huawei Cloud peer and a site with no crypto settings: swanctl gets Huawei Cloud\'s proposals, lifetimes and one SA per pair', () => {
  const peer = branch({ vendor: 'huawei-cloud' });
  const site = effectiveSite(bare(), peer.vendor);
  const conn = buildConnection(site, peer, hq()).s2s!;
  assert.deepEqual(conn.proposals, ['aes128-sha256-modp3072', 'aes128-sha256-modp2048']);
  assert.equal(conn.version, '2');
  // 86400 s: rekey at 90 %, hard expiry at the lifetime (timers.ts)
  assert.equal(conn.rekey_time, '77760s');
  assert.equal(conn.over_time, '8640s');
  assert.deepEqual(Object.keys(conn.children), ['s2s-0-0', 's2s-1-0']);
  for (const c of Object.values(conn.children)) {
    assert.deepEqual(c.esp_proposals, ['aes128-sha256-modp3072', 'aes128-sha256-modp2048']);
    assert.equal(c.life_time, '3600s');
  }
  const conf = exportSwanctlConf(site, peer, hq());
  assert.match(conf, /\n    proposals = "aes128-sha256-modp3072, aes128-sha256-modp2048"/);
  assert.match(conf, /esp_proposals = "aes128-sha256-modp3072, aes128-sha256-modp2048"/);
});

test('sources: the user\'s field wins, the preset fills the rest, Corridor\'s defaults what no preset decides', () => {
  const r = resolveSite(bare({ ike: { lifetime: 3600 }, childPerSubnetPair: false }), 'huawei-cloud');
  assert.deepEqual(r.effective['ike.lifetime'], { value: 3600, source: 'user' });
  assert.deepEqual(r.effective['ike.proposals'], { value: ['aes128-sha256-modp3072', 'aes128-sha256-modp2048'], source: 'preset' });
  assert.deepEqual(r.effective.childPerSubnetPair, { value: false, source: 'user' });
  assert.deepEqual(r.effective['esp.lifetime'], { value: 3600, source: 'preset' });
  assert.deepEqual(r.effective['dpd.preset'], { value: 'fast', source: 'default' });
  assert.deepEqual(r.effective['dpd.delay'], { value: 2, source: 'default' });
  assert.equal(r.site.ike.lifetime, 3600);
  const plain = resolveSite(bare(), 'strongswan');
  assert.deepEqual(plain.effective['ike.lifetime'], { value: 14400, source: 'default' });
});

test('no preset weakens the DPD guarantee: with nothing set, a dead peer is declared within 10 s for every vendor', () => {
  // what charon waits after an unanswered probe: timeout × base^k for the first send and each retransmit
  const { tries, timeout, base } = FAST_RETRANSMIT;
  const retransmits = Array.from({ length: tries + 1 }, (_, k) => timeout * base ** k).reduce((a, b) => a + b, 0);
  for (const vendor of peerVendor.options) {
    const site = effectiveSite(bare(), vendor);
    const worst = dpdDelay(site) + retransmits;
    assert.ok(dpdDelay(site) > 0 && worst <= 10, `${vendor}: ${worst} s`);
  }
});

test('device presets lead with proposals the device can do (no flags in its own words)', () => {
  for (const [vendor, words] of [['huawei', 'huawei'], ['huawei-cloud', 'huawei'], ['cisco-ios', 'cisco'], ['cisco-asa', 'cisco'], ['fortigate', 'fortigate']] as const) {
    const p = PRESETS[vendor].site;
    assert.deepEqual(translateProposal(p.ike!.proposals[0]!, 'ike', words).flags, [], `${vendor} ike`);
    assert.deepEqual(translateProposal(p.esp!.proposals[0]!, 'esp', words).flags, [], `${vendor} esp`);
  }
});

test('every vendor\'s preset, applied to a bare site, passes the engine validation the API runs', () => {
  for (const vendor of peerVendor.options) {
    const errors = validateForEngine(effectiveSite(bare(), vendor), branch({ vendor }), hq()).filter((i) => i.severity === 'error');
    assert.deepEqual(errors, [], vendor);
  }
  // IKEv1 with MOBIKE (a schema rule before the fields could come from a preset) is the engine check's now
  const v1 = validateForEngine(effectiveSite(bare({ ikeVersion: 1, mobike: true, ike: { proposals: ['aes256-sha256-modp2048'] } }), 'huawei'), branch(), hq());
  assert.deepEqual(v1.filter((i) => i.severity === 'error').map((i) => i.path), ['mobike']);
});
