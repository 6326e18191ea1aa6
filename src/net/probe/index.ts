export { parsePingOutput, ping, pingArgv } from './ping.js';
export type { PingOptions, PingStats } from './ping.js';
export { pathMtu } from './mtu.js';
export type { PathMtuOptions, PathMtuResult } from './mtu.js';
export { ikeSaInitShaped, openvpnHardResetShaped, tcpProbe, udpProbe } from './port.js';
export type { PortProbeOptions, TcpProbeResult, TcpState, UdpProbeOptions, UdpProbeResult, UdpState } from './port.js';
