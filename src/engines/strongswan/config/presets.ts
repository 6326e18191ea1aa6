/**
 * Defaults per peer vendor: what each vendor's gateway or device does out of the box, so that a site created
 * with only a peer, addresses and subnets comes up against an unchanged peer. A preset decides every field
 * the user left unset (resolved at use, effective.ts); the user's own value always wins. Where a vendor's
 * default is weak, the strong choice is listed first and the vendor's default after it, so an unchanged
 * peer still matches while a hardened one gets the better suite.
 *
 * A preset never touches DPD: Corridor's side declares a dead peer within 10 s whatever the peer runs
 * (our probes are answered by any IKEv2 peer: RFC 7296 2.4), so the vendor's own DPD setting only goes
 * into the export (far-end.ts DEVICE_DPD_MIN), never into our timers.
 *
 * Sources. "Read" = the vendor's page was read while writing this (2026-11/12); "recalled" = the vendor's
 * documented default as commonly published, not re-read here: check it before relying on it.
 * - Huawei Cloud VPN (read): support.huaweicloud.com/vpn_faq/vpn_faq_00118.html, "VPN协商参数有哪些？默认值是
 *   什么？" for the enterprise edition: IKE v2, AES-128, SHA2-256, DH group 15 (modp3072), 86400 s; IPsec ESP
 *   AES-128, SHA2-256, PFS group 15, 3600 s. The classic edition's page (vpn_08_0602) has group 14 for both,
 *   offered second. Like the AR/USG it is built on, it negotiates one SA per ACL rule (policy-based).
 * - Huawei AR/USG (read): USG `ike proposal` command reference (a created proposal is AES-256, SHA2-256
 *   integrity and PRF, DH14, 86400 s; the built-in "default" proposal is weaker) and the AR V200R010 VPN
 *   guide (ipsec proposal uses ESP). Recalled: PFS is off unless `pfs` is set in the ipsec policy; IPsec
 *   SA 3600 s; one SA per ACL rule.
 * - AWS (read): EC2 API reference, VpnTunnelOptionsSpecification and ModifyVpnTunnelOptionsSpecification
 *   (docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnTunnelOptionsSpecification.html): phase 1
 *   AES128/AES256/AES128-GCM-16/AES256-GCM-16, SHA1/SHA2-256/384/512, DH 2 and 14-24, lifetime 28800 s
 *   (900-28800); phase 2 lifetime 3600 s; DPD timeout 30 s (40 s in ModifyVpnTunnelOptionsSpecification),
 *   DPD action clear; ikev1 and ikev2.
 * - FortiGate (read): CLI reference `config vpn ipsec phase1-interface` / `phase2-interface`
 *   (docs.fortinet.com): phase 1 proposal aes128-sha256 aes256-sha256 …, dhgrp 14 5, keylife 86400;
 *   phase 2 proposal aes128-sha1 aes256-sha1 aes128-sha256 aes256-sha256 …, pfs enable, dhgrp 14 5,
 *   keylifeseconds 43200. ike-version defaults to 1 on FortiOS (recalled); the snippet sets 2.
 * - Tencent Cloud (read, partly): VPN tunnel guide (cloud.tencent.com document 1037/39635): SPD rules are
 *   negotiated per (local, remote) mapping, "supported if the `also` keyword is used in strongSwan".
 *   Recalled: IKEv1 and legacy algorithms by default, PFS disabled, IPsec lifetime 3600 s, IKE 86400 s.
 * - Azure (recalled; learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-devices lists the
 *   route-based default policy, which vpn-gateway-about-compliance-crypto (read) points to): IKEv2,
 *   AES256/AES128, SHA1/SHA256, DH group 2, SA lifetime 28800 s; quick mode lifetime 27000 s, no PFS by
 *   default. Group 14 first is an assumption about Azure as responder; group 2 follows it.
 * - Cisco IOS (recalled): IKEv2 smart defaults (`crypto ikev2 proposal default`: AES-CBC-256/192/128,
 *   SHA-2, groups 19/20/14 on IOS XE 16+, 5/2 on older trains); default transform set esp-aes
 *   esp-sha-hmac; PFS off; IKEv2 SA 86400 s, IPsec SA 3600 s; a crypto map negotiates one SA per ACL entry.
 * - Cisco ASA (recalled): no IKEv2 policy exists by default; IPsec SA lifetime 28800 s, IKE 86400 s.
 * - Alibaba Cloud (recalled; alibabacloud.com VPN Gateway "create IPsec-VPN connection" page, whose DPD
 *   and NAT-T defaults were read): IKE aes, sha1, group2, 86400 s; IPsec aes, sha1, group2 PFS, 86400 s.
 * - strongSwan: no preset; the far end is exported from this side (swanctl.conf), so Corridor's own
 *   defaults (effective.ts) apply.
 */
import type { PeerVendor } from '../../../core/model/peer.js';

/** The fields a vendor decides; DPD is deliberately not one of them (see above). */
export interface PresetFields {
  ikeVersion?: 1 | 2;
  ike?: { proposals: string[]; lifetime: number };
  esp?: { proposals: string[]; lifetime: number };
  childPerSubnetPair?: boolean;
}

export interface Preset {
  vendor: PeerVendor;
  /** defaults for the fields the user left unset */
  site: PresetFields;
  /** which identity type the peer expects by default */
  identity: 'ip' | 'fqdn' | 'any';
  /** what the administrator of such a peer should know; shown in that vendor's parameter sheet */
  notes: { en: string[]; 'zh-CN': string[] };
}

export const PRESETS: Record<PeerVendor, Preset> = {
  strongswan: {
    vendor: 'strongswan',
    site: {},
    identity: 'any',
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
    },
    identity: 'ip',
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
    },
    identity: 'ip',
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
  'huawei-cloud': {
    vendor: 'huawei-cloud',
    site: {
      ikeVersion: 2,
      ike: { proposals: ['aes128-sha256-modp3072', 'aes128-sha256-modp2048'], lifetime: 86400 },
      esp: { proposals: ['aes128-sha256-modp3072', 'aes128-sha256-modp2048'], lifetime: 3600 },
      childPerSubnetPair: true,
    },
    identity: 'ip',
    notes: {
      en: [
        'Huawei Cloud VPN defaults: IKEv2, AES-128, SHA2-256, DH group 15, 86400 s; ESP AES-128, SHA2-256, PFS group 15, 3600 s. They match as they are.',
        'The classic VPN edition uses DH group 14 instead: offered second.',
        'Huawei Cloud negotiates one SA per ACL rule (policy-based): one CHILD_SA per subnet pair.',
      ],
      'zh-CN': [
        '华为云 VPN 默认值：IKEv2、AES-128、SHA2-256、DH group 15、86400 秒；ESP AES-128、SHA2-256、PFS group 15、3600 秒，可直接匹配。',
        '经典版 VPN 使用 DH group 14：本端作为第二个方案提供。',
        '华为云按 ACL 规则逐条协商 SA（基于策略）：每个子网对一个 CHILD_SA。',
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
    },
    identity: 'ip',
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
    },
    identity: 'ip',
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
    },
    identity: 'ip',
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
    },
    identity: 'ip',
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
    },
    identity: 'ip',
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
    },
    identity: 'ip',
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
    },
    identity: 'ip',
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
