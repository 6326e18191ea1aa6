/** TOTP as every login in Corridor checks it: VPN users over OpenVPN and administrators of the console. */
import { Secret, TOTP } from 'otpauth';

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
