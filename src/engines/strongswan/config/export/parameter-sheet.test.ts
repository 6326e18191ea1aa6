import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteConnectionSchema, type PeerVendor, type SiteConnectionInput } from '../../../../core/model/index.js';
import { effectiveSite } from '../effective.js';
import { branch, hq, site } from '../fixtures.test-util.js';
import { exportParameterSheet } from './parameter-sheet.js';
import { CLI_PSK_PLACEHOLDER } from './snippets.js';
import { translateProposal } from './vendor-names.js';

const cbc = site({
  ike: { proposals: ['aes256-sha256-modp2048'], lifetime: 86400 },
  esp: { proposals: ['aes256-sha256-modp2048'], lifetime: 3600 },
  localSubnets: ['198.19.1.0/24', '198.19.11.0/24'],
  childPerSubnetPair: true,
});
const value = (rows: { parameter: string; value: string }[], parameter: string) => rows.filter((r) => r.parameter === parameter).map((r) => r.value);

test('keywords in each vendor\'s words', () => {
  const hw = translateProposal('aes256-sha256-modp2048', 'ike', 'huawei');
  assert.deepEqual([hw.encryption, hw.integrity, hw.dh], [['aes-256'], ['sha2-256'], [14]]);
  const cs = translateProposal('aes256gcm16-prfsha256-ecp256', 'ike', 'cisco');
  assert.deepEqual([cs.encryption, cs.prf, cs.dh, cs.aead], [['aes-gcm-256'], ['sha256'], [19], true]);
  const fg = translateProposal('aes128-sha1-modp1536', 'esp', 'fortigate');
  assert.deepEqual([fg.encryption, fg.integrity, fg.dh], [['aes128'], ['sha1'], [5]]);
  assert.deepEqual(translateProposal('aes256-sha256', 'esp', 'huawei').dh, []);
});

test('combinations a vendor cannot do are flagged', () => {
  assert.deepEqual(translateProposal('chacha20poly1305-prfsha256-curve25519', 'ike', 'huawei').flags, [
    'huawei cannot do ChaCha20-Poly1305 (chacha20poly1305)',
    'huawei does not offer DH group 31 (curve25519)',
  ]);
  assert.deepEqual(translateProposal('chacha20poly1305-curve25519', 'esp', 'fortigate').flags, []);
  assert.match(translateProposal('aes256gcm8', 'esp', 'cisco').flags.join(';'), /cannot do AES-GCM-256 \(8-octet ICV\)/);
});

test('Huawei sheet in Chinese: mirrored values, vendor words, and a snippet with ACL rules per pair', () => {
  const sheet = exportParameterSheet(cbc, branch(), hq(), { vendor: 'huawei', lang: 'zh-CN' });
  assert.deepEqual(value(sheet.rows, '对端网关（Corridor）'), ['198.18.1.1, 198.18.9.1']);
  assert.deepEqual(value(sheet.rows, '本端标识'), ['198.18.1.2 (IP 地址)']);
  assert.deepEqual(value(sheet.rows, '本端网段'), ['198.19.2.0/24']);
  assert.deepEqual(value(sheet.rows, '对端网段'), ['198.19.1.0/24, 198.19.11.0/24']);
  assert.match(value(sheet.rows, 'IKE 安全提议')[0]!, /^encryption-algorithm aes-256; authentication-algorithm sha2-256 .*dh group14/);
  assert.deepEqual(value(sheet.rows, 'PFS 组'), ['group 14']);
  assert.match(value(sheet.rows, '对等体存活检测（DPD）')[0]!, /超时后清除/);
  const snippet = sheet.snippet!.text;
  assert.match(snippet, /^ike proposal 10\n encryption-algorithm aes-256\n dh group14\n/);
  assert.match(snippet, / rule 5 permit ip source 198\.19\.2\.0 0\.0\.0\.255 destination 198\.19\.1\.0 0\.0\.0\.255\n rule 10 permit ip source 198\.19\.2\.0 0\.0\.0\.255 destination 198\.19\.11\.0 0\.0\.0\.255/);
  assert.match(snippet, / pfs dh-group14\n sa duration time-based 3600/);
  assert.ok(snippet.includes(` pre-shared-key ${CLI_PSK_PLACEHOLDER}`));
  assert.match(sheet.markdown, /^# “branch” 的配置参数/);
});

test('Cisco IOS snippet: IKEv2 proposal, profile identities, transform set, crypto map', () => {
  const sheet = exportParameterSheet(cbc, branch(), hq(), { vendor: 'cisco-ios', lang: 'en', psk: 'Safe.Key-123' });
  const s = sheet.snippet!.text;
  assert.match(s, /crypto ikev2 proposal CORRIDOR-S2S\n encryption aes-cbc-256\n integrity sha256\n group 14/);
  assert.match(s, / match identity remote address 198\.18\.1\.1 255\.255\.255\.255\n identity local address 198\.18\.1\.2/);
  assert.match(s, /  pre-shared-key Safe\.Key-123/);
  assert.match(s, /crypto ipsec transform-set CORRIDOR-S2S esp-aes 256 esp-sha256-hmac/);
  assert.match(s, / set peer 198\.18\.1\.1\n set peer 198\.18\.9\.1/);
  assert.match(s, / dpd 10 2 periodic/);
  assert.ok(sheet.flags.some((f) => /10 s is this device's shortest interval; Corridor probes every 2 s/.test(f)));
});

test('FortiGate snippet: phase1 proposal and dhgrp, one phase2 per pair', () => {
  const sheet = exportParameterSheet(cbc, branch(), hq(), { vendor: 'fortigate', lang: 'en' });
  const s = sheet.snippet!.text;
  assert.match(s, /set ike-version 2\n/);
  assert.match(s, /set proposal aes256-sha256\n\s+set dhgrp 14\n/);
  assert.equal((s.match(/set phase1name "cor-s2s"/g) ?? []).length, 2);
  assert.match(s, /set src-subnet 198\.19\.2\.0 255\.255\.255\.0\n\s+set dst-subnet 198\.19\.11\.0 255\.255\.255\.0/);
  assert.match(s, /set pfs enable\n\s+set dhgrp 14/);
});

test('a PSK with characters a CLI would interpret stays a placeholder, with a flag', () => {
  for (const vendor of ['huawei', 'cisco-ios', 'fortigate'] as const) {
    const sheet = exportParameterSheet(cbc, branch(), hq(), { vendor, lang: 'en', psk: 'bad key"#?\nend' });
    assert.ok(!sheet.snippet!.text.includes('bad key'), vendor);
    assert.ok(sheet.snippet!.text.includes(CLI_PSK_PLACEHOLDER), vendor);
    assert.ok(sheet.flags.some((f) => /type it by hand/.test(f)), vendor);
  }
});

test('vendors without a snippet get the sheet only; Markdown cells cannot break the table', () => {
  const sheet = exportParameterSheet(site(), branch({ vendor: 'aws' }), hq(), { vendor: 'aws', lang: 'en', psk: 'a|b\nc' });
  assert.equal(sheet.snippet, undefined);
  const table = sheet.markdown.split('\n').filter((l) => l.startsWith('|'));
  assert.equal(table.length, sheet.rows.length + 2);
  for (const l of table) assert.equal(l.replace(/\\\|/g, '').split('|').length, 6);
});

test('respond-only on our side: the far end initiates and restarts', () => {
  const sheet = exportParameterSheet(site({ initiate: false }), branch(), hq(), { vendor: 'generic', lang: 'en' });
  assert.deepEqual(value(sheet.rows, 'Initiation'), ['this device initiates and restarts']);
  assert.match(value(sheet.rows, 'Dead peer detection')[0]!, /restart/);
});

/** A site as the daemon resolves it for a peer of that vendor (the vendor's preset applied). */
const forVendor = (vendor: PeerVendor, over: Partial<SiteConnectionInput> = {}) =>
  effectiveSite(siteConnectionSchema.parse({ name: 's2s', gateway: 'hq', peer: 'branch', localSubnets: ['198.19.1.0/24', '198.19.11.0/24'], remoteSubnets: ['198.19.2.0/24'], ...over }), vendor);

test('rules exactly as negotiated: one ACL rule per SA of the site, and a flag when one SA carries several pairs', () => {
  const perPair = exportParameterSheet(forVendor('huawei'), branch({ vendor: 'huawei' }), hq(), { vendor: 'huawei', lang: 'en' });
  assert.equal((perPair.snippet!.text.match(/ rule \d+ permit ip/g) ?? []).length, 2);
  assert.match(value(perPair.rows, 'SAs (as Corridor negotiates them)')[0]!, /^2 SAs, one per line: 198\.19\.2\.0\/24 ⇄ 198\.19\.1\.0\/24; 198\.19\.2\.0\/24 ⇄ 198\.19\.11\.0\/24$/);
  assert.ok(!perPair.flags.some((f) => /one SA for/.test(f)));

  // the user asked for one SA for both pairs: the sheet says so, and the snippet cannot pretend otherwise
  const oneSa = exportParameterSheet(forVendor('huawei', { childPerSubnetPair: false }), branch({ vendor: 'huawei' }), hq(), { vendor: 'huawei', lang: 'en' });
  assert.deepEqual(value(oneSa.rows, 'SAs (as Corridor negotiates them)'), ['1 SA: 198.19.2.0/24 ⇄ 198.19.1.0/24, 198.19.11.0/24']);
  assert.ok(oneSa.flags.some((f) => /Corridor negotiates one SA for 198\.19\.2\.0\/24 ⇄ 198\.19\.1\.0\/24, 198\.19\.11\.0\/24; this device negotiates one SA per rule/.test(f)));
});

test('DPD: the sheet row and the CLI snippet give the same interval', () => {
  for (const [vendor, re] of [['huawei', / dpd idle-time (\d+)/], ['cisco-ios', / dpd (\d+) 2 periodic/], ['fortigate', /set dpd-retryinterval (\d+)/]] as const) {
    const sheet = exportParameterSheet(cbc, branch(), hq(), { vendor, lang: 'en' });
    const row = /^(\d+) s/.exec(value(sheet.rows, 'Dead peer detection')[0]!)?.[1];
    assert.equal(re.exec(sheet.snippet!.text)?.[1], row, vendor);
  }
});

test('a zh-CN sheet has every string in Chinese: flags, notes and where-to-enter column', () => {
  const odd = site({ ike: { proposals: ['chacha20poly1305-prfsha256-curve25519', 'aes256-sha256-modp2048'] }, localSubnets: ['198.19.1.0/24', '198.19.11.0/24'] });
  for (const vendor of ['huawei', 'cisco-ios', 'fortigate', 'huawei-cloud', 'generic'] as const) {
    const sheet = exportParameterSheet(odd, branch(), hq(), { vendor, lang: 'zh-CN', psk: 'bad key"#?' });
    if (vendor !== 'generic') assert.ok(sheet.flags.length > 0, vendor);
    for (const f of sheet.flags) assert.match(f, /[\u4e00-\u9fff]/, `${vendor}: ${f}`);
    assert.ok(sheet.notes.length > 0, vendor);
    for (const n of sheet.notes) assert.match(n, /[\u4e00-\u9fff]/, `${vendor}: ${n}`);
    for (const r of sheet.rows) assert.match(`${r.parameter} ${r.where}`, /[\u4e00-\u9fff]|:/, `${vendor}: ${r.where}`);
  }
  const generic = exportParameterSheet(site(), branch(), hq(), { vendor: 'generic', lang: 'zh-CN' });
  for (const r of generic.rows) assert.match(r.where, /[\u4e00-\u9fff]/, r.where);
});

test('Huawei Cloud: a console worksheet in the console\'s order and words, mirroring the Huawei Cloud preset', () => {
  const sheet = exportParameterSheet(forVendor('huawei-cloud'), branch({ vendor: 'huawei-cloud' }), hq(), { vendor: 'huawei-cloud', lang: 'en' });
  assert.equal(sheet.snippet, undefined);
  const steps = sheet.worksheet!;
  const pages = [...new Set(steps.map((s) => s.page))];
  assert.deepEqual(pages, ['Customer gateway', 'VPN connection', 'VPN connection → IKE policy', 'VPN connection → IPsec policy']);
  const at = (page: string, field: string) => steps.find((s) => s.page === page && s.field === field)?.value;
  assert.equal(at('VPN connection', 'Connection mode'), 'Policy-based');
  assert.equal(at('VPN connection', 'Policy rule 1: source / destination'), '198.19.2.0/24 → 198.19.1.0/24');
  assert.equal(at('VPN connection', 'Policy rule 2: source / destination'), '198.19.2.0/24 → 198.19.11.0/24');
  assert.deepEqual(['Version', 'Authentication algorithm', 'Encryption algorithm', 'DH algorithm', 'Lifetime (s)'].map((f) => at('VPN connection → IKE policy', f)), ['v2', 'SHA2-256', 'AES-128', 'Group 15', '86400']);
  assert.deepEqual(['Authentication algorithm', 'Encryption algorithm', 'PFS', 'Transfer protocol', 'Lifetime (s)'].map((f) => at('VPN connection → IPsec policy', f)), ['SHA2-256', 'AES-128', 'DH group 15', 'ESP', '3600']);
  assert.equal(at('Customer gateway', 'Identifier'), '198.18.1.1');
  assert.match(sheet.markdown, /## Huawei Cloud console, field by field\n\n\| # \| Page \| Field \| Value \|/);
  assert.match(value(sheet.rows, 'IKE proposal')[0]!, /aes-128/);
  assert.deepEqual(value(sheet.rows, 'Dead peer detection'), ["always on: Corridor's probes are answered (no setting)"]);
  const zh = exportParameterSheet(forVendor('huawei-cloud'), branch({ vendor: 'huawei-cloud' }), hq(), { vendor: 'huawei-cloud', lang: 'zh-CN' });
  assert.equal(zh.worksheet![0]!.page, '对端网关');
  assert.match(zh.markdown, /## 华为云控制台逐项填写/);
});
