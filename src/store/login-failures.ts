/**
 * Failed logins kept in the store, one principal family per kind of account ("admin", "vpn"), each with
 * the address it came from, judged by the shared lockout rule (src/core/lockout.ts): per account and
 * address, with a slower account-wide back-off.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { evaluateLoginLock, summariseLoginLocks, type LockoutPolicy, type LoginFailure, type LoginLockState } from '../core/lockout.js';

export class LoginFailures {
  constructor(
    private readonly db: Kysely<Database>,
    readonly policy: LockoutPolicy,
    private readonly family: 'admin' | 'vpn',
  ) {}

  private principal(name: string): string {
    return `${this.family}:${name}`;
  }

  /** `source` is the client's address ("" when unknown: such failures share one address). */
  async record(name: string, at: Date = new Date(), source = ''): Promise<void> {
    await this.db.insertInto('login_failures').values({ principal: this.principal(name), at: at.toISOString(), source }).execute();
  }

  /** Failures recent enough to matter: a lock started by the oldest of them could still be running. */
  private since(): string {
    return new Date(Date.now() - 2 * (this.policy.windowSeconds + this.policy.lockSeconds) * 1000).toISOString();
  }

  async failures(name: string): Promise<LoginFailure[]> {
    const rows = await this.db.selectFrom('login_failures').select(['at', 'source']).where('principal', '=', this.principal(name)).where('at', '>=', this.since()).execute();
    return rows.map((r) => ({ at: new Date(r.at), source: r.source }));
  }

  /** What a login of `name` from `source` meets now. */
  async stateFor(name: string, source: string, now: Date = new Date()): Promise<LoginLockState> {
    return evaluateLoginLock(await this.failures(name), source, now, this.policy);
  }

  /** The account as an administrator sees it: locked when the account or any of its addresses is. */
  async state(name: string): Promise<LoginLockState> {
    return summariseLoginLocks(await this.failures(name), new Date(), this.policy);
  }

  /**
   * The state of every named account from one query over the family's recent failures (a list of a
   * thousand users must not cost a thousand queries). Names without failures are unlocked with none.
   */
  async states(names: readonly string[]): Promise<Map<string, LoginLockState>> {
    const prefix = this.principal('');
    // the prefix ("vpn:") holds no LIKE wildcard; principals are compared exactly below
    const rows = await this.db.selectFrom('login_failures').select(['principal', 'at', 'source']).where('principal', 'like', `${prefix}%`).where('at', '>=', this.since()).execute();
    const byName = new Map<string, LoginFailure[]>();
    for (const r of rows) {
      if (!r.principal.startsWith(prefix)) continue;
      const name = r.principal.slice(prefix.length);
      const list = byName.get(name) ?? [];
      list.push({ at: new Date(r.at), source: r.source });
      byName.set(name, list);
    }
    const now = new Date();
    return new Map(names.map((n) => [n, summariseLoginLocks(byName.get(n) ?? [], now, this.policy)]));
  }

  /** Forgets the failures of one address (a successful login from it), or of every address (an unlock). */
  async clear(name: string, source?: string): Promise<void> {
    let q = this.db.deleteFrom('login_failures').where('principal', '=', this.principal(name));
    if (source !== undefined) q = q.where('source', '=', source);
    await q.execute();
  }
}
