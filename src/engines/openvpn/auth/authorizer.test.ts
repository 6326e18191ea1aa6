import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import { raServerSchema } from '../../../core/model/index.js';
import type { EventInput } from '../../types.js';
import { ClientEnv } from '../management/env.js';
import { createAuthorizer } from './authorizer.js';
import type { AuthDecision, SessionView, VpnUserRecord } from './authorizer.js';
import { splitCredentials } from './credentials.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const PASSWORD = 'correct horse';

function env(vars: Record<string, string>): ClientEnv {
  const e = new ClientEnv();
  for (const [k, v] of Object.entries({ untrusted_ip: '198.18.0.2', untrusted_port: '40000', tls_serial_0: '7', ...vars })) e.add(`${k}=${v}`);
  return e;
}

async function harness(policyWindow = { maxFailures: 5, windowSeconds: 300, lockSeconds: 3 }) {
  const passwordHash = await hash(PASSWORD);
  const users = new Map<string, VpnUserRecord>([
    ['alice', { username: 'alice', disabled: false, passwordHash, groups: ['eng'] }],
    ['bob', { username: 'bob', disabled: true, passwordHash, groups: [] }],
    ['carol', { username: 'carol', disabled: false, passwordHash, totpSecret: SECRET, groups: [] }],
    ['dave', { username: 'dave', disabled: false, passwordHash, staticIp: '198.19.99.77', groups: [], maxSessions: 1 }],
    ['erin', { username: 'erin', disabled: false, passwordHash, groups: [], maxSessions: 2 }],
    ['gus', { username: 'gus', disabled: false, passwordHash, staticIp: '198.19.99.1', groups: [] }],
    ['hal', { username: 'hal', disabled: false, passwordHash, staticIp: '198.19.100.7', groups: [] }],
  ]);
  const failures = new Map<string, Date[]>();
  const events: EventInput[] = [];
  const live: Array<{ cid: number; username: string; realAddress: string; address?: string }> = [];
  const sessions: SessionView = {
    forUser: (u) => live.filter((s) => s.username === u),
    holderOf: (a) => live.find((s) => s.address === a),
    claim: (cid, username, realAddress) => live.push({ cid, username, realAddress }),
  };
  let clock = new Date('2026-11-22T03:00:00Z');
  const revoked = new Set(['666']);
  const server = raServerSchema.parse({ name: 'staff', gateway: 'hq', pool: '198.19.99.0/24', routes: ['198.19.50.0/24'], dns: ['198.19.50.53'] });
  const authz = createAuthorizer({
    server: () => server,
    findUser: (u) => users.get(u),
    certificateRevoked: (serial) => revoked.has(serial),
    lockout: {
      recordFailure: (u, at) => void failures.set(u, [...(failures.get(u) ?? []), at]),
      failures: (u) => failures.get(u) ?? [],
    },
    lockoutPolicy: policyWindow,
    sessions,
    routesForGroups: (groups) => (groups.includes('eng') ? ['198.19.60.0/24', '198.19.50.0/24'] : []),
    events: { record: (e) => events.push(e) },
    source: 'openvpn:staff',
    now: () => clock,
  });
  let cid = 0;
  const connect = (vars: Record<string, string>): Promise<AuthDecision> => authz.decide({ kind: 'connect', cid: cid++, env: env(vars) });
  const as = (user: string, password: string, extra: Record<string, string> = {}) =>
    connect({ common_name: user, username: user, password, ...extra });
  return { authz, connect, as, events, live, failures, advance: (ms: number) => (clock = new Date(clock.getTime() + ms)), now: () => clock };
}

test('right user and password: pushes server routes, DNS and group routes once each', async () => {
  const h = await harness();
  const d = await h.as('alice', PASSWORD);
  assert.ok(d.allow);
  assert.deepEqual(d.config, [
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
  const other = await h.as('dave', PASSWORD, { untrusted_ip: '198.18.0.3' });
  assert.ok(!other.allow && other.reason === 'already connected (static IP)');
  const again = await h.as('dave', PASSWORD, { untrusted_port: '40001' });
  assert.ok(again.allow);
  assert.deepEqual(again.replaces, [0]);
  for (const user of ['gus', 'hal']) {
    const bad = await h.as(user, PASSWORD);
    assert.ok(!bad.allow && bad.code === 'static-ip-outside-pool', `${user}: server address or outside the pool`);
  }
});

test('session limit per user, counted across decisions finishing together', async () => {
  const h = await harness();
  const all = await Promise.all([1, 2, 3].map((i) => h.as('erin', PASSWORD, { untrusted_port: String(50000 + i) })));
  assert.equal(all.filter((d) => d.allow).length, 2);
  const refused = all.find((d) => !d.allow);
  assert.ok(refused && !refused.allow && refused.reason === 'session limit reached (2)');
});

test('reauth re-checks identity but not the password', async () => {
  const h = await harness();
  const ok = await h.authz.decide({ kind: 'reauth', cid: 9, env: env({ common_name: 'alice', username: 'alice' }) });
  assert.ok(ok.allow);
  const dis = await h.authz.decide({ kind: 'reauth', cid: 9, env: env({ common_name: 'bob', username: 'bob' }) });
  assert.ok(!dis.allow && dis.code === 'disabled');
});
