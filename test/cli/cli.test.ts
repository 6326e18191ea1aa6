import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import { testDaemon, Client, ADMIN_PASSWORD } from '../support/daemon.js';

// the sources, not bin/corridor: a stale dist/ must not hide a change under test
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** async: the daemon under test runs in this process and must keep answering while the CLI waits */
function corridor(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 }, (e, out, err) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, out, err }));
  });
}

/** The same, with `input` on the CLI's stdin (passwords and codes are read there, never from arguments). */
function corridorWithInput(env: Record<string, string>, input: string, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 }, (e, out, err) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, out, err }));
    child.stdin?.end(input);
  });
}

test('resource commands map onto the API, with tables, --json and clear errors', async (t) => {
  const d = await testDaemon(t);
  const env = { CORRIDOR_URL: d.url, CORRIDOR_TOKEN: readFileSync(join(d.config.dataDir, 'cli.token'), 'utf8').trim() };

  const created = await corridor(env, 'gateway', 'create', 'hq', '--set', 'lanSubnets=["198.19.1.0/24"]', '--set', 'description=head office');
  assert.equal(created.code, 0, created.err);
  assert.match(created.out, /gateway "hq" created/);

  const list = await corridor(env, 'gateway', 'list');
  assert.equal(list.code, 0);
  assert.match(list.out, /^NAME\s+LANSUBNETS/m);
  assert.match(list.out, /^hq\s+198\.19\.1\.0\/24/m);

  const json = await corridor(env, '--json', 'gateway', 'show', 'hq');
  assert.equal(JSON.parse(json.out).description, 'head office');

  const bad = await corridor(env, 'peer', 'create', 'Branch One', '--set', 'addresses=["not an address"]');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /name: lower-case letters/);
  assert.match(bad.err, /addresses\.0: must be an IP address or a DNS name/);

  const missing = await corridor(env, 'site', 'show', 'nope');
  assert.equal(missing.code, 3);
  assert.match(missing.err, /site "nope" not found/);

  const status = await corridor(env, 'status');
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, /version/);
});

test('unreachable daemon and missing token give clear messages and non-zero exits', async () => {
  const down = await corridor({ CORRIDOR_URL: 'http://127.0.0.1:9', CORRIDOR_TOKEN: 'x' }, 'status');
  assert.equal(down.code, 1);
  assert.match(down.err, /cannot reach the Corridor daemon at http:\/\/127\.0\.0\.1:9/);
  const usage = await corridor({}, 'gateway', 'frobnicate');
  assert.notEqual(usage.code, 0);
});

test('admin password reads the passwords from stdin; user totp stays pending until a code is confirmed', async (t) => {
  // the daemon runs in this process: its clock (Date only) frozen mid-step makes the codes exact
  t.mock.timers.enable({ apis: ['Date'], now: Math.floor(Date.now() / 30_000) * 30_000 + 15_000 });
  const d = await testDaemon(t);
  const token = readFileSync(join(d.config.dataDir, 'cli.token'), 'utf8').trim();
  const env = { CORRIDOR_URL: d.url, CORRIDOR_TOKEN: token };

  const differ = await corridorWithInput(env, `${ADMIN_PASSWORD}\nnew-password-1\nnew-password-2\n`, 'admin', 'password');
  assert.equal(differ.code, 2);
  assert.match(differ.err, /the two new passwords differ/);
  const wrong = await corridorWithInput(env, 'not-the-password\nnew-password-1\nnew-password-1\n', 'admin', 'password');
  assert.equal(wrong.code, 2);
  assert.match(wrong.err, /currentPassword: wrong password/);
  const changed = await corridorWithInput(env, `${ADMIN_PASSWORD}\nnew-password-1\nnew-password-1\n`, 'admin', 'password');
  assert.equal(changed.code, 0, changed.err);
  assert.equal((await new Client(d.url).login('admin', 'new-password-1')).status, 200);
  assert.equal((await new Client(d.url).login()).status, 401);

  const api = new Client(d.url, token);
  assert.equal((await api.req('POST', '/api/users', { username: 'alice' })).status, 201);
  const enrol = await corridor(env, '--json', 'user', 'totp', 'alice');
  assert.equal(enrol.code, 0, enrol.err);
  const { secret, pending } = JSON.parse(enrol.out);
  assert.equal(pending, true);
  assert.equal((await api.req('GET', '/api/users/alice')).json.totpSecretSet, false, 'not active before a code is confirmed');
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  const bad = await corridor(env, 'user', 'totp-confirm', 'alice', '--code', totp.generate({ timestamp: Date.now() + 300_000 }));
  assert.equal(bad.code, 2);
  assert.match(bad.err, /code: code does not match/);
  const fromStdin = await corridorWithInput(env, `${totp.generate()}\n`, 'user', 'totp-confirm', 'alice');
  assert.equal(fromStdin.code, 0, fromStdin.err);
  assert.match(fromStdin.out, /TOTP active for "alice"/);
  assert.equal((await api.req('GET', '/api/users/alice')).json.totpSecretSet, true);
});

test('site create through the CLI takes the peer vendor\'s preset; an engine-invalid value is refused on its field', async (t) => {
  const d = await testDaemon(t);
  const env = { CORRIDOR_URL: d.url, CORRIDOR_TOKEN: readFileSync(join(d.config.dataDir, 'cli.token'), 'utf8').trim() };
  assert.equal((await corridor(env, 'gateway', 'create', 'hq', '--set', 'lanSubnets=["198.19.1.0/24"]')).code, 0);
  assert.equal((await corridor(env, 'peer', 'create', 'cloud', '--set', 'vendor=huawei-cloud', '--set', 'addresses=["198.18.0.2"]')).code, 0);
  const base = ['--set', 'gateway=hq', '--set', 'peer=cloud', '--set', 'localSubnets=["198.19.1.0/24"]', '--set', 'remoteSubnets=["198.19.2.0/24"]'];
  const bad = await corridor(env, 'site', 'create', 'to-cloud', ...base, '--set', 'ike.lifetime=60');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /ike\.lifetime: at least 120 s/);
  const created = await corridor(env, 'site', 'create', 'to-cloud', ...base);
  assert.equal(created.code, 0, created.err);
  const shown = JSON.parse((await corridor(env, '--json', 'site', 'show', 'to-cloud')).out);
  assert.deepEqual(shown.effective['esp.proposals'], { value: ['aes128-sha256-modp3072', 'aes128-sha256-modp2048'], source: 'preset' });
  const human = await corridor(env, 'site', 'show', 'to-cloud');
  assert.match(human.out, /^ike\.lifetime\s+86400  \(preset\)$/m);
  assert.match(human.out, /^dpd\.delay\s+2  \(default\)$/m);
  // no charon here (engines off): down, and its subnet pair is listed as missing
  const status = await corridor(env, 'site', 'status', 'to-cloud');
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, /^pairs\s+198\.19\.1\.0\/24<->198\.19\.2\.0\/24 MISSING$/m);
  assert.deepEqual(JSON.parse((await corridor(env, '--json', 'site', 'status', 'to-cloud')).out).pairs, [{ local: '198.19.1.0/24', remote: '198.19.2.0/24', state: 'missing' }]);
});

test('every command of the program has a description (help text), and plurals are spelled right', async () => {
  const { buildProgram } = await import('../../src/cli/main.js');
  const missing: string[] = [];
  let walked = 0;
  const walk = (cmd: import('commander').Command, path: string) => {
    for (const c of cmd.commands) {
      const name = `${path} ${c.name()}`.trim();
      walked++;
      if (!c.description().trim()) missing.push(name);
      walk(c, name);
    }
  };
  const program = buildProgram();
  walk(program, '');
  assert.ok(walked > 60, `walked only ${walked} commands`);
  assert.deepEqual(missing, [], `commands without help text: ${missing.join(', ')}`);
  const policy = program.commands.find((c) => c.name() === 'policy')!;
  assert.equal(policy.description(), 'manage access policies');
  assert.equal(policy.commands.find((c) => c.name() === 'list')!.description(), 'list access policies');
});

test('user enable/disable, user link with the only server and the public URL, status as a table, token commands', async (t) => {
  const d = await testDaemon(t, { publicUrl: 'https://vpn.example.com' });
  const token = readFileSync(join(d.config.dataDir, 'cli.token'), 'utf8').trim();
  const env = { CORRIDOR_URL: d.url, CORRIDOR_TOKEN: token };
  const api = new Client(d.url, token);
  assert.equal((await api.req('POST', '/api/users', { username: 'alice' })).status, 201);

  const disabled = await corridor(env, 'user', 'disable', 'alice');
  assert.equal(disabled.code, 0, disabled.err);
  assert.equal((await api.req('GET', '/api/users/alice')).json.disabled, true);
  const enabled = await corridor(env, 'user', 'enable', 'alice');
  assert.equal(enabled.code, 0, enabled.err);
  assert.match(enabled.out, /user "alice" enabled/);
  assert.equal((await api.req('GET', '/api/users/alice')).json.disabled, false);

  const noServer = await corridor(env, 'user', 'link', 'alice');
  assert.equal(noServer.code, 2);
  assert.match(noServer.err, /no remote-access server yet/);
  assert.equal((await api.req('POST', '/api/gateways', { name: 'hq', lanSubnets: ['198.19.1.0/24'] })).status, 201);
  assert.equal((await api.req('POST', '/api/servers', { name: 'staff', gateway: 'hq', pool: '198.18.200.0/24', publicAddress: 'vpn.example.com' })).status, 201);
  const link = await corridor(env, 'user', 'link', 'alice');
  assert.equal(link.code, 0, link.err);
  assert.match(link.out, /^https:\/\/vpn\.example\.com\/p\/[A-Za-z0-9_-]{20,}\n\(one use, expires /);
  assert.equal((await api.req('POST', '/api/servers', { name: 'contractors', gateway: 'hq', pool: '198.18.201.0/24', port: 1195, publicAddress: 'vpn.example.com' })).status, 201);
  const ambiguous = await corridor(env, 'user', 'link', 'alice');
  assert.equal(ambiguous.code, 1);
  assert.match(ambiguous.err, /several remote-access servers \(.*contractors.*\): choose one with --server/);

  const status = await corridor(env, 'status');
  assert.equal(status.code, 0, status.err);
  assert.match(status.out, /^engines\s+switched off \(CORRIDOR_ENGINES=0/m);
  assert.match(status.out, /^sites\s+0 up, 0 degraded, 0 connecting, 0 down$/m);
  assert.doesNotMatch(status.out, /[{}]/, 'no raw JSON in the human output');

  const created = await corridor(env, 'token', 'create', 'backup-script', '--scope', 'read');
  assert.equal(created.code, 0, created.err);
  const secret = created.out.trim().split('\n').at(-1)!;
  assert.equal((await new Client(d.url, secret).req('GET', '/api/gateways')).status, 200, 'the printed token works');
  const list = await corridor(env, '--json', 'token', 'list');
  const made = JSON.parse(list.out).items.find((i: { name: string }) => i.name === 'backup-script');
  assert.deepEqual(made.scopes, ['read']);
  assert.doesNotMatch(list.out, new RegExp(secret), 'the secret is never listed');
  const revoked = await corridor(env, 'token', 'revoke', made.id);
  assert.equal(revoked.code, 0, revoked.err);
  assert.equal((await new Client(d.url, secret).req('GET', '/api/gateways')).status, 401);
});
