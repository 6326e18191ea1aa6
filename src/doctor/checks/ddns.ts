/**
 * DDNS findings from the publisher's last results (src/stability/ddns): a provider that failed its last
 * update (net/ddns-publish-failed), and a name whose check answered an old address (net/ddns-stale).
 * A link left with no provider holding its address is an error: peers dialling it by name cannot find it.
 */
import type { Lang } from '../catalog/index.js';
import type { Finding } from '../logs/index.js';
import { both, checkFinding } from './finding.js';

/** What the doctor reads of the publisher (ProviderStatus / LinkStatus in src/stability/ddns/publisher.ts). */
export interface DdnsView {
  statuses(): Array<{ name: string; gateway: string; wanLink: string; hostname: string; state: string; address?: string; lastError?: { code: string; message: string }; failures: number }>;
  linkStatuses(): Array<{ gateway: string; wanLink: string; address?: string; publishedBy: number; providers: number }>;
}

export function checkDdns(view: DdnsView, lang: Lang): Finding[] {
  const out: Finding[] = [];
  const links = view.linkStatuses();
  for (const s of view.statuses()) {
    const ev = { file: 'ddns', line: 0, text: `${s.name} (${s.hostname}, ${s.gateway}/${s.wanLink}): ${s.state}${s.lastError ? ` ${s.lastError.code}: ${s.lastError.message}` : ''}` };
    if (s.state === 'failed') {
      const link = links.find((l) => l.gateway === s.gateway && l.wanLink === s.wanLink);
      const stranded = link !== undefined && link.publishedBy === 0;
      out.push(checkFinding('net/ddns-publish-failed', lang, [ev], {
        detail: both(`${s.name} failed ${s.failures} time(s) in a row: ${s.lastError?.code ?? 'error'}.`, `${s.name} 已连续失败 ${s.failures} 次：${s.lastError?.code ?? 'error'}。`),
        ...(stranded ? { severity: 'error' as const } : {}),
      }));
    } else if (s.state === 'stale') {
      out.push(checkFinding('net/ddns-stale', lang, [ev], {
        detail: both(`${s.hostname} does not answer ${s.address ?? 'the link address'} although ${s.name} accepted it.`, `${s.name} 已接受更新，但 ${s.hostname} 仍未解析为 ${s.address ?? '线路地址'}。`),
      }));
    }
  }
  // errors first: findings of one code merge into the first one's severity
  return out.sort((a, b) => (a.severity === 'error' ? 0 : 1) - (b.severity === 'error' ? 0 : 1));
}
