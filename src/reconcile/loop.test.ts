import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReconcileLoop } from './loop.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('passes never overlap and a burst of changes becomes one pass', async () => {
  let active = 0;
  let maxActive = 0;
  let passes = 0;
  const loop = new ReconcileLoop(async () => {
    active++;
    maxActive = Math.max(maxActive, active);
    passes++;
    await sleep(20);
    active--;
  }, () => {}, 10);
  await loop.start();
  for (let i = 0; i < 20; i++) loop.schedule();
  await Promise.all([loop.reconcile(), loop.reconcile()]);
  await sleep(60);
  await loop.stop();
  assert.equal(maxActive, 1);
  assert.equal(passes, 4, 'start + two explicit + one for the burst');
});

test('a failed pass is retried by itself and reported', async () => {
  let calls = 0;
  const errors: string[] = [];
  const loop = new ReconcileLoop(async () => {
    calls++;
    if (calls === 1) throw new Error('engine not ready');
  }, (e) => errors.push(e.message), 10, 50);
  await loop.start();
  assert.deepEqual(errors, ['engine not ready'], 'start() reports instead of throwing');
  const deadline = Date.now() + 5000;
  while (calls < 2 && Date.now() < deadline) await sleep(20);
  await loop.stop();
  assert.equal(calls, 2, 'retried without any new change');
});
