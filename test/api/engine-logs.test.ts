/**
 * GET /api/engine-logs?contains=: the same answer on SQLite and PostgreSQL (scripts/test.sh runs this
 * file on both): the search ignores case, and % and _ in the text are literal characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';
import { EngineLogStore } from '../../src/store/events.js';

test('engine log search ignores case and takes % and _ literally, on either database', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  // lines as the supervisor stores them for an engine
  const logs = new EngineLogStore(d.store.db);
  for (const line of ['AUTH: Received control message: AUTH_FAILED', 'TLS Error: TLS handshake failed', 'cpu at 100% for user_1', 'cpu at 1000 for userX1']) logs.append('openvpn-staff', line);
  await logs.close();
  const search = async (text: string) =>
    ((await c.req('GET', `/api/engine-logs?instance=openvpn-staff&contains=${encodeURIComponent(text)}`)).json.items as Array<{ line: string }>).map((l) => l.line);
  assert.deepEqual(await search('auth_failed'), ['AUTH: Received control message: AUTH_FAILED']);
  assert.deepEqual(await search('tls HANDSHAKE'), ['TLS Error: TLS handshake failed']);
  assert.deepEqual(await search('100%'), ['cpu at 100% for user_1']);
  assert.deepEqual(await search('user_1'), ['cpu at 100% for user_1']);
});
