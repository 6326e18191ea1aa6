/**
 * Console sessions end `sessionHours` after login. The test moves the process's clock (node:test's mocked
 * Date: the daemon runs in this process) instead of waiting hours; no timers are mocked, so the HTTP
 * server and client run as usual.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testDaemon } from '../support/daemon.js';

const HOURS = 2;
const HOUR = 3600_000;

test('a session older than sessionHours is refused with 401; a younger one is served', async (t) => {
  const d = await testDaemon(t, { sessionHours: HOURS });
  const start = Date.now();
  t.mock.timers.enable({ apis: ['Date'], now: start });
  const c = new Client(d.url);
  const login = await c.login();
  assert.equal(login.status, 200);
  assert.equal((await c.req('GET', '/api/status')).status, 200);

  t.mock.timers.tick(HOURS * HOUR - 60_000);
  assert.equal((await c.req('GET', '/api/status')).status, 200, 'a minute before the end the session still works');
  assert.equal((await c.req('POST', '/api/groups', { name: 'late-but-in-time' })).status, 201);

  t.mock.timers.tick(2 * 60_000);
  const expired = await c.req('GET', '/api/status');
  assert.equal(expired.status, 401, expired.text);
  assert.equal(expired.json.error, 'unauthenticated');
  assert.equal((await c.req('POST', '/api/groups', { name: 'too-late' })).status, 401);

  // a new login starts a new full session
  assert.equal((await c.login()).status, 200);
  assert.equal((await c.req('GET', '/api/status')).status, 200);
});
