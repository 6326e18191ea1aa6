import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerVendor, siteConnectionSchema } from '../../../core/model/index.js';
import { parseProposal } from '../../../core/proposals.js';
import { applyPreset, presetFor, PRESETS } from './presets.js';
import { translateProposal } from './export/vendor-names.js';

test('every vendor has a preset with proposals that parse and notes in both languages', () => {
  for (const vendor of peerVendor.options) {
    const p = presetFor(vendor);
    assert.equal(p.vendor, vendor);
    const ike = p.site.ike?.proposals ?? [];
    const esp = p.site.esp?.proposals ?? [];
    assert.ok(ike.length > 0 && esp.length > 0, vendor);
    for (const x of ike) assert.notEqual(typeof parseProposal(x, 'ike'), 'string', `${vendor} ike ${x}`);
    for (const x of esp) assert.notEqual(typeof parseProposal(x, 'esp'), 'string', `${vendor} esp ${x}`);
    assert.ok(p.notes.en.length > 0 && p.notes['zh-CN'].length === p.notes.en.length, vendor);
    assert.ok((p.site.ike?.lifetime ?? 0) > 0 && (p.site.esp?.lifetime ?? 0) > 0, vendor);
  }
});

test('a preset applied to a minimal site passes the schema', () => {
  for (const vendor of peerVendor.options) {
    const input = applyPreset({ name: 's2s', gateway: 'hq', peer: 'p', localSubnets: ['198.19.1.0/24'], remoteSubnets: ['198.19.2.0/24'] }, vendor);
    const r = siteConnectionSchema.safeParse(input);
    assert.ok(r.success, `${vendor}: ${r.success ? '' : r.error.message}`);
  }
});

test('documented vendor defaults: AWS 28800/3600, Azure 28800/27000, FortiGate groups 14 and 5, Huawei DH14 86400', () => {
  assert.deepEqual([PRESETS.aws.site.ike?.lifetime, PRESETS.aws.site.esp?.lifetime], [28800, 3600]);
  assert.deepEqual([PRESETS.azure.site.ike?.lifetime, PRESETS.azure.site.esp?.lifetime], [28800, 27000]);
  assert.ok(PRESETS.fortigate.site.ike?.proposals?.some((p) => p.endsWith('modp1536')));
  assert.ok(PRESETS.fortigate.site.ike?.proposals?.some((p) => p === 'aes128-sha256-modp2048'));
  assert.deepEqual(PRESETS.huawei.site.ike, { proposals: ['aes256-sha256-modp2048'], lifetime: 86400 });
  assert.equal(PRESETS.aws.site.childPerSubnetPair, false);
  assert.equal(PRESETS['cisco-ios'].site.childPerSubnetPair, true);
});

test('user values win over the preset, field by field', () => {
  const input = applyPreset(
    { name: 's2s', gateway: 'hq', peer: 'p', localSubnets: ['198.19.1.0/24'], remoteSubnets: ['198.19.2.0/24'], ike: { lifetime: 3600 }, childPerSubnetPair: false, dpd: { preset: 'fast' } },
    'fortigate',
  );
  assert.equal(input.ike?.lifetime, 3600);
  assert.deepEqual(input.ike?.proposals, PRESETS.fortigate.site.ike?.proposals);
  assert.equal(input.childPerSubnetPair, false);
  assert.equal(input.dpd?.preset, 'fast');
  assert.equal(input.esp?.lifetime, 43200);
});

test('device presets lead with proposals the device can do (no flags in its own words)', () => {
  for (const [vendor, words] of [['huawei', 'huawei'], ['cisco-ios', 'cisco'], ['cisco-asa', 'cisco'], ['fortigate', 'fortigate']] as const) {
    const p = PRESETS[vendor].site;
    assert.deepEqual(translateProposal(p.ike!.proposals![0]!, 'ike', words).flags, [], `${vendor} ike`);
    assert.deepEqual(translateProposal(p.esp!.proposals![0]!, 'esp', words).flags, [], `${vendor} esp`);
  }
});
