/**
 * One daemon per data directory, with real daemon processes: a second one on the same directory refuses
 * and names the PID that holds it (the first keeps serving), and kill -9 of the holder frees the
 * directory at once for the next daemon (the kernel drops the lock with the process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DaemonProcess, freePort } from '../support/daemon-process.js';

test('a second daemon on the same data directory refuses, naming the holder; kill -9 frees it', async (t) => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'corridor-one-')), 'var');
  const first = new DaemonProcess(dataDir, await freePort());
  const second = new DaemonProcess(dataDir, await freePort());
  const third = new DaemonProcess(dataDir, await freePort());
  t.after(async () => {
    for (const d of [first, second, third]) await d.kill('SIGKILL');
  });
  const c1 = await first.start();

  await assert.rejects(second.start(), (err: Error) => {
    assert.match(err.message, new RegExp(`data directory ${dataDir} is in use by a corridor daemon \\(PID ${first.child!.pid}\\)`));
    return true;
  });
  assert.equal(second.child!.exitCode, 1);
  assert.equal((await c1.req('GET', '/api/status')).status, 200, 'the first daemon keeps serving');

  await first.kill('SIGKILL');
  const c3 = await third.start();
  assert.equal((await c3.req('GET', '/api/status')).status, 200);
});
