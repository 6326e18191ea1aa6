/**
 * What the OpenVPN authoriser asks about users, answered from the store: user records (password hash,
 * TOTP seed unsealed only here), lockout failures with their client address (shared rule with admin
 * logins, principal "vpn:<user>"), the last TOTP step each user spent, revoked certificate serials, and
 * routes granted by access policies.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ResourceStore } from '../store/resources.js';
import type { LockoutStore, VpnUserRecord } from '../engines/openvpn/index.js';
import type { AccessPolicy, User } from '../core/model/index.js';
import type { LockoutPolicy, LoginFailure } from '../core/lockout.js';
import { LoginFailures } from '../store/login-failures.js';
import { StoredTotpSteps } from '../auth/totp.js';

/** OpenVPN prints serials in decimal and as colon-separated hex; the store keeps PKI serials as hex. */
export function normaliseSerial(serial: string): string {
  const hex = /^[0-9]+$/.test(serial) ? BigInt(serial).toString(16) : serial.replace(/:/g, '').toLowerCase();
  return hex.replace(/^0+/, '') || '0';
}

export class UserDirectory implements LockoutStore {
  private revoked = new Set<string>();
  private readonly failureLog: LoginFailures;
  /** the TOTP steps each user spent (principal "vpn:<user>"), shared with the enrolment routes */
  readonly totpSteps: StoredTotpSteps;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly resources: ResourceStore,
    readonly policy: LockoutPolicy,
  ) {
    this.failureLog = new LoginFailures(db, policy, 'vpn');
    this.totpSteps = new StoredTotpSteps(db);
  }

  async findUser(username: string): Promise<VpnUserRecord | undefined> {
    let full: Record<string, unknown>;
    try {
      full = await this.resources.getWithSecrets('user', username);
    } catch {
      return undefined;
    }
    const u = full as unknown as User & { passwordHash?: string; totpSecret?: string };
    return {
      username: u.username,
      disabled: u.disabled,
      ...(u.passwordHash ? { passwordHash: u.passwordHash } : {}),
      ...(u.totpSecret ? { totpSecret: u.totpSecret } : {}),
      ...(u.staticIp ? { staticIp: u.staticIp } : {}),
      groups: u.groups,
      ...(u.maxSessions ? { maxSessions: u.maxSessions } : {}),
    };
  }

  async recordFailure(username: string, at: Date, source: string): Promise<void> {
    await this.failureLog.record(username, at, source);
  }

  failures(username: string): Promise<LoginFailure[]> {
    return this.failureLog.failures(username);
  }

  lockout(username: string) {
    return this.failureLog.state(username);
  }

  async unlock(username: string): Promise<void> {
    await this.failureLog.clear(username);
  }

  /** Refreshed whenever a CRL is published, so handshakes never wait for the database. */
  async refreshRevoked(): Promise<void> {
    const rows = await this.db.selectFrom('certificates').select('serial').where('revoked_at', 'is not', null).execute();
    this.revoked = new Set(rows.map((r) => normaliseSerial(r.serial)));
  }

  certificateRevoked(serial: string, serialHex: string | undefined): boolean {
    return this.revoked.has(normaliseSerial(serial)) || (!!serialHex && this.revoked.has(normaliseSerial(serialHex)));
  }

  routesFor(policies: readonly AccessPolicy[], groups: readonly string[]): string[] {
    const mine = new Set(groups);
    return [...new Set(policies.filter((p) => mine.has(p.group)).flatMap((p) => p.destinations))];
  }
}
