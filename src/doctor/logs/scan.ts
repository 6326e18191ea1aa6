import { StringDecoder } from 'node:string_decoder';
import { getRawEntry } from '../catalog/index.js';
import { DETECT_SAMPLE_CHARS, detectEngine } from './detect.js';
import type { Candidate, Engine, Evidence, Signature } from './types.js';

/*
 * The streaming scanner. Instead of node:readline (one string per line), chunks are decoded and
 * searched as a whole with one combined literal regex built from every signature's needles; only
 * lines that contain a needle are sliced out and tested against their signatures' regexes. Memory
 * is one chunk, a bounded carry for a partial line, and bounded per-code state — independent of
 * file size.
 */

const MAX_EVIDENCE_TEXT = 400;
const MAX_CARRY = 1 << 20;
const MAX_SCOPES = 64;

/** What one file says about one code. */
export interface CodeState {
  code: string;
  base: number;
  count: number;
  repeat: { step: number; max: number } | undefined;
  groups: Set<string>;
  /** Best confidence from decisive lines (as top or as an alternative candidate). */
  strong: number;
  /** The top candidate of a decisive line: this code is what settled its group. */
  decisive: boolean;
  evidence: Evidence[];
  /** scope ('' when the line names no connection) → line of the latest not-yet-healed fault. */
  open: Map<string, number>;
}

export interface FileScan {
  file: string;
  engine: Engine | 'unknown';
  lines: number;
  codes: Map<string, CodeState>;
}

interface Compiled {
  sigs: readonly Signature[];
  prefilter: RegExp;
  byNeedle: Map<string, number[]>;
  healers: Map<number, (code: string) => boolean>;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function healMatcher(patterns: readonly string[]): (code: string) => boolean {
  const deny = new Set(patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1)));
  const exact = new Set(patterns.filter((p) => !p.startsWith('!') && !p.endsWith('/*')));
  const families = patterns.filter((p) => p.endsWith('/*')).map((p) => p.slice(0, -1));
  return (code) => !deny.has(code) && (exact.has(code) || families.some((f) => code.startsWith(f)));
}

const cache = new WeakMap<readonly Signature[], Compiled>();

export function compile(sigs: readonly Signature[]): Compiled {
  const hit = cache.get(sigs);
  if (hit) return hit;
  const needles = [...new Set(sigs.flatMap((s) => s.needles))];
  // Longer needles first so that at one position the most specific literal wins; needles contained
  // in a matched one are added by `closure` below, and the search resumes one character later, so
  // overlapping needles are all seen.
  needles.sort((a, b) => b.length - a.length);
  const direct = new Map<string, number[]>();
  sigs.forEach((s, i) => {
    for (const n of s.needles) {
      const l = direct.get(n) ?? [];
      l.push(i);
      direct.set(n, l);
    }
  });
  const byNeedle = new Map<string, number[]>();
  for (const n of needles) {
    const set = new Set<number>();
    for (const m of needles) if (n.includes(m)) for (const i of direct.get(m) ?? []) set.add(i);
    byNeedle.set(n, [...set].sort((a, b) => a - b));
  }
  const healers = new Map<number, (code: string) => boolean>();
  sigs.forEach((s, i) => {
    if (s.heals) healers.set(i, healMatcher(s.heals));
  });
  const compiled: Compiled = { sigs, prefilter: new RegExp(needles.map(escapeRe).join('|'), 'g'), byNeedle, healers };
  cache.set(sigs, compiled);
  return compiled;
}

function scopeOf(text: string): string {
  const m = /<([^|>\s]+)\|\d+>/.exec(text);
  return m?.[1] ? own(m[1]) : '';
}

function candidatesOf(sig: Signature, m: RegExpExecArray, ctx: Map<string, string>): readonly Candidate[] {
  if (sig.codeFromMatch) {
    const n = m[1];
    const code = sig.codeFromMatch.template.replace('$1', n ?? '');
    return [{ code: getRawEntry(code) ? code : sig.codeFromMatch.fallback, confidence: sig.codeFromMatch.confidence }];
  }
  if (sig.byContext) {
    const v = ctx.get(sig.byContext.key);
    return (v !== undefined ? sig.byContext.cases[v] : undefined) ?? sig.byContext.otherwise;
  }
  return sig.hits ?? [];
}

/** Largest weight a candidate gets from taking over a ruled-out one's share: a vague line stays short of certain. */
const RULED_OUT_CAP = 0.9;

/**
 * The candidates of one line without those the configuration rules out; the others divide the line's
 * weight among themselves (c / (1 − Σ ruled out)), as if the excluded explanation had never been possible.
 */
export function withoutRuledOut(cands: readonly Candidate[], ruledOut: (code: string) => boolean): readonly Candidate[] {
  const gone = cands.filter((c) => ruledOut(c.code));
  if (gone.length === 0) return cands;
  const left = Math.max(0.1, 1 - gone.reduce((sum, c) => sum + c.confidence, 0));
  return cands.filter((c) => !ruledOut(c.code)).map((c) => ({ ...c, confidence: Math.min(RULED_OUT_CAP, c.confidence / left) }));
}

export class FileScanner {
  private readonly c: Compiled;
  private readonly ctx = new Map<string, string>();
  private readonly codes = new Map<string, CodeState>();
  private readonly maxEvidence: number;
  private engine: Engine | 'unknown' | undefined;
  private lines = 0;
  private carry = '';

  /** `ruledOut`: codes the connection's configuration excludes (certificate faults on a PSK site) */
  constructor(private readonly file: string, sigs: readonly Signature[], maxEvidence: number, private readonly ruledOut?: (code: string) => boolean) {
    this.c = compile(sigs);
    this.maxEvidence = Math.max(1, maxEvidence);
  }

  async scan(stream: NodeJS.ReadableStream): Promise<FileScan> {
    let decoder: StringDecoder | undefined;
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      let text: string;
      if (typeof chunk === 'string') text = chunk;
      else {
        // Windows tools often save logs as UTF-16LE with a BOM.
        decoder ??= new StringDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf16le' : 'utf8');
        text = decoder.write(chunk);
      }
      this.feed(text);
    }
    if (decoder) this.feed(decoder.end());
    if (this.carry.length > 0) this.block(this.carry + '\n');
    this.carry = '';
    return { file: this.file, engine: this.engine ?? 'unknown', lines: this.lines, codes: this.codes };
  }

  private feed(text: string): void {
    if (text.length === 0) return;
    let s = this.carry.length > 0 ? this.carry + text : text;
    if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    const end = s.lastIndexOf('\n');
    if (end < 0) {
      // A line longer than MAX_CARRY is cut into pieces rather than held in memory whole.
      if (s.length > MAX_CARRY) {
        this.block(s + '\n');
        this.carry = '';
      } else this.carry = s;
      return;
    }
    this.block(end === s.length - 1 ? s : s.slice(0, end + 1));
    this.carry = end === s.length - 1 ? '' : s.slice(end + 1);
  }

  /** `s` ends with '\n'. */
  private block(s: string): void {
    if (this.engine === undefined) this.engine = detectEngine(s.length > DETECT_SAMPLE_CHARS ? s.slice(0, DETECT_SAMPLE_CHARS) : s);
    const re = this.c.prefilter;
    const end = s.length;
    let countPos = 0;
    let counted = this.lines;
    let lineStart = -1;
    let lineEnd = -1;
    let found: string[] = [];
    re.lastIndex = 0;
    for (;;) {
      const m = re.exec(s);
      if (m === null || m.index >= end) break;
      const p = m.index;
      if (p > lineEnd) {
        if (lineStart >= 0) this.line(s, lineStart, lineEnd, counted, found);
        lineStart = s.lastIndexOf('\n', p - 1) + 1;
        lineEnd = s.indexOf('\n', p);
        while (countPos < lineStart) {
          const i = s.indexOf('\n', countPos);
          if (i < 0 || i >= lineStart) break;
          counted++;
          countPos = i + 1;
        }
        countPos = lineStart;
        found = [];
      }
      found.push(m[0]);
      re.lastIndex = p + 1;
    }
    if (lineStart >= 0) this.line(s, lineStart, lineEnd, counted, found);
    for (;;) {
      const i = s.indexOf('\n', countPos);
      if (i < 0) break;
      counted++;
      countPos = i + 1;
    }
    this.lines = counted;
  }

  private line(s: string, start: number, end: number, before: number, needles: string[]): void {
    let text = s.slice(start, end);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const lineNo = before + 1;
    let idx: number[];
    if (needles.length === 1) idx = this.c.byNeedle.get(needles[0] as string) ?? [];
    else {
      const set = new Set<number>();
      for (const n of needles) for (const i of this.c.byNeedle.get(n) ?? []) set.add(i);
      idx = [...set].sort((a, b) => a - b);
    }
    let scope: string | undefined;
    for (const i of idx) {
      const sig = this.c.sigs[i] as Signature;
      const m = sig.re.exec(text);
      if (m === null) continue;
      if (sig.sets && !sig.sets.keep?.includes(this.ctx.get(sig.sets.key) ?? '')) {
        this.ctx.set(sig.sets.key, own(sig.sets.fromGroup !== undefined ? (m[sig.sets.fromGroup] ?? '') : (sig.sets.value ?? '')));
      }
      const named = candidatesOf(sig, m, this.ctx);
      const cands = this.ruledOut ? withoutRuledOut(named, this.ruledOut) : named;
      if (cands.length > 0) {
        const sc = (scope ??= scopeOf(text));
        const ev = { file: this.file, line: lineNo, text: clip(text) };
        cands.forEach((cand, rank) => this.record(sig, cand, rank, ev, sc));
      }
      const healer = this.c.healers.get(i);
      if (healer) {
        scope ??= scopeOf(text);
        this.heal(healer, lineNo, scope);
      }
      if (sig.final) break;
    }
  }

  private record(sig: Signature, cand: Candidate, rank: number, ev: Evidence, scope: string): void {
    let st = this.codes.get(cand.code);
    if (!st) {
      st = { code: cand.code, base: 0, count: 0, repeat: undefined, groups: new Set(), strong: 0, decisive: false, evidence: [], open: new Map() };
      this.codes.set(cand.code, st);
    }
    st.base = Math.max(st.base, cand.confidence);
    st.count++;
    if (sig.repeat) st.repeat = sig.repeat;
    if (sig.group) st.groups.add(sig.group);
    if (sig.decisive) {
      st.strong = Math.max(st.strong, cand.confidence);
      if (rank === 0) st.decisive = true;
    }
    // Keep the first lines (where the fault started) and always the latest one.
    if (st.evidence.length < this.maxEvidence) st.evidence.push(ev);
    else st.evidence[this.maxEvidence - 1] = ev;
    st.open.delete(scope);
    st.open.set(scope, ev.line);
    if (st.open.size > MAX_SCOPES) {
      const oldest = st.open.keys().next().value;
      if (oldest !== undefined) st.open.delete(oldest);
    }
  }

  private heal(matches: (code: string) => boolean, line: number, scope: string): void {
    for (const st of this.codes.values()) {
      if (!matches(st.code)) continue;
      for (const [s, at] of st.open) {
        if (at < line && (scope === '' || s === '' || s === scope)) st.open.delete(s);
      }
    }
  }
}

function clip(text: string): string {
  const t = text.trim();
  return own(t.length > MAX_EVIDENCE_TEXT ? `${t.slice(0, MAX_EVIDENCE_TEXT)}…` : t);
}

/**
 * A copy that does not share memory with the chunk it was cut from. V8 represents substrings as
 * slices of their parent, so a kept evidence line would otherwise pin a whole 1 MB chunk.
 */
function own(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** Confidence of one code in one file: its best candidate, strengthened by repetition. */
export function fileConfidence(st: CodeState): number {
  if (!st.repeat) return st.base;
  return Math.min(Math.max(st.base, st.repeat.max), st.base + st.repeat.step * (st.count - 1));
}
