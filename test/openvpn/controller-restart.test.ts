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

  test('a killed openvpn is restarted by the supervisor and the client reconnects', async () => {
    for (const c of clients.splice(0)) await c.stop();
    // a real client waits for the pushed ping-restart; the test shortens it on the client only
    const alice = o.client(o.c1, 'alice', PW.alice, ['--pull-filter', 'ignore', 'ping-restart', '--ping-restart', '3']);
    clients.push(alice);
    await alice.waitFor(/Initialization Sequence Completed/, 20_000);
    const before = await o.waitEngineRunning();
    process.kill(before.pid, 'SIGKILL');
    const after = await pollUntil('openvpn restarted', async () => {
      const e = await o.engine();
      return e?.state === 'running' && e.pid && e.pid !== before.pid && e.restarts > before.restarts ? e : undefined;
    }, 15_000, 100);
    assert.ok(after.pid);
    await pollUntil('engine.restarted stored', async () => ((await o.events('engine.restarted')).length ? true : undefined), 10_000, 100);
    await pollUntil('client reconnected', () => ((alice.log().match(/Initialization Sequence Completed/g) ?? []).length >= 2 ? true : undefined), 30_000, 100);
    await reachesLan();
    assert.equal((await o.c1.ping(LAN_HOST, { count: 3 })).received, 3);
    await pollUntil('alice listed again', async () => ((await o.sessions('alice')).length ? true : undefined), 10_000, 100);
  });
});
