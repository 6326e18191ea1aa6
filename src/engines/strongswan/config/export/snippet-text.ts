/** The notes that go with a CLI snippet or worksheet ("check before applying"), in both sheet languages. */
import type { SheetLang } from './sheet-text.js';

export interface SnippetText {
  pskByHand: string;
  ipv6Left: string;
  noProposal: (what: 'IKE' | 'ESP', reasons: string) => string;
  huaweiSyntax: string;
  ciscoIkev1: string;
  ciscoDnsKeyring: string;
  /** a child with several subnets on a device that negotiates one SA per rule / phase 2 entry */
  oneSaPerRule: (child: string) => string;
  fortiName: (p1: string) => string;
  fortiOneGateway: string;
  fortiWan: string;
  dpdRaised: (device: number, ours: number) => string;
}

export const SNIPPET_TEXT: Record<SheetLang, SnippetText> = {
  en: {
    pskByHand: 'the pre-shared key has characters a device CLI may interpret (space, quote, #, ?, ...): type it by hand',
    ipv6Left: 'IPv6 subnets are left out of the snippet: add them with the device\'s IPv6 ACL / selector syntax',
    noProposal: (what, reasons) => `no ${what} proposal this device can do: ${reasons}`,
    huaweiSyntax: 'Huawei syntax differs between USG and AR releases: check `ike peer` and `ipsec policy` on yours; the ACL number 3999 must be free',
    ciscoIkev1: 'the snippet is IKEv2 (FlexVPN syntax); for IKEv1 use crypto isakmp policy with the sheet\'s values',
    ciscoDnsKeyring: 'Corridor is known here only by DNS name: match the keyring peer with `identity fqdn` and dial with `set peer <name> dynamic`',
    oneSaPerRule: (child) => `Corridor negotiates one SA for ${child}; this device negotiates one SA per rule and narrows to the first pair: enable one CHILD_SA per subnet pair on the site (childPerSubnetPair), or the other pairs carry no traffic`,
    fortiName: (p1) => `phase1 names are limited to 15 characters: "${p1}"`,
    fortiOneGateway: 'FortiGate dials one remote gateway per phase1: add a second phase1 for the other address',
    fortiWan: 'replace "wan1" with the FortiGate\'s WAN interface, and add a static route and firewall policies for the tunnel interface',
    dpdRaised: (device, ours) => `DPD: ${device} s is this device's shortest interval; Corridor probes every ${ours} s itself and declares a dead peer within 10 s`,
  },
  'zh-CN': {
    pskByHand: '预共享密钥含有设备命令行可能解释的字符（空格、引号、#、? 等）：请手工输入',
    ipv6Left: '片段未包含 IPv6 网段：请用设备的 IPv6 ACL / 选择器语法添加',
    noProposal: (what, reasons) => `没有本设备支持的 ${what} 提议：${reasons}`,
    huaweiSyntax: '华为 USG 与 AR 各版本语法有差异：请核对本设备的 `ike peer` 与 `ipsec policy`；ACL 编号 3999 必须未被占用',
    ciscoIkev1: '片段为 IKEv2（FlexVPN 语法）；IKEv1 请按参数表的取值配置 crypto isakmp policy',
    ciscoDnsKeyring: '此处只能通过域名识别 Corridor：keyring 中的 peer 用 `identity fqdn` 匹配，并用 `set peer <名称> dynamic` 拨号',
    oneSaPerRule: (child) => `Corridor 为 ${child} 只协商一个 SA；本设备按规则逐条协商 SA，并缩小到第一对网段：请在站点上启用“每个子网对一个 CHILD_SA”（childPerSubnetPair），否则其他网段对没有流量`,
    fortiName: (p1) => `phase1 名称最长 15 个字符：“${p1}”`,
    fortiOneGateway: 'FortiGate 每个 phase1 只拨一个远端网关：请为另一个地址再建一个 phase1',
    fortiWan: '请把 "wan1" 换成 FortiGate 的 WAN 接口，并为隧道接口添加静态路由和防火墙策略',
    dpdRaised: (device, ours) => `DPD：${device} 秒是本设备的最短间隔；Corridor 自身每 ${ours} 秒探测一次，10 秒内判定对端失效`,
  },
};
