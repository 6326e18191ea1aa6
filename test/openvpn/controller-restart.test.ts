/**
 * Resilience with real processes: the controller runs in its own node process (controller-main.ts) so it
 * can be killed -9 like a crashed daemon; openvpn runs under the engine supervisor.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOpenVpnAdapter } from '../../src/engines/openvpn/index.js';
import type { LockoutPolicy } from '../../src/core/lockout.js';
import { LAN_HOST, OvpnLab, pollUntil, spawnChildController } from './harness.js';
import type { ChildController, TestClient } from './harness.js';

const POLICY: LockoutPolicy = { maxFailures: 5, windowSeconds: 300, lockSeconds: 5 };
const PW = { alice: 'alice-password-1', frank: 'frank-password-1' };

describe('openvpn controller and engine restarts', () => {
  let o: OvpnLab;
  let controller: ChildController | undefined;
  const clients: TestClient[] = [];

  before(async () => {
    o = await OvpnLab.create({ lockoutPolicy: POLICY });
    await o.store.addUser('alice', PW.alice);
    await o.store.addUser('frank', PW.frank);
    for (const u of ['alice', 'frank']) await o.pki.issueUser(u);
    // the adapter renders and describes the engine; the controllers under test run in child processes
    const adapter = createOpenVpnAdapter(o.store.deps(POLICY));
    const { specs } = await adapter.reconcile([o.server], o.ctx);
    await adapter.close();
    const spec = specs[0];
    assert.ok(spec);
    await o.startServer({ ...spec, ready: undefined });
  });

  after(async () => {
    for (const c of clients) await c.stop();
    await controller?.kill9();
    await o?.close();
  });

  const startController = async (): Promise<ChildController> => {
    const c = spawnChildController(o, POLICY);
    controller = c;
    await pollUntil('controller attached', () => (c.attachCount() > 0 ? true : undefined), 15_000, 50);
    return c;
  };

  test('kill -9 of the controller keeps traffic flowing; the next controller lists the session', async () => {
    const a = await startController();
    const alice = o.client(o.c1, 'alice', PW.alice);
    clients.push(alice);
    await alice.waitFor(/Initialization Sequence Completed/, 20_000);
    const addr = (await alice.waitFor(/net_addr_v4_add: (198\.19\.99\.\d+)\//, 1000))[1];
    assert.equal((await o.c1.ping(LAN_HOST)).received, 3);
    await pollUntil('a lists alice', () => (a.latestSessions().some((s) => s.username === 'alice') ? true : undefined), 5000, 50);
    await a.kill9();
    assert.equal((await o.c1.ping(LAN_HOST)).received, 3, 'traffic flows with no controller');
    const b = await startController();
    const listed = await pollUntil('b lists alice', () => b.latestSessions().find((s) => s.username === 'alice'), 10_000, 50);
    assert.equal(listed.tunnelAddress, addr);
  });

  test('a client that connects while no controller listens is deferred by the hook and served when one returns', async (t) => {
    await controller?.kill9();
    const frank = o.client(o.c2, 'frank', PW.frank);
    clients.push(frank);
    // the hook found no daemon: OpenVPN holds the client (exit 2) while the hook's child keeps asking
    await pollUntil('frank deferred', () => (/deferred for username 'frank'/.test(o.serverLog()) ? true : undefined), 20_000, 50);
    const t0 = Date.now();
    const c = await startController();
    await frank.waitFor(/Initialization Sequence Completed/, 20_000);
    t.diagnostic(`served ${Date.now() - t0} ms after the controller was started (OpenVPN alone would refuse or stall)`);
    assert.doesNotMatch(frank.log(), /AUTH_FAILED|SIGUSR1/, 'served on its first attempt, not refused and restarted');
    assert.ok(c.lines.some((l) => l['event'] === 'session.connect' && l['subject'] === 'frank'));
    await pollUntil('frank listed', () => (c.latestSessions().some((s) => s.username === 'frank') ? true : undefined), 5000, 50);
  });

  test('a killed openvpn is restarted and the client reconnects', async (t) => {
    for (const c of clients.splice(0)) await c.stop();
    // a stock client: it learns of the crash only through the server-pushed ping-restart
    const alice = o.client(o.c1, 'alice', PW.alice);
    clients.push(alice);
    await alice.waitFor(/Initialization Sequence Completed/, 20_000);
    const pushed = (await alice.waitFor(/PUSH_REPLY,([^']*)'/, 1000))[1] ?? '';
    assert.match(pushed, /(^|,)ping 2,ping-restart 6(,|$)/, 'short keepalive pushed');
    assert.match(o.serverLog(), /Timers: ping 2, ping-restart 12/, 'the server ends a silent client after 12 s');
    const c = controller;
    assert.ok(c);
    const rounds = 2;
    for (let round = 1; round <= rounds; round++) {
      const attachesBefore = c.attachCount();
      const completedBefore = (alice.log().match(/Initialization Sequence Completed/g) ?? []).length;
      const pid = o.serverPid;
      assert.ok(pid);
      const t0 = Date.now();
      process.kill(pid, 'SIGKILL');
      await pollUntil('openvpn restarted', () => (o.serverPid !== undefined && o.serverPid !== pid ? true : undefined), 10_000, 50);
      await pollUntil('controller re-attached', () => (c.attachCount() > attachesBefore ? true : undefined), 10_000, 50);
      // bounded well above the pushed 6 s: no operator action, no client-side setting
      await pollUntil('client reconnected', () => ((alice.log().match(/Initialization Sequence Completed/g) ?? []).length > completedBefore ? true : undefined), 45_000, 100);
      assert.match(alice.log(), /Inactivity timeout \(--ping-restart\), restarting/);
      assert.equal((await o.c1.ping(LAN_HOST)).received, 3);
      t.diagnostic(`round ${round}: traffic again ${Date.now() - t0} ms after kill -9 (figures: bench/openvpn/RECOVERY.md)`);
    }
    assert.ok(o.serverRestarts >= rounds);
    assert.doesNotMatch(alice.log(), /AUTH_FAILED/);
    await pollUntil('alice listed again', () => (c.latestSessions().some((s) => s.username === 'alice') ? true : undefined), 5000, 50);
  });
});
