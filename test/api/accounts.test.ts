/**
 * Administrators' accounts through the API of a daemon started in-process: the lockout per (account,
 * address) with its account-wide back-off (attacker and owner), TOTP re-enrolment and replay across a
 * restart, password change, the forced change of a password someone else chose, the audit trail, and
 * logout behind the CSRF token. Other client addresses are other loopback addresses (127.0.0.x).
 * TOTP codes are made for the daemon's clock, which the tests freeze in the middle of a 30-second step
 * and move explicitly: no test depends on where a step boundary falls.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { testDaemon, Client, ADMIN_PASSWORD } from '../support/daemon.js';
import { ResourceStore } from '../../src/store/resources.js';
import { MasterKey } from '../../src/secrets/master-key.js';

const NEW_PASSWORD = 'a-password-of-my-own';

/** Freezes Date (only Date: timers and I/O run normally) in the middle of a TOTP step. */
function freezeClock(t: TestContext) {
  const mid = Math.floor(Date.now() / 30_000) * 30_000 + 15_000;
  t.mock.timers.enable({ apis: ['Date'], now: mid });
  return {
    /** the next step, and the clock in its middle */
    nextStep: () => t.mock.timers.tick(30_000),
  };
}

const totpOf = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });

/** A login from another loopback address (the daemon sees it as the client's IP). */
function loginFrom(url: string, localAddress: string, body: Record<string, string>): Promise<{ status: number; json: any }> {
  const u = new URL('/api/auth/login', url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }, timeout: 20_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('login request timed out')));
    req.end(payload);
  });
}

async function enableTotp(c: Client): Promise<OTPAuth.TOTP> {
  const setup = await c.req('POST', '/api/auth/totp/setup');
  assert.equal(setup.status, 200, setup.text);
  const totp = totpOf(setup.json.secret);
  assert.equal((await c.req('POST', '/api/auth/totp/enable', { code: totp.generate() })).status, 200);
  return totp;
}

test('an attacker locks only their own address: the owner logs in from another', async (t) => {
  const d = await testDaemon(t, { lockout: { maxFailures: 5, windowSeconds: 300, lockSeconds: 300 } });
  const remaining: number[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await loginFrom(d.url, '127.0.0.2', { username: 'admin', password: `guess-${i}` });
    assert.equal(r.status, 401);
    remaining.push(r.json.remaining);
  }
  assert.deepEqual(remaining, [4, 3, 2, 1]);
  const fifth = await loginFrom(d.url, '127.0.0.2', { username: 'admin', password: 'guess-4' });
  assert.equal(fifth.status, 423);
  assert.equal(fifth.json.scope, 'address');
  assert.match(fifth.json.message, /from this address/);
  assert.equal((await loginFrom(d.url, '127.0.0.2', { username: 'admin', password: ADMIN_PASSWORD })).status, 423, 'the right password from the locked address');
  // hammering on while locked is not counted: 20 more would reach the account-wide back-off (20) if it were
  // (the login route's rate limit, 30 a minute per address, bounds how many fit in this test)
  for (let i = 0; i < 20; i++) assert.equal((await loginFrom(d.url, '127.0.0.2', { username: 'admin', password: `more-${i}` })).status, 423);

  const owner = new Client(d.url);
  const login = await owner.login();
  assert.equal(login.status, 200, 'the owner from 127.0.0.1');
  // the owner's login leaves the attacker's lock in place
  assert.equal((await loginFrom(d.url, '127.0.0.2', { username: 'admin', password: ADMIN_PASSWORD })).status, 423);

  // the administrators' view names the lock; unlocking clears it, and is audited
  const admins = await owner.req('GET', '/api/admins');
  assert.equal(admins.status, 200);
  assert.equal((await owner.req('POST', '/api/admins/admin/unlock')).status, 200);
  assert.equal((await loginFrom(d.url, '127.0.0.2', { username: 'admin', password: ADMIN_PASSWORD })).status, 200);
  const audit = await owner.req('GET', '/api/audit?resource=admin&name=admin');
  assert.ok(audit.json.items.some((i: { action: string; actor: string }) => i.action === 'unlock' && i.actor === 'admin'));
});

test('failures from many addresses put the account in back-off; the owner with a valid code gets in', async (t) => {
  const clock = freezeClock(t);
  const d = await testDaemon(t, { lockout: { maxFailures: 5, windowSeconds: 300, lockSeconds: 300, accountMaxFailures: 8 } });
  const owner = new Client(d.url);
  await owner.login();
  const totp = await enableTotp(owner);
  clock.nextStep();
  // four addresses, two guesses each: no address reaches 5; the eighth failure locks the account
  const statuses: number[] = [];
  for (let a = 10; a < 14; a++) {
    for (let i = 0; i < 2; i++) statuses.push((await loginFrom(d.url, `127.0.0.${a}`, { username: 'admin', password: `guess-${i}` })).status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 401, 423]);
  const fresh = new Client(d.url);
  const noCode = await fresh.login();
  assert.equal(noCode.status, 423, 'the password alone meets the account-wide back-off');
  assert.equal(noCode.json.scope, 'account');
  const wrongPassword = await fresh.login('admin', 'not-the-password', totp.generate());
  assert.equal(wrongPassword.status, 423, 'a valid code with a wrong password: the same answer, nothing learnt');
  const withCode = await fresh.login('admin', ADMIN_PASSWORD, totp.generate());
  assert.equal(withCode.status, 200, 'password and a valid code get past the back-off');
  clock.nextStep();
  assert.equal((await new Client(d.url).login('admin', ADMIN_PASSWORD, totp.generate({ timestamp: Date.now() - 30_000 }))).status, 423, 'the spent code does not get past it again');
});

test('TOTP re-enrolment needs the password and a current code; the new secret counts only once confirmed', async (t) => {
  const clock = freezeClock(t);
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  const first = await c.req('POST', '/api/auth/totp/setup');
  const old = totpOf(first.json.secret);
  // a wrong code first: the pending secret is not enabled by it
  const wrong = await c.req('POST', '/api/auth/totp/enable', { code: old.generate({ timestamp: Date.now() + 300_000 }) });
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.json.issues.map((i: { path: string }) => i.path), ['code']);
  assert.equal((await c.req('POST', '/api/auth/totp/enable', { code: old.generate() })).status, 200);
  clock.nextStep();

  const bare = await c.req('POST', '/api/auth/totp/setup');
  assert.equal(bare.status, 400, 'no silent switch-off');
  assert.deepEqual(bare.json.issues.map((i: { path: string }) => i.path).sort(), ['code', 'password']);
  const badPassword = await c.req('POST', '/api/auth/totp/setup', { password: 'wrong-password', code: old.generate() });
  assert.equal(badPassword.status, 400);
  assert.deepEqual(badPassword.json.issues.map((i: { path: string }) => i.path), ['password']);
  clock.nextStep();
  const setup = await c.req('POST', '/api/auth/totp/setup', { password: ADMIN_PASSWORD, code: old.generate() });
  assert.equal(setup.status, 200, setup.text);
  const next = totpOf(setup.json.secret);
  clock.nextStep();

  // pending: TOTP still required, with the old secret
  const pending = new Client(d.url);
  assert.equal((await pending.login()).json.error, 'totp-required');
  assert.equal((await pending.login('admin', ADMIN_PASSWORD, next.generate())).status, 401, 'the pending secret does not log in');
  assert.equal((await pending.login('admin', ADMIN_PASSWORD, old.generate())).status, 200, 'the active one does');
  assert.equal((await c.req('GET', '/api/auth/me')).json.admin.totpEnabled, true);

  clock.nextStep();
  assert.equal((await c.req('POST', '/api/auth/totp/enable', { code: next.generate() })).status, 200);
  clock.nextStep();
  assert.equal((await new Client(d.url).login('admin', ADMIN_PASSWORD, old.generate())).status, 401, 'the old secret is gone');
  assert.equal((await new Client(d.url).login('admin', ADMIN_PASSWORD, next.generate())).status, 200);

  const actions = (await c.req('GET', '/api/audit?resource=admin&name=admin')).json.items.map((i: { action: string }) => i.action);
  assert.deepEqual(actions.filter((a: string) => a.startsWith('totp-')), ['totp-enable', 'totp-enrol', 'totp-enable', 'totp-enrol']);
});

test('a used TOTP code is refused after a daemon restart', async (t) => {
  const clock = freezeClock(t);
  const dataDir = mkdtempSync(join(tmpdir(), 'corridor-daemon-'));
  const first = await testDaemon(t, { dataDir });
  const c = new Client(first.url);
  await c.login();
  const totp = await enableTotp(c);
  clock.nextStep();
  const code = totp.generate();
  assert.equal((await new Client(first.url).login('admin', ADMIN_PASSWORD, code)).status, 200);
  assert.equal((await new Client(first.url).login('admin', ADMIN_PASSWORD, code)).status, 401, 'replay refused');
  await first.close();

  const second = await testDaemon(t, { dataDir });
  const replay = await new Client(second.url).login('admin', ADMIN_PASSWORD, code);
  assert.equal(replay.status, 401, 'replay refused by the restarted daemon');
  clock.nextStep();
  assert.equal((await new Client(second.url).login('admin', ADMIN_PASSWORD, totp.generate())).status, 200);
});

test('an administrator changes their own password: the current one is needed, other sessions end, audited', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  const elsewhere = new Client(d.url);
  await elsewhere.login();

  const wrong = await c.req('POST', '/api/auth/password', { currentPassword: 'not-it-at-all', newPassword: NEW_PASSWORD });
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.json.issues.map((i: { path: string }) => i.path), ['currentPassword']);
  const short = await c.req('POST', '/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'short' });
  assert.equal(short.status, 400);
  assert.deepEqual(short.json.issues.map((i: { path: string }) => i.path), ['newPassword']);
  const same = await c.req('POST', '/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: ADMIN_PASSWORD });
  assert.equal(same.status, 400);
  const noCsrf = await c.req('POST', '/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD }, { 'x-csrf-token': 'wrong' });
  assert.equal(noCsrf.status, 403);

  assert.equal((await c.req('POST', '/api/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: NEW_PASSWORD })).status, 200);
  assert.equal((await c.req('GET', '/api/gateways')).status, 200, 'the session that changed it stays');
  // a wrong current password counts toward the login lock of that address: a session is no way around it
  for (let i = 0; i < 4; i++) assert.equal((await c.req('POST', '/api/auth/password', { currentPassword: `guess-${i}`, newPassword: 'whatever-it-is' })).status, 400);
  const locked = await c.req('POST', '/api/auth/password', { currentPassword: NEW_PASSWORD, newPassword: 'whatever-it-is' });
  assert.equal(locked.status, 423, 'five wrong current passwords (one above, four here) lock this address');
  assert.equal((await c.req('POST', '/api/admins/admin/unlock')).status, 200);
  assert.equal((await elsewhere.req('GET', '/api/gateways')).status, 401, 'other sessions end');
  assert.equal((await new Client(d.url).login()).status, 401, 'the old password is refused');
  assert.equal((await new Client(d.url).login('admin', NEW_PASSWORD)).status, 200);

  const audit = (await c.req('GET', '/api/audit?resource=admin&name=admin')).json.items;
  assert.deepEqual(audit.map((i: { action: string; actor: string }) => `${i.actor} ${i.action}`), ['admin unlock', 'admin change-password', 'corridor (daemon) create']);
  assert.doesNotMatch(JSON.stringify(audit), new RegExp(NEW_PASSWORD));
});

test('a password another administrator chose opens only its own change; admin and token actions are audited', async (t) => {
  const d = await testDaemon(t);
  const root = new Client(d.url);
  await root.login();
  assert.equal((await root.req('POST', '/api/admins', { username: 'bob', password: 'chosen-by-admin' })).status, 201);

  const bob = new Client(d.url);
  const login = await bob.login('bob', 'chosen-by-admin');
  assert.equal(login.status, 200);
  assert.equal(login.json.passwordChangeRequired, true);
  const blocked = await bob.req('GET', '/api/gateways');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.json.error, 'password-change-required');
  assert.equal((await bob.req('POST', '/api/tokens', { name: 'sneaky', scopes: ['admin'] })).status, 403);
  assert.equal((await bob.req('GET', '/api/auth/me')).json.admin.passwordChangeRequired, true);
  assert.equal((await bob.req('POST', '/api/auth/password', { currentPassword: 'chosen-by-admin', newPassword: 'bobs-own-password' })).status, 200);
  assert.equal((await bob.req('GET', '/api/gateways')).status, 200);
  assert.equal((await new Client(d.url).login('bob', 'bobs-own-password')).json.passwordChangeRequired, false);

  const token = await root.req('POST', '/api/tokens', { name: 'ci', scopes: ['read'] });
  assert.equal((await root.req('DELETE', `/api/tokens/${token.json.id}`)).status, 200);
  assert.equal((await root.req('DELETE', '/api/admins/bob')).status, 200);
  const items = (await root.req('GET', '/api/audit?limit=50')).json.items as Array<{ action: string; resourceType: string; resourceName: string; actor: string; after: unknown }>;
  const seen = items.map((i) => `${i.actor} ${i.action} ${i.resourceType} ${i.resourceName}`);
  for (const line of ['admin create admin bob', 'bob change-password admin bob', `admin create token ${token.json.id}`, `admin delete token ${token.json.id}`, 'admin delete admin bob']) {
    assert.ok(seen.includes(line), `${line} in ${JSON.stringify(seen)}`);
  }
  assert.doesNotMatch(JSON.stringify(items), /chosen-by-admin|bobs-own-password|cor_[0-9a-f]{12}_/);
});

test('the printed first-start password is one-time; the local CLI token keeps working', async (t) => {
  const writes: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (writes.push(String(chunk)), true)) as typeof process.stderr.write;
  let d;
  try {
    d = await testDaemon(t, { adminPassword: undefined });
  } finally {
    process.stderr.write = write;
  }
  const printed = /one-time password: (\S+)/.exec(writes.join(''))?.[1];
  assert.ok(printed, 'the password is printed');
  const c = new Client(d.url);
  const login = await c.login('admin', printed);
  assert.equal(login.status, 200);
  assert.equal(login.json.passwordChangeRequired, true);
  assert.equal((await c.req('GET', '/api/users')).json.error, 'password-change-required');
  const cli = new Client(d.url, readFileSync(join(d.config.dataDir, 'cli.token'), 'utf8').trim());
  assert.equal((await cli.req('GET', '/api/users')).status, 200, 'the CLI token is not a login');
  assert.equal((await c.req('POST', '/api/auth/password', { currentPassword: printed, newPassword: NEW_PASSWORD })).status, 200);
  assert.equal((await c.req('GET', '/api/users')).status, 200);
});

test('logout needs the CSRF token like every other change', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  const forged = await c.req('POST', '/api/auth/logout', undefined, { 'x-csrf-token': 'wrong' });
  assert.equal(forged.status, 403);
  assert.equal(forged.json.error, 'csrf');
  assert.equal((await c.req('GET', '/api/gateways')).status, 200, 'still logged in');
  assert.equal((await c.req('POST', '/api/auth/logout')).status, 200);
  assert.equal((await c.req('GET', '/api/gateways')).status, 401);
});

test('a VPN user\'s new TOTP secret is active only once a code confirms it; the old one works meanwhile', async (t) => {
  freezeClock(t);
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  const resources = new ResourceStore(d.store.db, MasterKey.load(d.config.masterKeyPath));
  const activeSecret = async () => (await resources.getWithSecrets('user', 'alice')).totpSecret;
  assert.equal((await c.req('POST', '/api/users', { username: 'alice' })).status, 201);

  const first = await c.req('POST', '/api/users/alice/totp');
  assert.equal(first.status, 200);
  assert.equal(first.json.pending, true);
  assert.equal((await c.req('GET', '/api/users/alice')).json.totpSecretSet, false, 'pending: not active');
  assert.equal(await activeSecret(), undefined);
  const noCode = await c.req('POST', '/api/users/alice/totp/confirm', {});
  assert.equal(noCode.status, 400);
  assert.deepEqual(noCode.json.issues.map((i: { path: string }) => i.path), ['code']);
  assert.equal((await c.req('POST', '/api/users/alice/totp/confirm', { code: totpOf(first.json.secret).generate() })).status, 200);
  assert.equal(await activeSecret(), first.json.secret);

  const second = await c.req('POST', '/api/users/alice/totp');
  assert.equal(second.status, 200);
  assert.equal(await activeSecret(), first.json.secret, 'the active secret stays until the new one is confirmed');
  assert.equal((await c.req('POST', '/api/users/alice/totp/confirm', { code: totpOf(first.json.secret).generate() })).status, 400, 'a code of the old secret does not confirm the new one');
  assert.equal((await c.req('POST', '/api/users/alice/totp/confirm', { code: totpOf(second.json.secret).generate() })).status, 200);
  assert.equal(await activeSecret(), second.json.secret);
  assert.equal((await c.req('POST', '/api/users/alice/totp/confirm', { code: totpOf(second.json.secret).generate() })).status, 400, 'nothing pending any more');

  const actions = (await c.req('GET', '/api/audit?resource=user&name=alice')).json.items.map((i: { action: string }) => i.action);
  assert.deepEqual(actions.filter((a: string) => a.includes('totp')), ['reset-totpSecret', 'totp-enrol', 'reset-totpSecret', 'totp-enrol']);
});

test('a VPN user with confirmed TOTP gets a profile that prompts for the code (static-challenge); pending TOTP does not', async (t) => {
  freezeClock(t);
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  assert.equal((await c.req('POST', '/api/gateways', { name: 'hq', lanSubnets: ['198.19.1.0/24'] })).status, 201);
  assert.equal((await c.req('POST', '/api/servers', { name: 'staff', gateway: 'hq', pool: '198.18.200.0/24', publicAddress: 'vpn.example.com' })).status, 201);
  assert.equal((await c.req('POST', '/api/users', { username: 'alice', password: 'alice-password-1' })).status, 201);
  const profile = async () => {
    const r = await c.req('POST', '/api/users/alice/profile', { server: 'staff' });
    assert.equal(r.status, 200, r.text);
    return r.text;
  };
  assert.doesNotMatch(await profile(), /static-challenge/);
  const enrol = await c.req('POST', '/api/users/alice/totp');
  assert.doesNotMatch(await profile(), /static-challenge/, 'pending: the code is not asked yet');
  assert.equal((await c.req('POST', '/api/users/alice/totp/confirm', { code: totpOf(enrol.json.secret).generate() })).status, 200);
  assert.match(await profile(), /^static-challenge "Enter your authenticator code" 1$/m);
});
