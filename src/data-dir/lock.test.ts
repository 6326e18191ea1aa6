import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirBusyError, DataDirLock } from './lock.js';

test('one holder at a time; the refusal names the holder; released, the directory is free again', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-lock-'));
  const first = DataDirLock.acquire(dir, 'a corridor daemon');
  assert.equal(JSON.parse(readFileSync(join(dir, 'daemon.pid'), 'utf8')).pid, process.pid);
  assert.throws(() => DataDirLock.acquire(dir, 'corridor key rotate'), (err: Error) => {
    assert.ok(err instanceof DataDirBusyError);
    assert.match(err.message, new RegExp(`${dir} is in use by a corridor daemon \\(PID ${process.pid}\\)`));
    return true;
  });
  first.release();
  assert.equal(existsSync(join(dir, 'daemon.pid')), false);
  assert.equal(existsSync(join(dir, 'daemon.lock')), true, 'the lock file is never deleted');
  DataDirLock.acquire(dir, 'corridor key rotate').release();
});

test('a holder file naming a PID that is gone names nobody', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-lock-'));
  const held = DataDirLock.acquire(dir, 'a corridor daemon');
  // as if the holder had died and its PID file were left over: the lock, not the file, decides
  writeFileSync(join(dir, 'daemon.pid'), JSON.stringify({ pid: 2 ** 22 + 1, role: 'a corridor daemon' }));
  assert.throws(() => DataDirLock.acquire(dir, 'x'), /in use by another corridor process \(PID unknown\)/);
  held.release();
});
