/**
 * Inspection of certificates, keys, CRLs and bundles, and of how they relate: which CA signed a
 * certificate (signature checked, not just names compared), which key belongs to which certificate
 * (public keys compared), which CRL revokes what. The doctor reuses it for its cert/… findings.
 */
import { createPublicKey } from 'node:crypto';
import { x509 } from './crypto.js';
import { decodeInputs } from './decode.js';
import type { DecodedObject, InputError, InspectInput, Role } from './decode.js';
import { describeCertificate, keyInfo, signatureName, signatureOid, WEAK_SIGNATURE_OIDS } from './describe.js';
import type { CertificateFacts, KeyInfo } from './describe.js';
import { EKU_CLIENT_AUTH, EKU_SERVER_AUTH } from './oids.js';
import { EXPIRING_DAYS } from './problems.js';
import type { CertProblem, CertProblemCode } from './problems.js';
import { normaliseSerial } from './serial.js';

export type { InspectInput, Role } from './decode.js';

export interface InspectOptions {
  /** CA certificates trusted besides those among the inputs (PEM, may hold several) */
  trusted?: string[];
  /** CRLs (PEM or DER) applied besides those among the inputs */
  crls?: Array<string | Buffer>;
  now?: Date;
}

export interface InspectedObject {
  ref: string;
  input: string;
  kind: DecodedObject['kind'];
  certificate?: CertificateFacts & {
    role?: Role;
    /** ref (or "trusted:<subject>") of the CA whose signature verifies, when found */
    verifiedBy?: string;
    /** refs of the private keys among the inputs that match */
    keys: string[];
    revoked?: { by: string; date: string; reason?: string };
  };
  key?: KeyInfo & { certificates: string[] };
  crl?: { issuer: string; thisUpdate: string; nextUpdate?: string; entries: number; signatureAlgorithm: string; verifiedBy?: string };
  csr?: { subject: string; key: KeyInfo; signatureValid: boolean };
  staticKey?: { bits: number };
}

export interface InspectReport {
  objects: InspectedObject[];
  problems: CertProblem[];
  /** inputs that could not be read, each naming the input */
  errors: InputError[];
}

interface CaCandidate {
  ref: string;
  cert: x509.X509Certificate;
}

async function signedBy(cert: x509.X509Certificate | x509.X509Crl, ca: x509.X509Certificate): Promise<boolean> {
  if (cert.issuer !== ca.subject) return false;
  try {
    if (cert instanceof x509.X509Crl) return await cert.verify({ publicKey: ca.publicKey });
    return await cert.verify({ publicKey: ca.publicKey, signatureOnly: true });
  } catch {
    return false; // an algorithm WebCrypto cannot check (MD5, DSA) does not count as verified
  }
}

function spkiOf(obj: { kind: 'key'; key: import('node:crypto').KeyObject }): Buffer {
  return createPublicKey(obj.key).export({ type: 'spki', format: 'der' });
}

export async function inspect(inputs: InspectInput[], opts: InspectOptions = {}): Promise<InspectReport> {
  const now = opts.now ?? new Date();
  const extra: InspectInput[] = [
    ...(opts.trusted ?? []).map((data, i) => ({ name: `trusted:${i + 1}`, data })),
    ...(opts.crls ?? []).map((data, i) => ({ name: `crl:${i + 1}`, data })),
  ];
  const decoded = decodeInputs(inputs);
  const given = decodeInputs(extra);
  const all = [...decoded.objects, ...given.objects];
  const problems: CertProblem[] = [];
  const problem = (code: CertProblemCode, object: string, message: string, severity: 'error' | 'warning' = 'error'): void => {
    problems.push({ code, severity, object, message });
  };

  const certs = all.filter((o): o is Extract<DecodedObject, { kind: 'certificate' }> => o.kind === 'certificate');
  const keys = all.filter((o): o is Extract<DecodedObject, { kind: 'key' }> => o.kind === 'key');
  const crls = all.filter((o): o is Extract<DecodedObject, { kind: 'crl' }> => o.kind === 'crl');
  const cas: CaCandidate[] = certs
    .filter((c) => c.cert.getExtension(x509.BasicConstraintsExtension)?.ca)
    .map((c) => ({ ref: c.ref, cert: c.cert }));
  const keySpki = new Map(keys.map((k) => [k.ref, spkiOf(k)]));

  const objects: InspectedObject[] = [];
  const keyToCerts = new Map<string, string[]>(keys.map((k) => [k.ref, []]));
  for (const obj of decoded.objects) {
    if (obj.kind !== 'certificate') continue;
    const facts = describeCertificate(obj.cert, now);
    const spki = Buffer.from(obj.cert.publicKey.rawData);
    const matching = keys.filter((k) => keySpki.get(k.ref)?.equals(spki)).map((k) => k.ref);
    for (const k of matching) keyToCerts.get(k)?.push(obj.ref);
    let verifiedBy: string | undefined;
    for (const ca of cas) {
      if (await signedBy(obj.cert, ca.cert)) {
        verifiedBy = ca.ref;
        break;
      }
    }
    const entry: NonNullable<InspectedObject['certificate']> = {
      ...facts,
      ...(obj.role ? { role: obj.role } : {}),
      ...(verifiedBy ? { verifiedBy } : {}),
      keys: matching,
    };
    for (const c of crls) {
      if (c.crl.issuer !== obj.cert.issuer) continue;
      const issuer = cas.find((ca) => ca.cert.subject === c.crl.issuer);
      // a CRL whose signature does not verify against the certificate's CA says nothing about it
      if (issuer && !(await signedBy(c.crl, issuer.cert))) continue;
      const hit = c.crl.entries.find((e) => normaliseSerial(e.serialNumber) === normaliseSerial(obj.cert.serialNumber));
      if (hit) {
        entry.revoked = { by: c.ref, date: hit.revocationDate.toISOString(), ...(hit.reason !== undefined ? { reason: String(hit.reason) } : {}) };
      }
    }
    objects.push({ ref: obj.ref, input: obj.input, kind: 'certificate', certificate: entry });
    certificateProblems(obj.ref, obj.cert, entry, cas.length > 0, problem);
  }

  // a key with no certificate while some leaf certificate has no key: the pair was mixed up
  const leavesWithoutKey = objects.filter((o) => o.certificate && !o.certificate.ca && o.certificate.keys.length === 0);
  for (const k of decoded.objects) {
    if (k.kind !== 'key') continue;
    const matched = keyToCerts.get(k.ref) ?? [];
    objects.push({ ref: k.ref, input: k.input, kind: 'key', key: { ...keyInfo(k.key), certificates: matched } });
    if (matched.length === 0 && leavesWithoutKey.length > 0) {
      problem(
        'cert/key-mismatch',
        k.ref,
        `the private key belongs to none of the certificates (${leavesWithoutKey.map((o) => o.ref).join(', ')}): public keys differ`,
      );
    }
  }

  for (const obj of decoded.objects) {
    if (obj.kind === 'crl') {
      const issuer = cas.find((ca) => ca.cert.subject === obj.crl.issuer);
      const verified = issuer ? await signedBy(obj.crl, issuer.cert) : false;
      objects.push({
        ref: obj.ref,
        input: obj.input,
        kind: 'crl',
        crl: {
          issuer: obj.crl.issuer,
          thisUpdate: obj.crl.thisUpdate.toISOString(),
          ...(obj.crl.nextUpdate ? { nextUpdate: obj.crl.nextUpdate.toISOString() } : {}),
          entries: obj.crl.entries.length,
          signatureAlgorithm: signatureName(signatureOid(obj.crl)),
          ...(verified && issuer ? { verifiedBy: issuer.ref } : {}),
        },
      });
      if (obj.crl.nextUpdate && obj.crl.nextUpdate < now) {
        problem('cert/crl-expired', obj.ref, `CRL nextUpdate ${obj.crl.nextUpdate.toISOString()} has passed: OpenVPN with crl-verify refuses every client`);
      }
      if (issuer && !verified) problem('cert/wrong-ca', obj.ref, `CRL names ${obj.crl.issuer} as issuer but that CA's signature does not verify`);
    } else if (obj.kind === 'csr') {
      let signatureValid = false;
      try {
        signatureValid = await obj.csr.verify();
      } catch {
        signatureValid = false;
      }
      const key = keyInfo(createPublicKey({ key: Buffer.from(obj.csr.publicKey.rawData), format: 'der', type: 'spki' }));
      objects.push({ ref: obj.ref, input: obj.input, kind: 'csr', csr: { subject: obj.csr.subject, key, signatureValid } });
    } else if (obj.kind === 'static-key') {
      objects.push({ ref: obj.ref, input: obj.input, kind: 'static-key', staticKey: { bits: obj.bits } });
    }
  }
  return { objects, problems, errors: [...decoded.errors, ...given.errors] };
}

function certificateProblems(
  ref: string,
  cert: x509.X509Certificate,
  facts: NonNullable<InspectedObject['certificate']>,
  haveCas: boolean,
  problem: (code: CertProblemCode, object: string, message: string, severity?: 'error' | 'warning') => void,
): void {
  if (facts.expired) problem('cert/expired', ref, `expired on ${facts.notAfter}`);
  else if (facts.notYetValid) problem('cert/not-yet-valid', ref, `not valid before ${facts.notBefore} (check the clock or the issuing host's time)`);
  else if (facts.daysLeft <= EXPIRING_DAYS) problem('cert/expiring', ref, `expires in ${facts.daysLeft} days (${facts.notAfter})`, 'warning');
  if (facts.revoked) problem('cert/revoked', ref, `revoked on ${facts.revoked.date} by ${facts.revoked.by}`);
  if (facts.key.algorithm === 'RSA' && (facts.key.bits ?? 0) < 2048) problem('cert/weak-key', ref, `RSA key of ${facts.key.bits} bits (OpenSSL 3 at security level 2 refuses < 2048)`);
  if (facts.key.algorithm === 'EC' && (facts.key.bits ?? 0) < 256) problem('cert/weak-key', ref, `EC key of ${facts.key.bits} bits`);
  if (WEAK_SIGNATURE_OIDS.has(facts.signatureAlgorithmOid)) problem('cert/weak-signature', ref, `signed with ${facts.signatureAlgorithm}, which OpenSSL 3 refuses at its default security level`);
  if (haveCas && !facts.verifiedBy) {
    problem('cert/wrong-ca', ref, facts.selfSigned && facts.ca ? 'self-signed CA whose own signature does not verify' : `not signed by any of the given CAs (issuer: ${facts.issuer})`);
  }
  if (facts.ca) return;
  const ekus = Array.from(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [], String);
  const any = ekus.includes('2.5.29.37.0');
  const server = any || ekus.includes(EKU_SERVER_AUTH);
  const client = any || ekus.includes(EKU_CLIENT_AUTH);
  if (facts.role === 'server' && !server) {
    problem('cert/no-eku', ref, 'server certificate without extended key usage serverAuth: clients with `remote-cert-tls server` refuse it');
  } else if (facts.role === 'client' && !client) {
    problem('cert/no-eku', ref, 'client certificate without extended key usage clientAuth: servers with `remote-cert-tls client` refuse it');
  } else if (!facts.role && !server && !client) {
    problem('cert/no-eku', ref, 'neither serverAuth nor clientAuth extended key usage: `remote-cert-tls` refuses it in either role');
  }
}
