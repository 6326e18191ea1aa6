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
  dpdClear: string; dpdRestart: string; dpdAnswered: string; nattOn: string; initiates: string; respondOnly: string;
  cannot: string; flagsTitle: string; snippetTitle: string; notesTitle: string;
  /** count of SAs and the word for one, for the row listing them as negotiated */
  sas: (n: number) => string;
  worksheetTitle: string;
  worksheetHeader: [string, string, string, string];
  /** where a parameter goes on a peer without a CLI snippet: IKE terms */
  whereGeneric: Record<SheetKey, string>;
  /** where it goes in Huawei Cloud's VPN console */
  whereHuaweiCloud: Partial<Record<SheetKey, string>>;
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
      localSubnets: 'Local subnets', remoteSubnets: 'Remote subnets', children: 'SAs (as Corridor negotiates them)', dpd: 'Dead peer detection',
      natt: 'NAT traversal', initiation: 'Initiation',
    },
    idTypes: { ipv4: 'IP address', ipv6: 'IPv6 address', fqdn: 'FQDN', 'user-fqdn': 'user-FQDN', dn: 'distinguished name', 'key-id': 'key ID' },
    auto: 'the device\'s own address (default)', any: 'any (Corridor dials in)', psk: 'pre-shared key',
    pskPlaceholder: '<given to you separately>', cert: 'certificate (RSA/ECDSA signature)', noPfs: 'none',
    off: 'off', dpdClear: 'on timeout: clear (Corridor re-establishes)', dpdRestart: 'on timeout: restart',
    dpdAnswered: 'always on: Corridor\'s probes are answered (no setting)',
    nattOn: 'enabled: UDP 500 and 4500 must be open (ESP travels in UDP 4500)',
    initiates: 'this device initiates and restarts', respondOnly: 'respond only (Corridor initiates)',
    cannot: 'not supported', flagsTitle: 'Check before applying', snippetTitle: 'CLI snippet', notesTitle: 'Notes for this vendor',
    sas: (n) => (n === 1 ? '1 SA' : `${n} SAs, one per line`),
    worksheetTitle: 'Huawei Cloud console, field by field', worksheetHeader: ['#', 'Page', 'Field', 'Value'],
    whereGeneric: {
      remoteGateway: 'remote gateway / peer address', localAddress: 'local (outside) address', localId: 'local IKE identity',
      remoteId: 'remote IKE identity', auth: 'authentication', ikeVersion: 'IKE version', ikeProposal: 'phase 1 / IKE SA proposal',
      ikeLifetime: 'phase 1 lifetime', espProposal: 'phase 2 / IPsec SA proposal', pfs: 'phase 2 PFS group', espLifetime: 'phase 2 lifetime',
      localSubnets: 'local network / traffic selector', remoteSubnets: 'remote network / traffic selector', children: 'phase 2 entries',
      dpd: 'dead peer detection', natt: 'NAT traversal', initiation: 'connection initiation',
    },
    whereHuaweiCloud: {
      remoteGateway: 'Customer gateway: identifier', localAddress: 'VPN connection: VPN gateway IP', localId: 'IKE policy: local ID',
      remoteId: 'IKE policy: customer ID', auth: 'VPN connection: PSK', ikeVersion: 'IKE policy: version', ikeProposal: 'IKE policy: algorithms',
      ikeLifetime: 'IKE policy: lifetime', espProposal: 'IPsec policy: algorithms', pfs: 'IPsec policy: PFS', espLifetime: 'IPsec policy: lifetime',
      localSubnets: 'VPN connection: local subnet', remoteSubnets: 'VPN connection: customer subnet', children: 'VPN connection: policy rules (one SA each)',
      dpd: '(no setting: always answered)', natt: '(automatic)', initiation: '(automatic)',
    },
  },
  'zh-CN': {
    title: (site, peer) => `“${peer}” 的配置参数（站点连接 “${site}” 的对端）`,
    header: ['部分', '参数', '取值', '设备上的配置位置'],
    sections: { peer: '对端', identity: '身份', ike: 'IKE（第一阶段）', esp: 'IPsec（第二阶段）', traffic: '感兴趣流', liveness: '存活检测' },
    labels: {
      remoteGateway: '对端网关（Corridor）', localAddress: '本端地址（本设备）', localId: '本端标识',
      remoteId: '对端标识', auth: '认证方式', ikeVersion: 'IKE 版本', ikeProposal: 'IKE 安全提议',
      ikeLifetime: 'IKE SA 生存周期', espProposal: 'ESP 安全提议', pfs: 'PFS 组', espLifetime: 'IPsec SA 生存周期',
      localSubnets: '本端网段', remoteSubnets: '对端网段', children: 'SA（按 Corridor 的协商）', dpd: '对等体存活检测（DPD）',
      natt: 'NAT 穿越', initiation: '协商发起',
    },
    idTypes: { ipv4: 'IP 地址', ipv6: 'IPv6 地址', fqdn: 'FQDN', 'user-fqdn': 'user-FQDN', dn: 'DN', 'key-id': 'key ID' },
    auto: '本设备自身地址（默认）', any: '任意（由 Corridor 发起）', psk: '预共享密钥',
    pskPlaceholder: '<另行告知>', cert: '证书（RSA/ECDSA 签名）', noPfs: '不启用',
    off: '关闭', dpdClear: '超时后清除（由 Corridor 重建）', dpdRestart: '超时后重新协商',
    dpdAnswered: '始终开启：会应答 Corridor 的探测（无此设置）',
    nattOn: '开启：需放通 UDP 500 和 4500（ESP 封装在 UDP 4500 中）',
    initiates: '本设备发起并在断开后重建', respondOnly: '仅响应（由 Corridor 发起）',
    cannot: '不支持', flagsTitle: '应用前请检查', snippetTitle: '命令行片段', notesTitle: '该厂商注意事项',
    sas: (n) => (n === 1 ? '1 个 SA' : `${n} 个 SA，每行一个`),
    worksheetTitle: '华为云控制台逐项填写', worksheetHeader: ['#', '页面', '字段', '取值'],
    whereGeneric: {
      remoteGateway: '远端网关 / 对端地址', localAddress: '本端（公网）地址', localId: '本端 IKE 标识',
      remoteId: '对端 IKE 标识', auth: '认证方式', ikeVersion: 'IKE 版本', ikeProposal: '第一阶段 / IKE SA 提议',
      ikeLifetime: '第一阶段生存周期', espProposal: '第二阶段 / IPsec SA 提议', pfs: '第二阶段 PFS 组', espLifetime: '第二阶段生存周期',
      localSubnets: '本端网络 / 流量选择器', remoteSubnets: '对端网络 / 流量选择器', children: '第二阶段条目',
      dpd: '对等体存活检测', natt: 'NAT 穿越', initiation: '连接发起',
    },
    whereHuaweiCloud: {
      remoteGateway: '对端网关：标识', localAddress: 'VPN 连接：网关 IP', localId: 'IKE 策略：本端标识',
      remoteId: 'IKE 策略：对端标识', auth: 'VPN 连接：预共享密钥', ikeVersion: 'IKE 策略：版本', ikeProposal: 'IKE 策略：算法',
      ikeLifetime: 'IKE 策略：生命周期', espProposal: 'IPsec 策略：算法', pfs: 'IPsec 策略：PFS', espLifetime: 'IPsec 策略：生命周期',
      localSubnets: 'VPN 连接：本端子网', remoteSubnets: 'VPN 连接：对端子网', children: 'VPN 连接：策略规则（每条一个 SA）',
      dpd: '（无设置：总会应答）', natt: '（自动）', initiation: '（自动）',
    },
  },
};
