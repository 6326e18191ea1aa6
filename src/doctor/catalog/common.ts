import type { Pair } from './types.js';

/*
 * Fix steps shared by several families. Kept in one place so that when a console page or CLI
 * command is renamed, every entry that points to it changes together.
 */
export const A = {
  doctorConn: [
    'Run `corridor doctor connection NAME` to compare both ends\' settings field by field before changing anything.',
    '先运行 `corridor doctor connection NAME`，逐项比对两端配置，再动手修改。',
  ],
  ikeProposals: [
    'Open Site connections → the connection → IKE and make `ike.proposals` (e.g. aes256-sha256-modp2048) contain at least one proposal the peer also has: same encryption, integrity/PRF and DH group; on the peer compare its IKE/phase-1 policy.',
    '打开“站点连接 → 该连接 → IKE”，让 `ike.proposals`（如 aes256-sha256-modp2048）至少有一组与对端相同：加密、完整性/PRF、DH 组都要一致；对端请核对其 IKE（第一阶段）策略。',
  ],
  espProposals: [
    'Open Site connections → the connection → ESP and align `esp.proposals` with the peer\'s IPsec/phase-2 policy; a DH group in it (e.g. aes256gcm16-modp2048) means PFS, so either both ends use the same PFS group or neither does.',
    '打开“站点连接 → 该连接 → ESP”，使 `esp.proposals` 与对端 IPsec（第二阶段）策略一致；其中带 DH 组（如 aes256gcm16-modp2048）即表示启用 PFS，两端要么使用相同的 PFS 组，要么都不启用。',
  ],
  subnets: [
    'Open Site connections → the connection → Subnets: `localSubnets` here must equal the peer\'s remote (destination) networks and `remoteSubnets` its local (source) networks, written as real address/prefix, not object-group names.',
    '打开“站点连接 → 该连接 → 子网”：本端 `localSubnets` 必须等于对端的远端（目的）网段，`remoteSubnets` 必须等于对端的本端（源）网段，使用真实的地址/掩码，不要用地址组名称。',
  ],
  psk: [
    'Set the same pre-shared key on both ends: `corridor site reset-psk NAME` (or Site connections → the connection → Identities & auth → `psk`), then enter exactly that key on the peer; a changed key takes effect at the next IKE negotiation.',
    '两端设置相同的预共享密钥：运行 `corridor site reset-psk NAME`（或在“站点连接 → 该连接 → 标识与认证”修改 `psk`），再在对端填入完全相同的密钥；新密钥在下一次 IKE 协商时生效。',
  ],
  ids: [
    'Open Site connections → the connection → Identities & auth: `localId` must equal the peer\'s configured remote ID and `remoteId` the peer\'s local ID (same type: IP address, FQDN or DN).',
    '打开“站点连接 → 该连接 → 标识与认证”：`localId` 必须等于对端配置的对端 ID，`remoteId` 必须等于对端的本端 ID（类型也要一致：IP 地址、FQDN 或 DN）。',
  ],
  peerAddr: [
    'Check `peer.addresses` of the connection (`corridor site show NAME`) against the peer\'s real public address, and the peer\'s configured remote gateway against this gateway\'s public address (they must mirror each other).',
    '用 `corridor site show NAME` 核对该连接的 `peer.addresses` 是否为对端真实公网地址，并核对对端配置的远端网关是否为本网关的公网地址（两端应互为镜像）。',
  ],
  firewallVpnPort: [
    'Allow the VPN\'s port between the two ends on every firewall, security group and ACL in the path, on both sides: UDP 500 and 4500 (and ESP, IP protocol 50, without NAT-T) for IPsec; the server\'s port (UDP or TCP 1194 by default) for OpenVPN; the ListenPort (UDP 51820 by default) for WireGuard; TCP 1723 and GRE (IP protocol 47) for PPTP.',
    '在路径上的所有防火墙、安全组和 ACL（两端都要）放通两端之间的 VPN 端口：IPsec 为 UDP 500、4500（未使用 NAT 穿越时还有 ESP，即 IP 协议 50）；OpenVPN 为服务器端口（默认 UDP 或 TCP 1194）；WireGuard 为 ListenPort（默认 UDP 51820）；PPTP 为 TCP 1723 和 GRE（IP 协议 47）。',
  ],
  firewallIke: [
    'Allow UDP 500 and 4500 (and ESP, IP protocol 50, if NAT-T is not used) between the two public addresses on every firewall, security group and ACL in the path, on both sides.',
    '在路径上的所有防火墙、安全组和 ACL（两端都要）放通两个公网地址之间的 UDP 500、4500（未使用 NAT 穿越时还要放通 ESP，即 IP 协议 50）。',
  ],
  dpd: [
    'Open Site connections → the connection → Dead peer detection: keep `dpd.delay` short (e.g. 10s) and set `dpd.action` to `restart` on one end and `clear` on the other so the tunnel is rebuilt without duplicates.',
    '打开“站点连接 → 该连接 → 对端存活检测”：`dpd.delay` 保持较短（如 10s），一端 `dpd.action` 设为 `restart`、另一端设为 `clear`，断线后可自动重建且不会产生重复隧道。',
  ],
  events: [
    'Look at Events (console) or `corridor status` for the time the tunnel went down, then run `corridor doctor logs` on both ends\' logs of that time.',
    '在控制台“事件”页面或用 `corridor status` 找到隧道断开的时间，再对两端同一时段的日志运行 `corridor doctor logs`。',
  ],
  initiate: [
    'After fixing, bring the tunnel up with `corridor site initiate NAME` and confirm with `corridor status`.',
    '修改后运行 `corridor site initiate NAME` 重新建立隧道，并用 `corridor status` 确认。',
  ],
  peerVendor: [
    'This reason is reported by the peer device (e.g. a Huawei or other vendor gateway); check that device\'s own logs and its limits or settings named in the meaning.',
    '该原因由对端设备（如华为或其他厂商网关）上报；请查看对端设备自身的日志及含义中提到的规格或配置。',
  ],
  ovpnProfile: [
    'Download a fresh profile with `corridor user profile NAME` (or Users → the user → profile) and import it in the client; it carries the right address, `proto`, `port`, CA, certificate and key inline.',
    '用 `corridor user profile NAME`（或在“用户 → 该用户”页面）重新下载客户端配置并导入客户端；新配置已内嵌正确的地址、`proto`、`port`、CA、证书和私钥。',
  ],
  serverShow: [
    'Check the server with `corridor server show NAME` (Remote access → the server): `proto` and `port` must match the `proto` and `remote` lines of the client profile.',
    '用 `corridor server show NAME`（或“远程接入 → 该服务器”）检查服务器：`proto`、`port` 必须与客户端配置中的 `proto`、`remote` 行一致。',
  ],
  pkiInspect: [
    'Inspect the certificate with `corridor pki inspect FILE` (validity, EKU, issuer, key match) or on the PKI page.',
    '用 `corridor pki inspect FILE`（或控制台“证书（PKI）”页面）检查证书：有效期、扩展密钥用法、签发者、私钥是否匹配。',
  ],
  reissue: [
    'Issue a new certificate from Corridor\'s CA with `corridor pki issue` (PKI page → Issue) and install it; for remote-access users download a new profile with `corridor user profile NAME`.',
    '用 `corridor pki issue`（证书（PKI） → 签发证书）从 Corridor 的 CA 重新签发证书并部署；远程接入用户用 `corridor user profile NAME` 重新下载配置。',
  ],
  hostDoctor: [
    'Run `corridor doctor` on the gateway: it checks engines, ip_forward, NAT, listening ports and the clock, and prints the fix for each.',
    '在网关上运行 `corridor doctor`：它会检查引擎、ip_forward、NAT、监听端口和时钟，并给出每一项的修复方法。',
  ],
  userShow: [
    'Check the user with `corridor user show NAME` (Users page): `disabled`, lockout state, `password`, `totp` and `groups`.',
    '用 `corridor user show NAME`（“用户”页面）检查该用户：`disabled`、锁定状态、`password`、`totp` 以及 `groups`。',
  ],
  isp: [
    'Measure the path with `corridor doctor connection NAME` (loss and latency to the peer and to a public address); if the public path itself is bad, contact the ISP.',
    '用 `corridor doctor connection NAME` 测量路径（到对端及到公网地址的丢包与时延）；若公网链路本身质量差，请联系运营商。',
  ],
  pptpMigrate: [
    'PPTP is broken by design; move these users to OpenVPN or WireGuard: create them under Users and send each a profile (`corridor user profile NAME`).',
    'PPTP 在设计上就不安全；请把这些用户迁移到 OpenVPN 或 WireGuard：在“用户”页面创建用户并向每人发送配置（`corridor user profile NAME`）。',
  ],
} satisfies Record<string, Pair>;
