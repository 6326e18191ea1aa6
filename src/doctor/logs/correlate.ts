import { getEntry, type AuthMethod } from '../catalog/index.js';
import type { FileScan } from './scan.js';
import { fileConfidence } from './scan.js';
import type { Evidence, Finding, Lang, Severity } from './types.js';

/*
 * Turning per-file observations into ranked findings.
 *
 * - The same code seen in several files (both ends of one tunnel) is independent evidence:
 *   confidences combine as 1 − Π(1 − cᵢ).
 * - Within a group of faults that explain each other (`auth`, `proposal`, `ts`, …), a decisive line
 *   (the end that knows why, e.g. the responder's "MAC mismatched") settles it: the candidates that
 *   only came from the other end's vague line (AUTHENTICATION_FAILED) are demoted, and that vague
 *   line is added as corroborating evidence to the decisive finding.
 *   An alternative candidate named by the decisive line itself keeps only that line's confidence.
 * - A consequence (the peer deleting the SA) is demoted when a real cause is found next to it: the
 *   DELETE is what the peer does after the failure, not a second fault.
 * - A fault followed by a success in the same file (healed) is kept only as low-confidence info.
 */
/** consequence → the causes that explain it ('*': any finding at CAUSE_FLOOR or above). */
const EXPLAINED_BY: Record<string, readonly string[]> = {
  'ike/peer-request': ['*'],
  // strongSwan rejects a revoked or expired certificate and then finds no trusted key for the peer.
  'ike/cert-untrusted': ['ike/cert-revoked', 'ike/cert-expired'],
  // A host that cannot run PPP (no ppp_generic, no /dev/ppp) never answers LCP: the timeouts the other end logs
  // are its consequence, however many files repeat them.
  'pppd/lcp-timeout': ['host/engine-missing'],
  'pppd/gre-blocked': ['host/engine-missing'],
};
const CAUSE_FLOOR = 0.6;
const DEMOTE = 0.3;
const CORROBORATION = 0.02;
const MAX_CONFIDENCE = 0.99;
const HEALED_FACTOR = 0.2;
const HEALED_CAP = 0.2;

interface Merged {
  code: string;
  active: number[];
  healed: number[];
  groups: Set<string>;
  decisive: boolean;
  strong: number[];
  evidenceByFile: Evidence[][];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** `auth`: the connection's authentication method when known; causes of the other method are not listed. */
export function correlate(scans: readonly FileScan[], lang: Lang, maxEvidence: number, auth?: AuthMethod): Finding[] {
  const merged = new Map<string, Merged>();
  for (const scan of scans) {
    for (const st of scan.codes.values()) {
      let m = merged.get(st.code);
      if (!m) {
        m = { code: st.code, active: [], healed: [], groups: new Set(), decisive: false, strong: [], evidenceByFile: [] };
        merged.set(st.code, m);
      }
      (st.open.size > 0 ? m.active : m.healed).push(fileConfidence(st));
      for (const g of st.groups) m.groups.add(g);
      if (st.decisive && st.open.size > 0) m.decisive = true;
      if (st.strong > 0 && st.open.size > 0) m.strong.push(st.strong);
      m.evidenceByFile.push(st.evidence);
    }
  }

  const combine = (cs: number[]) => Math.min(MAX_CONFIDENCE, 1 - cs.reduce((p, c) => p * (1 - c), 1));
  const confidence = new Map<string, number>();
  for (const m of merged.values()) {
    if (m.active.length > 0) confidence.set(m.code, combine(m.active));
  }

  const extraEvidence = new Map<string, Evidence[]>();
  const groups = new Set([...merged.values()].flatMap((m) => [...m.groups]));
  for (const g of groups) {
    const members = [...merged.values()].filter((m) => m.groups.has(g) && confidence.has(m.code));
    const decisive = members.filter((m) => m.decisive);
    if (decisive.length === 0) continue;
    const vague = members.filter((m) => !m.decisive);
    const vagueLines = vague.flatMap((m) => m.evidenceByFile.flat());
    for (const v of vague) {
      confidence.set(v.code, v.strong.length > 0 ? combine(v.strong) : (confidence.get(v.code) ?? 0) * DEMOTE);
    }
    if (vagueLines.length === 0) continue;
    for (const d of decisive) {
      const own = new Set(d.evidenceByFile.flat().map((e) => e.file));
      const other = vagueLines.filter((e) => !own.has(e.file));
      if (other.length === 0) continue;
      confidence.set(d.code, Math.min(MAX_CONFIDENCE, (confidence.get(d.code) ?? 0) + CORROBORATION));
      extraEvidence.set(d.code, [...(extraEvidence.get(d.code) ?? []), ...other]);
    }
  }

  for (const [code, causes] of Object.entries(EXPLAINED_BY)) {
    const c = confidence.get(code);
    if (c === undefined) continue;
    const explained = [...confidence].some(([other, oc]) =>
      other !== code && oc >= CAUSE_FLOOR && !(other in EXPLAINED_BY && causes.includes('*')) && (causes.includes('*') || causes.includes(other)));
    if (explained) confidence.set(code, c * DEMOTE);
  }

  const findings: Finding[] = [];
  for (const m of merged.values()) {
    const entry = getEntry(m.code, lang, auth ? { auth } : {});
    if (!entry) continue;
    const isActive = confidence.has(m.code);
    const conf = isActive
      ? (confidence.get(m.code) ?? 0)
      : Math.min(HEALED_CAP, Math.max(...m.healed) * HEALED_FACTOR);
    const evidence = interleave([...m.evidenceByFile, extraEvidence.get(m.code) ?? []], maxEvidence);
    findings.push({
      code: entry.code,
      title: entry.title,
      severity: isActive ? entry.severity : 'info',
      confidence: Math.round(conf * 100) / 100,
      evidence,
      causes: entry.causes,
      actions: entry.actions,
    });
  }
  findings.sort((a, b) =>
    b.confidence - a.confidence || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.code.localeCompare(b.code));
  return findings;
}

/** Take evidence round-robin from each file so that both ends of a tunnel are quoted. */
function interleave(lists: readonly Evidence[][], max: number): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < max; i++) {
    let any = false;
    for (const l of lists) {
      const e = l[i];
      if (!e) continue;
      any = true;
      const key = `${e.file}\0${e.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(e);
      if (out.length >= max) break;
    }
    if (!any) break;
  }
  return out.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
