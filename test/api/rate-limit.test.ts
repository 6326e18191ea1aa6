/** The API rate limit (config `rateLimit`, requests per minute per client address) on a real daemon. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, testDaemon } from '../support/daemon.js';

const LIMIT = 10; // the smallest the configuration accepts

test('the request after `rateLimit` in the window gets 429 in the API\'s error shape; /metrics is not counted', async (t) => {
  const d = await testDaemon(t, { rateLimit: LIMIT });
  const c = new Client(d.url);
  assert.equal((await c.login()).status, 200);
  const answers: number[] = [];
  // login has its own, larger limit; every other request of this address counts against rateLimit
  for (let i = 0; i < LIMIT; i++) answers.push((await c.req('GET', '/api/status')).status);
  assert.deepEqual(answers, Array(LIMIT).fill(200));
  const over = await c.req('GET', '/api/status');
  assert.equal(over.status, 429, over.text);
  assert.deepEqual(Object.keys(over.json).sort(), ['error', 'message']);
  assert.equal(over.json.error, 'rate-limited');
  assert.match(over.json.message, /rate limit/i);
  assert.ok(Number(over.headers.get('retry-after')) > 0, `retry-after: ${over.headers.get('retry-after')}`);
  // any route of the same address is over the limit now, a write as much as a read
  assert.equal((await c.req('POST', '/api/groups', { name: 'late' })).status, 429);
  // Prometheus keeps scraping a gateway whose API is being hammered
  assert.equal((await c.req('GET', '/metrics')).status, 200);
});
