/**
 * The doctor over every committed capture of the scenario suite (test/fixtures/logs/captured/), with
 * the same expectations as the live runs but no engines: fast, and it catches a rule change that
 * would break the diagnosis of real engine output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_EXPECTATIONS } from './support/expectations.js';
import { CAPTURED_DIR, assertDiagnosis } from './support/harness.js';

test('every capture has an expectation and every expectation a capture', () => {
  const captured = existsSync(CAPTURED_DIR) ? readdirSync(CAPTURED_DIR).sort() : [];
  assert.deepEqual(captured, ALL_EXPECTATIONS.map((x) => x.name).sort());
});

for (const exp of ALL_EXPECTATIONS) {
  test(`captured ${exp.name}`, async () => {
    const dir = join(CAPTURED_DIR, exp.name);
    const logs = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => [f.slice(0, -4), join(dir, f)]));
    assert.ok(Object.keys(logs).length > 0, `${exp.name}: no logs`);
    await assertDiagnosis(exp, logs);
  });
}
