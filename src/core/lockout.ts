/**
 * Login lockout, shared by admin logins and VPN users: N failures within a window lock the account for
 * a duration. Pure: the caller keeps the failure timestamps (in the store) and asks what they mean.
 */
export interface LockoutPolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
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
