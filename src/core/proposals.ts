/**
 * strongSwan proposal keywords (https://docs.strongswan.org/docs/5.9/config/IKEv2CipherSuites.html).
 * Unknown keywords are refused here so that a typo is reported next to the field instead of as a
 * rejected load from charon.
 */
const ENCRYPTION = new Set([
  'aes128', 'aes192', 'aes256', 'aes128ctr', 'aes192ctr', 'aes256ctr', 'camellia128', 'camellia192', 'camellia256',
  '3des', 'des', 'cast128', 'blowfish128', 'blowfish192', 'blowfish256', 'null',
]);
const AEAD = new Set([
  'aes128gcm8', 'aes192gcm8', 'aes256gcm8', 'aes128gcm12', 'aes192gcm12', 'aes256gcm12',
  'aes128gcm16', 'aes192gcm16', 'aes256gcm16', 'aes128gcm', 'aes192gcm', 'aes256gcm',
  'aes128ccm8', 'aes128ccm12', 'aes128ccm16', 'aes256ccm8', 'aes256ccm12', 'aes256ccm16',
  'chacha20poly1305',
]);
const INTEGRITY = new Set(['md5', 'sha1', 'sha256', 'sha384', 'sha512', 'aesxcbc', 'aescmac', 'sha256_96', 'md5_128', 'sha1_160']);
const PRF = new Set(['prfmd5', 'prfsha1', 'prfsha256', 'prfsha384', 'prfsha512', 'prfaesxcbc', 'prfaescmac']);
export const DH_GROUPS = new Set([
  'modp768', 'modp1024', 'modp1536', 'modp2048', 'modp3072', 'modp4096', 'modp6144', 'modp8192',
  'modp1024s160', 'modp2048s224', 'modp2048s256', 'ecp192', 'ecp224', 'ecp256', 'ecp384', 'ecp521',
  'ecp224bp', 'ecp256bp', 'ecp384bp', 'ecp512bp', 'curve25519', 'x25519', 'curve448', 'x448',
]);
const ESN = new Set(['esn', 'noesn']);

export type ProposalKind = 'ike' | 'esp';

export interface ParsedProposal {
  encryption: string[];
  integrity: string[];
  prf: string[];
  dh: string[];
  esn: string[];
}

/** Returns the parsed proposal or a human-readable reason. */
export function parseProposal(text: string, kind: ProposalKind): ParsedProposal | string {
  if (text === 'default') return { encryption: [], integrity: [], prf: [], dh: [], esn: [] };
  const p: ParsedProposal = { encryption: [], integrity: [], prf: [], dh: [], esn: [] };
  const tokens = text.split('-');
  for (const t of tokens) {
    if (ENCRYPTION.has(t) || AEAD.has(t)) p.encryption.push(t);
    else if (INTEGRITY.has(t)) p.integrity.push(t);
    else if (PRF.has(t)) p.prf.push(t);
    else if (DH_GROUPS.has(t)) p.dh.push(t);
    else if (ESN.has(t) && kind === 'esp') p.esn.push(t);
    else return `unknown keyword "${t}" in proposal "${text}"`;
  }
  if (p.encryption.length === 0) return `proposal "${text}" names no encryption algorithm`;
  const aead = p.encryption.some((e) => AEAD.has(e));
  const classic = p.encryption.some((e) => !AEAD.has(e));
  if (aead && classic) return `proposal "${text}" mixes AEAD and classic ciphers; use two proposals`;
  if (classic && p.integrity.length === 0) return `proposal "${text}" needs an integrity algorithm (e.g. sha256)`;
  if (kind === 'ike' && p.dh.length === 0) return `IKE proposal "${text}" needs a DH group (e.g. modp2048 or ecp256)`;
  if (kind === 'ike' && aead && p.prf.length === 0 && p.integrity.length === 0) {
    return `AEAD IKE proposal "${text}" needs a PRF (e.g. prfsha256)`;
  }
  return p;
}

export function isAead(token: string): boolean {
  return AEAD.has(token);
}
