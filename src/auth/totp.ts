/**
 * TOTP as every login in Corridor checks it (VPN users over OpenVPN, administrators of the console):
 * RFC 6238, SHA-1, 6 digits, 30 s, ±1 step. A code is accepted once: the last step each account used is
 * kept in the store, so a code seen on the wire cannot be replayed, not even after a daemon restart.
 * A new secret is only pending until a code for it is confirmed; the active one keeps working meanwhile.
 */
import type { Kysely } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import type { Database } from '../store/schema.js';
import type { MasterKey } from '../secrets/master-key.js';
import { validationError } from '../core/errors.js';

const PERIOD = 30;

/** The 30-second step a code belongs to, or undefined when it matches none of now ±1 step. */
export function matchTotp(base32Secret: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const totp = new TOTP({ secret: Secret.fromBase32(base32Secret), digits: 6, period: PERIOD, algorithm: 'SHA1' });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? undefined : Math.floor(now.getTime() / (PERIOD * 1000)) + delta;
}

/** Where the last used step of each principal ("admin:<name>", "vpn:<name>") is kept. */
export interface TotpSteps {
  /** true when `step` is later than any step this principal used before (and now is the last) */
  claim(principal: string, step: number): Promise<boolean>;
  /** a new secret starts its own history with the step that confirmed it */
  reset(principal: string, step: number): Promise<void>;
}

export class StoredTotpSteps implements TotpSteps {
  constructor(private readonly db: Kysely<Database>) {}

  async claim(principal: string, step: number): Promise<boolean> {
    // one statement each, so two logins racing with the same code cannot both win
    const updated = await this.db.updateTable('totp_last_steps').set({ step }).where('principal', '=', principal).where('step', '<', step).executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return true;
    const inserted = await this.db.insertInto('totp_last_steps').values({ principal, step }).onConflict((oc) => oc.column('principal').doNothing()).executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async reset(principal: string, step: number): Promise<void> {
    await this.db.insertInto('totp_last_steps').values({ principal, step }).onConflict((oc) => oc.column('principal').doUpdateSet({ step })).execute();
  }
}

/** Steps kept in memory: for a process without a store (the engine lab harnesses, benchmarks). */
export class MemoryTotpSteps implements TotpSteps {
  private readonly last = new Map<string, number>();

  async claim(principal: string, step: number): Promise<boolean> {
    if ((this.last.get(principal) ?? -1) >= step) return false;
    this.last.set(principal, step);
    return true;
  }

  async reset(principal: string, step: number): Promise<void> {
    this.last.set(principal, step);
  }
}

/** Checks a code and spends it: false for a wrong code and for one already used by this principal. */
export async function verifyTotp(steps: TotpSteps, principal: string, base32Secret: string, code: string, now: Date): Promise<boolean> {
  const step = matchTotp(base32Secret, code, now);
  return step !== undefined && steps.claim(principal, step);
}

export interface TotpEnrolment {
  secret: string;
  otpauthUrl: string;
}

/** The context a pending TOTP secret is sealed under (the key rotation re-seals it under the same). */
export function totpEnrolmentContext(principal: string): string {
  return `totp-enrolment:${principal}`;
}

/**
 * Pending secrets, one per principal, sealed with the master key. `start` replaces an earlier pending
 * one; `confirm` hands back the secret once a code for it matches, and forgets it.
 */
export class TotpEnrolments {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: MasterKey,
    private readonly steps: TotpSteps,
  ) {}

  async start(principal: string, issuer: string, label: string): Promise<TotpEnrolment> {
    const secret = new Secret({ size: 20 }).base32;
    const row = { principal, secret_sealed: this.key.seal(secret, totpEnrolmentContext(principal)), created_at: new Date().toISOString() };
    await this.db.insertInto('totp_enrolments').values(row).onConflict((oc) => oc.column('principal').doUpdateSet({ secret_sealed: row.secret_sealed, created_at: row.created_at })).execute();
    const otpauthUrl = new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) }).toString();
    return { secret, otpauthUrl };
  }

  /** The confirmed secret; a 400 naming `code` when nothing is pending or the code does not match. */
  async confirm(principal: string, code: string, now: Date = new Date()): Promise<string> {
    const row = await this.db.selectFrom('totp_enrolments').select('secret_sealed').where('principal', '=', principal).executeTakeFirst();
    if (!row) throw validationError([{ path: 'code', message: 'no TOTP enrolment is pending: start one first' }]);
    const secret = this.key.openString(row.secret_sealed, totpEnrolmentContext(principal));
    const step = matchTotp(secret, code, now);
    if (step === undefined) throw validationError([{ path: 'code', message: 'code does not match the new secret; check the phone clock' }]);
    await this.db.deleteFrom('totp_enrolments').where('principal', '=', principal).execute();
    // the confirming code is spent: it cannot log in afterwards
    await this.steps.reset(principal, step);
    return secret;
  }
}
