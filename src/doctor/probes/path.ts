/**
 * Path probes judged: the numbers come from net/probe (ping, UDP, path MTU); what counts as a fault is
 * the seeds' rule (loss above 3 %) and the catalog's (latency above 200 ms).
 */
import { nthAddress } from '../../core/ip.js';
import { pathMtu, ping, udpProbe } from '../../net/index.js';
import type { PathMtuResult, PingStats, UdpProbeResult } from '../../net/index.js';
import type { Lang } from '../catalog/index.js';
import type { Finding } from '../logs/index.js';
import { both, checkFinding } from '../checks/finding.js';

export const LOSS_PERCENT_LIMIT = 3;
export const LATENCY_MS_LIMIT = 200;

const probeFile = (namespace: string | undefined) => (namespace ? `probe (netns ${namespace})` : 'probe');

export function judgePing(s: PingStats, lang: Lang, namespace?: string): Finding[] {
  const file = probeFile(namespace);
  const summary = `ping ${s.target}: ${s.transmitted} sent, ${s.received} received, ${s.lossPercent}% loss${s.rtt ? `, rtt avg ${s.rtt.avg} ms` : ''}${s.failure ? `, ${s.failure}` : ''}`;
  if (s.received === 0) {
    return [checkFinding('net/host-unreachable', lang, [{ file, line: 0, text: summary }], {
      confidence: 0.6,
      detail: both(`No echo reply from ${s.target} (ICMP may also be filtered on the way).`, `${s.target} 没有回应 ping（途中也可能过滤了 ICMP）。`),
    })];
  }
  const out: Finding[] = [];
  if (s.lossPercent > LOSS_PERCENT_LIMIT) out.push(checkFinding('net/packet-loss', lang, [{ file, line: 0, text: summary }]));
  if (s.rtt && s.rtt.avg > LATENCY_MS_LIMIT) out.push(checkFinding('net/high-latency', lang, [{ file, line: 0, text: summary }]));
  return out;
}

/** Only a refusal is a finding: silence from UDP 500/4500 is normal for a peer that ignores probes. */
export function judgeUdp(r: UdpProbeResult, lang: Lang, namespace?: string): Finding[] {
  if (r.state !== 'closed') return [];
  return [checkFinding('net/port-unreachable', lang, [{ file: probeFile(namespace), line: 0, text: `UDP ${r.host}:${r.port}: ICMP port unreachable${r.error ? ` (${r.error})` : ''}` }])];
}

export function judgeTunnelMtu(r: PathMtuResult, expected: number, lang: Lang, namespace?: string): Finding[] {
  if (r.mtu === undefined || r.mtu >= expected) return [];
  const trace = r.trace.map((t) => `${t.packet}${t.ok ? '✓' : '✗'}`).join(' ');
  return [checkFinding('net/mtu-blackhole', lang, [{ file: probeFile(namespace), line: 0, text: `path MTU to ${r.target} through the tunnel: ${r.mtu} (tried ${trace})` }], {
    detail: both(`Packets above ${r.mtu} bytes do not cross the tunnel; ${expected} was expected.`, `超过 ${r.mtu} 字节的包无法通过隧道；预期为 ${expected}。`),
  })];
}

export interface PeerProbeOptions {
  namespace?: string | undefined;
  /** echo requests (bounded: at most 20) */
  count?: number;
}

/** Loss and RTT to the peer, and IKE's UDP ports, from the gateway's namespace. */
export async function probePeer(address: string, lang: Lang, o: PeerProbeOptions = {}): Promise<Finding[]> {
  const count = Math.min(o.count ?? 10, 20);
  const [stats, ...udp] = await Promise.all([
    ping(address, { namespace: o.namespace, count, intervalMs: 200, timeoutS: 1 }),
    udpProbe(address, 500, { namespace: o.namespace, payload: 'ike' }),
    udpProbe(address, 4500, { namespace: o.namespace, payload: 'ike' }),
  ]);
  return [...judgePing(stats, lang, o.namespace), ...udp.flatMap((r) => judgeUdp(r, lang, o.namespace))];
}

/** Path MTU through an established tunnel, toward the first host of the remote subnet, with DF set. */
export async function probeTunnelMtu(remoteSubnet: string, expected: number, lang: Lang, o: PeerProbeOptions = {}): Promise<Finding[]> {
  const target = nthAddress(remoteSubnet, 1);
  return judgeTunnelMtu(await pathMtu(target, { namespace: o.namespace, max: 1500 }), expected, lang, o.namespace);
}
