import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALIASES, CATALOG, getEntry, getRawEntry } from './index.js';

/*
 * Every code the seeds' tables and error lists name, read by hand from /work/shared/seeds.
 */
// seeds/004 §1.1 表 1-1 "VPN 未连接的常见原因", first group "IPsec-VPN连接协商失败" (negotiation failures).
const SEED_004_NEGOTIATION = [
  'phase1 proposal mismatch', 'phase2 proposal or pfs mismatch', 'responder dh mismatch', 'initiator dh mismatch',
  'encapsulation mode mismatch', 'flow or peer mismatch', 'version mismatch', 'peer address mismatch',
  'config ID mismatch', 'exchange mode mismatch', 'authentication fail', 'construct local ID fail',
  'rekey no find old sa', 'rekey fail', 'first packet limited', 'unsupported version', 'malformed message',
  'malformed payload', 'critical drop', 'cookie mismatch', 'invalid cookie', 'invalid length',
  'unknown exchange type', 'uncritical drop', 'route limit', 'ip assigned fail', 'eap authentication timeout',
  'eap authentication fail', 'xauth authentication fail', 'xauth authentication timeout',
  'license or specification limited', 'local address mismatch', 'dynamic peers number reaches limitation',
  'ipsec tunnel number reaches limitation', 'netmask mismatch', 'flow confict',
  'proposal mismatch or use sm in ikev2', 'ikev2 not support sm in ipsec proposal ikev2',
  'no policy applied on interface', 'nat detection fail', 'fragment packet limit',
  'fragment packet reassemble timeout',
];
// seeds/004 §1.1 表 1-1, second group "IPsec-VPN连接断连" (disconnections).
const SEED_004_DISCONNECT = [
  'dpd timeout', 'peer request', 'config modify or manual offline', 'phase1 hard expiry', 'phase2 hard expiry',
  'heartbeat timeout', 're-auth timeout', 'aaa cut user', 'ip address syn failed',
  'hard expiry triggered by port mismatch', 'kick old sa with same flow', 'cpu table updated', 'flow overlap',
  'spi conflict', 'phase1 sa replace', 'phase2 sa replace', 'nhrp notify', 'receive backup delete info',
  'eap delete old sa', 'receive invalid spi notify', 'dns resolution status change',
  'ikev1 phase1-phase2 sa dependent offline', 'exchange timeout', 'hash gene adjusted',
];
const toIke = (s: string) => `ike/${s.toLowerCase().replace(/ /g, '-')}`;

const SEED_CODES = [
  ...SEED_004_NEGOTIATION.map(toIke),
  ...SEED_004_DISCONNECT.map(toIke),
  // seeds/004 §3.1.1–3.1.9, the OpenVPN client log messages, one code each (3.1.8 and 3.1.9 share one,
  // and the lockout after 5 wrong passwords they describe gets its own).
  'openvpn/connect-timeout', 'openvpn/ca-not-loaded', 'openvpn/cert-key-mismatch', 'openvpn/server-cert-missing-eku',
  'openvpn/tls-handshake-failed', 'openvpn/unrecognized-option', 'openvpn/tcp-connect-failed', 'openvpn/auth-failed',
  'openvpn/locked-out',
  // seeds/004 §1.2–1.3 and §3.2 (ping failure, packet loss); seeds/002 §二.(一) loss > 3 %, latency > 200 ms.
  'net/packet-loss', 'net/high-latency', 'net/port-unreachable',
  // seeds/001 §一.1 "Error 619", §六 "错误800"; seeds/002 §6.1 错误619 / 错误691.
  'rras/619', 'rras/691', 'rras/800',
  // seeds/002 §6.1 (GRE/1723, chap-secrets, MPPE, lcp-echo) and seeds/003 §六 (GRE filtered on the path).
  'pppd/gre-blocked', 'pppd/lcp-timeout', 'pppd/chap-auth-failed', 'pppd/mppe-required', 'pppd/echo-timeout',
  // seeds/001 §二 (port 1723 listening, ip_gre), §六 case 2 (conntrack table overflow); seeds/003 §6 (ip_forward, NAT).
  'host/port-not-listening', 'host/conntrack-full', 'host/ip-forward-off', 'host/nat-missing', 'host/clock-skew',
  // seeds/000 §二–§四: keep-alive, DPD, DDNS backup.
  'net/keepalive-missing', 'ike/dpd-timeout', 'net/ddns-stale',
  // seeds/004 §2.2 "常见配置问题": PSK, proposals, PFS, mirrored ACLs.
  'config/psk', 'config/ike-proposal', 'config/esp-proposal', 'config/pfs', 'config/ts-not-mirrored',
];

// DESIGN.md "The doctor's contract" names these explicitly.
const DESIGN_CODES = [
  'ike/cert-untrusted', 'ike/cert-revoked', 'ike/cert-expired', 'openvpn/tls-crypt-mismatch',
  'openvpn/cipher-mismatch', 'openvpn/no-push-reply', 'wireguard/handshake-timeout', 'wireguard/invalid-key',
  'rras/806', 'rras/809', 'rras/13801', 'host/engine-missing', 'cert/expiring', 'cert/no-eku', 'cert/key-mismatch',
];

test('every code the seeds and DESIGN name has an entry with texts in both languages', () => {
  assert.equal(SEED_004_NEGOTIATION.length + SEED_004_DISCONNECT.length, 42 + 24);
  for (const code of [...SEED_CODES, ...DESIGN_CODES]) {
    const e = getRawEntry(code);
    assert.ok(e, `missing catalog entry ${code}`);
    assert.equal(e.code, code, `${code} must be an entry of its own, not an alias`);
    for (const lang of ['en', 'zh-CN'] as const) {
      const l = getEntry(code, lang);
      assert.ok(l && l.title.trim() && l.meaning.trim(), `${code} ${lang} title/meaning empty`);
      assert.ok(l.causes.length > 0 && l.actions.length > 0, `${code} ${lang} needs causes and actions`);
    }
  }
});

test('codes are unique and well-formed', () => {
  const seen = new Set<string>();
  for (const e of CATALOG) {
    assert.match(e.code, /^[a-z0-9]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/, `malformed code ${e.code}`);
    assert.ok(!seen.has(e.code), `duplicate code ${e.code}`);
    seen.add(e.code);
    assert.ok(['error', 'warning', 'info'].includes(e.severity));
  }
  for (const [alias, target] of Object.entries(ALIASES)) {
    assert.ok(!seen.has(alias), `alias ${alias} shadows an entry`);
    assert.ok(seen.has(target), `alias ${alias} points to missing ${target}`);
  }
});

test('every text, cause and action is non-empty in both languages, and Chinese texts are Chinese', () => {
  const han = /[\u4e00-\u9fff]/;
  for (const e of CATALOG) {
    const texts = [e.title, e.meaning, ...e.causes, ...e.actions];
    for (const t of texts) {
      assert.ok(t.en.trim().length > 0, `${e.code}: empty en text`);
      assert.ok(t['zh-CN'].trim().length > 0, `${e.code}: empty zh-CN text`);
      assert.ok(han.test(t['zh-CN']), `${e.code}: zh-CN text without Chinese: ${t['zh-CN']}`);
      assert.notEqual(t.en, t['zh-CN'], `${e.code}: untranslated text`);
    }
  }
});

test('actions of error entries point to a place in Corridor or on the peer', () => {
  const place = /corridor |Site connections|Remote access|Users|Groups & policies|PKI|Doctor|Events|Audit log|Settings|Dashboard|peer|firewall|client|pptpd|chap-secrets|Windows|GRE|NTP|`/;
  for (const e of CATALOG.filter((x) => x.severity === 'error')) {
    assert.ok(e.actions.some((a) => place.test(a.en)), `${e.code}: no action names a place to fix it`);
  }
});

test('getEntry localises and resolves aliases; unknown codes give undefined', () => {
  const zh = getEntry('ike/ts-unacceptable', 'zh-CN');
  assert.equal(zh?.code, 'ike/flow-or-peer-mismatch');
  assert.match(zh?.title ?? '', /[\u4e00-\u9fff]/);
  assert.equal(getEntry('ike/authentication-fail', 'en')?.causes[0]?.includes('pre-shared'), true);
  assert.equal(getEntry('nope/nothing', 'en'), undefined);
});

// The console's English page and tab names (web/src/i18n/en.ts) that a zh-CN fix step must give in Chinese.
const CONSOLE_PLACES_EN = [
  'Site connections', 'Identities & auth', 'Dead peer detection', 'Subnets', 'General', 'Gateways', 'Peers', 'Remote access',
  'Users', 'Groups & policies', 'Events', 'Dashboard', 'Audit log', 'Settings', 'Dynamic DNS', 'WAN links',
];

test('zh-CN text names console places in Chinese, as the console shows them', () => {
  // A console path is words joined by " → "; in zh-CN no step of it may be an English word run (acronyms
  // such as IKE, ESP, DDNS or IKEv2 are what the Chinese console shows too).
  const englishStep = /(?:^|→)\s*[A-Za-z][a-z]+(?:[ &/][A-Za-z&][a-z]*)*\s*(?=→|$)/;
  const bad: string[] = [];
  for (const e of CATALOG) {
    for (const t of [e.title, e.meaning, ...e.causes, ...e.actions]) {
      const zh = t['zh-CN'];
      // Only paths: the runs of text around an arrow, outside `code`.
      const prose = zh.replace(/`[^`]*`/g, '');
      const paths = prose.split(/[“”（）()，。；：、]/).filter((p) => p.includes('→'));
      for (const p of paths) if (englishStep.test(p.trim())) bad.push(`${e.code}: ${p.trim()}`);
      for (const place of CONSOLE_PLACES_EN) if (new RegExp(`\\b${place}\\b`).test(prose)) bad.push(`${e.code}: "${place}" in ${zh}`);
    }
  }
  assert.deepEqual(bad, []);
});
