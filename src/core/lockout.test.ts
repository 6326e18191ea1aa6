import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLockout, evaluateLoginLock, summariseLoginLocks } from './lockout.js';

const at = (s: number) => new Date(1_800_000_000_000 + s * 1000);
const policy = { maxFailures: 5, windowSeconds: 300, lockSeconds: 300 };

test('five failures within five minutes lock for five minutes from the fifth', () => {
  const f = [0, 10, 20, 30, 40].map(at);
  assert.equal(evaluateLockout(f.slice(0, 4), at(41), policy).locked, false);
  assert.equal(evaluateLockout(f.slice(0, 4), at(41), policy).remaining, 1);
  const s = evaluateLockout(f, at(41), policy);
  assert.equal(s.locked, true);
  assert.equal(s.until?.getTime(), at(340).getTime());
  assert.equal(evaluateLockout(f, at(341), policy).locked, false);
});

test('failures spread wider than the window never lock', () => {
  const f = [0, 100, 200, 301, 402, 503].map(at);
  assert.equal(evaluateLockout(f, at(504), policy).locked, false);
});

test('failures while locked do not extend the lock', () => {
  const f = [0, 1, 2, 3, 4, 100, 200, 299].map(at);
  const s = evaluateLockout(f, at(299), policy);
  assert.equal(s.until?.getTime(), at(304).getTime());
  assert.equal(evaluateLockout(f, at(305), policy).locked, false);
  assert.equal(evaluateLockout(f, at(305), policy).remaining, 5);
});

test('per address: one address locks itself; the account-wide back-off needs four times as many from all addresses', () => {
  const from = (source: string, ...secs: number[]) => secs.map((s) => ({ at: at(s), source }));
  const attacker = from('198.18.0.66', 0, 1, 2, 3, 4);
  assert.equal(evaluateLoginLock(attacker, '198.18.0.66', at(5), policy).scope, 'address');
  assert.equal(evaluateLoginLock(attacker, '198.18.0.2', at(5), policy).locked, false, 'the owner elsewhere');
  assert.equal(evaluateLoginLock(attacker, '198.18.0.2', at(5), policy).remaining, 5);
  // twenty addresses, one failure each: the account (20 = 4 × 5) is in back-off for everyone
  const spread = Array.from({ length: 20 }, (_, i) => ({ at: at(i), source: `198.18.1.${i}` }));
  const s = evaluateLoginLock(spread, '198.18.0.2', at(20), policy);
  assert.equal(s.locked, true);
  assert.equal(s.scope, 'account');
  assert.equal(s.until?.getTime(), at(319).getTime());
  assert.equal(evaluateLoginLock(spread.slice(1), '198.18.0.2', at(20), policy).remaining, 1, 'one failure left before the account-wide lock');
  assert.equal(evaluateLoginLock(spread, '198.18.0.2', at(20), { ...policy, accountMaxFailures: 50 }).locked, false, 'configurable');
});

test('the administrator\'s summary: locked when any address is, until the latest lock ends', () => {
  const f = [0, 1, 2, 3, 4].map((s) => ({ at: at(s), source: 'a' })).concat([10, 11, 12, 13, 14].map((s) => ({ at: at(s), source: 'b' })), [{ at: at(15), source: 'c' }]);
  const s = summariseLoginLocks(f, at(16), policy);
  assert.deepEqual(s, { locked: true, until: at(314), remaining: 0, recentFailures: 11, scope: 'address' });
  assert.deepEqual(summariseLoginLocks(f.slice(-1), at(16), policy), { locked: false, remaining: 4, recentFailures: 1 });
});
