/** Words of the parameter sheet, in English and Simplified Chinese. */
export type SheetLang = 'en' | 'zh-CN';

export type SheetKey =
  | 'remoteGateway' | 'localAddress' | 'localId' | 'remoteId' | 'auth' | 'ikeVersion' | 'ikeProposal' | 'ikeLifetime'
  | 'espProposal' | 'pfs' | 'espLifetime' | 'localSubnets' | 'remoteSubnets' | 'children' | 'dpd' | 'natt' | 'initiation';

interface Text {
  title: (site: string, peer: string) => string;
  header: [string, string, string, string];
  sections: Record<'peer' | 'identity' | 'ike' | 'esp' | 'traffic' | 'liveness', string>;
  labels: Record<SheetKey, string>;
  idTypes: Record<'ipv4' | 'ipv6' | 'fqdn' | 'user-fqdn' | 'dn' | 'key-id', string>;
  auto: string; any: string; psk: string; pskPlaceholder: string; cert: string; noPfs: string; off: string;
  dpdClear: string; dpdRestart: string; nattOn: string; initiates: string; respondOnly: string;
  cannot: string; flagsTitle: string; snippetTitle: string;
}

export const SHEET_TEXT: Record<SheetLang, Text> = {
  en: {
    title: (site, peer) => `Settings for "${peer}" (far end of site connection "${site}")`,
    header: ['Section', 'Parameter', 'Value', 'Where on the device'],
    sections: { peer: 'Peer', identity: 'Identity', ike: 'IKE (phase 1)', esp: 'IPsec (phase 2)', traffic: 'Traffic', liveness: 'Liveness' },
    labels: {
      remoteGateway: 'Remote gateway (Corridor)', localAddress: 'Local address (this device)', localId: 'Local identity',
      remoteId: 'Remote identity', auth: 'Authentication', ikeVersion: 'IKE version', ikeProposal: 'IKE proposal',
      ikeLifetime: 'IKE SA lifetime', espProposal: 'ESP proposal', pfs: 'PFS group', espLifetime: 'IPsec SA lifetime',
      localSubnets: 'Local subnets', remoteSubnets: 'Remote subnets', children: 'SA per subnet pair', dpd: 'Dead peer detection',
      natt: 'NAT traversal', initiation: 'Initiation',
    },
    idTypes: { ipv4: 'IP address', ipv6: 'IPv6 address', fqdn: 'FQDN', 'user-fqdn': 'user-FQDN', dn: 'distinguished name', 'key-id': 'key ID' },
    auto: 'the device\'s own address (default)', any: 'any (Corridor dials in)', psk: 'pre-shared key',
    pskPlaceholder: '<given to you separately>', cert: 'certificate (RSA/ECDSA signature)', noPfs: 'none',
    off: 'off', dpdClear: 'on timeout: clear (Corridor re-establishes)', dpdRestart: 'on timeout: restart',
    nattOn: 'enabled: UDP 500 and 4500 must be open (ESP travels in UDP 4500)',
    initiates: 'this device initiates and restarts', respondOnly: 'respond only (Corridor initiates)',
    cannot: 'not supported', flagsTitle: 'Check before applying', snippetTitle: 'CLI snippet',
  },
  'zh-CN': {
    title: (site, peer) => `“${peer}” 的配置参数（站点连接 “${site}” 的对端）`,
    header: ['部分', '参数', '取值', '设备上的配置位置'],
    sections: { peer: '对端', identity: '身份', ike: 'IKE（第一阶段）', esp: 'IPsec（第二阶段）', traffic: '感兴趣流', liveness: '存活检测' },
    labels: {
      remoteGateway: '对端网关（Corridor）', localAddress: '本端地址（本设备）', localId: '本端标识',
      remoteId: '对端标识', auth: '认证方式', ikeVersion: 'IKE 版本', ikeProposal: 'IKE 安全提议',
      ikeLifetime: 'IKE SA 生存周期', espProposal: 'ESP 安全提议', pfs: 'PFS 组', espLifetime: 'IPsec SA 生存周期',
      localSubnets: '本端网段', remoteSubnets: '对端网段', children: '每个网段对一个 SA', dpd: '对等体存活检测（DPD）',
      natt: 'NAT 穿越', initiation: '协商发起',
    },
    idTypes: { ipv4: 'IP 地址', ipv6: 'IPv6 地址', fqdn: 'FQDN', 'user-fqdn': 'user-FQDN', dn: 'DN', 'key-id': 'key ID' },
    auto: '本设备自身地址（默认）', any: '任意（由 Corridor 发起）', psk: '预共享密钥',
    pskPlaceholder: '<另行告知>', cert: '证书（RSA/ECDSA 签名）', noPfs: '不启用',
    off: '关闭', dpdClear: '超时后清除（由 Corridor 重建）', dpdRestart: '超时后重新协商',
    nattOn: '开启：需放通 UDP 500 和 4500（ESP 封装在 UDP 4500 中）',
    initiates: '本设备发起并在断开后重建', respondOnly: '仅响应（由 Corridor 发起）',
    cannot: '不支持', flagsTitle: '应用前请检查', snippetTitle: '命令行片段',
  },
};
