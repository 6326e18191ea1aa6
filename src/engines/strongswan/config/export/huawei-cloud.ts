/**
 * Huawei Cloud VPN has no CLI: its administrator fills in console forms. The worksheet lists those fields
 * in the order the console asks for them (customer gateway, then the VPN connection with its policy-based
 * rules, then the IKE and IPsec policies), each with the value that mirrors our site, in the console's own
 * words (support.huaweicloud.com vpn_faq_00118: "AES-128", "SHA2-256", "Group 15", "DH group 15").
 * Policy-based mode, because Huawei Cloud negotiates one SA per policy rule, as our site's children do.
 */
import type { FarEndParams } from './far-end.js';
import type { SheetLang } from './sheet-text.js';
import { firstUsable } from './snippets.js';
import { SNIPPET_TEXT } from './snippet-text.js';
import type { VendorProposal } from './vendor-names.js';

export interface WorksheetStep {
  page: string;
  field: string;
  value: string;
}

export interface Worksheet {
  steps: WorksheetStep[];
  flags: string[];
}

const WORDS = {
  en: {
    customerGateway: 'Customer gateway', connection: 'VPN connection', ikePolicy: 'VPN connection → IKE policy', ipsecPolicy: 'VPN connection → IPsec policy',
    name: 'Name', identifierType: 'Identifier type', identifier: 'Identifier', vpnGateway: 'VPN gateway', gatewayIp: 'VPN gateway IP',
    mode: 'Connection mode', policyBased: 'Policy-based', localSubnet: 'Local subnet', customerSubnet: 'Customer subnet', psk: 'PSK / Confirm PSK',
    rule: (n: number) => `Policy rule ${n}: source / destination`, version: 'Version', auth: 'Authentication algorithm', enc: 'Encryption algorithm',
    dh: 'DH algorithm', lifetime: 'Lifetime (s)', localId: 'Local ID', customerId: 'Customer ID', pfs: 'PFS', protocol: 'Transfer protocol',
    ip: 'IP address', fqdn: 'FQDN', yours: '(the VPN gateway this connection belongs to)', given: '<given to you separately>', disable: 'Disable',
    certNote: 'Huawei Cloud VPN authenticates with a pre-shared key here: use PSK on the Corridor site',
    multiGateway: 'Huawei Cloud takes one customer gateway address per connection: create a second connection for Corridor\'s other WAN address',
    dpd: 'DPD: Huawei Cloud answers Corridor\'s probes and has no DPD setting; Corridor declares a dead peer within 10 s',
  },
  'zh-CN': {
    customerGateway: '对端网关', connection: 'VPN 连接', ikePolicy: 'VPN 连接 → IKE 策略', ipsecPolicy: 'VPN 连接 → IPsec 策略',
    name: '名称', identifierType: '标识类型', identifier: '标识', vpnGateway: 'VPN 网关', gatewayIp: '网关 IP',
    mode: '连接模式', policyBased: '策略模式', localSubnet: '本端子网', customerSubnet: '对端子网', psk: '预共享密钥 / 确认密钥',
    rule: (n: number) => `策略规则 ${n}：源网段 / 目的网段`, version: '版本', auth: '认证算法', enc: '加密算法',
    dh: 'DH 算法', lifetime: '生命周期（秒）', localId: '本端标识', customerId: '对端标识', pfs: 'PFS', protocol: '传输协议',
    ip: 'IP 地址', fqdn: 'FQDN', yours: '（该连接所属的 VPN 网关）', given: '<另行告知>', disable: 'Disable',
    certNote: '此处华为云 VPN 使用预共享密钥认证：请在 Corridor 站点上使用 PSK',
    multiGateway: '华为云每个连接只填一个对端网关地址：请为 Corridor 的另一个 WAN 地址再建一个连接',
    dpd: 'DPD：华为云会应答 Corridor 的探测，且没有 DPD 设置；Corridor 在 10 秒内判定对端失效',
  },
} as const;

/** Huawei's CLI words to the console's: aes-128 → AES-128, aes-gcm-128 → AES-128-GCM-16, sha2-256 → SHA2-256. */
function consoleName(word: string): string {
  const gcm = /^aes-gcm-(\d+)$/.exec(word);
  return gcm ? `AES-${gcm[1]}-GCM-16` : word.toUpperCase();
}

function algorithms(p: VendorProposal | undefined): { enc: string; auth: string } {
  return { enc: consoleName(p?.encryption[0] ?? ''), auth: p?.aead ? consoleName(p.encryption[0] ?? '') : consoleName(p?.integrity[0] ?? '') };
}

export function huaweiCloudWorksheet(p: FarEndParams, psk: string | undefined, lang: SheetLang): Worksheet {
  const w = WORDS[lang];
  const t = SNIPPET_TEXT[lang];
  const flags: string[] = [];
  const ike = firstUsable(p.ike, flags, 'IKE', t);
  const esp = firstUsable(p.esp, flags, 'ESP', t);
  if (p.auth === 'cert') flags.push(w.certNote);
  if (p.remoteGateways.length > 1) flags.push(w.multiGateway);
  for (const c of p.children) if (c.local.length > 1 || c.remote.length > 1) flags.push(t.oneSaPerRule(`${c.local.join(', ')} ⇄ ${c.remote.join(', ')}`));
  flags.push(w.dpd);
  const idType = (type: string | undefined) => (type === 'ipv4' || type === 'ipv6' || type === undefined ? w.ip : w.fqdn);
  const name = `corridor-${p.siteName}`;
  const steps: WorksheetStep[] = [];
  const add = (page: string, field: string, value: string) => steps.push({ page, field, value });
  const us = p.remoteGateways[0] ?? '';
  add(w.customerGateway, w.name, name);
  add(w.customerGateway, w.identifierType, idType(p.remoteIdType));
  add(w.customerGateway, w.identifier, p.remoteId ?? us);
  add(w.connection, w.name, name);
  add(w.connection, w.vpnGateway, w.yours);
  add(w.connection, w.gatewayIp, p.localAddresses[0] ?? '');
  add(w.connection, w.customerGateway, name);
  add(w.connection, w.mode, w.policyBased);
  add(w.connection, w.localSubnet, p.localSubnets.join(', '));
  add(w.connection, w.customerSubnet, p.remoteSubnets.join(', '));
  add(w.connection, w.psk, psk ?? w.given);
  // one rule per SA our site negotiates: Huawei Cloud negotiates one SA per rule
  p.children.forEach((c, i) => add(w.connection, w.rule(i + 1), `${c.local.join(', ')} → ${c.remote.join(', ')}`));
  const ikeAlg = algorithms(ike);
  add(w.ikePolicy, w.version, `v${p.ikeVersion}`);
  add(w.ikePolicy, w.auth, ikeAlg.auth);
  add(w.ikePolicy, w.enc, ikeAlg.enc);
  add(w.ikePolicy, w.dh, ike?.dh[0] ? `Group ${ike.dh[0]}` : '');
  add(w.ikePolicy, w.lifetime, String(p.ikeLifetime));
  add(w.ikePolicy, w.localId, `${idType(p.localIdType)}: ${p.localId ?? p.localAddresses[0] ?? ''}`);
  add(w.ikePolicy, w.customerId, `${idType(p.remoteIdType)}: ${p.remoteId ?? us}`);
  const espAlg = algorithms(esp);
  add(w.ipsecPolicy, w.auth, espAlg.auth);
  add(w.ipsecPolicy, w.enc, espAlg.enc);
  add(w.ipsecPolicy, w.pfs, esp?.dh[0] ? `DH group ${esp.dh[0]}` : w.disable);
  add(w.ipsecPolicy, w.protocol, 'ESP');
  add(w.ipsecPolicy, w.lifetime, String(p.espLifetime));
  return { steps, flags };
}
