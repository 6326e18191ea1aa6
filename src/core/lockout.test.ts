import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateLockout } from './lockout.js';

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
