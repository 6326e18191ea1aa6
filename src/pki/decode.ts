/**
 * Turns what an administrator hands over (PEM files, DER files, bundles, .ovpn profiles) into parsed
 * objects. Nothing here throws for bad input: each failure becomes an error naming the input (and the
 * block inside it), so one broken file never hides what is wrong with the others.
 */
import type { KeyObject } from 'node:crypto';
import { parsePrivateKey } from './ca.js';
import { x509 } from './crypto.js';
import { PkiError } from './errors.js';
import { isPemText, splitPem, unterminatedPem } from './pem.js';
import { parseStaticKey } from './tls-crypt.js';

export type Role = 'server' | 'client';

export interface InspectInput {
  name: string;
  data: string | Buffer;
  /** what the certificates in this input are for; .ovpn profiles say it themselves */
  role?: Role;
  /** for encrypted private keys */
  passphrase?: string;
}

export type DecodedObject =
  | { kind: 'certificate'; ref: string; input: string; role?: Role; cert: x509.X509Certificate }
  | { kind: 'key'; ref: string; input: string; key: KeyObject }
  | { kind: 'crl'; ref: string; input: string; crl: x509.X509Crl }
  | { kind: 'csr'; ref: string; input: string; csr: x509.Pkcs10CertificateRequest }
  | { kind: 'static-key'; ref: string; input: string; bits: number };

export interface InputError {
  input: string;
  message: string;
}

const OVPN_INLINE = ['ca', 'cert', 'key', 'extra-certs', 'tls-crypt', 'tls-auth', 'tls-crypt-v2', 'crl-verify', 'secret'];
const OVPN_BLOCK_RE = new RegExp(`<(${OVPN_INLINE.join('|')})>\\r?\\n([\\s\\S]*?)</\\1>`, 'g');

function looksLikeOvpn(text: string): boolean {
  return OVPN_BLOCK_RE.test(text) || /^\s*(client|remote|tls-client|dev)\b/m.test(text) && !isPemText(text);
}

function ovpnRole(text: string): Role | undefined {
  if (/^\s*(client|tls-client)\s*$/m.test(text)) return 'client';
  if (/^\s*(server|mode\s+server|tls-server)\b/m.test(text)) return 'server';
  return undefined;
}

export function decodeInputs(inputs: InspectInput[]): { objects: DecodedObject[]; errors: InputError[] } {
  const objects: DecodedObject[] = [];
  const errors: InputError[] = [];
  for (const input of inputs) {
    try {
      objects.push(...decodeInput(input));
    } catch (e) {
      errors.push({ input: input.name, message: e instanceof PkiError ? e.message : `${input.name}: ${(e as Error).message}` });
    }
  }
  return { objects, errors };
}

function decodeInput(input: InspectInput): DecodedObject[] {
  const { name } = input;
  const raw = input.data;
  if (raw.length === 0 || (typeof raw === 'string' && raw.trim() === '')) throw new PkiError('empty input', name);
  const text = typeof raw === 'string' ? raw : isText(raw) ? raw.toString('utf8') : undefined;
  if (text === undefined) return [decodeDer(raw as Buffer, name, input.role)];
  OVPN_BLOCK_RE.lastIndex = 0;
  if (looksLikeOvpn(text)) return decodeOvpn(text, input);
  if (!isPemText(text)) throw new PkiError('neither PEM, DER nor an OpenVPN profile', name);
  return decodePem(text, name, input.role, input.passphrase);
}

function isText(b: Buffer): boolean {
  // DER always starts with a SEQUENCE tag (0x30); text formats never do
  return b[0] !== 0x30 && !b.subarray(0, 512).includes(0);
}

function decodeOvpn(text: string, input: InspectInput): DecodedObject[] {
  const role = input.role ?? ovpnRole(text);
  const objects: DecodedObject[] = [];
  OVPN_BLOCK_RE.lastIndex = 0;
  for (const m of text.matchAll(OVPN_BLOCK_RE)) {
    const tag = m[1] ?? '';
    const body = m[2] ?? '';
    const where = `${input.name}<${tag}>`;
    if (tag === 'tls-crypt' || tag === 'tls-auth' || tag === 'secret') {
      objects.push({ kind: 'static-key', ref: where, input: input.name, bits: parseStaticKey(body, where).length * 8 });
    } else if (tag === 'tls-crypt-v2') {
      continue; // a client key wrapped by the server: nothing to check offline
    } else {
      // the <cert> block's role is the profile's; <ca>/<extra-certs> are CAs whatever the profile is
      objects.push(...decodePem(body, where, tag === 'cert' ? role : undefined, input.passphrase));
    }
  }
  if (objects.length === 0) throw new PkiError('an OpenVPN profile without inline <ca>/<cert>/<key> blocks', input.name);
  return objects;
}

function decodePem(text: string, name: string, role: Role | undefined, passphrase: string | undefined): DecodedObject[] {
  const broken = unterminatedPem(text);
  if (broken) throw new PkiError(`malformed PEM: "BEGIN ${broken}" without its END line`, name);
  const blocks = splitPem(text);
  if (blocks.length === 0) throw new PkiError('malformed PEM: no complete block', name);
  const objects: DecodedObject[] = [];
  for (const [i, b] of blocks.entries()) {
    const ref = blocks.length > 1 ? `${name}#${i + 1}` : name;
    const at = blocks.length > 1 ? `${name} (block ${i + 1}, line ${b.line})` : name;
    try {
      switch (b.label) {
        case 'CERTIFICATE':
        case 'X509 CERTIFICATE':
          objects.push({ kind: 'certificate', ref, input: name, ...(role ? { role } : {}), cert: new x509.X509Certificate(b.der) });
          break;
        case 'X509 CRL':
        case 'CRL':
          objects.push({ kind: 'crl', ref, input: name, crl: new x509.X509Crl(b.der) });
          break;
        case 'CERTIFICATE REQUEST':
        case 'NEW CERTIFICATE REQUEST':
          objects.push({ kind: 'csr', ref, input: name, csr: new x509.Pkcs10CertificateRequest(b.der) });
          break;
        case 'PRIVATE KEY':
        case 'ENCRYPTED PRIVATE KEY':
        case 'EC PRIVATE KEY':
        case 'RSA PRIVATE KEY':
          objects.push({ kind: 'key', ref, input: name, key: parsePrivateKey(b.text, at, passphrase) });
          break;
        case 'OpenVPN Static key V1':
          objects.push({ kind: 'static-key', ref, input: name, bits: parseStaticKey(b.text, at).length * 8 });
          break;
        case 'EC PARAMETERS':
        case 'DH PARAMETERS':
          break; // openssl writes curve parameters next to EC keys; nothing to inspect
        default:
          throw new PkiError(`unsupported PEM block "${b.label}"`, at);
      }
    } catch (e) {
      if (e instanceof PkiError) throw e;
      throw new PkiError(`malformed ${b.label} (${(e as Error).message})`, at);
    }
  }
  return objects;
}

function decodeDer(der: Buffer, name: string, role: Role | undefined): DecodedObject {
  const attempts: Array<() => DecodedObject> = [
    () => ({ kind: 'certificate', ref: name, input: name, ...(role ? { role } : {}), cert: new x509.X509Certificate(der) }),
    () => ({ kind: 'crl', ref: name, input: name, crl: new x509.X509Crl(der) }),
    () => ({ kind: 'csr', ref: name, input: name, csr: new x509.Pkcs10CertificateRequest(der) }),
    () => ({ kind: 'key', ref: name, input: name, key: parsePrivateKey(der, name) }),
  ];
  for (const attempt of attempts) {
    try {
      return attempt();
    } catch {
      // try the next structure
    }
  }
  // PKCS#12 starts with SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data …
  if (der.includes(Buffer.from('06092a864886f70d010701', 'hex'))) {
    throw new PkiError('PKCS#12 is not read directly; convert it: openssl pkcs12 -in FILE -nodes -out FILE.pem', name);
  }
  throw new PkiError('binary data that is not a DER certificate, CRL, request or PKCS#8 key', name);
}
