/** Plain facts about one certificate, in the shape the API, CLI and doctor show. */
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { fingerprintOf } from './ca.js';
import { x509 } from './crypto.js';
import { EKU_NAMES } from './oids.js';

export interface KeyInfo {
  /** "EC" | "RSA" | "Ed25519" | … */
  algorithm: string;
  /** RSA modulus or curve size in bits */
  bits?: number;
  curve?: string;
}

export interface CertificateFacts {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  expired: boolean;
  notYetValid: boolean;
  /** whole days until notAfter, negative once expired */
  daysLeft: number;
  signatureAlgorithm: string;
  signatureAlgorithmOid: string;
  key: KeyInfo;
  ca: boolean;
  pathLength?: number;
  keyUsage: string[];
  extendedKeyUsage: string[];
  subjectAltNames: string[];
  selfSigned: boolean;
  fingerprintSha256: string;
}

const SIGNATURE_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-SHA1',
  '1.3.101.112': 'Ed25519',
};
export const WEAK_SIGNATURE_OIDS = new Set(['1.2.840.113549.1.1.4', '1.2.840.113549.1.1.5', '1.2.840.10045.4.1', '1.2.840.10040.4.3', '1.2.840.113549.1.1.2']);

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };

const KEY_USAGE_NAMES: Array<[number, string]> = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

/** The signature algorithm OID, read from the ASN.1 because the library maps only the algorithms WebCrypto knows. */
export function signatureOid(obj: x509.X509Certificate | x509.X509Crl): string {
  return (obj as unknown as { asn: { signatureAlgorithm: { algorithm: string } } }).asn.signatureAlgorithm.algorithm;
}

export function signatureName(oid: string): string {
  return SIGNATURE_NAMES[oid] ?? oid;
}

export function keyInfo(key: KeyObject): KeyInfo {
  const d = key.asymmetricKeyDetails ?? {};
  const algorithm = key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss' ? 'RSA' : key.asymmetricKeyType === 'ec' ? 'EC' : (key.asymmetricKeyType ?? 'unknown');
  const bits = d.modulusLength ?? (d.namedCurve ? CURVE_BITS[d.namedCurve] : undefined);
  return { algorithm, ...(bits !== undefined ? { bits } : {}), ...(d.namedCurve ? { curve: d.namedCurve } : {}) };
}

export function certPublicKey(cert: x509.X509Certificate): KeyObject {
  return createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
}

export function describeCertificate(cert: x509.X509Certificate, now: Date): CertificateFacts {
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const oid = signatureOid(cert);
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serial: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    expired: cert.notAfter < now,
    notYetValid: cert.notBefore > now,
    daysLeft: Math.floor((cert.notAfter.getTime() - now.getTime()) / 86_400_000),
    signatureAlgorithm: signatureName(oid),
    signatureAlgorithmOid: oid,
    key: keyInfo(certPublicKey(cert)),
    ca: bc?.ca ?? false,
    ...(bc?.pathLength !== undefined ? { pathLength: bc.pathLength } : {}),
    keyUsage: ku ? KEY_USAGE_NAMES.filter(([flag]) => ku.usages & flag).map(([, n]) => n) : [],
    extendedKeyUsage: Array.from(eku?.usages ?? [], (u) => EKU_NAMES[String(u)] ?? String(u)),
    subjectAltNames: Array.from(san?.names.items ?? [], (n) => `${n.type}:${n.value}`),
    selfSigned: cert.subject === cert.issuer,
    fingerprintSha256: fingerprintOf(cert),
  };
}

/**
 * The subjectAltName values of a certificate (DNS names, addresses, e-mail addresses): the identities a
 * peer can claim with it in IKE, where charon requires the peer's ID to be one of them.
 */
export function subjectAltNameValues(certPem: string): string[] {
  const san = new x509.X509Certificate(certPem).getExtension(x509.SubjectAlternativeNameExtension);
  return Array.from(san?.names.items ?? [], (n) => String(n.value));
}
