/**
 * Certificate problem codes. They are the doctor's `cert/…` catalog ids (DESIGN.md, "The doctor's
 * contract"), so a finding from `corridor pki inspect` and one from the doctor mean the same thing.
 */
export const CERT_PROBLEM_CODES = [
  'cert/no-eku',
  'cert/key-mismatch',
  'cert/wrong-ca',
  'cert/expired',
  'cert/not-yet-valid',
  'cert/expiring',
  'cert/revoked',
  'cert/weak-key',
  'cert/weak-signature',
  'cert/crl-expired',
] as const;
export type CertProblemCode = (typeof CERT_PROBLEM_CODES)[number];

export interface CertProblem {
  code: CertProblemCode;
  severity: 'error' | 'warning';
  /** ref of the object it is about: "bundle.pem#2", "alice.ovpn<cert>" */
  object: string;
  message: string;
}

/** Days before notAfter from which cert/expiring is reported. */
export const EXPIRING_DAYS = 30;
