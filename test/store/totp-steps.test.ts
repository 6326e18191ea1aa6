import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS, freshStore } from '../support/db.js';
import { StoredTotpSteps } from '../../src/auth/totp.js';
import type { Store } from '../../src/store/db.js';

for (const backend of BACKENDS) {
  describe(`used TOTP steps on ${backend}`, () => {
    let store: Store;
    before(async () => {
      store = await freshStore(backend);
    });
    after(async () => store.close());

    test('a step is accepted once, an older one never, per principal, and a new instance (a restart) remembers', async () => {
      const steps = new StoredTotpSteps(store.db);
      const step = 59_000_000;
      assert.equal(await steps.claim('vpn:alice', step), true);
      assert.equal(await steps.claim('vpn:alice', step), false, 'replay');
      assert.equal(await steps.claim('vpn:alice', step - 1), false, 'an older code');
      assert.equal(await steps.claim('admin:alice', step), true, 'another principal');
      const restarted = new StoredTotpSteps(store.db);
      assert.equal(await restarted.claim('vpn:alice', step), false, 'replay after a restart');
      assert.equal(await restarted.claim('vpn:alice', step + 1), true);
      // a new secret starts its history at the step that confirmed it
      await restarted.reset('vpn:alice', step);
      assert.equal(await restarted.claim('vpn:alice', step), false);
      assert.equal(await restarted.claim('vpn:alice', step + 1), true);
    });

    test('logins racing with the same code: exactly one wins', async () => {
      const steps = new StoredTotpSteps(store.db);
      for (const step of [60_000_000, 60_000_001]) {
        const results = await Promise.all(Array.from({ length: 8 }, () => steps.claim('vpn:racer', step)));
        assert.equal(results.filter(Boolean).length, 1, `step ${step}: ${results}`);
      }
    });
  });
}
