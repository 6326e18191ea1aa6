import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Lab, withLab } from './lab.js';
import { isAlive, pollUntil, run } from './proc.js';
import { listNetns, statePath, STATE_DIR } from './state.js';

const OWNER = fileURLToPath(new URL('./fixtures/owner.ts', import.meta.url));

interface OwnerReport {
  prefix: string;
  namespaces: string[];
  sleepPid: number;
}

async function present(namespaces: readonly string[]): Promise<string[]> {
  const all = await listNetns();
  return namespaces.filter((n) => all.includes(n));
}

/** Starts the fixture in its own process and reads the lab it built; the caller ends it. */
async function startOwner(mode = 'wait'): Promise<{ child: ChildProcess; report: OwnerReport }> {
  const child = spawn(process.execPath, ['--import', 'tsx', OWNER, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  try {
    const line = await pollUntil(
      'the owner fixture to report its lab',
      () => {
        if (out.includes('\n')) return out.split('\n')[0];
        if (child.exitCode !== null) throw new Error(`owner fixture exited ${child.exitCode}: ${err}`);
        return undefined;
      },
      15_000,
    );
    return { child, report: JSON.parse(line ?? '') as OwnerReport };
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
}

test('withLab removes every namespace even when the body throws', async () => {
  let seen: readonly string[] = [];
  let prefix = '';
  await assert.rejects(
    withLab(undefined, async (lab) => {
      prefix = lab.prefix;
      const [a, b] = await lab.hosts('a', 'b');
      assert.ok(a && b);
      await lab.link(a, b, { addrA: '198.18.5.1/24', addrB: '198.18.5.2/24' });
      await lab.lan(a, '198.19.1.0/24');
      seen = lab.namespaces;
      assert.deepEqual(await present(seen), seen);
      throw new Error('body failed');
    }),
    /body failed/,
  );
  assert.equal(seen.length, 3);
  assert.deepEqual(await present(seen), []);
  assert.equal(existsSync(statePath(prefix)), false);
});

test('close kills spawned processes and strays left inside the namespaces', async () => {
  const lab = await Lab.create();
  const h = await lab.host('h');
  const child = h.spawn(['sleep', '300'], { stdio: 'ignore' });
  // A daemon that detached from its starter: only the namespace knows it.
  const stray = Number((await h.exec(['sh', '-c', 'sleep 300 >/dev/null 2>&1 & echo $!'], { check: true })).stdout.trim());
  assert.ok(child.pid && isAlive(child.pid));
  assert.ok(stray > 0 && isAlive(stray));
  const exited = once(child, 'exit');
  await lab.close();
  await exited;
  assert.equal(isAlive(stray), false);
  assert.deepEqual(await present(lab.namespaces), []);
  assert.throws(() => h.spawn(['true']), /closed/);
  await lab.close(); // idempotent
});

test('onClose hooks run first, latest first, while the lab processes still live; a failing one does not stop the close', async () => {
  const lab = await Lab.create();
  const h = await lab.host('h');
  const child = h.spawn(['sleep', '300'], { stdio: 'ignore' });
  const order: string[] = [];
  lab.onClose(() => order.push(`first, child alive: ${isAlive(child.pid!)}`));
  lab.onClose(() => {
    order.push(`second, child alive: ${isAlive(child.pid!)}`);
    throw new Error('a supervisor that fails to stop');
  });
  const exited = once(child, 'exit');
  await lab.close();
  await exited;
  assert.deepEqual(order, ['second, child alive: true', 'first, child alive: true']);
  assert.deepEqual(await present(lab.namespaces), []);
});

test('Lab.create(t) closes the lab when the test ends', async (t) => {
  let namespaces: readonly string[] = [];
  await t.test('inner', async (inner) => {
    const lab = await Lab.create(inner);
    await lab.hosts('x', 'y');
    namespaces = lab.namespaces;
    assert.deepEqual(await present(namespaces), namespaces);
  });
  assert.equal(namespaces.length, 2);
  assert.deepEqual(await present(namespaces), []);
});

test('a process that exits without close() cleans up in its exit handler', async () => {
  const { child, report } = await startOwner('exit');
  const [code] = (child.exitCode !== null ? [child.exitCode] : await once(child, 'exit')) as [number | null];
  assert.equal(code, 0);
  assert.deepEqual(await present(report.namespaces), []);
  assert.equal(isAlive(report.sleepPid), false);
  assert.equal(existsSync(statePath(report.prefix)), false);
});

test('a SIGTERM to the owning process cleans the lab up through the signal handler', async () => {
  const { child, report } = await startOwner();
  assert.equal(report.namespaces.length, 2);
  assert.deepEqual(await present(report.namespaces), report.namespaces);
  assert.ok(isAlive(report.sleepPid));
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [, signal] = (await exited) as [number | null, NodeJS.Signals | null];
  // The handler re-raises, so the process still dies of SIGTERM as its parent expects.
  assert.equal(signal, 'SIGTERM');
  assert.deepEqual(await present(report.namespaces), []);
  assert.equal(isAlive(report.sleepPid), false);
  assert.equal(existsSync(statePath(report.prefix)), false);
});

test('sweepStale removes the namespaces and processes of a SIGKILLed owner, not live labs', async (t) => {
  const live = await Lab.create(t);
  const mine = await live.host('mine');
  const { child, report } = await startOwner();
  assert.deepEqual(await present(report.namespaces), report.namespaces);
  const exited = once(child, 'exit');
  child.kill('SIGKILL'); // no handler runs: everything is left behind
  await exited;
  assert.deepEqual(await present(report.namespaces), report.namespaces);
  assert.ok(existsSync(statePath(report.prefix)));

  const removed = await Lab.sweepStale();
  assert.deepEqual(await present(report.namespaces), []);
  // Another test file's Lab.create() may have swept first; whoever did, nothing of the dead lab is left.
  for (const n of removed) assert.ok(!n.startsWith(`${live.prefix}-`));
  assert.equal(isAlive(report.sleepPid), false);
  assert.equal(existsSync(statePath(report.prefix)), false);
  assert.deepEqual(await present([mine.ns]), [mine.ns]);
});

test('a recycled owner PID does not keep a stale lab alive', async () => {
  // Our own PID with a start time that is not ours: what a PID reused after a crash looks like.
  const prefix = `cl${Math.random().toString(36).slice(2, 6).padEnd(4, '0')}`;
  const ns = `${prefix}-old`;
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(
    statePath(prefix),
    JSON.stringify({ prefix, pid: process.pid, pidStart: '1', createdAt: new Date().toISOString(), namespaces: [ns] }),
  );
  await run(['ip', 'netns', 'add', ns], { check: true });
  try {
    await Lab.sweepStale();
    assert.deepEqual(await present([ns]), []);
    assert.equal(existsSync(statePath(prefix)), false);
  } finally {
    await run(['ip', 'netns', 'del', ns]);
  }
});
