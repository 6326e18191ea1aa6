import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { BACKENDS, freshStore } from '../support/db.js';
import { LoginFailures } from '../../src/store/login-failures.js';
import type { Store } from '../../src/store/db.js';

const policy = { maxFailures: 3, windowSeconds: 300, lockSeconds: 300 };

/** Counts the statements a Kysely instance sends. */
function counter(): KyselyPlugin & { queries: number } {
  return {
    queries: 0,
    transformQuery(args) {
      this.queries++;
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
}

for (const backend of BACKENDS) {
  describe(`login failures on ${backend}`, () => {
    let store: Store;
    before(async () => {
      store = await freshStore(backend);
    });
    after(async () => store.close());

    test('states of many accounts come from one query and match each account asked alone', async () => {
      const vpn = new LoginFailures(store.db, policy, 'vpn');
      const names = Array.from({ length: 60 }, (_, i) => `user_${i}%`);
      const t0 = Date.now() - 60_000;
      for (const [i, name] of names.entries()) {
        for (let k = 0; k < i % 4; k++) await vpn.record(name, new Date(t0 + k * 1000));
      }
      // same names in the other family, and a name that merely starts like a listed one
      for (let k = 0; k < 3; k++) await new LoginFailures(store.db, policy, 'admin').record('user_1%', new Date(t0 + k * 1000));
      for (let k = 0; k < 3; k++) await vpn.record('user_1%x', new Date(t0 + k * 1000));

      const count = counter();
      const states = await new LoginFailures(store.db.withPlugin(count), policy, 'vpn').states(names);
      assert.equal(count.queries, 1);
      assert.equal(states.size, names.length);
      for (const name of names) {
        const alone = await vpn.state(name);
        assert.deepEqual(states.get(name), alone, name);
      }
      assert.equal(states.get('user_3%')?.locked, true);
      assert.deepEqual(states.get('user_1%'), { locked: false, remaining: 2, recentFailures: 1 });
    });
  });
}
