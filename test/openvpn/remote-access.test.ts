/**
 * OpenVPN remote access with real clients in network namespaces (198.18.0.0/15 only), the server run by
 * the engine supervisor from the adapter's spec, authorisation answered by the controller in this
 * process. The controller-restart cases are in controller-restart.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOpenVpnAdapter } from '../../src/engines/openvpn/index.js';
import type { OpenVpnAdapter, Session } from '../../src/engines/openvpn/index.js';
import { LAN_HOST, OvpnLab, POLICY_NET, pollUntil } from './harness.js';

const PW = { alice: 'alice-password-1', erin: 'erin-password-1', dave: 'dave-password-1', bob: 'bob-password-1' };

describe('openvpn remote access', () => {
  let o: OvpnLab;
  let adapter: OpenVpnAdapter;
  const changes: Session[][] = [];

  before(async () => {
    o = await OvpnLab.create({ lockoutPolicy: { maxFailures: 5, windowSeconds: 300, lockSeconds: 5 } });
    await o.store.addUser('alice', PW.alice, { groups: ['eng'] });
    await o.store.addUser('erin', PW.erin);
    await o.store.addUser('dave', PW.dave, { staticIp: '198.19.99.77' });
    await o.store.addUser('bob', PW.bob);
    for (const u of ['alice', 'erin', 'dave', 'bob']) await o.pki.issueUser(u);
    adapter = createOpenVpnAdapter({ ...o.store.deps({ maxFailures: 5, windowSeconds: 300, lockSeconds: 5 }), onSessionChange: (_s, list) => changes.push(list) });
    const { specs, changes: first } = await adapter.reconcile([o.server], o.ctx);
    assert.equal(first[0]?.action, 'start');
    const spec = specs[0];
    assert.ok(spec);
    await o.startServer(spec);
    await adapter.controller(o.server.name)?.management.waitAttached(10_000);
  });

  after(async () => {
    await adapter?.close();
    await o?.close();
  });

  const sessionsOf = (user: string): Session[] => adapter.sessions().filter((s) => s.username === user);

  test('connect, ping the LAN host; routes, DNS and group routes arrive; session listed with bytes', async () => {
    const c = o.client(o.c1, 'alice', PW.alice);
    try {
      await c.waitFor(/Initialization Sequence Completed/, 20_000);
      const push = (await c.waitFor(/PUSH_REPLY,([^']*)'/, 1000))[1] ?? '';
      assert.match(push, /route 198\.19\.50\.0 255\.255\.255\.0/);
      assert.match(push, /dhcp-option DNS 198\.19\.50\.53/);
      assert.match(push, /route 198\.19\.60\.0 255\.255\.255\.0/, `policy route ${POLICY_NET} pushed for group eng`);
      const routes = await o.c1.ipCmd(['route', 'show', '198.19.50.0/24']);
      assert.match(routes, /dev tun/);
      const ping = await o.c1.ping(LAN_HOST, { count: 3 });
      assert.equal(ping.received, 3);
      const [s] = await pollUntil('alice listed', () => (sessionsOf('alice').length ? sessionsOf('alice') : undefined), 5000);
      assert.match(s?.tunnelAddress ?? '', /^198\.19\.99\.\d+$/);
      assert.match(s?.realAddress ?? '', /^198\.18\.0\.2:\d+$/);
      assert.ok(changes.some((l) => l.some((x) => x.username === 'alice')), 'onSessionChange saw alice');
      assert.ok(o.store.events.some((e) => e.kind === 'session.connect' && e.subject === 'alice'));
    } finally {
      await c.stop();
    }
    await pollUntil('alice gone', () => (sessionsOf('alice').length === 0 ? true : undefined), 10_000);
    const disc = o.store.events.find((e) => e.kind === 'session.disconnect' && e.subject === 'alice');
    assert.ok(disc && Number(disc.detail?.['bytesIn']) > 0 && Number(disc.detail?.['durationSeconds']) >= 0);
  });

  test('wrong password gives AUTH_FAILED and nothing logs the password', async () => {
    const c = o.client(o.c1, 'alice', 'not-the-password');
    await c.waitFor(/AUTH_FAILED/, 20_000);
    await c.exited;
    assert.ok(o.store.events.some((e) => e.kind === 'session.auth-failed' && e.subject === 'alice'));
    assert.ok(!o.serverLog().includes('not-the-password'));
    assert.ok(!JSON.stringify(o.store.events).includes('not-the-password'));
  });

  test('five wrong passwords lock that address: the right one is refused there until the lock expires, the owner elsewhere gets in', async () => {
    const wrong = [1, 2, 3, 4, 5].map((i) => o.client(o.c1, 'erin', `wrong-${i}`));
    await Promise.all(wrong.map((c) => c.waitFor(/AUTH_FAILED/, 20_000)));
    const lockedEvent = o.store.events.find((e) => e.kind === 'user.locked' && e.subject === 'erin');
    assert.ok(lockedEvent, 'user.locked recorded');
    assert.equal(lockedEvent.detail?.['scope'], 'address');
    // the lock is keyed by the client's real address as OpenVPN reports it (untrusted_ip), not its port
    assert.deepEqual([...new Set(o.store.failures.get('erin')?.map((f) => f.source))], ['198.18.0.2']);
    const until = new Date(String(lockedEvent.detail?.['until']));
    const right = o.client(o.c1, 'erin', PW.erin);
    await right.waitFor(/AUTH_FAILED/, 20_000);
    assert.ok(o.store.events.some((e) => e.kind === 'session.denied' && e.subject === 'erin' && e.detail?.['code'] === 'locked'));
    assert.ok(!right.log().includes('Initialization Sequence Completed'));
    const elsewhere = o.client(o.c2, 'erin', PW.erin);
    try {
      await elsewhere.waitFor(/Initialization Sequence Completed/, 20_000);
    } finally {
      await elsewhere.stop();
    }
    await sleep(Math.max(0, until.getTime() - Date.now()) + 100);
    const later = o.client(o.c1, 'erin', PW.erin);
    try {
      await later.waitFor(/Initialization Sequence Completed/, 20_000);
    } finally {
      await later.stop();
    }
  });

  test('static IP: the same address twice, a second concurrent session refused', async () => {
    const first = o.client(o.c1, 'dave', PW.dave);
    await first.waitFor(/Initialization Sequence Completed/, 20_000);
    assert.match(first.log(), /net_addr_v4_add: 198\.19\.99\.77\/24/);
    await pollUntil('dave listed', () => (sessionsOf('dave')[0]?.tunnelAddress === '198.19.99.77' ? true : undefined), 5000);
    const second = o.client(o.c2, 'dave', PW.dave);
    await second.waitFor(/AUTH_FAILED,already connected \(static IP\)/, 20_000);
    await first.stop();
    await pollUntil('dave gone', () => (sessionsOf('dave').length === 0 ? true : undefined), 10_000);
    const again = o.client(o.c2, 'dave', PW.dave);
    try {
      await again.waitFor(/Initialization Sequence Completed/, 20_000);
      assert.match(again.log(), /net_addr_v4_add: 198\.19\.99\.77\/24/);
    } finally {
      await again.stop();
    }
  });

  test('a revoked user is dropped at once and refused afterwards', async () => {
    const c = o.client(o.c1, 'bob', PW.bob);
    try {
      await c.waitFor(/Initialization Sequence Completed/, 20_000);
      await pollUntil('bob listed', () => (sessionsOf('bob').length ? true : undefined), 5000);
      await o.pki.revoke('bob');
      o.store.revokedSerials.add(o.pki.user('bob').serial);
      assert.equal(await adapter.disconnectUser('bob'), 1);
      await pollUntil('bob dropped', () => (sessionsOf('bob').length === 0 ? true : undefined), 10_000);
      // the client reconnects by itself and meets the CRL
      await pollUntil('revoked certificate refused', () => (/certificate revoked/.test(o.serverLog()) ? true : undefined), 20_000, 100);
      assert.equal(sessionsOf('bob').length, 0);
    } finally {
      await c.stop();
    }
  });
});
