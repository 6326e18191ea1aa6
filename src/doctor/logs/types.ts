import type { AuthMethod, Lang, Severity } from '../catalog/types.js';

export type { Lang, Severity };

/** Engines whose logs the doctor reads. `generic` rules apply to every file. */
export type Engine = 'strongswan' | 'openvpn' | 'wireguard' | 'pppd' | 'windows' | 'generic';

/** Which end of a tunnel logs the line (documentation and correlation; not a filter). */
export type End = 'initiator' | 'responder' | 'client' | 'server' | 'any';

export interface Candidate {
  code: string;
  confidence: number;
}

/**
 * A signature rule: data, not code. A line is only tested against `re` when it contains one of
 * `needles` (plain substrings that every match of `re` contains), so that most lines of a large log
 * cost one combined literal search and nothing else.
 */
export interface Signature {
  id: string;
  engine: Engine;
  end: End;
  needles: readonly string[];
  re: RegExp;
  /** Ranked candidate codes this line points to. */
  hits?: readonly Candidate[];
  /** Candidates chosen by a context value set by earlier lines of the same file. */
  byContext?: { key: string; cases: Readonly<Record<string, readonly Candidate[]>>; otherwise: readonly Candidate[] };
  /** Code built from capture group 1 (e.g. `rras/$1`); `fallback` when the catalog lacks it. */
  codeFromMatch?: { template: string; fallback: string; confidence: number };
  /**
   * Faults that explain each other share a group. A `decisive` line (the end that knows why)
   * settles its group: the other end's vaguer candidates in the group are demoted.
   */
  group?: string;
  decisive?: boolean;
  /** Repeated lines strengthen a weak signal (e.g. one handshake retry is normal, twenty are not). */
  repeat?: { step: number; max: number };
  /**
   * Remember something about the file for later lines (capture group `fromGroup`, else `value`), unless the
   * key already holds one of the `keep` values (a later, vaguer line must not erase what an earlier one established).
   */
  sets?: { key: string; value?: string; fromGroup?: number; keep?: readonly string[] };
  /** A success line: earlier findings with these codes (or `family/*`) are healed. */
  heals?: readonly string[];
  /** Stop testing further signatures on this line once this one matched (more specific first). */
  final?: boolean;
}

export interface Evidence {
  file: string;
  line: number;
  text: string;
}

/** Exactly the shape of DESIGN.md "The doctor's contract". */
export interface Finding {
  code: string;
  title: string;
  severity: Severity;
  confidence: number;
  evidence: Evidence[];
  causes: string[];
  actions: string[];
}

export interface Report {
  findings: Finding[];
}

export type LogInput = { name: string; stream: NodeJS.ReadableStream } | { path: string };

export interface DiagnoseOptions {
  lang: Lang;
  /** Evidence lines kept per finding (default 5); memory stays bounded whatever the log size. */
  maxEvidence?: number;
  /**
   * How the connection behind these logs authenticates, when it is known (one site's own log): faults
   * and causes of the other method are ruled out, and the candidates a line named beside them share
   * their weight (a PSK site's AUTHENTICATION_FAILED cannot be an untrusted certificate).
   */
  auth?: AuthMethod;
}
