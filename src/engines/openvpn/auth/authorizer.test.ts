import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { hash } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import { raServerSchema } from '../../../core/model/index.js';
import type { EventInput } from '../../types.js';
import { ClientEnv } from '../management/env.js';
import { createAuthorizer, REPLACED_MESSAGE } from './authorizer.js';
import type { AdmitDecision, SessionView, VerifyDecision, VpnUserRecord } from './authorizer.js';
import { splitCredentials } from './credentials.js';
import { VerifiedPasswords } from './verified-passwords.js';
import type { LoginFailure } from '../../../core/lockout.js';
import { MemoryTotpSteps } from '../../../auth/totp.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'correct horse';

function env(vars: Record<string, string>): ClientEnv {
  const e = new ClientEnv();
  for (const [k, v] of Object.entries({ untrusted_ip: '198.18.0.2', untrusted_port: '40000', tls_serial_0: '7', ...vars })) e.add(`${k}=${v}`);
  return e;
}

async function harness(policyWindow: { maxFailures: number; windowSeconds: number; lockSeconds: number; accountMaxFailures?: number } = { maxFailures: 5, windowSeconds: 300, lockSeconds: 3 }) {
  const passwordHash = await hash(PASSWORD);
  const users = new Map<string, VpnUserRecord>([
    ['alice', { username: 'alice', disabled: false, passwordHash, groups: ['eng'] }],
    ['bob', { username: 'bob', disabled: true, passwordHash, groups: [] }],
    ['carol', { username: 'carol', disabled: false, passwordHash, totpSecret: SECRET, groups: [] }],
    ['dave', { username: 'dave', disabled: false, passwordHash, staticIp: '198.19.99.77', groups: [], maxSessions: 1 }],
    ['erin', { username: 'erin', disabled: false, passwordHash, groups: [], maxSessions: 2 }],
    ['gus', { username: 'gus', disabled: false, passwordHash, staticIp: '198.19.99.1', groups: [] }],
    ['hal', { username: 'hal', disabled: false, passwordHash, staticIp: '198.19.100.7', groups: [] }],
    ['ivy', { username: 'ivy', disabled: false, passwordHash, staticIp: '198.19.99.200', groups: [] }],
  ]);
  const failures = new Map<string, LoginFailure[]>();
  const events: EventInput[] = [];
  const live: Array<{ cid: number | undefined; username: string; realAddress: string; address?: string; claimedAddress?: string; established?: boolean; sessionId?: string }> = [];
  let nextCid = 0;
  const sessions: SessionView = {
    forUser: (u) => live.filter((s) => s.username === u),
    holderOf: (a) => live.find((s) => s.address === a),
    established: (r) => live.some((s) => s.realAddress === r && s.established),
    // this stand-in table numbers claims like CIDs at once, so that `replaces` can name them
    claim: (realAddress, username, { tunnelAddress, sessionId } = {}) =>
      void live.push({ cid: nextCid++, username, realAddress, ...(tunnelAddress ? { claimedAddress: tunnelAddress } : {}), ...(sessionId ? { sessionId } : {}) }),
  };
  let clock = new Date('2026-11-22T03:00:00Z');
  const revoked = new Set(['666']);
  const totpSteps = new MemoryTotpSteps();
  const server = raServerSchema.parse({ name: 'staff', gateway: 'hq', pool: '198.19.99.0/24', routes: ['198.19.50.0/24'], dns: ['198.19.50.53'] });
  const authz = createAuthorizer({
    server: () => server,
    findUser: (u) => users.get(u),
    certificateRevoked: (serial) => revoked.has(serial),
    lockout: {
      recordFailure: (u, at, source) => void failures.set(u, [...(failures.get(u) ?? []), { at, source }]),
      failures: (u) => failures.get(u) ?? [],
    },
    lockoutPolicy: policyWindow,
    totpSteps,
    sessions,
    routesForGroups: (groups) => (groups.includes('eng') ? ['198.19.60.0/24', '198.19.50.0/24'] : []),
    events: { record: (e) => events.push(e) },
    source: 'openvpn:staff',
    now: () => clock,
  });
  const connect = (vars: Record<string, string>): Promise<VerifyDecision> => authz.verify(env(vars));
  const as = (user: string, password: string, extra: Record<string, string> = {}) =>
    connect({ common_name: user, username: user, password, ...extra });
  const admit = (user: string, extra: Record<string, string> = {}): Promise<AdmitDecision> => authz.admit(env({ common_name: user, username: user, ...extra }));
  return { authz, server, users, connect, as, admit, events, live, failures, advance: (ms: number) => (clock = new Date(clock.getTime() + ms)), now: () => clock };
}

test('right user and password: the client config pushes server routes, DNS and group routes once each', async () => {
  const h = await harness();
  const c = await h.as('alice', PASSWORD);
  assert.ok(c.allow);
  assert.deepEqual(c.config, [
    'push "route 198.19.50.0 255.255.255.0"',
    'push "dhcp-option DNS 198.19.50.53"',
    'push "route 198.19.60.0 255.255.255.0"',
  ]);
});

test('identity checks: CN mismatch, revoked certificate, unknown and disabled users', async () => {
  const h = await harness();
  const mismatch = await h.connect({ common_name: 'alice', username: 'carol', password: PASSWORD });
  assert.ok(!mismatch.allow && mismatch.code === 'cn-mismatch');
  const revoked = await h.as('alice', PASSWORD, { tls_serial_0: '666' });
  assert.ok(!revoked.allow && revoked.code === 'revoked');
  const unknown = await h.as('mallory', PASSWORD);
  assert.ok(!unknown.allow && unknown.code === 'unknown-user');
  const disabled = await h.as('bob', PASSWORD);
  assert.ok(!disabled.allow && disabled.code === 'disabled' && disabled.clientReason === 'account disabled');
});

test('five wrong passwords lock the user; the right one is refused until the lock ends', async () => {
  const h = await harness();
  for (let i = 0; i < 5; i++) {
    const d = await h.as('alice', `wrong-${i}`);
    assert.ok(!d.allow && d.code === 'bad-password');
  }
  assert.equal(h.failures.get('alice')?.length, 5);
  assert.equal(h.events.filter((e) => e.kind === 'session.auth-failed').length, 5);
  assert.equal(h.events.filter((e) => e.kind === 'user.locked').length, 1);
  const locked = await h.as('alice', PASSWORD);
  assert.ok(!locked.allow && locked.code === 'locked');
  assert.equal(h.events.at(-2)?.kind, 'user.locked');
  h.advance(3_001);
  const after = await h.as('alice', PASSWORD);
  assert.ok(after.allow);
  for (const e of h.events) assert.ok(!JSON.stringify(e).includes(PASSWORD) && !JSON.stringify(e).includes('wrong-'));
});

test('the lock is per user and address: the attacker\'s address stays locked, the owner from another address gets in', async () => {
  const h = await harness();
  const attacker = { untrusted_ip: '198.18.0.66' };
  for (let i = 0; i < 5; i++) {
    const d = await h.as('alice', `guess-${i}`, { ...attacker, untrusted_port: String(41000 + i) });
    assert.ok(!d.allow && d.code === 'bad-password');
  }
  const right = await h.as('alice', PASSWORD, attacker);
  assert.ok(!right.allow && right.code === 'locked', 'the right password from the locked address is refused');
  // hammering on while locked neither extends the lock nor counts toward the user-wide back-off
  for (let i = 0; i < 50; i++) {
    const d = await h.as('alice', `guess-more-${i}`, attacker);
    assert.ok(!d.allow && d.code === 'locked');
  }
  assert.equal(h.failures.get('alice')?.length, 5);
  assert.deepEqual(new Set(h.failures.get('alice')?.map((f) => f.source)), new Set(['198.18.0.66']), 'failures carry the address without the port');
  const owner = await h.as('alice', PASSWORD, { untrusted_ip: '198.18.0.2' });
  assert.ok(owner.allow, 'the owner from another address');
  // the owner's login does not reset the attacker's lock
  const stillLocked = await h.as('alice', `guess-after`, attacker);
  assert.ok(!stillLocked.allow && stillLocked.code === 'locked');
  h.advance(3_001);
  const afterLock = await h.as('alice', PASSWORD, { ...attacker, untrusted_port: '42000' });
  assert.ok(afterLock.allow, 'the address lock ends by itself');
});

test('failures from many addresses put the user in back-off; the owner with a valid one-time code still gets in', async () => {
  const h = await harness({ maxFailures: 5, windowSeconds: 300, lockSeconds: 3, accountMaxFailures: 8 });
  const totp = new TOTP({ secret: Secret.fromBase32(SECRET), digits: 6, period: 30, algorithm: 'SHA1' });
  // four addresses, two guesses each: no address reaches 5, the user reaches 8
  for (let a = 0; a < 4; a++) {
    for (let i = 0; i < 2; i++) {
      const d = await h.as('carol', `guess-${a}-${i}`, { untrusted_ip: `198.18.1.${a + 10}` });
      assert.ok(!d.allow && d.code === 'bad-password');
    }
  }
  const owner = { untrusted_ip: '198.18.0.2' };
  const noCode = await h.as('carol', PASSWORD, owner);
  assert.ok(!noCode.allow && noCode.code === 'locked' && /many addresses/.test(noCode.reason), 'password alone: the user-wide back-off holds');
  const code = totp.generate({ timestamp: h.now().getTime() });
  const wrongPassword = await h.as('carol', `not-it${code}`, owner);
  assert.ok(!wrongPassword.allow && wrongPassword.code === 'locked', 'a valid code with a wrong password: the same answer as any refused attempt');
  const withCode = await h.as('carol', `${PASSWORD}${code}`, owner);
  assert.ok(withCode.allow, 'password and a valid one-time code get past the back-off');
  const replay = await h.as('carol', `${PASSWORD}${code}`, { ...owner, untrusted_port: '40001' });
  assert.ok(!replay.allow && replay.code === 'locked', 'the same code does not get past it twice');
  assert.equal(h.failures.get('carol')?.length, 8, 'refusals while locked are not counted');
  // a user without a second factor waits for the back-off to end (lockSeconds, not forever)
  for (let a = 0; a < 8; a++) await h.as('alice', 'guess', { untrusted_ip: `198.18.2.${a + 10}` });
  const alice = await h.as('alice', PASSWORD, owner);
  assert.ok(!alice.allow && alice.code === 'locked');
  h.advance(3_001);
  assert.ok((await h.as('alice', PASSWORD, owner)).allow);
});

test('TOTP appended to the password or as static-challenge; a code is not accepted twice', async () => {
  const h = await harness();
  const totp = new TOTP({ secret: Secret.fromBase32(SECRET), digits: 6, period: 30, algorithm: 'SHA1' });
  const code = totp.generate({ timestamp: h.now().getTime() });
  assert.ok(!(await h.as('carol', PASSWORD)).allow, 'password alone');
  assert.ok((await h.as('carol', `${PASSWORD}${code}`)).allow, 'appended code');
  const replay = await h.as('carol', `${PASSWORD}${code}`);
  assert.ok(!replay.allow && replay.code === 'bad-code');
  h.advance(30_000);
  const next = totp.generate({ timestamp: h.now().getTime() });
  const scrv1 = `SCRV1:${Buffer.from(PASSWORD).toString('base64')}:${Buffer.from(next).toString('base64')}`;
  assert.ok((await h.as('carol', scrv1)).allow, 'static-challenge');
  assert.deepEqual(splitCredentials('pw', false), { password: 'pw', code: undefined });
});

test('static IP: ifconfig-push, a second device refused, the same device reconnecting replaces its session', async () => {
  const h = await harness();
  const first = await h.as('dave', PASSWORD);
  assert.ok(first.allow);
  assert.equal(first.config[0], 'ifconfig-push 198.19.99.77 255.255.255.0');
  assert.equal(h.live.at(-1)?.claimedAddress, '198.19.99.77', 'the claim carries the static address (policy sets learn it at once)');
  const other = await h.as('dave', PASSWORD, { untrusted_ip: '198.18.0.3' });
  assert.ok(!other.allow && other.reason === 'already connected (static IP)');
  const again = await h.as('dave', PASSWORD, { untrusted_port: '40001' });
  assert.ok(again.allow);
  assert.deepEqual(again.replaces, [0]);
  for (const user of ['gus', 'hal']) {
    const bad = await h.as(user, PASSWORD);
    assert.ok(!bad.allow && bad.code === 'static-ip-outside-pool', `${user}: server address or outside the pool`);
  }
  // the upper half of the pool is OpenVPN's dynamic range: not a static address
  h.live.length = 0;
  const ivy = await h.authz.verify(env({ common_name: 'ivy', username: 'ivy', password: PASSWORD }));
  assert.ok(!ivy.allow && ivy.code === 'static-ip-outside-pool' && /198\.19\.99\.2–198\.19\.99\.127/.test(ivy.reason));
});

test('static IP behind one NAT: another session id from the same address is refused, the same one replaces, none known replaces', async () => {
  const h = await harness();
  const first = await h.as('dave', PASSWORD, { session_state: 'Initial', session_id: 'sidA' });
  assert.ok(first.allow);
  assert.equal(h.live.at(-1)?.sessionId, 'sidA', 'the claim carries the session id');
  // a second device behind the same NAT: same address, new port, its own session
  const second = await h.as('dave', PASSWORD, { untrusted_port: '40001', session_state: 'Initial', session_id: 'sidB' });
  assert.ok(!second.allow && second.code === 'static-ip-in-use' && second.clientReason === 'already connected (static IP)');
  // the first device reconnecting with its token (same session id) from a new port replaces its old session
  const back = await h.authz.verify(env({ common_name: 'dave', username: 'dave', password: 'SESS_ID_x', untrusted_port: '40002', session_state: 'Authenticated', session_id: 'sidA' }));
  assert.ok(back.allow);
  assert.deepEqual(back.replaces, [0]);
  // a session whose id is unknown (certificate-only server, adopted from a snapshot) cannot be told apart:
  // the newcomer replaces it, and the controller halts it with the reason
  h.live.length = 0;
  h.live.push({ cid: 9, username: 'dave', realAddress: '198.18.0.2:40000', established: true });
  const unknown = await h.as('dave', PASSWORD, { untrusted_port: '40003', session_state: 'Initial', session_id: 'sidC' });
  assert.ok(unknown.allow);
  assert.deepEqual(unknown.replaces, [9]);
  assert.match(REPLACED_MESSAGE, /^HALT,[^"\\\r\n]+$/);
});

test('session limit per user, counted across decisions finishing together', async () => {
  const h = await harness();
  const all = await Promise.all([1, 2, 3].map((i) => h.as('erin', PASSWORD, { untrusted_port: String(50000 + i) })));
  assert.equal(all.filter((d) => d.allow).length, 2);
  const refused = all.find((d) => !d.allow);
  assert.ok(refused && !refused.allow && refused.reason === 'session limit reached (2)');
});

test('a valid session token re-checks identity but not the password; an expired one is refused without a lockout count', async () => {
  const h = await harness();
  const token = (user: string, state: string, extra: Record<string, string> = {}) =>
    h.authz.verify(env({ common_name: user, username: user, password: 'SESS_ID_opaque', session_state: state, ...extra }));
  assert.ok((await token('alice', 'Authenticated')).allow);
  assert.ok((await h.authz.verify(env({ common_name: 'alice', username: '', session_state: 'AuthenticatedEmptyUser' }))).allow, 'empty username: the CN');
  const dis = await token('bob', 'Authenticated');
  assert.ok(!dis.allow && dis.code === 'disabled');
  for (const state of ['Expired', 'Invalid']) {
    const d = await token('alice', state);
    assert.ok(!d.allow && d.code === 'token-expired' && d.clientReason === 'session expired, log in again');
  }
  assert.equal(h.failures.get('alice'), undefined, 'no lockout count for tokens');
  // a renegotiation of an established session is not counted against the session limit
  h.live.push({ cid: 40, username: 'erin', realAddress: '198.18.0.2:40000', established: true }, { cid: 41, username: 'erin', realAddress: '198.18.0.2:40001', established: true });
  assert.ok((await token('erin', 'Authenticated')).allow, 'renegotiation');
  const third = await token('erin', 'Authenticated', { untrusted_port: '40002' });
  assert.ok(!third.allow && third.code === 'session-limit', 'a token reconnect from a new address is a new session');
});

test('certificate-only server: client-connect checks identity and limits, whatever username is sent', async () => {
  const h = await harness();
  h.server.passwordAuth = false;
  const ok = await h.admit('alice', { username: 'someone-else' });
  assert.ok(ok.allow);
  const revoked = await h.admit('alice', { tls_serial_0: '666', untrusted_port: '40001' });
  assert.ok(!revoked.allow && revoked.code === 'revoked');
  const disabled = await h.admit('bob');
  assert.ok(!disabled.allow && disabled.code === 'disabled');
});

test('a recently accepted password is matched without argon2 but never outlives a password change; a wrong one still counts', async () => {
  const h = await harness();
  assert.ok((await h.as('alice', PASSWORD)).allow);
  assert.ok((await h.as('alice', PASSWORD, { untrusted_port: '40001' })).allow, 'the remembered password');
  const wrong = await h.as('alice', 'guess', { untrusted_port: '40002' });
  assert.ok(!wrong.allow && wrong.code === 'bad-password');
  assert.equal(h.failures.get('alice')?.length, 1);
  const alice = h.users.get('alice');
  assert.ok(alice);
  alice.passwordHash = await hash('a new password');
  const old = await h.as('alice', PASSWORD, { untrusted_port: '40003' });
  assert.ok(!old.allow && old.code === 'bad-password', 'the old password is not remembered across a change');
  assert.ok((await h.as('alice', 'a new password', { untrusted_port: '40004' })).allow);
});

test('VerifiedPasswords: keyed to the hash, expires, keeps no password', () => {
  const v = new VerifiedPasswords(1000);
  const t0 = new Date('2026-11-22T03:00:00Z');
  v.remember('alice', '$argon2id$h1', 'pw', t0);
  assert.ok(v.has('alice', '$argon2id$h1', 'pw', t0));
  assert.ok(!v.has('alice', '$argon2id$h1', 'pw2', t0));
  assert.ok(!v.has('alice', '$argon2id$h2', 'pw', t0));
  assert.ok(!v.has('bob', '$argon2id$h1', 'pw', t0));
  assert.ok(!v.has('alice', '$argon2id$h1', 'pw', new Date(t0.getTime() + 1000)), 'expired');
  assert.ok(!inspect(v, { showHidden: true, depth: 5 }).includes('pw'));
});
