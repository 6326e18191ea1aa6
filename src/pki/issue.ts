/**
 * End-entity certificates. Each profile fixes what OpenVPN and strongSwan check, so a server certificate
 * always has serverAuth, a client certificate clientAuth, and an IKE certificate a SAN equal to its IKE
 * identity; there is no option to leave them out.
 */
import { createHash, createPublicKey, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { BACKDATE_MS, loadCa, validityWindow } from './ca.js';
import type { CaPems, CertificateMaterial, SigningCa } from './ca.js';
import { x509 } from './crypto.js';
import { PkiError } from './errors.js';
import { generateEncodedKeyPair, isRsa, keyTypeOf, signatureSpec, toPem } from './key-types.js';
import { intFromHex, seq, subjectPublicKeyBits, time, tlv } from './der.js';
import type { KeyType } from './key-types.js';
import { toName } from './names.js';
import type { Subject } from './names.js';
import { EKU_CLIENT_AUTH, EKU_IKE_INTERMEDIATE, EKU_SERVER_AUTH } from './oids.js';
import { randomSerial } from './serial.js';

export type CaInput = SigningCa | CaPems;

interface CommonIssueOptions {
  /** a SigningCa from loadCa (fast: the key is imported once) or the CA's PEMs */
  ca: CaInput;
  validityDays?: number;
  /** default: the CA's key type */
  keyType?: KeyType;
  /** default now minus 5 minutes; tests move it to make expired certificates */
  notBefore?: Date;
  /** extra subject attributes (O, OU, C…); CN comes from the profile */
  subject?: Omit<Subject, 'CN'>;
}

export interface IssueServerOptions extends CommonIssueOptions {
  cn: string;
  dnsNames?: string[];
  ips?: string[];
}

export interface IssueClientOptions extends CommonIssueOptions {
  username: string;
}

export interface IssueIkeOptions extends CommonIssueOptions {
  /** the IKE identity the peer is configured with: an IP address, an FQDN, or user@fqdn */
  identity: string;
  /** default: the identity */
  cn?: string;
  /** further SANs for gateways known under several names */
  dnsNames?: string[];
  ips?: string[];
}

export type SanEntry = { type: 'dns' | 'ip' | 'email'; value: string };

interface Profile {
  cn: string;
  sans: SanEntry[];
  ekus: string[];
}

const DNS_RE = /^(?=.{1,253}$)(?:[A-Za-z0-9*](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export async function asSigningCa(ca: CaInput): Promise<SigningCa> {
  return 'signingKey' in ca ? ca : loadCa(ca);
}

function checkCn(cn: string): string {
  if (!cn || cn.length > 64 || /[\u0000-\u001f\u007f]/.test(cn)) {
    throw new PkiError(`CN must be 1-64 printable characters, got ${JSON.stringify(cn)}`);
  }
  return cn;
}

function dnsSan(value: string): SanEntry {
  if (!DNS_RE.test(value)) throw new PkiError(`not a DNS name: ${JSON.stringify(value)}`);
  return { type: 'dns', value: value.toLowerCase() };
}

function ipSan(value: string): SanEntry {
  if (isIP(value) === 0) throw new PkiError(`not an IP address: ${JSON.stringify(value)}`);
  return { type: 'ip', value };
}

/** The SAN an IKE identity needs: strongSwan matches IP ids to iPAddress, FQDNs to dNSName, user@fqdn to rfc822Name. */
export function ikeIdentitySan(identity: string): SanEntry {
  if (isIP(identity) !== 0) return ipSan(identity);
  const at = identity.indexOf('@');
  if (at > 0) {
    if (!/^[A-Za-z0-9._+-]+$/.test(identity.slice(0, at))) throw new PkiError(`not a user@fqdn identity: ${JSON.stringify(identity)}`);
    dnsSan(identity.slice(at + 1));
    return { type: 'email', value: identity };
  }
  return dnsSan(identity);
}

/**
 * Extensions that are the same for every certificate of one CA and profile, encoded once. The cache
 * lives on the SigningCa object (a WeakMap, so it goes when the CA does).
 */
const fixedExtensionsCache = new WeakMap<SigningCa, Map<string, Buffer>>();

function fixedExtensions(ca: SigningCa, keyType: KeyType, ekus: string[]): Buffer {
  const cacheKey = `${isRsa(keyType)}|${ekus.join(',')}`;
  let perCa = fixedExtensionsCache.get(ca);
  if (!perCa) fixedExtensionsCache.set(ca, (perCa = new Map()));
  let der = perCa.get(cacheKey);
  if (!der) {
    const usage = x509.KeyUsageFlags.digitalSignature | (isRsa(keyType) ? x509.KeyUsageFlags.keyEncipherment : 0);
    der = Buffer.concat(
      [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(usage, true),
        new x509.ExtendedKeyUsageExtension(ekus, false),
        new x509.AuthorityKeyIdentifierExtension(ca.keyId, false),
      ].map((e) => Buffer.from(e.rawData)),
    );
    perCa.set(cacheKey, der);
  }
  return der;
}

const OID_SKI_DER = Buffer.from('0603551d0e', 'hex');

async function issue(opts: CommonIssueOptions, profile: Profile): Promise<CertificateMaterial> {
  const ca = await asSigningCa(opts.ca);
  const keyType = opts.keyType ?? ca.keyType;
  const name = toName({ ...opts.subject, CN: checkCn(profile.cn) });
  const subject = Buffer.from(name.toArrayBuffer());
  const window = validityWindow(opts.validityDays ?? 825, opts.notBefore);
  // a certificate outliving its CA fails verification on the last days; clamp instead
  if (window.notAfter > ca.cert.notAfter) window.notAfter = ca.cert.notAfter;
  const { spki, pkcs8Pem } = await generateEncodedKeyPair(keyType);
  const keyId = createHash('sha1').update(subjectPublicKeyBits(spki)).digest();
  const extensions = [fixedExtensions(ca, keyType, profile.ekus), seq(OID_SKI_DER, tlv(0x04, tlv(0x04, keyId)))];
  if (profile.sans.length > 0) extensions.push(Buffer.from(new x509.SubjectAlternativeNameExtension(profile.sans, false).rawData));
  const sig = signatureSpec(ca.keyType);
  const serial = randomSerial();
  const tbs = seq(
    tlv(0xa0, Buffer.from([0x02, 0x01, 0x02])), // version v3
    intFromHex(serial),
    sig.algorithmDer,
    Buffer.from(ca.cert.subjectName.toArrayBuffer()),
    seq(time(window.notBefore), time(window.notAfter)),
    subject,
    spki,
    tlv(0xa3, seq(...extensions)),
  );
  // ECDSA signatures come out DER-encoded (dsaEncoding defaults to 'der'), as X.509 wants them
  const signature = sign(sig.hash, tbs, ca.privateKey);
  const der = seq(tbs, sig.algorithmDer, tlv(0x03, Buffer.from([0]), signature));
  // everything materialOf would parse back out is known here; skipping the parse halves the cost
  return {
    certPem: toPem(der, 'CERTIFICATE'),
    keyPem: pkcs8Pem,
    serial,
    subject: name.toString(),
    keyType,
    notBefore: window.notBefore,
    notAfter: window.notAfter,
    fingerprint: createHash('sha256').update(der).digest('hex'),
  };
}

function dedupe(sans: SanEntry[]): SanEntry[] {
  const seen = new Set<string>();
  return sans.filter((s) => !seen.has(`${s.type}:${s.value}`) && seen.add(`${s.type}:${s.value}`));
}

export async function issueServer(opts: IssueServerOptions): Promise<CertificateMaterial> {
  const sans = [...(opts.dnsNames ?? []).map(dnsSan), ...(opts.ips ?? []).map(ipSan)];
  // modern TLS stacks ignore the CN when a SAN is present, so a DNS-shaped CN is repeated there
  if (DNS_RE.test(opts.cn) && opts.cn.includes('.')) sans.unshift(dnsSan(opts.cn));
  return issue(opts, { cn: opts.cn, sans: dedupe(sans), ekus: [EKU_SERVER_AUTH] });
}

export async function issueClient(opts: IssueClientOptions): Promise<CertificateMaterial> {
  return issue(opts, { cn: opts.username, sans: [], ekus: [EKU_CLIENT_AUTH] });
}

export async function issueIke(opts: IssueIkeOptions): Promise<CertificateMaterial> {
  const sans = [ikeIdentitySan(opts.identity), ...(opts.dnsNames ?? []).map(dnsSan), ...(opts.ips ?? []).map(ipSan)];
  return issue(opts, {
    cn: opts.cn ?? opts.identity,
    sans: dedupe(sans),
    ekus: [EKU_SERVER_AUTH, EKU_CLIENT_AUTH, EKU_IKE_INTERMEDIATE],
  });
}

/** True when the certificate expires within marginDays of now (or already has). */
export function needsRenewal(cert: string | x509.X509Certificate, now: Date = new Date(), marginDays = 30): boolean {
  const c = typeof cert === 'string' ? new x509.X509Certificate(cert) : cert;
  return c.notAfter.getTime() - now.getTime() <= marginDays * 86_400_000;
}

export interface RenewOptions {
  ca: CaInput;
  /** the certificate being replaced */
  certPem: string;
  /** default: the old certificate's lifetime */
  validityDays?: number;
  /** default: the old certificate's key type when Corridor can issue it, else the CA's */
  keyType?: KeyType;
  notBefore?: Date;
}

/** A new key and serial with the old subject, SANs and extended key usages. Revoking the old one is the caller's call. */
export async function renew(opts: RenewOptions): Promise<CertificateMaterial> {
  const old = new x509.X509Certificate(opts.certPem);
  const ca = await asSigningCa(opts.ca);
  const lifetimeDays = Math.max(1, Math.round((old.notAfter.getTime() - old.notBefore.getTime() - BACKDATE_MS) / 86_400_000));
  const subject: Subject = { CN: '' };
  for (const attr of ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const) {
    const v = old.subjectName.getField(attr)[0];
    if (v !== undefined) subject[attr] = v;
  }
  const sanExt = old.getExtension(x509.SubjectAlternativeNameExtension);
  const sans: SanEntry[] = [];
  for (const n of sanExt?.names.items ?? []) {
    if (n.type === 'dns' || n.type === 'ip' || n.type === 'email') sans.push({ type: n.type, value: n.value });
  }
  const ekus = Array.from(old.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [], String);
  if (ekus.length === 0) throw new PkiError('the old certificate has no extended key usage; issue a new one with a profile instead', 'renew');
  const { CN, ...rest } = subject;
  return issue(
    {
      ca,
      validityDays: opts.validityDays ?? lifetimeDays,
      keyType: opts.keyType ?? publicKeyType(old) ?? ca.keyType,
      subject: rest,
      ...(opts.notBefore ? { notBefore: opts.notBefore } : {}),
    },
    { cn: CN, sans, ekus },
  );
}

/** The Corridor key type of a certificate's public key, or undefined for one Corridor does not issue. */
export function publicKeyType(cert: x509.X509Certificate): KeyType | undefined {
  const key = createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' });
  return keyTypeOf({ asymmetricKeyType: key.asymmetricKeyType, ...key.asymmetricKeyDetails });
}
