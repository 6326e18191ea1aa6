/**
 * Failed logins kept in the store, one principal family per kind of account ("admin", "vpn"), judged by
 * the shared lockout rule (src/core/lockout.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { evaluateLockout, type LockoutPolicy, type LockoutState } from '../core/lockout.js';

export class LoginFailures {
  constructor(
    private readonly db: Kysely<Database>,
    readonly policy: LockoutPolicy,
    private readonly family: 'admin' | 'vpn',
  ) {}

  private principal(name: string): string {
    return `${this.family}:${name}`;
  }

  async record(name: string, at: Date = new Date()): Promise<void> {
    await this.db.insertInto('login_failures').values({ principal: this.principal(name), at: at.toISOString() }).execute();
  }

  /** Failures recent enough to matter: a lock started by the oldest of them could still be running. */
  async failures(name: string): Promise<Date[]> {
    const since = new Date(Date.now() - 2 * (this.policy.windowSeconds + this.policy.lockSeconds) * 1000).toISOString();
    const rows = await this.db.selectFrom('login_failures').select('at').where('principal', '=', this.principal(name)).where('at', '>=', since).execute();
    return rows.map((r) => new Date(r.at));
  }

  async state(name: string): Promise<LockoutState> {
    return evaluateLockout(await this.failures(name), new Date(), this.policy);
  }

  async clear(name: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('principal', '=', this.principal(name)).execute();
  }
}
