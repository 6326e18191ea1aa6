/**
 * Two devices of one user behind one NAT: real clients in one namespace (same source address, different
 * ports), against a real server and the controller in this process. With passwords (auth-gen-token: OpenVPN
 * gives every session an id) a second static-IP device is refused; on a certificate-only server (no ids) the
 * newer one takes over and the replaced one is halted with the reason. Either way, no flapping.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createOpenVpnAdapter } from '../../src/engines/openvpn/index.js';
import type { OpenVpnAdapter } from '../../src/engines/openvpn/index.js';
import { OvpnLab, pollUntil } from './harness.js';
import type { TestClient } from './harness.js';

const PW = 'dave-password-1';
const STATIC = '198.19.99.77';

describe('openvpn static address, two devices behind one NAT', () => {
  let o: OvpnLab;
  let adapter: OpenVpnAdapter;
  const clients: TestClient[] = [];

  before(async () => {
    o = await OvpnLab.create({ lockoutPolicy: { maxFailures: 5, windowSeconds: 300, lockSeconds: 5 } });
    await o.store.addUser('dave', PW, { staticIp: STATIC });
    await o.store.addUser('erin', PW);
    for (const u of ['dave', 'erin']) await o.pki.issueUser(u);
    adapter = createOpenVpnAdapter(o.store.deps({ maxFailures: 5, windowSeconds: 300, lockSeconds: 5 }));
    const { specs } = await adapter.reconcile([o.server], o.ctx);
    const spec = specs[0];
    assert.ok(spec);
    await o.startServer(spec);
    await adapter.controller(o.server.name)?.management.waitAttached(10_000);
  });

  after(async () => {
    for (const c of clients) await c.stop();
    await adapter?.close();
    await o?.close();
  });

  const sessionsOf = (user: string) => adapter.sessions().filter((s) => s.username === user);
  const daveSessions = () => sessionsOf('dave');
  const completed = (c: TestClient): number => (c.log().match(/Initialization Sequence Completed/g) ?? []).length;
  const stopAll = async (): Promise<void> => {
    for (const c of clients.splice(0)) await c.stop();
  };

  test('the second device is refused with the reason; the first keeps its session, no flapping', async () => {
    const first = o.client(o.c1, 'dave', PW);
    clients.push(first);
    await first.waitFor(/Initialization Sequence Completed/, 20_000);
    const [s1] = await pollUntil('dave listed', () => (daveSessions()[0]?.tunnelAddress === STATIC ? daveSessions() : undefined), 5000, 50);
    assert.ok(s1);
    const second = o.client(o.c1, 'dave', PW);
    clients.push(second);
    await second.waitFor(/AUTH_FAILED,already connected \(static IP\)/, 20_000);
    // the refused client gives up by itself (no retry loop)
    await Promise.race([second.exited, sleep(10_000)]);
    assert.equal(second.running, false, 'the refused client exited');
    assert.doesNotMatch(second.log(), /Initialization Sequence Completed/);
    // a few seconds later the first device still has the same session: not replaced, not restarted
    await sleep(4000);
    const now = daveSessions();
    assert.equal(now.length, 1, JSON.stringify(now));
    assert.equal(now[0]?.cid, s1.cid, 'the surviving session kept its CID');
    assert.equal((first.log().match(/Initialization Sequence Completed/g) ?? []).length, 1, 'the first client never reconnected');
    assert.doesNotMatch(first.log(), /SIGUSR1|Halt command/);
    assert.equal((await o.c1.ping('198.19.99.1', { count: 2 })).received, 2);
    await stopAll();
    await pollUntil('dave gone', () => (daveSessions().length === 0 ? true : undefined), 10_000, 50);
  });

  test('the same device coming back after a network cut, its old session still listed, replaces that session', async () => {
    const dev = o.client(o.c1, 'dave', PW);
    clients.push(dev);
    await dev.waitFor(/Initialization Sequence Completed/, 20_000);
    const [old] = await pollUntil('dave listed', () => (daveSessions()[0]?.tunnelAddress === STATIC ? daveSessions() : undefined), 5000, 50);
    assert.ok(old);
    // the client gives up after the pushed ping-restart (6 s); the server keeps the old session for 12 s
    const cut = await o.c1.drop({ proto: 'udp', port: 1194 });
    try {
      await dev.waitFor(/Inactivity timeout \(--ping-restart\)/, 15_000);
    } finally {
      await cut.heal();
    }
    await pollUntil('reconnected', () => (completed(dev) >= 2 ? true : undefined), 20_000, 50);
    assert.doesNotMatch(dev.log(), /AUTH_FAILED|Halt command/);
    // it came back with its session token while the old session was listed: the same session id, so the
    // old one was replaced (halted), not taken for another device
    assert.match(o.serverLog(), new RegExp(`client-kill ${old.cid} "HALT,`));
    const now = await pollUntil('one new session', () => (daveSessions().length === 1 && daveSessions()[0]?.cid !== old.cid ? daveSessions() : undefined), 15_000, 50);
    assert.equal(now[0]?.tunnelAddress, STATIC);
    assert.equal((await o.c1.ping('198.19.99.1', { count: 2 })).received, 2);
    await stopAll();
    await pollUntil('dave gone', () => (daveSessions().length === 0 ? true : undefined), 10_000, 50);
  });

  test('two devices of a user without a static address both stay up (OpenVPN does not drop one for the shared CN)', async () => {
    const a = o.client(o.c1, 'erin', PW);
    const b = o.client(o.c1, 'erin', PW);
    clients.push(a, b);
    await Promise.all([a.waitFor(/Initialization Sequence Completed/, 20_000), b.waitFor(/Initialization Sequence Completed/, 20_000)]);
    const first = await pollUntil('both listed', () => (sessionsOf('erin').length === 2 ? sessionsOf('erin') : undefined), 5000, 50);
    // longer than the pushed ping-restart: a device dropped by OpenVPN would have restarted by now
    await sleep(8000);
    assert.deepEqual(sessionsOf('erin').map((s) => s.cid).sort(), first.map((s) => s.cid).sort());
    assert.deepEqual([completed(a), completed(b)], [1, 1], 'neither device reconnected');
    assert.doesNotMatch(o.serverLog(), /will cause previous active sessions by this client to be dropped/);
    await stopAll();
  });
});

describe('openvpn static address behind one NAT, certificate-only server (no session ids)', () => {
  let o: OvpnLab;
  let adapter: OpenVpnAdapter;
  const clients: TestClient[] = [];

  before(async () => {
    o = await OvpnLab.create({ lockoutPolicy: { maxFailures: 5, windowSeconds: 300, lockSeconds: 5 }, server: { passwordAuth: false } });
    await o.store.addUser('dave', PW, { staticIp: STATIC });
    await o.pki.issueUser('dave');
    adapter = createOpenVpnAdapter(o.store.deps({ maxFailures: 5, windowSeconds: 300, lockSeconds: 5 }));
    const { specs } = await adapter.reconcile([o.server], o.ctx);
    const spec = specs[0];
    assert.ok(spec);
    await o.startServer(spec);
    await adapter.controller(o.server.name)?.management.waitAttached(10_000);
  });

  after(async () => {
    for (const c of clients) await c.stop();
    await adapter?.close();
    await o?.close();
  });

  test('the newer device takes over once; the replaced one is told why and stays off', async () => {
    const daveSessions = () => adapter.sessions().filter((s) => s.username === 'dave');
    const first = o.client(o.c1, 'dave', PW);
    clients.push(first);
    await first.waitFor(/Initialization Sequence Completed/, 20_000);
    await pollUntil('first listed', () => (daveSessions()[0]?.tunnelAddress === STATIC ? true : undefined), 5000, 50);
    const second = o.client(o.c1, 'dave', PW);
    clients.push(second);
    await second.waitFor(/Initialization Sequence Completed/, 20_000);
    await first.waitFor(/Halt command was pushed by server \('replaced by a newer connection of the same user \(static IP\)'\)/, 10_000);
    await Promise.race([first.exited, sleep(10_000)]);
    assert.equal(first.running, false, 'the replaced client stopped instead of coming back');
    const [kept] = await pollUntil('second listed alone', () => (daveSessions().length === 1 ? daveSessions() : undefined), 10_000, 50);
    assert.ok(kept);
    // longer than the pushed ping-restart: no one comes back to replace it
    await sleep(8000);
    assert.deepEqual(daveSessions().map((s) => s.cid), [kept.cid]);
    assert.equal((second.log().match(/Initialization Sequence Completed/g) ?? []).length, 1);
    assert.equal((first.log().match(/Initialization Sequence Completed/g) ?? []).length, 1);
  });
});
