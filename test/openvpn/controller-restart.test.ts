/**
 * Resilience with real processes: the daemon (daemon-lab.ts: a real daemon process on the real store) is
 * killed -9 like a crash and started again on the same data directory; openvpn runs under its supervisor
 * and outlives it. The test only observes: client logs, pings, the engine's log, and what the API lists.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DaemonLab, LAN_HOST, pollUntil } from './daemon-lab.js';
import type { TestClient } from './harness.js';

const PW = { alice: 'alice-password-1', frank: 'frank-password-1' };

describe('openvpn across daemon and engine restarts', () => {
  let o: DaemonLab;
  const clients: TestClient[] = [];

  before(async () => {
    o = await DaemonLab.create();
    await o.addUser('alice', { password: PW.alice, groups: ['eng'] });
    await o.addUser('frank', { password: PW.frank, groups: ['eng'] });
  });

  after(async () => {
    for (const c of clients) await c.stop();
    await o?.close();
  });

  const reachesLan = () =>
    pollUntil('LAN host reached', async () => ((await o.c1.ping(LAN_HOST, { count: 1, timeoutS: 0.5 })).received === 1 ? true : undefined), 5000, 50);

  test('kill -9 of the daemon keeps traffic flowing; the next daemon lists the session', async () => {
    const alice = o.client(o.c1, 'alice', PW.alice);
    clients.push(alice);
    await alice.waitFor(/Initialization Sequence Completed/, 20_000);
    const addr = (await alice.waitFor(/net_addr_v4_add: (198\.19\.99\.\d+)\//, 1000))[1];
    await reachesLan();
    await pollUntil('alice listed', async () => ((await o.sessions('alice')).length ? true : undefined), 10_000, 100);
    await o.killDaemon();
    assert.equal((await o.c1.ping(LAN_HOST, { count: 3 })).received, 3, 'traffic flows with no daemon');
    await o.startDaemon();
    const listed = await pollUntil('alice listed by the next daemon', async () => (await o.sessions('alice'))[0], 20_000, 100);
    assert.equal(listed.tunnelAddress, addr);
  });

  test('a client that connects while the daemon is down is held by the hook and served when it returns', async () => {
    await o.killDaemon();
    const frank = o.client(o.c2, 'frank', PW.frank);
    clients.push(frank);
    // the hook found no daemon: OpenVPN holds the client while the hook's child keeps asking
    await pollUntil('frank deferred', () => (/deferred for username 'frank'/.test(o.serverLog()) ? true : undefined), 20_000, 50);
    await o.startDaemon();
    await frank.waitFor(/Initialization Sequence Completed/, 30_000);
    assert.doesNotMatch(frank.log(), /AUTH_FAILED|SIGUSR1/, 'served on its first attempt, not refused and restarted');
    await o.waitEvent('session.connect', 'frank');
    await pollUntil('frank listed', async () => ((await o.sessions('frank')).length ? true : undefined), 10_000, 100);
  });

  test('a killed openvpn is restarted by the supervisor and the client reconnects', async (t) => {
    for (const c of clients.splice(0)) await c.stop();
    // a stock client: it learns of the crash only through the server-pushed ping-restart
    const alice = o.client(o.c1, 'alice', PW.alice);
    clients.push(alice);
    await alice.waitFor(/Initialization Sequence Completed/, 20_000);
    const pushed = (await alice.waitFor(/PUSH_REPLY,([^']*)'/, 1000))[1] ?? '';
    assert.match(pushed, /(^|,)ping 2,ping-restart 6(,|$)/, 'short keepalive pushed');
    assert.match(o.serverLog(), /Timers: ping 2, ping-restart 12/, 'the server ends a silent client after 12 s');
    const rounds = 2;
    for (let round = 1; round <= rounds; round++) {
      const before = await o.waitEngineRunning();
      const completedBefore = (alice.log().match(/Initialization Sequence Completed/g) ?? []).length;
      const t0 = Date.now();
      process.kill(before.pid, 'SIGKILL');
      const after = await pollUntil('openvpn restarted', async () => {
        const e = await o.engine();
        return e?.state === 'running' && e.pid && e.pid !== before.pid && e.restarts > before.restarts ? e : undefined;
      }, 15_000, 100);
      assert.ok(after.pid);
      // bounded well above the pushed 6 s: no operator action, no client-side setting
      await pollUntil('client reconnected', () => ((alice.log().match(/Initialization Sequence Completed/g) ?? []).length > completedBefore ? true : undefined), 45_000, 100);
      assert.match(alice.log(), /Inactivity timeout \(--ping-restart\), restarting/);
      await reachesLan();
      assert.equal((await o.c1.ping(LAN_HOST, { count: 3 })).received, 3);
      t.diagnostic(`round ${round}: traffic again ${Date.now() - t0} ms after kill -9 (figures: bench/openvpn/RECOVERY.md)`);
    }
    await pollUntil('engine.restarted stored', async () => ((await o.events('engine.restarted')).length >= rounds ? true : undefined), 10_000, 100);
    assert.doesNotMatch(alice.log(), /AUTH_FAILED/);
    await pollUntil('alice listed again', async () => ((await o.sessions('alice')).length ? true : undefined), 10_000, 100);
  });
});
