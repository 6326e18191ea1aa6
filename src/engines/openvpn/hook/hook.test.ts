/**
 * corridor-openvpn-hook (the compiled binary from `npm run build`) against a HookServer on a unix socket,
 * with the environment OpenVPN would give it: allow, deny with the client's reason, client-connect config,
 * and the deferral when no daemon listens (exit 2, the answer written to OpenVPN's control files later).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientEnv } from '../management/env.js';
import { hookBinary } from './binary.js';
import { configBody, formatHookAnswer, HookServer, parseHookRequest } from './server.js';
import type { HookAnswer } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'corridor-hook-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const socket = join(dir, 'hook.sock');

function runHook(env: Record<string, string>, file?: string): Promise<number> {
  return new Promise((resolve) => {
    execFile(hookBinary(), file ? [socket, file] : [socket], { env }, (err) => resolve(err ? Number((err as { code?: number }).code) : 0));
  });
}

async function withServer<T>(answer: (env: ClientEnv) => HookAnswer, body: (seen: ClientEnv[]) => Promise<T>): Promise<T> {
  const seen: ClientEnv[] = [];
  const server = new HookServer(socket, async (env) => {
    seen.push(env);
    return answer(env);
  });
  await server.listen();
  try {
    return await body(seen);
  } finally {
    await server.close();
  }
}

function credentials(user: string, password: string): string {
  const path = join(dir, `up-${user}`);
  writeFileSync(path, `${user}\n${password}\n`, { mode: 0o600 });
  return path;
}

test('request and answer encoding: NUL-separated entries, the password kept private, one-line reasons', () => {
  const env = parseHookRequest(Buffer.from('script_type=user-pass-verify\0common_name=alice\0IV_GUI_VER=a=b\0password=p=w\0junk\0'));
  assert.equal(env.get('script_type'), 'user-pass-verify');
  assert.equal(env.get('IV_GUI_VER'), 'a=b');
  assert.equal(env.password(), 'p=w');
  assert.ok(!JSON.stringify(env).includes('p=w'));
  assert.equal(formatHookAnswer({ allow: false, reason: 'bad\nOK' }), 'DENY\nbad OK');
  assert.throws(() => configBody(['push "route 198.19.1.0 255.255.255.0"\nscript-security 3']));
});

test('user-pass-verify: the daemon sees the environment and the via-file password; exit 0 or 1 with the reason', async () => {
  const reasonFile = join(dir, 'afr');
  await withServer(
    (env) => (env.password() === 'right' ? { allow: true } : { allow: false, reason: 'Invalid username or password' }),
    async (seen) => {
      const base = { script_type: 'user-pass-verify', common_name: 'alice', username: 'alice', auth_failed_reason_file: reasonFile, password: 'from-env-never-used' };
      assert.equal(await runHook(base, credentials('alice', 'right')), 0);
      assert.equal(seen[0]?.commonName, 'alice');
      assert.equal(seen[0]?.password(), 'right', 'the via-file password, not a password variable');
      assert.equal(await runHook(base, credentials('alice', 'wrong')), 1);
      assert.equal(readFileSync(reasonFile, 'utf8'), 'Invalid username or password');
    },
  );
});

test('client-connect writes the config lines into the file OpenVPN named; a refusal exits 1', async () => {
  const config = join(dir, 'cc-config');
  await withServer(
    (env) => (env.commonName === 'alice' ? { allow: true, body: configBody(['ifconfig-push 198.19.99.77 255.255.255.0']) } : { allow: false, reason: 'session limit reached (5)' }),
    async () => {
      assert.equal(await runHook({ script_type: 'client-connect', common_name: 'alice' }, config), 0);
      assert.equal(readFileSync(config, 'utf8'), 'ifconfig-push 198.19.99.77 255.255.255.0\n');
      assert.equal(await runHook({ script_type: 'client-connect', common_name: 'bob' }, join(dir, 'cc-bob')), 1);
      assert.ok(!existsSync(join(dir, 'cc-bob')));
    },
  );
});

test('no daemon listening: the hook defers (exit 2) and its child answers through the control file once one is back', async () => {
  const control = join(dir, 'acf');
  writeFileSync(control, '');
  const code = await runHook({ script_type: 'user-pass-verify', common_name: 'frank', username: 'frank', auth_control_file: control, auth_failed_reason_file: join(dir, 'afr2') }, credentials('frank', 'pw'));
  assert.equal(code, 2);
  await sleep(300);
  assert.equal(readFileSync(control, 'utf8'), '', 'nothing decided while no daemon listens');
  await withServer(
    (env) => (env.password() === 'pw' ? { allow: true } : { allow: false, reason: 'no' }),
    async (seen) => {
      for (let i = 0; i < 100 && readFileSync(control, 'utf8') === ''; i++) await sleep(50);
      assert.equal(readFileSync(control, 'utf8'), '1');
      assert.equal(seen[0]?.password(), 'pw', 'the child kept the credentials OpenVPN deleted meanwhile');
    },
  );
  // client-disconnect without a daemon is dropped, never deferred
  assert.equal(await runHook({ script_type: 'client-disconnect', common_name: 'frank' }), 0);
});
