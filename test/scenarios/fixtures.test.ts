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
import { CAPTURED_DIR, assertDiagnosis, diagnose } from './support/harness.js';

/** Engine-specific code families, by the prefix of the scenario's name. */
const FAMILY: Record<string, string> = { ss: 'ike/', ovpn: 'openvpn/', wg: 'wireguard/' };
const ENGINE_FAMILIES = Object.values(FAMILY);

test('every capture has an expectation and every expectation a capture', () => {
  const captured = existsSync(CAPTURED_DIR)
    ? readdirSync(CAPTURED_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
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

test('no capture yields a finding of another engine (rules match their own engine\'s wording only)', async () => {
  for (const exp of ALL_EXPECTATIONS) {
    const own = FAMILY[exp.name.split('-')[0] ?? ''];
    assert.ok(own, `${exp.name}: unknown engine prefix`);
    const dir = join(CAPTURED_DIR, exp.name);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
      const foreign: string[] = (await diagnose([join(dir, f)])).map((x) => x.code)
        .filter((c) => ENGINE_FAMILIES.some((p) => c.startsWith(p)) && !c.startsWith(own));
      assert.deepEqual(foreign, [], `${exp.name}/${f}`);
    }
  }
});
