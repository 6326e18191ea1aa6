/**
 * Certificate revocation lists, in PEM for OpenVPN's `crl-verify FILE` and in DER for strongSwan
 * (VICI load-cert type X509_CRL takes DER; swanctl's x509crl/ directory reads either).
 */
import { asSigningCa } from './issue.js';
import type { CaInput } from './issue.js';
import { x509 } from './crypto.js';
import { PkiError } from './errors.js';
import { OID_CRL_NUMBER } from './oids.js';
import { normaliseSerial } from './serial.js';
import { signingAlgorithm, toPem } from './key-types.js';

export type RevocationReason = keyof typeof x509.X509CrlReason;

export interface RevokedEntry {
  /** hex, as stored for the certificate */
  serial: string;
  date: Date;
  reason?: RevocationReason;
}

export interface BuildCrlOptions {
  ca: CaInput;
  revoked: RevokedEntry[];
  /**
   * Must increase with every CRL of a CA. Default: thisUpdate in Unix seconds, which increases as long as
   * CRLs are not built twice in one second or with the clock set back; a caller that stores a counter passes it.
   */
  crlNumber?: number | bigint;
  /** default now */
  thisUpdate?: Date;
  /** default thisUpdate + 7 days; OpenVPN refuses every client once it passes, so regenerate well before */
  nextUpdate?: Date;
}

export interface BuiltCrl {
  pem: string;
  der: Buffer;
  crlNumber: bigint;
  thisUpdate: Date;
  nextUpdate: Date;
}

/** DER INTEGER, as the crlNumber extension's value. */
function derInteger(n: bigint): Uint8Array {
  if (n < 0n) throw new PkiError('crlNumber must not be negative');
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) & 0x80) hex = `00${hex}`;
  const body = Buffer.from(hex, 'hex');
  return Uint8Array.from([0x02, body.length, ...body]);
}

export async function buildCrl(opts: BuildCrlOptions): Promise<BuiltCrl> {
  const ca = await asSigningCa(opts.ca);
  const thisUpdate = opts.thisUpdate ?? new Date();
  const nextUpdate = opts.nextUpdate ?? new Date(thisUpdate.getTime() + 7 * 86_400_000);
  if (nextUpdate <= thisUpdate) throw new PkiError('nextUpdate must be after thisUpdate');
  const crlNumber = BigInt(opts.crlNumber ?? Math.floor(thisUpdate.getTime() / 1000));
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subjectName,
    thisUpdate,
    nextUpdate,
    signingKey: ca.signingKey,
    signingAlgorithm: signingAlgorithm(ca.keyType),
    extensions: [
      new x509.AuthorityKeyIdentifierExtension(ca.keyId, false),
      new x509.Extension(OID_CRL_NUMBER, false, derInteger(crlNumber)),
    ],
    entries: opts.revoked.map((r) => {
      const serial = normaliseSerial(r.serial);
      if (!/^[0-9a-f]+$/.test(serial)) throw new PkiError(`not a hex serial: ${JSON.stringify(r.serial)}`, 'CRL entry');
      return {
        // DER INTEGER: a leading bit of 1 needs a 00 byte to stay positive
        serialNumber: (serial.length % 2 ? `0${serial}` : serial).replace(/^([89a-f])/, '00$1'),
        revocationDate: r.date,
        ...(r.reason ? { reason: x509.X509CrlReason[r.reason] } : {}),
      };
    }),
  });
  const der = Buffer.from(crl.rawData);
  // @peculiar/x509 labels it "CRL"; OpenSSL (so OpenVPN's crl-verify) only reads "X509 CRL"
  return { pem: toPem(der, 'X509 CRL'), der, crlNumber, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate ?? nextUpdate };
}
