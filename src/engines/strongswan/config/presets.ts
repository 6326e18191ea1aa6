/**
 * Defaults for common peers: what each vendor accepts out of the box (or with the least change on its
 * side), so that a site created with only a vendor, addresses and subnets comes up. The API applies a
 * preset's fields where the user set nothing. Proposals list the strong choice first and the vendor's
 * factory default after it, so an unchanged peer still matches while a hardened one gets the better suite.
 *
 * Sources. "Read" = the vendor's page was read while writing this file (2026-11); "recalled" = the
 * vendor's documented default as commonly published, not re-read here: check it before relying on it.
 * Vendors change defaults between releases; the notes tell the administrator what to check.
 * - AWS (read): EC2 API reference, VpnTunnelOptionsSpecification and ModifyVpnTunnelOptionsSpecification
 *   (docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html): phase 1
 *   AES128/AES256/AES128-GCM-16/AES256-GCM-16, SHA1/SHA2-256/384/512, DH 2 and 14-24, lifetime 28800 s
 *   (900-28800); phase 2 lifetime 3600 s; DPD timeout 30 s, DPD action clear; ikev1 and ikev2.
 * - FortiGate (read): CLI reference `config vpn ipsec phase1-interface` / `phase2-interface`
 *   (docs.fortinet.com): phase 1 proposal aes128-sha256 aes256-sha256 …, dhgrp 14 5, keylife 86400;
 *   phase 2 proposal aes128-sha1 aes256-sha1 aes128-sha256 aes256-sha256 …, pfs enable, dhgrp 14 5,
 *   keylifeseconds 43200. ike-version defaults to 1 on FortiOS (recalled); the snippet sets 2.
 * - Huawei (read): USG `ike proposal` command reference (a created proposal is AES-256, SHA2-256
 *   integrity and PRF, DH14, 86400 s; the built-in "default" proposal is weaker) and the AR V200R010 VPN
 *   guide (ipsec proposal uses ESP). Recalled: PFS is off unless `pfs` is set in the ipsec policy; IPsec
 *   SA 3600 s.
 * - Tencent Cloud (read, partly): VPN tunnel guide (cloud.tencent.com document 1037/39635): SPD rules are
 *   negotiated per (local, remote) mapping, "supported if the `also` keyword is used in strongSwan".
 *   Recalled: IKEv1 and legacy algorithms by default, PFS disabled, IPsec lifetime 3600 s, IKE 86400 s.
 * - Azure (recalled; learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-devices lists the
 *   route-based default policy): IKEv2, AES256/AES128, SHA1/SHA256, DH group 2, SA lifetime 28800 s;
 *   quick mode lifetime 27000 s, no PFS by default. Group 14 first is an assumption about Azure as
 *   responder; group 2 follows it so a default Azure gateway still matches.
 * - Cisco IOS (recalled): IKEv2 smart defaults (`crypto ikev2 proposal default`: AES-CBC-256/192/128,
 *   SHA-2, groups 19/20/14 on IOS XE 16+, 5/2 on older trains); default transform set esp-aes
 *   esp-sha-hmac; PFS off; IKEv2 SA 86400 s, IPsec SA 3600 s; a crypto map negotiates one SA per ACL entry.
 * - Cisco ASA (recalled): no IKEv2 policy exists by default; IPsec SA lifetime 28800 s, IKE 86400 s.
 * - Alibaba Cloud (recalled; alibabacloud.com VPN Gateway "create IPsec-VPN connection" page, whose DPD
 *   and NAT-T defaults were read): IKE aes, sha1, group2, 86400 s; IPsec aes, sha1, group2 PFS, 86400 s.
 */
import type { PeerVendor } from '../../../core/model/peer.js';
import type { SiteConnectionInput } from '../../../core/model/site.js';

export type PresetFields = Pick<SiteConnectionInput, 'ikeVersion' | 'ike' | 'esp' | 'childPerSubnetPair' | 'dpd'>;

export interface Preset {
  vendor: PeerVendor;
  /** defaults the API applies to fields the user left unset */
  site: PresetFields;
  /** which identity type the peer expects by default */
  identity: 'ip' | 'fqdn' | 'any';
  /** DPD on the peer's side, in its own words */
  peerDpd: string;
  notes: { en: string[]; 'zh-CN': string[] };
}

const CORRIDOR_IKE = ['aes256gcm16-prfsha256-ecp256', 'aes256-sha256-modp2048'];
const CORRIDOR_ESP = ['aes256gcm16-ecp256', 'aes256-sha256-modp2048'];

export const PRESETS: Record<PeerVendor, Preset> = {
  strongswan: {
    vendor: 'strongswan',
    site: {
      ikeVersion: 2,
      ike: { proposals: CORRIDOR_IKE, lifetime: 14400 },
      esp: { proposals: CORRIDOR_ESP, lifetime: 3600 },
      childPerSubnetPair: false,
      dpd: { preset: 'fast' },
    },
    identity: 'any',
    peerDpd: 'dpd_delay 2s; dpd_action clear on the responding end (exported swanctl.conf)',
    notes: {
      en: ['Export the peer\'s swanctl.conf from Corridor: it mirrors this side exactly.'],
      'zh-CN': ['从 Corridor 导出对端的 swanctl.conf：它与本端完全镜像。'],
    },
  },
  generic: {
    vendor: 'generic',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes256-sha256-modp2048', 'aes128-sha256-modp2048', 'aes256-sha1-modp2048'], lifetime: 28800 },
      esp: { proposals: ['aes256-sha256-modp2048', 'aes128-sha256-modp2048', 'aes256-sha256'], lifetime: 3600 },
      childPerSubnetPair: true,
      dpd: { preset: 'standard' },
    },
    identity: 'ip',
    peerDpd: 'enable DPD (on demand or periodic, 10-30 s)',
    notes: {
      en: [
        'AES-CBC with SHA-256 and DH group 14 is the suite nearly every IKEv2 device supports.',
        'One CHILD_SA per subnet pair: many devices negotiate a single pair per SA.',
      ],
      'zh-CN': ['AES-CBC + SHA-256 + DH 14 组几乎所有 IKEv2 设备都支持。', '每个子网对一个 CHILD_SA：很多设备每个 SA 只协商一对子网。'],
    },
  },
  huawei: {
    vendor: 'huawei',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes256-sha256-modp2048'], lifetime: 86400 },
      esp: { proposals: ['aes256-sha256-modp2048', 'aes256-sha256'], lifetime: 3600 },
      childPerSubnetPair: true,
      dpd: { preset: 'standard' },
    },
    identity: 'ip',
    peerDpd: 'ike peer: dpd type periodic, dpd idle-time 10 (off by default)',
    notes: {
      en: [
        'A newly created Huawei ike proposal is AES-256 / SHA2-256 / DH group 14 / 86400 s: it matches as is.',
        'Huawei negotiates one SA per ACL rule: keep one CHILD_SA per subnet pair.',
        'PFS is off on Huawei unless "pfs dh-group14" is set in the ipsec policy; both variants are offered.',
      ],
      'zh-CN': [
        '华为新建的 ike proposal 默认为 AES-256 / SHA2-256 / DH14 / 86400 秒，可直接匹配。',
        '华为按 ACL 规则逐条协商 SA：保持每个子网对一个 CHILD_SA。',
        '华为 ipsec policy 默认不启用 PFS（除非配置 pfs dh-group14），本端同时提供两种方案。',
      ],
    },
  },
  'cisco-ios': {
    vendor: 'cisco-ios',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes256-sha256-modp2048', 'aes256-sha512-ecp256', 'aes256-sha256-modp1536'], lifetime: 86400 },
      esp: { proposals: ['aes256-sha256', 'aes256-sha256-modp2048', 'aes128-sha1'], lifetime: 3600 },
      childPerSubnetPair: true,
      dpd: { preset: 'standard' },
    },
    identity: 'ip',
    peerDpd: 'crypto ikev2 dpd 10 2 periodic',
    notes: {
      en: [
        'IKEv2 smart defaults (AES-CBC, SHA-2, groups 19/20/14, or 5/2 on old trains) are covered.',
        'A crypto map negotiates one SA per ACL entry: one CHILD_SA per subnet pair.',
      ],
      'zh-CN': ['已覆盖 IKEv2 smart defaults（AES-CBC、SHA-2、19/20/14 组，旧版本为 5/2 组）。', 'crypto map 按 ACL 条目逐条协商 SA：每个子网对一个 CHILD_SA。'],
    },
  },
  'cisco-asa': {
    vendor: 'cisco-asa',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes256-sha256-modp2048'], lifetime: 86400 },
      esp: { proposals: ['aes256-sha256', 'aes256-sha256-modp2048'], lifetime: 28800 },
      childPerSubnetPair: true,
      dpd: { preset: 'standard' },
    },
    identity: 'ip',
    peerDpd: 'tunnel-group ipsec-attributes: isakmp keepalive threshold 10 retry 2',
    notes: {
      en: ['ASA has no default IKEv2 policy: paste the policy from the snippet.', 'IPsec SA lifetime on ASA defaults to 28800 s.'],
      'zh-CN': ['ASA 默认没有 IKEv2 策略：请粘贴片段中的策略。', 'ASA 的 IPsec SA 默认生存期为 28800 秒。'],
    },
  },
  fortigate: {
    vendor: 'fortigate',
    site: {
      ikeVersion: 2,
      ike: {
        proposals: ['aes256-sha256-modp2048', 'aes128-sha256-modp2048', 'aes256-sha256-modp1536', 'aes128-sha256-modp1536'],
        lifetime: 86400,
      },
      esp: {
        proposals: ['aes256-sha256-modp2048', 'aes128-sha256-modp2048', 'aes256-sha1-modp2048', 'aes128-sha1-modp2048'],
        lifetime: 43200,
      },
      childPerSubnetPair: true,
      dpd: { preset: 'standard' },
    },
    identity: 'ip',
    peerDpd: 'set dpd on-idle; set dpd-retryinterval 10',
    notes: {
      en: [
        'FortiOS defaults to ike-version 1: set ike-version 2 on the FortiGate (the snippet does).',
        'One phase2-interface per subnet pair.',
      ],
      'zh-CN': ['FortiOS 默认 ike-version 1：请在 FortiGate 上设置 ike-version 2（片段已包含）。', '每个子网对一个 phase2-interface。'],
    },
  },
  aws: {
    vendor: 'aws',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes256-sha256-modp2048', 'aes128-sha256-modp2048', 'aes128-sha1-modp2048'], lifetime: 28800 },
      esp: { proposals: ['aes256-sha256-modp2048', 'aes128-sha256-modp2048', 'aes128-sha1-modp2048'], lifetime: 3600 },
      childPerSubnetPair: false,
      dpd: { preset: 'standard', delay: 10 },
    },
    identity: 'ip',
    peerDpd: 'AWS: DPD timeout 30 s, action clear (our side initiates and restarts)',
    notes: {
      en: [
        'AWS accepts a single CHILD_SA pair per tunnel: keep one child (or use 0.0.0.0/0 selectors with routes).',
        'AWS gives two tunnels per VPN connection: create two site connections, one per tunnel address.',
        'Identities are the tunnel outside IP addresses.',
      ],
      'zh-CN': [
        'AWS 每条隧道只接受一对 CHILD_SA：保持一个 child（或使用 0.0.0.0/0 选择器配合路由）。',
        'AWS 每个 VPN 连接有两条隧道：请为每个隧道地址各建一个站点连接。',
        '身份标识为隧道外部 IP 地址。',
      ],
    },
  },
  azure: {
    vendor: 'azure',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes256-sha256-modp2048', 'aes256-sha256-modp1024', 'aes256-sha1-modp1024'], lifetime: 28800 },
      esp: { proposals: ['aes256gcm16', 'aes256-sha256', 'aes256-sha1'], lifetime: 27000 },
      childPerSubnetPair: false,
      dpd: { preset: 'standard' },
    },
    identity: 'ip',
    peerDpd: 'Azure: DPD timeout 45 s by default (connection property dpdTimeoutSeconds)',
    notes: {
      en: [
        'Azure route-based gateways offer DH group 2 by default; group 14 is offered first and accepted as responder.',
        'Azure quick mode lifetime is 27000 s with no PFS by default.',
        'For policy-based traffic selectors enable UsePolicyBasedTrafficSelectors on the Azure connection.',
      ],
      'zh-CN': [
        'Azure 基于路由的网关默认提供 DH 2 组；本端优先提供 14 组，Azure 作为响应方接受。',
        'Azure 快速模式生存期默认 27000 秒，默认无 PFS。',
        '若使用基于策略的流量选择器，请在 Azure 连接上启用 UsePolicyBasedTrafficSelectors。',
      ],
    },
  },
  alibaba: {
    vendor: 'alibaba',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes256-sha256-modp2048', 'aes128-sha1-modp1024'], lifetime: 86400 },
      esp: { proposals: ['aes256-sha256-modp2048', 'aes128-sha1-modp1024'], lifetime: 86400 },
      childPerSubnetPair: false,
      dpd: { preset: 'standard' },
    },
    identity: 'ip',
    peerDpd: 'Alibaba: DPD on by default',
    notes: {
      en: [
        'Alibaba\'s console defaults are AES-128 / SHA-1 / DH group 2 (weak): set aes256 / sha256 / group14 there; both are offered.',
      ],
      'zh-CN': ['阿里云控制台默认 AES-128 / SHA-1 / DH group2（较弱）：建议在阿里云侧改为 aes256 / sha256 / group14；本端两种都提供。'],
    },
  },
  tencent: {
    vendor: 'tencent',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes256-sha256-modp2048', 'aes128-sha1-modp1024'], lifetime: 86400 },
      esp: { proposals: ['aes256-sha256', 'aes128-sha1'], lifetime: 3600 },
      childPerSubnetPair: true,
      dpd: { preset: 'standard' },
    },
    identity: 'ip',
    peerDpd: 'Tencent: DPD on by default, timeout 30 s, action clear',
    notes: {
      en: [
        'Tencent defaults to IKEv1 with legacy algorithms: choose IKEv2, AES-256, SHA-256, DH group 14 in the tunnel\'s IKE settings.',
        'Tencent negotiates each SPD mapping as its own SA: one CHILD_SA per subnet pair.',
      ],
      'zh-CN': ['腾讯云默认 IKEv1 和旧算法：请在通道 IKE 配置中选择 IKEv2、AES-256、SHA-256、DH group14。', '腾讯云按 SPD 映射逐条协商 SA：每个子网对一个 CHILD_SA。'],
    },
  },
};

export function presetFor(vendor: PeerVendor): Preset {
  return PRESETS[vendor];
}

/**
 * Fills the fields the user left unset from the vendor's preset (nested objects field by field).
 * Explicit user values always win.
 */
export function applyPreset(input: SiteConnectionInput, vendor: PeerVendor): SiteConnectionInput {
  const p = PRESETS[vendor].site;
  return {
    ...input,
    ikeVersion: input.ikeVersion ?? p.ikeVersion,
    childPerSubnetPair: input.childPerSubnetPair ?? p.childPerSubnetPair,
    ike: { ...p.ike, ...stripUndefined(input.ike) },
    esp: { ...p.esp, ...stripUndefined(input.esp) },
    dpd: { ...p.dpd, ...stripUndefined(input.dpd) },
  };
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
