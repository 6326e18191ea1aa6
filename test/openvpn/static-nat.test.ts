/**
 * Two devices of one user behind one NAT: real clients in one namespace (same source address, different
 * ports), against a real daemon on the real store (daemon-lab.ts; SQLite, or PostgreSQL in scripts/test.sh's
 * second pass), users and servers created through the API. With passwords (auth-gen-token: OpenVPN gives
 * every session an id) a second static-IP device is refused; on a certificate-only server (no ids) the
 * newer one takes over and the replaced one is halted with the reason. Either way, no flapping. The test
 * only observes: client logs, the server's log, the sessions API and stored events.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DaemonLab, SERVER, pollUntil } from './daemon-lab.js';
import type { ListedSession } from './daemon-lab.js';
import type { TestClient } from './harness.js';

const PW = 'dave-password-1';
const STATIC = '198.19.99.77';
const LOCKOUT = { maxFailures: 5, windowSeconds: 300, lockSeconds: 5 };

/** the session's OpenVPN client id: the API lists sessions as "server:cid" */
const cidOf = (s: ListedSession): string => s.id.slice(`${SERVER}:`.length);
const completed = (c: TestClient): number => (c.log().match(/Initialization Sequence Completed/g) ?? []).length;

describe('openvpn static address, two devices behind one NAT', () => {
  let o: DaemonLab;
  const clients: TestClient[] = [];

  before(async () => {
    o = await DaemonLab.create({ lockout: LOCKOUT });
    await o.addUser('dave', { password: PW, staticIp: STATIC });
    await o.addUser('erin', { password: PW });
  });

  after(async () => {
    for (const c of clients) await c.stop();
    await o?.close();
  });

  const daveSessions = () => o.sessions('dave');
  const stopAll = async (): Promise<void> => {
    for (const c of clients.splice(0)) await c.stop();
  };
  // a test that failed half-way leaves no client behind to be refused or replaced in the next one
  afterEach(stopAll);
  const daveGone = () => pollUntil('dave gone', async () => ((await daveSessions()).length === 0 ? true : undefined), 15_000, 100);

  test('the second device is refused with the reason; the first keeps its session, no flapping', async () => {
    const first = o.client(o.c1, 'dave', PW);
    clients.push(first);
    await first.waitFor(/Initialization Sequence Completed/, 20_000);
    const [s1] = await pollUntil('dave listed', async () => {
      const l = await daveSessions();
      return l[0]?.tunnelAddress === STATIC ? l : undefined;
    }, 10_000, 100);
    assert.ok(s1);
    const second = o.client(o.c1, 'dave', PW);
    clients.push(second);
    await second.waitFor(/AUTH_FAILED,already connected \(static IP\)/, 20_000);
    // the refusal is stored with its reason and the device's address (same host as the first, another port)
    const denied = await o.waitEvent('session.denied', 'dave', (e) => e.detail?.['code'] === 'static-ip-in-use');
    assert.match(String(denied.detail?.['realAddress']), /^198\.18\.0\.2:\d+$/);
    // the refused client gives up by itself (no retry loop)
    await Promise.race([second.exited, sleep(10_000)]);
    assert.equal(second.running, false, 'the refused client exited');
    assert.doesNotMatch(second.log(), /Initialization Sequence Completed/);
    // a few seconds later the first device still has the same session: not replaced, not restarted
    await sleep(4000);
    const now = await daveSessions();
    assert.equal(now.length, 1, JSON.stringify(now));
    assert.equal(now[0]?.id, s1.id, 'the surviving session kept its CID');
    assert.equal(completed(first), 1, 'the first client never reconnected');
    assert.doesNotMatch(first.log(), /SIGUSR1|Halt command/);
    assert.equal((await o.c1.ping('198.19.99.1', { count: 2 })).received, 2);
    await stopAll();
    await daveGone();
  });

  test('the same device coming back after a network cut, its old session still listed, replaces that session', async () => {
    const dev = o.client(o.c1, 'dave', PW);
    clients.push(dev);
    await dev.waitFor(/Initialization Sequence Completed/, 20_000);
    const [old] = await pollUntil('dave listed', async () => {
      const l = await daveSessions();
      return l[0]?.tunnelAddress === STATIC ? l : undefined;
    }, 10_000, 100);
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
    assert.match(o.serverLog(), new RegExp(`client-kill ${cidOf(old)} "HALT,`));
    const now = await pollUntil('one new session', async () => {
      const l = await daveSessions();
      return l.length === 1 && l[0]?.id !== old.id ? l : undefined;
    }, 15_000, 100);
    assert.equal(now[0]?.tunnelAddress, STATIC);
    assert.equal((await o.c1.ping('198.19.99.1', { count: 2 })).received, 2);
    await stopAll();
    await daveGone();
  });

  test('two devices of a user without a static address both stay up (OpenVPN does not drop one for the shared CN)', async () => {
    const a = o.client(o.c1, 'erin', PW);
    const b = o.client(o.c1, 'erin', PW);
    clients.push(a, b);
    await Promise.all([a.waitFor(/Initialization Sequence Completed/, 20_000), b.waitFor(/Initialization Sequence Completed/, 20_000)]);
    const first = await pollUntil('both listed', async () => {
      const l = await o.sessions('erin');
      return l.length === 2 ? l : undefined;
    }, 10_000, 100);
    // longer than the pushed ping-restart: a device dropped by OpenVPN would have restarted by now
    await sleep(8000);
    assert.deepEqual((await o.sessions('erin')).map((s) => s.id).sort(), first.map((s) => s.id).sort());
    assert.deepEqual([completed(a), completed(b)], [1, 1], 'neither device reconnected');
    assert.doesNotMatch(o.serverLog(), /will cause previous active sessions by this client to be dropped/);
    await stopAll();
  });
});

describe('openvpn static address behind one NAT, certificate-only server (no session ids)', () => {
  let o: DaemonLab;
  const clients: TestClient[] = [];

  before(async () => {
    o = await DaemonLab.create({ lockout: LOCKOUT, passwordAuth: false });
    await o.addUser('dave', { password: PW, staticIp: STATIC });
  });

  after(async () => {
    for (const c of clients) await c.stop();
    await o?.close();
  });

  test('the newer device takes over once; the replaced one is told why and stays off', async () => {
    const daveSessions = () => o.sessions('dave');
    const first = o.client(o.c1, 'dave', PW);
    clients.push(first);
    await first.waitFor(/Initialization Sequence Completed/, 20_000);
    await pollUntil('first listed', async () => ((await daveSessions())[0]?.tunnelAddress === STATIC ? true : undefined), 10_000, 100);
    const second = o.client(o.c1, 'dave', PW);
    clients.push(second);
    await second.waitFor(/Initialization Sequence Completed/, 20_000);
    await first.waitFor(/Halt command was pushed by server \('replaced by a newer connection of the same user \(static IP\)'\)/, 10_000);
    await Promise.race([first.exited, sleep(10_000)]);
    assert.equal(first.running, false, 'the replaced client stopped instead of coming back');
    const [kept] = await pollUntil('second listed alone', async () => {
      const l = await daveSessions();
      return l.length === 1 ? l : undefined;
    }, 10_000, 100);
    assert.ok(kept);
    // longer than the pushed ping-restart: no one comes back to replace it
    await sleep(8000);
    assert.deepEqual((await daveSessions()).map((s) => s.id), [kept.id]);
    assert.equal(completed(second), 1);
    assert.equal(completed(first), 1);
  });
});
