import { x509 } from './crypto.js';

/** A distinguished name as administrators write it. Attribute order in the certificate is C, ST, L, O, OU, CN. */
export interface Subject {
  CN: string;
  O?: string;
  OU?: string;
  C?: string;
  ST?: string;
  L?: string;
}

const ORDER = ['C', 'ST', 'L', 'O', 'OU', 'CN'] as const;

/**
 * Built as JSON rather than as an "CN=…, O=…" string so that commas, quotes or equals signs in a value
 * are data, never syntax.
 */
export function toName(subject: Subject): x509.Name {
  const json: x509.JsonName = [];
  for (const attr of ORDER) {
    const value = subject[attr];
    if (value === undefined || value === '') continue;
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new Error(`subject ${attr} contains control characters`);
    if (attr === 'C' && !/^[A-Z]{2}$/.test(value)) throw new Error(`subject C must be two capital letters, got ${JSON.stringify(value)}`);
    json.push({ [attr]: [value] });
  }
  if (!subject.CN) throw new Error('subject CN is required');
  return new x509.Name(json);
}

/** The first CN of a name, or undefined. */
export function commonName(name: x509.Name): string | undefined {
  return name.getField('CN')[0];
}
