/**
 * Certificate authorities. Storage-agnostic: every function returns PEM text, and the private key PEM is
 * plain PKCS#8. The caller seals it before it touches disk or a database (MasterKey.seal(keyPem,
 * `ca:<id>:key`)) and opens it again to call loadCa; see sealing.ts for the helpers that do both.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { x509 } from './crypto.js';
import type { CryptoKey } from './crypto.js';
import { PkiError } from './errors.js';
import { DEFAULT_KEY_TYPE, exportKeyPem, generateKeyPair, importSigningKey, keyTypeOf, signingAlgorithm } from './key-types.js';
import type { KeyType } from './key-types.js';
import { toName } from './names.js';
import type { Subject } from './names.js';
import { randomSerial } from './serial.js';

export interface CreateCaOptions {
  subject: Subject;
  /** default 3650 */
  validityDays?: number;
  keyType?: KeyType;
  /** default now; tests move it to make expired CAs */
  notBefore?: Date;
}

/** What is stored for a CA or an issued certificate: PEMs plus the facts worth indexing. */
export interface CertificateMaterial {
  certPem: string;
  /** plain PKCS#8 PEM: seal it before storing */
  keyPem: string;
  serial: string;
  subject: string;
  keyType: KeyType;
  notBefore: Date;
  notAfter: Date;
  /** SHA-256 of the DER certificate, hex */
  fingerprint: string;
}

/** A CA ready to sign: its certificate parsed and its key imported once, then reused for every issuance. */
export interface SigningCa {
  cert: x509.X509Certificate;
  certPem: string;
  signingKey: CryptoKey;
  /** the same key for node:crypto.sign, used by the bulk issuance path */
  privateKey: KeyObject;
  keyType: KeyType;
  /** subjectKeyIdentifier, hex: becomes the authorityKeyIdentifier of everything this CA signs */
  keyId: string;
}

export interface CaPems {
  certPem: string;
  keyPem: string;
}

const DAY_MS = 86_400_000;
/** Backdating notBefore absorbs clock skew between the gateway and its clients. */
export const BACKDATE_MS = 5 * 60_000;

export function validityWindow(validityDays: number, notBefore?: Date): { notBefore: Date; notAfter: Date } {
  if (!Number.isFinite(validityDays) || validityDays <= 0 || validityDays > 36_500) {
    throw new PkiError(`validityDays must be between 1 and 36500, got ${validityDays}`);
  }
  const start = notBefore ?? new Date(Date.now() - BACKDATE_MS);
  // whole seconds: X.509 times have no fractions, and round-tripping must compare equal
  const from = new Date(Math.floor(start.getTime() / 1000) * 1000);
  return { notBefore: from, notAfter: new Date(from.getTime() + validityDays * DAY_MS) };
}

export function fingerprintOf(cert: x509.X509Certificate): string {
  return createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex');
}

export function materialOf(cert: x509.X509Certificate, keyPem: string, keyType: KeyType): CertificateMaterial {
  return {
    certPem: cert.toString('pem') + '\n',
    keyPem,
    serial: cert.serialNumber.toLowerCase(),
    subject: cert.subject,
    keyType,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    fingerprint: fingerprintOf(cert),
  };
}

export async function createCa(opts: CreateCaOptions): Promise<CertificateMaterial> {
  const keyType = opts.keyType ?? DEFAULT_KEY_TYPE;
  const name = toName(opts.subject);
  const keys = await generateKeyPair(keyType);
  const ski = await x509.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: name,
    issuer: name,
    ...validityWindow(opts.validityDays ?? 3650, opts.notBefore),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: signingAlgorithm(keyType),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ski,
      new x509.AuthorityKeyIdentifierExtension(ski.keyId, false),
    ],
  });
  return materialOf(cert, await exportKeyPem(keys.privateKey), keyType);
}

/**
 * Parses a CA certificate and its key (plain PEM: PKCS#8, SEC1 or PKCS#1) and checks that they belong
 * together and that the certificate may sign certificates. Refusing here is what keeps a wrong key or a
 * leaf certificate from ever becoming an issuer.
 */
export async function loadCa(pems: CaPems, passphrase?: string): Promise<SigningCa> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(pems.certPem);
  } catch (e) {
    throw new PkiError(`not a certificate (${(e as Error).message})`, 'CA certificate');
  }
  const keyObject = parsePrivateKey(pems.keyPem, 'CA key', passphrase);
  const details = keyObject.asymmetricKeyDetails ?? {};
  const keyType = keyTypeOf({ asymmetricKeyType: keyObject.asymmetricKeyType, ...details });
  if (!keyType) {
    throw new PkiError(`unsupported key type ${keyObject.asymmetricKeyType ?? '?'} ${details.namedCurve ?? details.modulusLength ?? ''}`, 'CA key');
  }
  const spki = createPublicKey(keyObject).export({ type: 'spki', format: 'der' });
  if (!Buffer.from(cert.publicKey.rawData).equals(spki)) {
    throw new PkiError('the key does not belong to the CA certificate (public keys differ)', 'CA key');
  }
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  if (!bc?.ca) throw new PkiError('certificate is not a CA (basicConstraints CA:TRUE missing)', 'CA certificate');
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  if (ku && !(ku.usages & x509.KeyUsageFlags.keyCertSign)) {
    throw new PkiError('CA certificate lacks keyUsage keyCertSign', 'CA certificate');
  }
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  const signingKey = await importSigningKey(pkcs8, keyType);
  const skiExt = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyId = skiExt?.keyId ?? (await x509.SubjectKeyIdentifierExtension.create(cert.publicKey)).keyId;
  return { cert, certPem: cert.toString('pem') + '\n', signingKey, privateKey: keyObject, keyType, keyId };
}

/** node:crypto reads every PEM/DER private-key flavour easy-rsa and openssl write, encrypted or not. */
export function parsePrivateKey(data: string | Buffer, input: string, passphrase?: string): KeyObject {
  const text = typeof data === 'string' ? data : undefined;
  const encrypted = text !== undefined && /ENCRYPTED PRIVATE KEY|Proc-Type: 4,ENCRYPTED/.test(text);
  if (encrypted && passphrase === undefined) throw new PkiError('the key is encrypted: a passphrase is needed', input);
  try {
    if (text !== undefined) return createPrivateKey({ key: text, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) });
    return createPrivateKey({ key: data, format: 'der', type: 'pkcs8' });
  } catch (e) {
    const msg = (e as Error).message;
    if (encrypted) throw new PkiError('wrong passphrase (the key could not be decrypted)', input);
    throw new PkiError(`not a usable private key (${msg})`, input);
  }
}
