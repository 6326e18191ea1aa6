/**
 * Whether two proposal lists share a proposal, the way charon selects one: some proposal of each side
 * with a common encryption algorithm, integrity (classic ciphers), PRF (IKE; derived from integrity when
 * not given) and DH group. `default` is expanded to strongSwan 5.9's default proposals.
 */
import { isAead, parseProposal } from '../../../core/proposals.js';
import type { ParsedProposal, ProposalKind } from '../../../core/proposals.js';

const DEFAULTS: Record<ProposalKind, string[]> = {
  ike: [
    'aes128-aes192-aes256-sha256-sha384-sha512-prfsha256-prfsha384-prfsha512-ecp256-ecp384-ecp521-curve25519-curve448-modp3072-modp4096-modp6144-modp8192-modp2048',
    'aes128gcm16-aes192gcm16-aes256gcm16-chacha20poly1305-prfsha256-prfsha384-prfsha512-ecp256-ecp384-ecp521-curve25519-curve448-modp3072-modp4096-modp6144-modp8192-modp2048',
  ],
  esp: ['aes128gcm16-aes256gcm16-chacha20poly1305', 'aes128-aes192-aes256-sha256-sha384-sha512'],
};

export interface ProposalSet {
  parsed: ParsedProposal[];
  /** entries that are not strongSwan proposals (a vendor's wording); compared as given */
  unknown: string[];
}

export function proposalSet(list: readonly string[], kind: ProposalKind): ProposalSet {
  const parsed: ParsedProposal[] = [];
  const unknown: string[] = [];
  for (const text of list.flatMap((p) => (p === 'default' ? DEFAULTS[kind] : [p]))) {
    const r = parseProposal(text, kind);
    if (typeof r === 'string') unknown.push(text);
    else parsed.push(r);
  }
  return { parsed, unknown };
}

const meet = (a: readonly string[], b: readonly string[]) => a.some((x) => b.includes(x));
const prfOf = (p: ParsedProposal) => (p.prf.length ? p.prf : p.integrity.map((i) => `prf${i.replace(/_\d+$/, '')}`));

export interface MatchOptions {
  /** compare DH groups (IKE) or PFS groups (ESP) too */
  dh: boolean;
}

function pairMatches(a: ParsedProposal, b: ParsedProposal, kind: ProposalKind, o: MatchOptions): boolean {
  if (!meet(a.encryption, b.encryption)) return false;
  const aead = a.encryption.every(isAead) && b.encryption.every(isAead);
  if (!aead && !meet(a.integrity, b.integrity)) return false;
  if (kind === 'ike' && !meet(prfOf(a), prfOf(b))) return false;
  if (!o.dh) return true;
  // ESP without a group on both sides is "no PFS" on both: a match
  if (kind === 'esp' && a.dh.length === 0 && b.dh.length === 0) return true;
  return meet(a.dh, b.dh);
}

export function proposalsMatch(a: ProposalSet, b: ProposalSet, kind: ProposalKind, o: MatchOptions): boolean {
  if (a.parsed.some((x) => b.parsed.some((y) => pairMatches(x, y, kind, o)))) return true;
  return a.unknown.some((x) => b.unknown.includes(x));
}

export function dhGroups(s: ProposalSet): string[] {
  return [...new Set(s.parsed.flatMap((p) => p.dh))];
}

/** ESP: whether every proposal asks for PFS, none does, or some do. */
export function pfsOf(s: ProposalSet): 'all' | 'none' | 'some' {
  const n = s.parsed.filter((p) => p.dh.length > 0).length;
  return n === 0 ? 'none' : n === s.parsed.length ? 'all' : 'some';
}
