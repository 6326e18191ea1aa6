import { randomBytes } from 'node:crypto';

/**
 * 16 random bytes with the top bit cleared, so the DER INTEGER stays positive and 16 bytes long
 * (RFC 5280 allows at most 20 octets; CA/B forum asks for at least 64 random bits).
 */
export function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = ((b[0] ?? 0) & 0x7f) | 0x01;
  return b.toString('hex');
}

/** Canonical form for comparing serials from certificates, CRLs and easy-rsa's index.txt. */
export function normaliseSerial(hex: string): string {
  const s = hex.replace(/[:\s]/g, '').toLowerCase().replace(/^0+/, '');
  return s === '' ? '0' : s;
}
