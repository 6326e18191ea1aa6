import type { Lang, Report, Severity } from './types.js';

const SEVERITY: Record<Lang, Record<Severity, string>> = {
  en: { error: 'ERROR', warning: 'WARNING', info: 'INFO' },
  'zh-CN': { error: '错误', warning: '警告', info: '提示' },
};

const LABELS = {
  en: { none: 'No problems found in the logs.', found: (n: number) => `${n} finding${n === 1 ? '' : 's'}, most likely first`, confidence: 'confidence', evidence: 'Evidence', causes: 'Likely causes', actions: 'How to fix' },
  'zh-CN': { none: '日志中未发现问题。', found: (n: number) => `共 ${n} 项诊断结果（按可能性从高到低）`, confidence: '置信度', evidence: '证据', causes: '可能原因', actions: '处理步骤' },
} as const;

/** Human-readable report: one block per finding, evidence quoted with aligned file:line columns. */
export function formatReport(report: Report, lang: Lang): string {
  const L = LABELS[lang];
  if (report.findings.length === 0) return `${L.none}\n`;
  const out: string[] = [L.found(report.findings.length), ''];
  const sev = SEVERITY[lang];
  const sevWidth = Math.max(...report.findings.map((f) => sev[f.severity].length));
  report.findings.forEach((f, i) => {
    const n = `${i + 1}.`;
    const pad = ' '.repeat(n.length + 1);
    out.push(`${n} [${sev[f.severity].padEnd(sevWidth)}] ${f.code}  ${f.title}  (${L.confidence} ${f.confidence.toFixed(2)})`);
    if (f.evidence.length > 0) {
      out.push(`${pad}${L.evidence}:`);
      const locs = f.evidence.map((e) => `${e.file}:${e.line}`);
      const w = Math.max(...locs.map((l) => l.length));
      f.evidence.forEach((e, k) => out.push(`${pad}  ${(locs[k] ?? '').padEnd(w)} │ ${e.text}`));
    }
    out.push(`${pad}${L.causes}:`);
    f.causes.forEach((c, k) => out.push(`${pad}  ${k + 1}) ${c}`));
    out.push(`${pad}${L.actions}:`);
    f.actions.forEach((a) => out.push(`${pad}  - ${a}`));
    out.push('');
  });
  return out.join('\n');
}
