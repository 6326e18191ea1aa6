/**
 * Login lockout, shared by admin logins and VPN users: N failures within a window from one address lock
 * that (account, address) pair for a duration; many more from all addresses together lock the account.
 * Pure: the caller keeps the failures (in the store) and asks what they mean.
 */
export interface LockoutPolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
  /** failures within the window from all addresses together that lock the whole account (default 4 × maxFailures) */
  accountMaxFailures?: number | undefined;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowSeconds: 300, lockSeconds: 300 };

export interface LockoutState {
  locked: boolean;
  /** when the lock ends (only when locked) */
  until?: Date;
  /** failures still allowed before a lock (0 when locked) */
  remaining: number;
  /** failures counted inside the window */
  recentFailures: number;
}

/**
 * A lock starts at the failure that reaches maxFailures within windowSeconds and lasts lockSeconds from
 * that failure. Failures during a lock do not extend it (an attacker hammering a locked account must not
 * keep its owner out forever), and are not counted toward a new lock.
 */
export function evaluateLockout(failures: readonly Date[], now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): LockoutState {
  const times = failures.map((d) => d.getTime()).filter((t) => t <= now.getTime()).sort((a, b) => a - b);
  let lockedUntil = 0;
  let window: number[] = [];
  for (const t of times) {
    if (t < lockedUntil) continue;
    window = window.filter((w) => t - w < policy.windowSeconds * 1000);
    window.push(t);
    if (window.length >= policy.maxFailures) {
      lockedUntil = t + policy.lockSeconds * 1000;
      window = [];
    }
  }
  if (now.getTime() < lockedUntil) {
    return { locked: true, until: new Date(lockedUntil), remaining: 0, recentFailures: policy.maxFailures };
  }
  const recent = window.filter((w) => now.getTime() - w < policy.windowSeconds * 1000).length;
  return { locked: false, remaining: Math.max(0, policy.maxFailures - recent), recentFailures: recent };
}

/** One failed login: when, and from which address (the client's IP; "" when unknown). */
export interface LoginFailure {
  at: Date;
  source: string;
}

export interface LoginLockState extends LockoutState {
  /** what is locked: one source address, or (after many failures from many addresses) the whole account */
  scope?: 'address' | 'account';
}

/**
 * Failures from all addresses together that put the whole account in back-off: a slower limit than the
 * per-address one (4 times its count unless configured), so that one attacker's address locks only itself.
 */
export function accountMaxFailures(policy: LockoutPolicy): number {
  return policy.accountMaxFailures ?? policy.maxFailures * 4;
}

/**
 * The lock a login from `source` meets: the per-(account, address) rule first, then the account-wide
 * back-off. An attacker hammering from one address locks that address only; the owner from another
 * address is not affected until failures from many addresses reach the account-wide count, and even
 * then a valid second factor gets in (the callers decide that: this rule only says what is locked).
 */
export function evaluateLoginLock(failures: readonly LoginFailure[], source: string, now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): LoginLockState {
  const address = evaluateLockout(failures.filter((f) => f.source === source).map((f) => f.at), now, policy);
  if (address.locked) return { ...address, scope: 'address' };
  const account = evaluateLockout(failures.map((f) => f.at), now, { ...policy, maxFailures: accountMaxFailures(policy) });
  if (account.locked) return { ...account, scope: 'account' };
  return { locked: false, remaining: Math.min(address.remaining, account.remaining), recentFailures: address.recentFailures };
}

/**
 * The account as an administrator sees it (users list, `corridor user lockout`): locked when the account
 * or any of its addresses is; `until` is the latest lock's end; `remaining` the fewest failures any
 * address still has; `recentFailures` counts every address.
 */
export function summariseLoginLocks(failures: readonly LoginFailure[], now: Date, policy: LockoutPolicy = DEFAULT_LOCKOUT): LoginLockState {
  const sources = [...new Set(failures.map((f) => f.source))];
  const states = sources.map((s) => evaluateLoginLock(failures, s, now, policy));
  const account = evaluateLockout(failures.map((f) => f.at), now, { ...policy, maxFailures: accountMaxFailures(policy) });
  const recentFailures = failures.filter((f) => f.at.getTime() <= now.getTime() && now.getTime() - f.at.getTime() < policy.windowSeconds * 1000).length;
  const locks = states.filter((s) => s.locked);
  if (locks.length) {
    const until = new Date(Math.max(...locks.map((s) => s.until!.getTime())));
    return { locked: true, until, remaining: 0, recentFailures, scope: account.locked ? 'account' : 'address' };
  }
  return { locked: false, remaining: Math.min(policy.maxFailures, ...states.map((s) => s.remaining)), recentFailures };
}
