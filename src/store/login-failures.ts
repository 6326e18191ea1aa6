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
  private since(): string {
    return new Date(Date.now() - 2 * (this.policy.windowSeconds + this.policy.lockSeconds) * 1000).toISOString();
  }

  async failures(name: string): Promise<Date[]> {
    const rows = await this.db.selectFrom('login_failures').select('at').where('principal', '=', this.principal(name)).where('at', '>=', this.since()).execute();
    return rows.map((r) => new Date(r.at));
  }

  async state(name: string): Promise<LockoutState> {
    return evaluateLockout(await this.failures(name), new Date(), this.policy);
  }

  /**
   * The state of every named account from one query over the family's recent failures (a list of a
   * thousand users must not cost a thousand queries). Names without failures are unlocked with none.
   */
  async states(names: readonly string[]): Promise<Map<string, LockoutState>> {
    const prefix = this.principal('');
    // the prefix ("vpn:") holds no LIKE wildcard; principals are compared exactly below
    const rows = await this.db.selectFrom('login_failures').select(['principal', 'at']).where('principal', 'like', `${prefix}%`).where('at', '>=', this.since()).execute();
    const byName = new Map<string, Date[]>();
    for (const r of rows) {
      if (!r.principal.startsWith(prefix)) continue;
      const name = r.principal.slice(prefix.length);
      const list = byName.get(name) ?? [];
      list.push(new Date(r.at));
      byName.set(name, list);
    }
    const now = new Date();
    return new Map(names.map((n) => [n, evaluateLockout(byName.get(n) ?? [], now, this.policy)]));
  }

  async clear(name: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('principal', '=', this.principal(name)).execute();
  }
}
