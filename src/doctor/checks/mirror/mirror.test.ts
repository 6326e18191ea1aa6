import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { gatewaySchema, peerSchema, siteConnectionSchema } from '../../../core/model/index.js';
import { effectiveSite } from '../../../engines/strongswan/config/effective.js';
import type { SiteConnectionInput } from '../../../core/model/index.js';
import { exportSwanctlConf } from '../../../engines/strongswan/config/export/swanctl-conf.js';
import { mirrorSite } from '../../../engines/strongswan/config/mirror.js';
import { branch as fixtureBranch, hq as fixtureHq, site as fixtureSite } from '../../../engines/strongswan/config/fixtures.test-util.js';
import { mirrorCheck, parseIpsecConf, parseSwanctlConf, pskFingerprint } from './index.js';
import type { OurSite, PeerParams } from './index.js';

const PSK = 'correct-psk-for-the-mirror-test';
const gateway = gatewaySchema.parse({ name: 'hq', wanLinks: [{ name: 'wan1', interface: 'eth0', address: '198.18.0.1' }], lanSubnets: ['198.18.10.0/24'] });
const peer = peerSchema.parse({ name: 'branch', vendor: 'strongswan', addresses: ['198.18.0.2'] });
const siteInput: SiteConnectionInput = { name: 'branch1', gateway: 'hq', peer: 'branch', localSubnets: ['198.18.10.0/24'], remoteSubnets: ['198.18.20.0/24'], localId: 'hq.example.com' };

function ours(over: Partial<SiteConnectionInput> = {}, psk = PSK): OurSite {
  return { site: effectiveSite(siteConnectionSchema.parse({ ...siteInput, ...over }), peer.vendor), peer, gateway, psk };
}

/** The peer's swanctl.conf exactly as Corridor exports it: the mirror image of `ours()`. */
function mirroredSwanctl(psk = PSK): string {
  const o = ours();
  return exportSwanctlConf(o.site, o.peer, o.gateway, { psk });
}

const mirroredParams: PeerParams = {
  ikeVersion: 2, ikeProposals: ['aes256-sha256-modp2048'], espProposals: ['aes256-sha256-modp2048'],
  localId: '198.18.0.2', remoteId: 'hq.example.com', localSubnets: ['198.18.20.0/24'], remoteSubnets: ['198.18.10.0/24'],
  localAddress: '198.18.0.2', remoteAddress: '198.18.0.1', pskFingerprint: pskFingerprint(PSK),
  ikeLifetime: 14400, espLifetime: 3600, dpdAction: 'clear', dpdDelay: 30,
};

const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code).sort();

test('mirrored configurations give no findings: swanctl.conf export, another Corridor site, parameters', () => {
  assert.deepEqual(mirrorCheck(ours(), { format: 'swanctl', text: mirroredSwanctl() }, 'en').findings, []);
  const far = mirrorSite(ours().site, peer, gateway);
  assert.deepEqual(mirrorCheck(ours(), { format: 'corridor', site: far.site, peer: far.peer, gateway: far.gateway, psk: PSK }, 'en').findings, []);
  assert.deepEqual(mirrorCheck(ours(), { format: 'params', params: mirroredParams }, 'en').findings, []);
});

test('swanctl.conf: each mismatch under its config code, evidence pointing at the uploaded line', () => {
  const text = mirroredSwanctl()
    .replace('version = "2"', 'version = "1"')
    .replace('proposals = "aes256gcm16-prfsha256-ecp256, aes256-sha256-modp2048"', 'proposals = "aes128-sha1-modp1024"')
    .replace('esp_proposals = "aes256gcm16-ecp256, aes256-sha256-modp2048"', 'esp_proposals = "3des-md5"')
    .replace('id = "hq.example.com"', 'id = "hq.other.example"')
    .replace('remote_ts = "198.18.10.0/24"', 'remote_ts = "198.18.11.0/24"')
    .replace('remote_addrs = "198.18.0.1"', 'remote_addrs = "198.18.0.9"')
    .replace('life_time = "3600s"', 'life_time = "28800s"')
    .replace('dpd_action = "clear"', 'dpd_action = "restart"');
  const r = mirrorCheck(ours(), { format: 'swanctl', text, file: 'peer.conf' }, 'en');
  // the wrong remote_ts: our pair has no child there, and theirs is one we do not carry
  assert.deepEqual(codes(r), ['config/address', 'config/dpd-both-restart', 'config/esp-proposal', 'config/identity', 'config/ike-proposal', 'config/ike-version', 'config/lifetime', 'config/ts-not-mirrored', 'config/ts-not-mirrored']);
  const lines = text.split('\n');
  const ike = r.findings.find((f) => f.code === 'config/ike-proposal')!;
  const fileEv = ike.evidence.find((e) => e.file === 'peer.conf')!;
  assert.equal(fileEv.text, 'proposals = "aes128-sha1-modp1024"');
  assert.equal(lines[fileEv.line - 1]?.trim(), fileEv.text);
  assert.match(ike.causes[0]!, /ike\/phase1-proposal-mismatch/);
  assert.match(r.findings.find((f) => f.code === 'config/ts-not-mirrored')!.causes[0]!, /ike\/flow-or-peer-mismatch/);
  assert.match(r.findings.find((f) => f.code === 'config/ike-version')!.causes[0]!, /ike\/version-mismatch/);
});

test('swanctl.conf: a different PSK is found from the 0s/0x secret forms, and the PSK never appears', () => {
  for (const secret of [`0s${Buffer.from('another-psk').toString('base64')}`, `0x${Buffer.from('another-psk').toString('hex')}`, 'another-psk']) {
    const text = mirroredSwanctl().replace(/secret = "[^"]*"/, `secret = "${secret}"`);
    const r = mirrorCheck(ours(), { format: 'swanctl', text }, 'en');
    assert.deepEqual(codes(r), ['config/psk'], secret);
    const json = JSON.stringify(r);
    assert.ok(!json.includes('another-psk') && !json.includes(PSK) && !json.includes(secret), 'no PSK in the report');
    assert.match(r.findings[0]!.causes[0]!, /ike\/authentication-fail/);
  }
  for (const secret of [`0s${Buffer.from(PSK).toString('base64')}`, `0x${Buffer.from(PSK).toString('hex')}`]) {
    assert.deepEqual(mirrorCheck(ours(), { format: 'swanctl', text: mirroredSwanctl().replace(/secret = "[^"]*"/, `secret = "${secret}"`) }, 'en').findings, []);
  }
});

test('DH group mismatch with otherwise equal algorithms, and PFS on one side only', () => {
  const dh = mirrorCheck(ours({ ike: { proposals: ['aes256-sha256-modp2048'] } }), { format: 'params', params: { ikeProposals: ['aes256-sha256-modp1024'] } }, 'en');
  assert.deepEqual(codes(dh), ['config/ike-proposal']);
  assert.match(dh.findings[0]!.causes[0]!, /DH group.*modp2048.*modp1024/);
  const pfs = mirrorCheck(ours({ esp: { proposals: ['aes256-sha256-modp2048'] } }), { format: 'params', params: { espProposals: ['aes256-sha256'] } }, 'en');
  assert.deepEqual(codes(pfs), ['config/pfs']);
  assert.match(pfs.findings[0]!.causes[0]!, /PFS on one side only/);
  const groups = mirrorCheck(ours({ esp: { proposals: ['aes256-sha256-modp2048'] } }), { format: 'params', params: { espProposals: ['aes256-sha256-ecp256'] } }, 'en');
  assert.deepEqual(codes(groups), ['config/pfs']);
});

test('parameters: PSK fingerprint, MTU, DPD both clear, identities both ways, lifetimes in zh-CN', () => {
  const r = mirrorCheck(ours({ mtu: 1400, dpd: { action: 'clear' } }), {
    format: 'params',
    params: { ...mirroredParams, pskFingerprint: pskFingerprint('other'), mtu: 1500, localId: '198.18.0.3', ikeLifetime: '1h', espLifetime: 3600 },
  }, 'zh-CN');
  assert.deepEqual(codes(r), ['config/identity', 'config/lifetime', 'config/mtu', 'config/psk', 'net/keepalive-missing']);
  const lifetime = r.findings.find((f) => f.code === 'config/lifetime')!;
  assert.equal(lifetime.severity, 'warning');
  assert.match(lifetime.title, /生命周期/);
  assert.match(lifetime.causes[0]!, /14400s.*3600s/);
  assert.deepEqual(lifetime.evidence.map((e) => e.text), ['ike.lifetime: 14400s', 'ikeLifetime: "1h"']);
  // neither our PSK nor any digits of its fingerprint reach the report
  const text = JSON.stringify(r);
  assert.ok(!text.includes(PSK) && !text.includes(pskFingerprint(PSK).slice(0, 8)));
  // errors rank before warnings
  assert.equal(r.findings.at(-1)!.severity !== 'error', true);
  assert.equal(r.findings[0]!.severity, 'error');
});

test('parameters are validated: a PSK in clear is refused, unknown fields too', () => {
  assert.throws(() => mirrorCheck(ours(), { format: 'params', params: { psk: 'x' } }, 'en'));
  assert.throws(() => mirrorCheck(ours(), { format: 'params', params: { pskFingerprint: 'not-hex' } }, 'en'));
});

const IPSEC_CONF = `# ipsec.conf of the branch router
config setup
    charondebug="ike 1"

conn %default
    keyexchange=ikev2
    ikelifetime=4h
    lifetime=1h

conn to-hq
    left=198.18.0.2
    leftid=198.18.0.2
    leftsubnet=198.18.20.0/24
    right=198.18.0.1
    rightid=@hq.example.com
    rightsubnet=198.18.10.0/24
    ike=aes256-sha256-modp2048!
    esp=aes256-sha256-modp2048!
    authby=secret
    dpdaction=clear
    dpddelay=30s
    auto=add
`;

test('ipsec.conf: mirrored conn gives no findings; %default and strict proposals applied', () => {
  const parsed = parseIpsecConf(IPSEC_CONF, 'ipsec.conf');
  assert.equal(parsed.connection, 'to-hq');
  assert.equal(parsed.config.ikeLifetime, 14400);
  assert.deepEqual(parsed.config.ikeProposals, ['aes256-sha256-modp2048']);
  assert.deepEqual(mirrorCheck(ours(), { format: 'ipsec', text: IPSEC_CONF }, 'en').findings, []);
});

test('ipsec.conf: IKEv1, subnets, identity, DPD restart on both, ESP without PFS, evidence lines', () => {
  const text = IPSEC_CONF.replace('keyexchange=ikev2', 'keyexchange=ikev1').replace('leftsubnet=198.18.20.0/24', 'leftsubnet=198.18.21.0/24')
    .replace('rightid=@hq.example.com', 'rightid=198.18.0.1').replace('dpdaction=clear', 'dpdaction=restart').replace('esp=aes256-sha256-modp2048!', 'esp=aes256-sha256!');
  const r = mirrorCheck(ours(), { format: 'ipsec', text, file: 'branch-ipsec.conf' }, 'en');
  // the changed leftsubnet: our pair has no conn there, and theirs is one we do not carry
  assert.deepEqual(codes(r), ['config/dpd-both-restart', 'config/identity', 'config/ike-version', 'config/pfs', 'config/ts-not-mirrored', 'config/ts-not-mirrored']);
  const lines = text.split('\n');
  for (const f of r.findings) {
    for (const e of f.evidence.filter((x) => x.file === 'branch-ipsec.conf')) assert.equal(lines[e.line - 1]?.trim(), e.text, f.code);
  }
  const ts = r.findings.find((f) => f.code === 'config/ts-not-mirrored')!;
  assert.ok(ts.evidence.some((e) => e.text === 'leftsubnet=198.18.21.0/24'));
});

test('ipsec.conf without "!" keeps charon defaults appended, so a weak first proposal still overlaps', () => {
  const text = IPSEC_CONF.replace('ike=aes256-sha256-modp2048!', 'ike=3des-md5-modp1024');
  const parsed = parseIpsecConf(text, 'ipsec.conf');
  assert.deepEqual(parsed.config.ikeProposals, ['3des-md5-modp1024', 'default']);
  assert.deepEqual(mirrorCheck(ours(), { format: 'ipsec', text }, 'en').findings, []);
});

test('swanctl.conf: the connection facing our subnets is chosen among several; syntax errors name the line', () => {
  const other = 'connections {\n  unrelated {\n    children {\n      x {\n        remote_ts = 198.18.99.0/24\n      }\n    }\n  }\n';
  const text = mirroredSwanctl().replace('connections {\n  branch1 {', `${other}  renamed {`);
  assert.equal(parseSwanctlConf(text, 'f', { localSubnets: ['198.18.10.0/24'] }).connection, 'renamed');
  assert.throws(() => parseSwanctlConf('connections {\n  a {\n    version = "2"\n', 'f'), /line 2/);
});

/** The golden per-pair export (swanctl-load.test.ts): the far end of `perPair()`, one child per subnet pair. */
const PER_PAIR = readFileSync(new URL('../../../../test/fixtures/swanctl/peer-per-pair.conf', import.meta.url), 'utf8');
const perPair = (): OurSite => ({
  site: fixtureSite({ localSubnets: ['198.19.1.0/24', '198.19.11.0/24'], childPerSubnetPair: true }),
  peer: fixtureBranch(),
  gateway: fixtureHq(),
  psk: 'fixture-psk-0123456789',
});

test('swanctl.conf with one child per subnet pair: every child is read, a correct file gives no finding', () => {
  assert.deepEqual(mirrorCheck(perPair(), { format: 'swanctl', text: PER_PAIR, file: 'peer.conf' }, 'en').findings, []);
});

test('swanctl.conf missing the child of one pair: one finding naming that pair, evidence at our child', () => {
  const lines = PER_PAIR.split('\n');
  const start = lines.findIndex((l) => l.trim() === 's2s-0-1 {');
  const text = [...lines.slice(0, start), ...lines.slice(start + 12)].join('\n');
  assert.doesNotMatch(text, /198\.19\.11\.0/);
  const r = mirrorCheck(perPair(), { format: 'swanctl', text, file: 'peer.conf' }, 'en');
  assert.deepEqual(codes(r), ['config/ts-not-mirrored']);
  assert.match(r.findings[0]!.causes[0]!, /198\.19\.11\.0\/24 ⇄ 198\.19\.2\.0\/24 has no child/);
  assert.match(r.findings[0]!.evidence[0]!.text, /child s2s-1-0/);
});

test('ipsec.conf with one conn per subnet pair (also=): every conn of the peer is read', () => {
  const conf = [
    'conn base', '  left=198.18.1.2', '  right=198.18.1.1', '  keyexchange=ikev2', '  ike=aes256gcm16-prfsha256-ecp256,aes256-sha256-modp2048!',
    '  esp=aes256gcm16-ecp256,aes256-sha256-modp2048!', '  authby=secret', '  ikelifetime=14400s', '  lifetime=3600s', '  dpdaction=clear', '  dpddelay=2s',
    'conn pair-0', '  also=base', '  leftsubnet=198.19.2.0/24', '  rightsubnet=198.19.1.0/24', '  auto=add',
    'conn pair-1', '  also=base', '  leftsubnet=198.19.2.0/24', '  rightsubnet=198.19.11.0/24', '  auto=add', '',
  ].join('\n');
  const r = mirrorCheck(perPair(), { format: 'ipsec', text: conf, file: 'ipsec.conf' }, 'en');
  assert.deepEqual(r.findings.filter((f) => f.code === 'config/ts-not-mirrored'), []);
});
