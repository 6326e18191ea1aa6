/**
 * OpenVPN static keys (tls-crypt / tls-auth): 256 random bytes written exactly as `openvpn --genkey
 * tls-crypt` writes them, 16 lines of 32 hex digits between the V1 markers.
 */
import { randomBytes } from 'node:crypto';
import { PkiError } from './errors.js';

const BEGIN = '-----BEGIN OpenVPN Static key V1-----';
const END = '-----END OpenVPN Static key V1-----';

export function generateTlsCryptKey(): string {
  const hex = randomBytes(256).toString('hex');
  const lines = hex.match(/.{32}/g) ?? [];
  return ['#', '# 2048 bit OpenVPN static key', '#', BEGIN, ...lines, END, ''].join('\n');
}

/** The 256 key bytes of a static key file; throws a PkiError naming the input when it is not one. */
export function parseStaticKey(text: string, input = 'static key'): Buffer {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new PkiError('not an OpenVPN static key (V1 markers missing)', input);
  const hex = text.slice(start + BEGIN.length, end).replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]{512}$/.test(hex)) throw new PkiError('an OpenVPN static key holds 512 hex digits', input);
  return Buffer.from(hex, 'hex');
}
