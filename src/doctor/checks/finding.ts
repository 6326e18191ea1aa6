/**
 * Findings of the checks in the contract's shape (DESIGN.md, "The doctor's contract"): title, causes
 * and actions come from the catalog in the requested language. What a check observed goes first among
 * the causes (it is the most likely one, by construction), then the catalog's ranked causes.
 */
import { getEntry } from '../catalog/index.js';
import type { Lang, Severity, Text } from '../catalog/index.js';
import type { Evidence, Finding } from '../logs/index.js';

export interface FindingOptions {
  /** what was observed, in both languages; shown as the first cause */
  detail?: Text;
  confidence?: number;
  /** overrides the catalog's severity (e.g. info where the catalog says warning) */
  severity?: Severity;
}

export function checkFinding(code: string, lang: Lang, evidence: Evidence[], opts: FindingOptions = {}): Finding {
  const e = getEntry(code, lang);
  if (!e) throw new Error(`doctor check uses ${code}, which the catalog lacks`);
  return {
    code: e.code,
    title: e.title,
    severity: opts.severity ?? e.severity,
    confidence: opts.confidence ?? 0.9,
    evidence,
    causes: [...(opts.detail ? [opts.detail[lang]] : []), ...e.causes],
    actions: e.actions,
  };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Best first: errors before warnings before information, then by confidence. */
export function rankFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.confidence - a.confidence);
}

/** Bilingual text with the same values in both sentences. */
export function both(en: string, zh: string): Text {
  return { en, 'zh-CN': zh };
}

/** One finding per code: evidence joined (bounded), the higher confidence kept; then ranked. */
export function mergeFindings(lists: Finding[][], maxEvidence = 8): Finding[] {
  const byCode = new Map<string, Finding>();
  for (const f of lists.flat()) {
    const seen = byCode.get(f.code);
    if (!seen) {
      byCode.set(f.code, { ...f, evidence: f.evidence.slice(0, maxEvidence), causes: [...f.causes] });
      continue;
    }
    seen.confidence = Math.max(seen.confidence, f.confidence);
    seen.evidence = [...seen.evidence, ...f.evidence].slice(0, maxEvidence);
    for (const c of f.causes) if (!seen.causes.includes(c)) seen.causes.unshift(c);
  }
  return rankFindings([...byCode.values()]);
}
