/**
 * OpenVPN remote access with real clients in network namespaces (198.18.0.0/15 only), run by a real
 * daemon process on the real store (daemon-lab.ts; SQLite, or PostgreSQL in scripts/test.sh's second
 * pass). Users, revocations and disabling go through the API; the test only observes: client logs, the
 * engine's run directory, and what the API lists (sessions, stored events). The daemon-restart cases are
 * in controller-restart.test.ts.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DaemonLab, LAN_HOST, pollUntil } from './daemon-lab.js';
import { enrolVpnTotp } from '../support/vpn-users.js';

const PW = {
  alice: 'alice-password-1', erin: 'erin-password-1', dave: 'dave-password-1', bob: 'bob-password-1',
  frank: 'frank-password-1', tina: 'tina-password-1', gina: 'gina-password-1',
};
const LOCK_SECONDS = 5;

describe('openvpn remote access through the daemon', () => {
  let o: DaemonLab;

  before(async () => {
    o = await DaemonLab.create({ lockout: { maxFailures: 5, windowSeconds: 300, lockSeconds: LOCK_SECONDS } });
    await o.addUser('alice', { password: PW.alice, groups: ['eng'] });
    await o.addUser('erin', { password: PW.erin });
    await o.addUser('dave', { password: PW.dave, staticIp: '198.19.99.77' });
    await o.addUser('bob', { password: PW.bob });
    await o.addUser('frank', { password: PW.frank });
    await o.addUser('tina', { password: PW.tina });
    await o.addUser('gina', { password: PW.gina, maxSessions: 1 });
  });

  after(async () => {
    await o?.close();
  });

  const noSessions = (user: string) => pollUntil(`${user} gone`, async () => ((await o.sessions(user)).length === 0 ? true : undefined), 15_000, 100);

  test('connect and reach the LAN the policy grants; routes, DNS and group routes arrive; session listed with bytes', async () => {
    const c = o.client(o.c1, 'alice', PW.alice);
    try {
      await c.waitFor(/Initialization Sequence Completed/, 20_000);
      const push = (await c.waitFor(/PUSH_REPLY,([^']*)'/, 1000))[1] ?? '';
      assert.match(push, /route 198\.19\.50\.0 255\.255\.255\.0/);
      assert.match(push, /dhcp-option DNS 198\.19\.50\.53/);
      assert.match(push, /route 198\.19\.60\.0 255\.255\.255\.0/, 'the policy route is pushed to group eng');
      assert.match(await o.c1.ipCmd(['route', 'show', '198.19.50.0/24']), /dev tun/);
      // the policy set learns the tunnel address when the daemon hears the session (a few ms): retry briefly
      await pollUntil('LAN host reached', async () => ((await o.c1.ping(LAN_HOST, { count: 1, timeoutS: 0.5 })).received === 1 ? true : undefined), 3000, 50);
      assert.equal((await o.c1.ping(LAN_HOST, { count: 3 })).received, 3);
      const [s] = await pollUntil('alice listed with bytes', async () => {
        const l = await o.sessions('alice');
        return l.length && l[0]!.bytesIn > 0 ? l : undefined;
      }, 15_000, 200);
      assert.match(s?.tunnelAddress ?? '', /^198\.19\.99\.\d+$/);
      assert.match(s?.realAddress ?? '', /^198\.18\.0\.2:\d+$/);
      await o.waitEvent('session.connect', 'alice');
    } finally {
      await c.stop();
    }
    await noSessions('alice');
    const disc = await o.waitEvent('session.disconnect', 'alice');
    assert.ok(Number(disc.detail?.['bytesIn']) > 0 && Number(disc.detail?.['durationSeconds']) >= 0, JSON.stringify(disc.detail));
  });

  test('a user not in the group is refused the LAN although its route is pushed', async () => {
    const c = o.client(o.c1, 'tina', PW.tina);
    try {
      await c.waitFor(/Initialization Sequence Completed/, 20_000);
      assert.doesNotMatch((await c.waitFor(/PUSH_REPLY,([^']*)'/, 1000))[1] ?? '', /route 198\.19\.60\.0/, 'no group route');
      await pollUntil('tina listed', async () => ((await o.sessions('tina')).length ? true : undefined), 10_000, 100);
      assert.equal((await o.c1.ping(LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 1 })).received, 0, 'denied by default');
    } finally {
      await c.stop();
    }
    await noSessions('tina');
  });

  test('wrong password gives AUTH_FAILED, is stored as session.auth-failed, and nothing logs the password', async () => {
    const c = o.client(o.c1, 'alice', 'not-the-password');
    await c.waitFor(/AUTH_FAILED/, 20_000);
    await c.exited;
    await o.waitEvent('session.auth-failed', 'alice', (e) => e.detail?.['code'] === 'bad-password');
    assert.ok(!o.serverLog().includes('not-the-password'));
    assert.ok(!o.daemon.output.includes('not-the-password'));
    assert.ok(!JSON.stringify(await o.events('session.auth-failed')).includes('not-the-password'));
  });

  test('five wrong passwords lock that address: the right one is refused there until the lock expires, the owner elsewhere gets in', async () => {
    const wrong = [1, 2, 3, 4, 5].map((i) => o.client(o.c1, 'erin', `wrong-${i}`));
    await Promise.all(wrong.map((c) => c.waitFor(/AUTH_FAILED/, 20_000)));
    const locked = await o.waitEvent('user.locked', 'erin');
    assert.equal(locked.detail?.['scope'], 'address');
    // the lock is keyed by the client's real address as OpenVPN reports it (untrusted_ip), not its port
    assert.equal(locked.detail?.['address'], '198.18.0.2');
    const until = new Date(String(locked.detail?.['until']));
    const right = o.client(o.c1, 'erin', PW.erin);
    await right.waitFor(/AUTH_FAILED/, 20_000);
    await o.waitEvent('session.denied', 'erin', (e) => e.detail?.['code'] === 'locked');
    assert.ok(!right.log().includes('Initialization Sequence Completed'));
    const state = await o.ok('GET', '/api/users/erin/lockout');
    assert.equal(state.locked, true, JSON.stringify(state));
    const elsewhere = o.client(o.c2, 'erin', PW.erin);
    try {
      await elsewhere.waitFor(/Initialization Sequence Completed/, 20_000);
    } finally {
      await elsewhere.stop();
    }
    await sleep(Math.max(0, until.getTime() - Date.now()) + 200);
    const later = o.client(o.c1, 'erin', PW.erin);
    try {
      await later.waitFor(/Initialization Sequence Completed/, 20_000);
    } finally {
      await later.stop();
    }
    await noSessions('erin');
  });

  test('static IP: the same address twice, a second concurrent session refused', async () => {
    const first = o.client(o.c1, 'dave', PW.dave);
    await first.waitFor(/Initialization Sequence Completed/, 20_000);
    assert.match(first.log(), /net_addr_v4_add: 198\.19\.99\.77\/24/);
    await pollUntil('dave listed', async () => ((await o.sessions('dave'))[0]?.tunnelAddress === '198.19.99.77' ? true : undefined), 10_000, 100);
    const second = o.client(o.c2, 'dave', PW.dave);
    await second.waitFor(/AUTH_FAILED,already connected \(static IP\)/, 20_000);
    await o.waitEvent('session.denied', 'dave', (e) => e.detail?.['code'] === 'static-ip-in-use');
    await first.stop();
    await noSessions('dave');
    const again = o.client(o.c2, 'dave', PW.dave);
    try {
      await again.waitFor(/Initialization Sequence Completed/, 20_000);
      assert.match(again.log(), /net_addr_v4_add: 198\.19\.99\.77\/24/);
    } finally {
      await again.stop();
    }
    await noSessions('dave');
  });

  test('session limit 1: a second client of the same user is refused with the reason', async () => {
    const first = o.client(o.c1, 'gina', PW.gina);
    try {
      await first.waitFor(/Initialization Sequence Completed/, 20_000);
      await pollUntil('gina listed', async () => ((await o.sessions('gina')).length ? true : undefined), 10_000, 100);
      const second = o.client(o.c2, 'gina', PW.gina);
      await second.waitFor(/AUTH_FAILED,session limit reached \(1\)/, 20_000);
      await o.waitEvent('session.denied', 'gina', (e) => e.detail?.['code'] === 'session-limit');
      assert.equal((await o.sessions('gina')).length, 1);
    } finally {
      await first.stop();
    }
    await noSessions('gina');
  });

  test('TOTP: password and code connect; the same code replayed and a wrong code are refused', async () => {
    const totp = await enrolVpnTotp(o.api, 'frank');
    const code = totp.generate();
    const first = o.client(o.c1, 'frank', `${PW.frank}${code}`);
    try {
      await first.waitFor(/Initialization Sequence Completed/, 20_000);
    } finally {
      await first.stop();
    }
    await noSessions('frank');
    const replay = o.client(o.c1, 'frank', `${PW.frank}${code}`);
    await replay.waitFor(/AUTH_FAILED/, 20_000);
    await o.waitEvent('session.auth-failed', 'frank', (e) => e.detail?.['code'] === 'bad-code');
    assert.doesNotMatch(replay.log(), /Initialization Sequence Completed/);
    // a code valid in no step of the ±1 window, now or when the server checks it a step later
    const valid = new Set([-30_000, 0, 30_000, 60_000].map((d) => totp.generate({ timestamp: Date.now() + d })));
    const wrongCode = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c))!;
    const wrong = o.client(o.c1, 'frank', `${PW.frank}${wrongCode}`);
    await wrong.waitFor(/AUTH_FAILED/, 20_000);
    await pollUntil('two bad-code failures stored', async () => ((await o.events('session.auth-failed', 'frank')).filter((e) => e.detail?.['code'] === 'bad-code').length >= 2 ? true : undefined), 10_000, 100);
    const noCode = o.client(o.c1, 'frank', PW.frank);
    await noCode.waitFor(/AUTH_FAILED/, 20_000);
    assert.equal((await o.sessions('frank')).length, 0);
  });

  test('revoking a certificate through the API writes the CRL, drops the live session, records it, and the client is refused', async () => {
    const c = o.client(o.c1, 'bob', PW.bob);
    try {
      await c.waitFor(/Initialization Sequence Completed/, 20_000);
      await pollUntil('bob listed', async () => ((await o.sessions('bob')).length ? true : undefined), 10_000, 100);
      const cert = await o.ok('GET', '/api/pki/certificates/user-bob');
      await o.ok('POST', '/api/pki/certificates/user-bob/revoke', { reason: 'keyCompromise' });
      // the CRL OpenVPN reads at every handshake now lists bob's serial
      const serial = String(cert.serial).replace(/^0+/, '').toUpperCase();
      await pollUntil('CRL in the run directory lists bob', () => {
        const text = execFileSync('openssl', ['crl', '-in', join(o.runDir, 'crl.pem'), '-noout', '-text'], { encoding: 'utf8' });
        return new RegExp(`Serial Number: 0*${serial}\\b`, 'i').test(text) ? true : undefined;
      }, 10_000, 100);
      await noSessions('bob');
      await o.waitEvent('session.revoked', 'bob');
      // the client reconnects by itself and meets the CRL
      await pollUntil('revoked certificate refused', () => (/certificate revoked/.test(o.serverLog()) ? true : undefined), 30_000, 100);
      assert.equal((c.log().match(/Initialization Sequence Completed/g) ?? []).length, 1, 'never back in');
      assert.equal((await o.sessions('bob')).length, 0);
    } finally {
      await c.stop();
    }
  });

  test('disabling a user through the API drops the live session and refuses the reconnect', async () => {
    const c = o.client(o.c1, 'tina', PW.tina);
    try {
      await c.waitFor(/Initialization Sequence Completed/, 20_000);
      await pollUntil('tina listed', async () => ((await o.sessions('tina')).length ? true : undefined), 10_000, 100);
      await o.ok('PATCH', '/api/users/tina', { disabled: true });
      await noSessions('tina');
      await o.waitEvent('session.disconnect', 'tina');
      // the client reconnects with its session token and is told why it is refused
      await c.waitFor(/AUTH_FAILED,account disabled/, 30_000);
      await o.waitEvent('session.denied', 'tina', (e) => e.detail?.['code'] === 'disabled');
      assert.equal((c.log().match(/Initialization Sequence Completed/g) ?? []).length, 1, 'never back in');
    } finally {
      await c.stop();
    }
  });
});
