/**
 * Ready-to-paste CLI for the far end (Huawei USG/AR, Cisco IOS/IOS XE, FortiGate), built from the far
 * end's parameters. Only values already constrained by the schemas (names, addresses, subnets, numbers,
 * identities) are typed in; a PSK goes in only when it is made of characters every one of these CLIs
 * takes literally, otherwise a placeholder stays and a flag says why.
 */
import { ipFamily, netmaskOf, parseCidr, bigIntToIp } from '../../../../core/ip.js';
import type { FarEndParams } from './far-end.js';
import type { SheetLang } from './sheet-text.js';
import { SNIPPET_TEXT, type SnippetText } from './snippet-text.js';
import type { VendorProposal } from './vendor-names.js';

export const CLI_PSK_PLACEHOLDER = '<PRE-SHARED-KEY>';
const CLI_SAFE_PSK = /^[A-Za-z0-9._~!@$%^&*()+=:,/-]+$/;

export interface Snippet {
  text: string;
  flags: string[];
}

function cliPsk(psk: string | undefined, flags: string[], t: SnippetText): string {
  if (psk === undefined) return CLI_PSK_PLACEHOLDER;
  if (CLI_SAFE_PSK.test(psk)) return psk;
  flags.push(t.pskByHand);
  return CLI_PSK_PLACEHOLDER;
}

function v4(cidr: string): { net: string; mask: string; wildcard: string } | undefined {
  const c = parseCidr(cidr);
  if (c.family !== 4) return undefined;
  const mask = netmaskOf(c.prefix);
  const wildcard = mask.split('.').map((o) => String(255 - Number(o))).join('.');
  return { net: bigIntToIp(c.network, 4), mask, wildcard };
}

type V4 = NonNullable<ReturnType<typeof v4>>;

/**
 * The ACL entries of a device that negotiates one SA per entry (Huawei, Cisco crypto maps): one per child,
 * as our site negotiates. A child that carries several subnets (one SA for all) has no equivalent there:
 * its pairs get one entry each, and a flag says the site must negotiate one SA per pair to match.
 */
function v4Rules(p: FarEndParams, flags: string[], t: SnippetText): [V4, V4][] {
  return p.children.flatMap((c) => {
    if (c.local.length > 1 || c.remote.length > 1) flags.push(t.oneSaPerRule(`${c.local.join(', ')} ⇄ ${c.remote.join(', ')}`));
    return c.local.flatMap((ls) => c.remote.flatMap((rs): [V4, V4][] => {
      const l = v4(ls);
      const r = v4(rs);
      return l && r ? [[l, r]] : [];
    }));
  });
}

/** The first proposal the vendor can do; the sheet lists the rest. */
export function firstUsable(list: VendorProposal[], flags: string[], what: 'IKE' | 'ESP', t: SnippetText): VendorProposal | undefined {
  const ok = list.find((p) => p.flags.length === 0);
  if (!ok) flags.push(t.noProposal(what, list.flatMap((p) => p.flags).join('; ')));
  return ok;
}

function requireV4(p: FarEndParams, flags: string[], t: SnippetText): void {
  if ([...p.localSubnets, ...p.remoteSubnets].some((s) => parseCidr(s).family !== 4)) flags.push(t.ipv6Left);
}

export function huaweiSnippet(p: FarEndParams, psk?: string, lang: SheetLang = 'en'): Snippet {
  const t = SNIPPET_TEXT[lang];
  const flags: string[] = [];
  requireV4(p, flags, t);
  const ike = firstUsable(p.ike, flags, 'IKE', t);
  const esp = firstUsable(p.esp, flags, 'ESP', t);
  const name = `corridor-${p.siteName}`.slice(0, 15);
  const L: string[] = [];
  if (ike) {
    L.push('ike proposal 10', ` encryption-algorithm ${ike.encryption[0]}`, ` dh group${ike.dh[0]}`);
    if (p.ikeVersion === 1) L.push(` authentication-algorithm ${ike.integrity[0] ?? 'sha2-256'}`);
    else {
      if (ike.integrity[0]) L.push(` integrity-algorithm hmac-${ike.integrity[0]}`);
      L.push(` prf hmac-${ike.prf[0] ?? ike.integrity[0] ?? 'sha2-256'}`);
    }
    L.push(` sa duration ${p.ikeLifetime}`, '#');
  }
  L.push(`ike peer ${name}`, ' ike-proposal 10', p.ikeVersion === 2 ? ' undo version 1' : ' undo version 2');
  if (p.auth === 'psk') L.push(` pre-shared-key ${cliPsk(psk, flags, t)}`);
  else L.push(' certificate local-filename <this-device.crt>');
  for (const gw of p.remoteGateways) L.push(` remote-address ${gw}`);
  if (p.localId) L.push(` local-id-type ${p.localIdType === 'ipv4' || p.localIdType === 'ipv6' ? 'ip' : 'fqdn'}`, ` local-id ${p.localId}`);
  if (p.remoteId) L.push(` remote-id-type ${p.remoteIdType === 'ipv4' || p.remoteIdType === 'ipv6' ? 'ip' : 'fqdn'}`, ` remote-id ${p.remoteId}`);
  if (p.dpdDelay > 0) L.push(' dpd type periodic', ` dpd idle-time ${p.dpdDelay}`);
  L.push('#');
  if (esp) {
    L.push(`ipsec proposal ${name}`, ' transform esp', ` esp encryption-algorithm ${esp.encryption[0]}`);
    if (esp.integrity[0]) L.push(` esp authentication-algorithm ${esp.integrity[0]}`);
    L.push('#');
  }
  L.push('acl number 3999');
  let rule = 0;
  for (const [l, r] of v4Rules(p, flags, t)) L.push(` rule ${(rule += 5)} permit ip source ${l.net} ${l.wildcard} destination ${r.net} ${r.wildcard}`);
  L.push('#', `ipsec policy ${name} 10 isakmp`, ' security acl 3999', ` ike-peer ${name}`, ` proposal ${name}`);
  if (esp?.dh[0]) L.push(` pfs dh-group${esp.dh[0]}`);
  L.push(` sa duration time-based ${p.espLifetime}`, '#', 'interface <WAN interface>', ` ipsec policy ${name}`);
  flags.push(t.huaweiSyntax);
  return { text: L.join('\n'), flags };
}

const CISCO_ESP_ENC: Record<string, string> = {
  'aes-cbc-128': 'esp-aes 128', 'aes-cbc-192': 'esp-aes 192', 'aes-cbc-256': 'esp-aes 256',
  'aes-gcm-128': 'esp-gcm 128', 'aes-gcm-256': 'esp-gcm 256', '3des': 'esp-3des', des: 'esp-des',
};
const CISCO_ESP_INTEG: Record<string, string> = {
  sha1: 'esp-sha-hmac', sha256: 'esp-sha256-hmac', sha384: 'esp-sha384-hmac', sha512: 'esp-sha512-hmac', md5: 'esp-md5-hmac',
};

function ciscoIdentity(kind: 'local' | 'remote', id: string | undefined, type: string | undefined): string | undefined {
  if (!id) return undefined;
  const t = type === 'ipv4' || type === 'ipv6' ? 'address' : type === 'user-fqdn' ? 'email' : 'fqdn';
  if (kind === 'local') return ` identity local ${t} ${id}`;
  return ` match identity remote ${t} ${id}${t === 'address' && ipFamily(id) === 4 ? ' 255.255.255.255' : ''}`;
}

export function ciscoIosSnippet(p: FarEndParams, psk?: string, lang: SheetLang = 'en'): Snippet {
  const t = SNIPPET_TEXT[lang];
  const flags: string[] = [];
  requireV4(p, flags, t);
  if (p.ikeVersion === 1) flags.push(t.ciscoIkev1);
  const ike = firstUsable(p.ike, flags, 'IKE', t);
  const esp = firstUsable(p.esp, flags, 'ESP', t);
  const N = `CORRIDOR-${p.siteName.toUpperCase()}`;
  const L: string[] = [];
  if (ike) {
    L.push(`crypto ikev2 proposal ${N}`, ` encryption ${ike.encryption.join(' ')}`);
    if (ike.aead) L.push(` prf ${ike.prf.join(' ') || 'sha256'}`);
    else L.push(` integrity ${ike.integrity.join(' ')}`);
    L.push(` group ${ike.dh.join(' ')}`, `crypto ikev2 policy ${N}`, ` proposal ${N}`, '!');
  }
  if (p.auth === 'psk') {
    L.push(`crypto ikev2 keyring ${N}`, ' peer corridor');
    const ips = p.remoteGateways.filter((gw) => ipFamily(gw));
    for (const gw of ips) L.push(`  address ${gw}`);
    if (ips.length === 0) flags.push(t.ciscoDnsKeyring);
    L.push(`  pre-shared-key ${cliPsk(psk, flags, t)}`, '!');
  }
  L.push(`crypto ikev2 profile ${N}`);
  const rid = ciscoIdentity('remote', p.remoteId, p.remoteIdType);
  const lid = ciscoIdentity('local', p.localId, p.localIdType);
  if (rid) L.push(rid);
  if (lid) L.push(lid);
  const method = p.auth === 'psk' ? 'pre-share' : 'rsa-sig';
  L.push(` authentication remote ${method}`, ` authentication local ${method}`);
  if (p.auth === 'psk') L.push(` keyring local ${N}`);
  else L.push(' pki trustpoint <TRUSTPOINT>');
  L.push(` lifetime ${p.ikeLifetime}`);
  if (p.dpdDelay > 0) L.push(` dpd ${p.dpdDelay} 2 periodic`);
  L.push('!');
  if (esp) {
    const enc = esp.encryption.map((e) => CISCO_ESP_ENC[e]).filter(Boolean);
    const integ = esp.aead ? [] : esp.integrity.map((i) => CISCO_ESP_INTEG[i]).filter(Boolean);
    L.push(`crypto ipsec transform-set ${N} ${[enc[0], integ[0]].filter(Boolean).join(' ')}`, ' mode tunnel', '!');
  }
  L.push(`ip access-list extended ${N}`);
  for (const [l, r] of v4Rules(p, flags, t)) L.push(` permit ip ${l.net} ${l.wildcard} ${r.net} ${r.wildcard}`);
  L.push('!', 'crypto map CORRIDOR 10 ipsec-isakmp');
  for (const gw of p.remoteGateways) L.push(` set peer ${gw}`);
  L.push(` set transform-set ${N}`);
  if (esp?.dh[0]) L.push(` set pfs group${esp.dh[0]}`);
  L.push(` set security-association lifetime seconds ${p.espLifetime}`, ` set ikev2-profile ${N}`, ` match address ${N}`, '!');
  L.push('interface <WAN interface>', ' crypto map CORRIDOR');
  return { text: L.join('\n'), flags };
}

export function fortigateSnippet(p: FarEndParams, psk?: string, lang: SheetLang = 'en'): Snippet {
  const t = SNIPPET_TEXT[lang];
  const flags: string[] = [];
  requireV4(p, flags, t);
  const usableIke = p.ike.filter((x) => x.flags.length === 0);
  const usableEsp = p.esp.filter((x) => x.flags.length === 0);
  if (usableIke.length === 0) flags.push(t.noProposal('IKE', p.ike.flatMap((x) => x.flags).join('; ')));
  if (usableEsp.length === 0) flags.push(t.noProposal('ESP', p.esp.flatMap((x) => x.flags).join('; ')));
  const p1 = `cor-${p.siteName}`.slice(0, 15);
  if (p1 !== `cor-${p.siteName}`) flags.push(t.fortiName(p1));
  const suite = (x: VendorProposal, prf: boolean): string[] =>
    x.aead
      ? x.encryption.map((e) => (prf ? `${e}-prf${x.prf[0] ?? 'sha256'}` : e))
      : x.encryption.flatMap((e) => x.integrity.map((i) => `${e}-${i}`));
  const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];
  const L: string[] = ['config vpn ipsec phase1-interface', `    edit "${p1}"`, '        set interface "wan1"'];
  L.push(`        set ike-version ${p.ikeVersion}`, '        set peertype any', '        set net-device disable');
  L.push(`        set proposal ${uniq(usableIke.flatMap((x) => suite(x, true))).join(' ')}`);
  L.push(`        set dhgrp ${uniq(usableIke.flatMap((x) => x.dh)).join(' ')}`);
  const gw = p.remoteGateways[0];
  if (gw && ipFamily(gw)) L.push(`        set remote-gw ${gw}`);
  else if (gw) L.push('        set type ddns', `        set remotegw-ddns "${gw}"`);
  if (p.remoteGateways.length > 1) flags.push(t.fortiOneGateway);
  if (p.auth === 'psk') L.push(`        set psksecret ${cliPsk(psk, flags, t)}`);
  else L.push('        set authmethod signature', '        set certificate "<this-device-cert>"');
  if (p.localId && p.localIdType !== 'ipv4' && p.localIdType !== 'ipv6') L.push('        set localid-type fqdn', `        set localid "${p.localId}"`);
  L.push(`        set keylife ${p.ikeLifetime}`);
  if (p.dpdDelay > 0) L.push('        set dpd on-idle', `        set dpd-retryinterval ${p.dpdDelay}`);
  else L.push('        set dpd disable');
  L.push('        set nattraversal enable', '    next', 'end', 'config vpn ipsec phase2-interface');
  const pfs = uniq(usableEsp.flatMap((x) => x.dh));
  p.children.forEach((c, i) => {
    const l = v4(c.local[0] ?? '');
    const r = v4(c.remote[0] ?? '');
    if (!l || !r) return;
    if (c.local.length > 1 || c.remote.length > 1) flags.push(t.oneSaPerRule(`${c.local.join(', ')} ⇄ ${c.remote.join(', ')}`));
    L.push(`    edit "${p1}-${i}"`, `        set phase1name "${p1}"`);
    L.push(`        set proposal ${uniq(usableEsp.flatMap((x) => suite(x, false))).join(' ')}`);
    L.push(pfs.length > 0 ? '        set pfs enable' : '        set pfs disable');
    if (pfs.length > 0) L.push(`        set dhgrp ${pfs.join(' ')}`);
    L.push(`        set keylifeseconds ${p.espLifetime}`);
    L.push(`        set src-subnet ${l.net} ${l.mask}`, `        set dst-subnet ${r.net} ${r.mask}`);
    if (p.initiates) L.push('        set auto-negotiate enable');
    L.push('    next');
  });
  L.push('end');
  flags.push(t.fortiWan);
  return { text: L.join('\n'), flags };
}
