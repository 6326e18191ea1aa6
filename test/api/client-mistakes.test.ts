/**
 * A client's mistake is a 4xx that says what is wrong, never a 500: JSON nested thousands deep (the merge
 * of a PATCH overflowed the stack), an unknown connection for the doctor, an unknown session to
 * disconnect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';
import { MAX_JSON_DEPTH } from '../../src/api/json-body.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

test('JSON nested beyond the bound is a 400 naming the reason, on PATCH and POST alike', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  assert.equal((await c.req('POST', '/api/groups', { name: 'staff' })).status, 201);
  const send = (method: string, path: string, body: string) =>
    fetch(d.url + path, { method, headers: { 'content-type': 'application/json', cookie: c.cookie, 'x-csrf-token': c.csrf }, body }).then(async (r) => ({ status: r.status, json: (await r.json()) as { error: string; message: string } }));

  const deep = await send('PATCH', '/api/groups/staff', `{"description":${nested(5000)}}`);
  assert.equal(deep.status, 400, JSON.stringify(deep.json));
  assert.equal(deep.json.error, 'validation');
  assert.match(deep.json.message, new RegExp(`nested deeper than ${MAX_JSON_DEPTH} levels`));
  const objects = await send('POST', '/api/groups', `{"name":"x","description":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`);
  assert.equal(objects.status, 400);
  assert.match(objects.json.message, /nested deeper/);

  // brackets inside a string are text, not nesting; a body at the bound still reaches the handler
  const inString = await send('PATCH', '/api/groups/staff', JSON.stringify({ description: '['.repeat(5000) }));
  assert.equal(inString.status, 400, 'the group schema refuses a 5000-character description, but on the field');
  assert.notEqual(inString.json.error, undefined);
  assert.doesNotMatch(inString.json.message, /nested deeper/);
  assert.equal((inString.json as unknown as { issues: Array<{ path: string }> }).issues[0]!.path, 'description');
  const atBound = await send('PATCH', '/api/groups/staff', `{"description":"x","members":${nested(MAX_JSON_DEPTH - 1)}}`);
  assert.doesNotMatch(atBound.json.message ?? '', /nested deeper/);
  assert.ok(atBound.status < 500);

  const group = await c.req('GET', '/api/groups/staff');
  assert.equal(group.status, 200, 'the daemon still answers');
});

test('unknown connection and unknown session are 404, a malformed session id is 400', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  const doctor = await c.req('GET', '/api/doctor/connections/no-such-thing');
  assert.equal(doctor.status, 404, doctor.text);
  assert.equal(doctor.json.error, 'not-found');
  assert.match(doctor.json.message, /no-such-thing/);

  const session = await c.req('DELETE', '/api/sessions/staff:7');
  assert.equal(session.status, 404, session.text);
  assert.equal(session.json.error, 'not-found');
  assert.match(session.json.message, /staff:7/);
  const malformed = await c.req('DELETE', '/api/sessions/garbage');
  assert.equal(malformed.status, 400);
  assert.equal(malformed.json.issues[0].path, 'id');
});
