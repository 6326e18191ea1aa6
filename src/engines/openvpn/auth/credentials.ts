/**
 * The password field of an OpenVPN client carries the second factor in one of two shapes:
 * - static-challenge clients send `SCRV1:<base64 password>:<base64 response>`;
 * - others type the code after the password: `secret123456`.
 */
import { Secret, TOTP } from 'otpauth';

export interface SplitCredentials {
  password: string;
  /** the one-time code when a second factor was expected or sent via static-challenge */
  code: string | undefined;
}

export function splitCredentials(raw: string, expectCode: boolean): SplitCredentials {
  if (raw.startsWith('SCRV1:')) {
    const [, pw = '', resp = ''] = raw.split(':');
    return { password: Buffer.from(pw, 'base64').toString('utf8'), code: Buffer.from(resp, 'base64').toString('utf8').trim() };
  }
  if (expectCode) {
    const m = /^([\s\S]*?)(\d{6})$/.exec(raw);
    if (m) return { password: m[1] ?? '', code: m[2] };
    return { password: raw, code: undefined };
  }
  return { password: raw, code: undefined };
}

/**
 * Checks a TOTP code (RFC 6238, SHA-1, 6 digits, 30 s, ±1 step) and refuses a code already used
 * for this user, so a code seen on the wire cannot be replayed within its validity.
 */
export class TotpVerifier {
  private readonly lastStep = new Map<string, number>();

  verify(username: string, base32Secret: string, code: string, now: Date): boolean {
    if (!/^\d{6}$/.test(code)) return false;
    const totp = new TOTP({ secret: Secret.fromBase32(base32Secret), digits: 6, period: 30, algorithm: 'SHA1' });
    const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
    if (delta === null) return false;
    const step = Math.floor(now.getTime() / 30_000) + delta;
    if ((this.lastStep.get(username) ?? -1) >= step) return false;
    this.lastStep.set(username, step);
    return true;
  }
}
