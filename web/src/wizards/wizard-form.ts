import { ApiError } from '../api.js';
import { mapIssues } from '../field-errors.js';

/**
 * Wizards create several resources from one set of fields: each API field path is renamed to the
 * wizard's field ("addresses" of the peer → "address"), so errors land where the administrator typed.
 */
export function wizardErrors(e: unknown, rename: Record<string, string>): Record<string, string> | undefined {
  if (!(e instanceof ApiError) || (e.issues.length === 0 && e.status !== 409)) return undefined;
  const mapped = mapIssues(e.issues, Object.keys(rename));
  const out: Record<string, string> = {};
  for (const [apiPath, msg] of Object.entries(mapped.fields)) out[rename[apiPath]!] = msg;
  if (mapped.general.length || Object.keys(out).length === 0) out._general = mapped.general.join('; ') || e.message;
  return out;
}

/** 24 characters from a 62-letter alphabet (~142 bits): accepted by every vendor's PSK field. */
export function generatePsk(length = 24): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const out: string[] = [];
  const buf = new Uint8Array(length * 2);
  while (out.length < length) {
    crypto.getRandomValues(buf);
    for (const b of buf) {
      // rejection sampling keeps every letter equally likely
      if (b < 256 - (256 % alphabet.length) && out.length < length) out.push(alphabet[b % alphabet.length]!);
    }
  }
  return out.join('');
}
