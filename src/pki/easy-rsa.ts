/**
 * Import of an easy-rsa 3 PKI directory, so an installation built with easy-rsa moves into Corridor
 * without re-issuing its clients' certificates. Read-only: nothing in the directory is changed, and any
 * failure that would make the result unusable (CA key missing, wrong passphrase, key not the CA's)
 * throws before anything is returned. Smaller oddities become warnings, never silent drops.
 *
 * easy-rsa 3.1 (Debian 12) writes the CA key as PKCS#8 "ENCRYPTED PRIVATE KEY" (or plain "PRIVATE KEY"
 * with nopass); older releases and hand-made keys may use traditional PEM with "Proc-Type: 4,ENCRYPTED".
 * node:crypto reads all of them. Revoked certificates move to revoked/certs_by_serial/ and their keys to
 * revoked/private_by_serial/; index.txt keeps the revocation dates.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadCa, parsePrivateKey } from './ca.js';
import type { RevocationReason, RevokedEntry } from './crl.js';
import { x509 } from './crypto.js';
import { PkiError } from './errors.js';
import { toPem } from './key-types.js';
import type { KeyType } from './key-types.js';
import { commonName } from './names.js';
import { normaliseSerial } from './serial.js';

export interface IndexEntry {
  status: 'V' | 'R' | 'E';
  expires: Date;
  revokedAt?: Date;
  reason?: string;
  serial: string;
  subject: string;
}

export interface ImportedCertificate {
  /** easy-rsa's entity name (issued/<name>.crt), or the CN for certificates found only by serial */
  name: string;
  serial: string;
  subject: string;
  certPem: string;
  /** plain PKCS#8 PEM when easy-rsa kept the key (nopass, or the CA passphrase opens it): seal before storing */
  keyPem?: string;
  status: 'valid' | 'revoked' | 'expired';
  revokedAt?: Date;
  revocationReason?: string;
  notAfter: Date;
  /** serverAuth / clientAuth as easy-rsa's profiles set them */
  usage: 'server' | 'client' | 'server+client' | 'other';
}

export interface EasyRsaImport {
  ca: { certPem: string; keyPem: string; keyType: KeyType; subject: string; serial: string };
  certificates: ImportedCertificate[];
  /** every revocation in index.txt, also of certificates whose files are gone: feed to buildCrl */
  revoked: RevokedEntry[];
  warnings: string[];
}

const REASONS: Record<string, RevocationReason> = {
  unspecified: 'unspecified',
  keycompromise: 'keyCompromise',
  cacompromise: 'cACompromise',
  affiliationchanged: 'affiliationChanged',
  superseded: 'superseded',
  cessationofoperation: 'cessationOfOperation',
  certificatehold: 'certificateHold',
  removefromcrl: 'removeFromCRL',
};

/** OpenSSL ca database times: YYMMDDHHMMSSZ (UTCTime) or YYYYMMDDHHMMSSZ. */
export function parseIndexTime(s: string): Date | undefined {
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  let year = Number(m[1]);
  if (m[1]?.length === 2) year += year >= 50 ? 1900 : 2000;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

export function parseIndexTxt(text: string, warnings: string[] = []): IndexEntry[] {
  const entries: IndexEntry[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const f = line.split('\t');
    const [status, expires, revoked, serial, , subject] = f;
    const exp = parseIndexTime(expires ?? '');
    if ((status !== 'V' && status !== 'R' && status !== 'E') || !exp || !serial || f.length < 6) {
      warnings.push(`index.txt line ${i + 1}: not a V/R/E entry, skipped: ${JSON.stringify(line.slice(0, 120))}`);
      continue;
    }
    const entry: IndexEntry = { status, expires: exp, serial: normaliseSerial(serial), subject: subject ?? '' };
    if (status === 'R') {
      const [date, reason] = (revoked ?? '').split(',');
      const at = parseIndexTime(date ?? '');
      if (!at) {
        warnings.push(`index.txt line ${i + 1}: revoked entry without a readable revocation date; using its expiry`);
      }
      entry.revokedAt = at ?? exp;
      if (reason) entry.reason = reason;
    }
    entries.push(entry);
  }
  return entries;
}

function readOptional(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function listFiles(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext) && statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
}

function spki(key: KeyObject): Buffer {
  return createPublicKey(key).export({ type: 'spki', format: 'der' });
}

function usageOf(cert: x509.X509Certificate): ImportedCertificate['usage'] {
  const ekus = Array.from(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [], String);
  const server = ekus.includes('1.3.6.1.5.5.7.3.1');
  const client = ekus.includes('1.3.6.1.5.5.7.3.2');
  return server && client ? 'server+client' : server ? 'server' : client ? 'client' : 'other';
}

/** Accepts the pki/ directory itself or the easy-rsa directory that holds it. */
function pkiRoot(dir: string): string {
  if (existsSync(join(dir, 'ca.crt'))) return dir;
  if (existsSync(join(dir, 'pki', 'ca.crt'))) return join(dir, 'pki');
  throw new PkiError('no ca.crt here or in pki/: not an easy-rsa PKI (run build-ca first?)', dir);
}

export async function importEasyRsa(dir: string, opts: { passphrase?: string; now?: Date } = {}): Promise<EasyRsaImport> {
  const root = pkiRoot(dir);
  const now = opts.now ?? new Date();
  const warnings: string[] = [];
  const caCertPem = readFileSync(join(root, 'ca.crt'), 'utf8');
  const caKeyText = readOptional(join(root, 'private', 'ca.key'));
  if (caKeyText === undefined) throw new PkiError('private/ca.key is missing: Corridor can keep verifying but could not issue or revoke', root);
  const caKey = parsePrivateKey(caKeyText, join(root, 'private', 'ca.key'), opts.passphrase);
  const caKeyPem = toPem(caKey.export({ type: 'pkcs8', format: 'der' }), 'PRIVATE KEY');
  const ca = await loadCa({ certPem: caCertPem, keyPem: caKeyPem });

  const indexText = readOptional(join(root, 'index.txt'));
  if (indexText === undefined) warnings.push('index.txt is missing: revocations cannot be imported');
  const index = new Map(parseIndexTxt(indexText ?? '', warnings).map((e) => [e.serial, e]));

  // every certificate file easy-rsa may hold, first by entity name (issued/), then by serial
  const found = new Map<string, { name: string; cert: x509.X509Certificate; keyPaths: string[] }>();
  const consider = (path: string, name: string | undefined, keyPaths: (serialHex: string) => string[]): void => {
    let cert: x509.X509Certificate;
    try {
      cert = new x509.X509Certificate(readFileSync(path, 'utf8'));
    } catch (e) {
      warnings.push(`${path}: not a certificate, skipped (${(e as Error).message})`);
      return;
    }
    const serial = normaliseSerial(cert.serialNumber);
    if (found.has(serial)) return;
    if (cert.issuer !== ca.cert.subject) {
      warnings.push(`${path}: issued by ${cert.issuer}, not by this CA; skipped`);
      return;
    }
    found.set(serial, { name: name ?? commonName(cert.subjectName) ?? serial, cert, keyPaths: keyPaths(cert.serialNumber.toUpperCase()) });
  };
  for (const p of listFiles(join(root, 'issued'), '.crt')) {
    const name = basename(p, '.crt');
    consider(p, name, () => [join(root, 'private', `${name}.key`)]);
  }
  for (const p of listFiles(join(root, 'revoked', 'certs_by_serial'), '.crt')) {
    consider(p, undefined, (s) => [join(root, 'revoked', 'private_by_serial', `${s}.key`)]);
  }
  for (const p of listFiles(join(root, 'certs_by_serial'), '.pem')) consider(p, undefined, () => []);

  const certificates: ImportedCertificate[] = [];
  for (const [serial, { name, cert, keyPaths }] of found) {
    const valid = await cert.verify({ publicKey: ca.cert.publicKey, signatureOnly: true }).catch(() => false);
    if (!valid) {
      warnings.push(`${name}: names this CA as issuer but its signature does not verify; skipped`);
      continue;
    }
    const entry = index.get(serial);
    if (!entry) warnings.push(`${name}: serial ${serial} is not in index.txt; status taken from its validity`);
    const revokedAt = entry?.status === 'R' ? entry.revokedAt : undefined;
    const status: ImportedCertificate['status'] = revokedAt ? 'revoked' : cert.notAfter < now ? 'expired' : 'valid';
    const keyPem = readEntityKey(name, keyPaths, cert, opts.passphrase, warnings);
    certificates.push({
      name,
      serial,
      subject: cert.subject,
      certPem: cert.toString('pem') + '\n',
      ...(keyPem ? { keyPem } : {}),
      status,
      ...(revokedAt ? { revokedAt } : {}),
      ...(entry?.reason ? { revocationReason: entry.reason } : {}),
      notAfter: cert.notAfter,
      usage: usageOf(cert),
    });
  }
  const revoked: RevokedEntry[] = [];
  for (const e of index.values()) {
    if (e.status !== 'R' || !e.revokedAt) continue;
    if (!found.has(e.serial)) warnings.push(`revoked serial ${e.serial} (${e.subject}) has no certificate file; its revocation is kept`);
    const reason = e.reason ? REASONS[e.reason.toLowerCase()] : undefined;
    revoked.push({ serial: e.serial, date: e.revokedAt, ...(reason ? { reason } : {}) });
  }
  for (const e of index.values()) {
    if (e.status === 'V' && !found.has(e.serial)) warnings.push(`index.txt lists ${e.subject} (serial ${e.serial}) but its certificate file is missing`);
  }
  return {
    ca: { certPem: ca.certPem, keyPem: caKeyPem, keyType: ca.keyType, subject: ca.cert.subject, serial: normaliseSerial(ca.cert.serialNumber) },
    certificates,
    revoked,
    warnings,
  };
}

function readEntityKey(name: string, paths: string[], cert: x509.X509Certificate, passphrase: string | undefined, warnings: string[]): string | undefined {
  const path = paths.find((p) => existsSync(p));
  if (!path) return undefined; // normal: keys generated on the client's side never reach the CA
  const text = readFileSync(path, 'utf8');
  let key: KeyObject;
  try {
    key = /ENCRYPTED/.test(text) ? parsePrivateKey(text, path, passphrase) : createPrivateKey(text);
  } catch (e) {
    warnings.push(`${name}: private key not imported (${(e as Error).message}); the certificate still is`);
    return undefined;
  }
  if (!spki(key).equals(Buffer.from(cert.publicKey.rawData))) {
    warnings.push(`${name}: ${path} does not match the certificate (public keys differ); key not imported`);
    return undefined;
  }
  return toPem(key.export({ type: 'pkcs8', format: 'der' }), 'PRIVATE KEY');
}
