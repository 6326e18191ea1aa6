/**
 * Failure paths charon cannot be made to produce on demand: a daemon that never answers and a
 * socket that is not there. Stand-in: a bare unix socket server that accepts and stays silent (the
 * only non-charon peer in these tests; everything else runs against real charons in test/strongswan).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ViciClient } from './client.js';
import { ViciConnectionError, ViciTimeoutError } from './errors.js';

test('a silent daemon times out, the connection is dropped and the next request reconnects', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'vici-'));
  const path = join(dir, 'silent.vici');
  const sockets: Socket[] = [];
  const server = createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => server.listen(path, r));
  t.after(() => {
    for (const s of sockets) s.destroy();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const client = new ViciClient({ socketPath: path, timeoutMs: 200, reconnect: false });
  t.after(() => client.close());
  const disconnects: Array<Error | undefined> = [];
  client.connection.on('disconnect', (e) => disconnects.push(e));
  await assert.rejects(client.request('version'), (e: unknown) => e instanceof ViciTimeoutError && /version: no answer from charon within 200 ms/.test(e.message));
  assert.equal(client.connected, false);
  assert.equal(disconnects.length, 1);
  await assert.rejects(client.request('stats'), ViciTimeoutError);
  assert.equal(sockets.length, 2, 'the second request opened a new connection');
});

test('a missing socket is a connection error naming the path', async () => {
  const client = new ViciClient({ socketPath: '/nonexistent/charon.vici', timeoutMs: 500, reconnect: false });
  await assert.rejects(client.request('version'), (e: unknown) => e instanceof ViciConnectionError && /\/nonexistent\/charon\.vici/.test(e.message));
  client.close();
  await assert.rejects(client.request('version'), /closed/);
});
