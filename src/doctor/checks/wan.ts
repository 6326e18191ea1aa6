/**
 * WAN health findings from the stability subsystem's monitor (src/stability/wan/health.ts): a degraded
 * link (loss above 3 % over its window) is net/packet-loss, a link that is down is net/host-unreachable.
 */
import type { Lang } from '../catalog/index.js';
import type { Finding } from '../logs/index.js';
import { both, checkFinding } from './finding.js';

/** What the doctor reads of the WAN monitor (WanStatus in src/stability/wan/health.ts). */
export interface WanView {
  statuses(): Array<{ gateway: string; wanLink: string; interface: string; health: string; reason?: string; lossPercent?: number; rttMs?: number }>;
}

export function checkWan(view: WanView, lang: Lang): Finding[] {
  const out: Finding[] = [];
  for (const s of view.statuses()) {
    const where = `${s.gateway}/${s.wanLink} (${s.interface})`;
    const ev = { file: 'wan', line: 0, text: `${where}: ${s.health}${s.reason ? `, ${s.reason}` : ''}${s.rttMs !== undefined ? `, rtt ${s.rttMs} ms` : ''}` };
    if (s.health === 'degraded') {
      out.push(checkFinding('net/packet-loss', lang, [ev], { detail: both(`WAN link ${where} loses ${s.lossPercent ?? '?'}% of its probes.`, `WAN 线路 ${where} 的探测丢包率为 ${s.lossPercent ?? '?'}%。`) }));
    } else if (s.health === 'down') {
      out.push(checkFinding('net/host-unreachable', lang, [ev], { detail: both(`WAN link ${where} is down: ${s.reason ?? 'no answer'}.`, `WAN 线路 ${where} 已中断：${s.reason ?? '无应答'}。`) }));
    }
  }
  return out;
}
