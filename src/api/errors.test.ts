import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { installErrorHandler } from './errors.js';
import { CorridorError } from '../core/errors.js';
import { ViciCommandError, ViciConnectionError, ViciTimeoutError } from '../engines/strongswan/vici/errors.js';
import { ManagementCommandError } from '../engines/openvpn/management/replies.js';
import { ManagementNotAttachedError } from '../engines/openvpn/management/client.js';
import { NetCommandError } from '../net/exec.js';

test('engine errors become one documented shape: 502 engine-refused / 503 engine-unavailable, naming the engine', async (t) => {
  const app = Fastify({ logger: false });
  installErrorHandler(app);
  const throwing: Record<string, Error> = {
    vici: new ViciCommandError('initiate', 'establishing CHILD_SA failed', {}),
    viciDown: new ViciConnectionError('connect ENOENT /run/charon.vici'),
    viciSlow: new ViciTimeoutError('no answer in 10 s'),
    mgmt: new ManagementCommandError('client-kill', 'ERROR: client-kill command failed'),
    mgmtDown: new ManagementNotAttachedError(),
    host: new NetCommandError(['nft', '-f', '-'], { code: 1, signal: null, stdout: '', stderr: 'Error: syntax error', timedOut: false }),
    corridor: new CorridorError(404, 'not-found', 'site "x" not found'),
    bug: new TypeError('cannot read properties of undefined'),
  };
  for (const [name, err] of Object.entries(throwing)) app.get(`/${name}`, async () => { throw err; });
  t.after(() => app.close());
  const answer = async (name: string) => {
    const r = await app.inject({ method: 'GET', url: `/${name}` });
    return { status: r.statusCode, body: r.json() as Record<string, string> };
  };
  assert.deepEqual(await answer('vici'), { status: 502, body: { error: 'engine-refused', engine: 'strongswan', message: 'strongSwan refused initiate: establishing CHILD_SA failed' } });
  assert.deepEqual(await answer('mgmt'), { status: 502, body: { error: 'engine-refused', engine: 'openvpn', message: 'OpenVPN refused client-kill: ERROR: client-kill command failed' } });
  for (const name of ['viciDown', 'viciSlow']) {
    const a = await answer(name);
    assert.equal(a.status, 503);
    assert.equal(a.body.error, 'engine-unavailable');
    assert.equal(a.body.engine, 'strongswan');
  }
  assert.deepEqual((await answer('mgmtDown')).body.engine, 'openvpn');
  assert.equal((await answer('mgmtDown')).status, 503);
  const host = await answer('host');
  assert.equal(host.status, 502);
  assert.equal(host.body.engine, 'host');
  assert.match(host.body.message ?? '', /syntax error/);
  assert.deepEqual(await answer('corridor'), { status: 404, body: { error: 'not-found', message: 'site "x" not found' } });
  assert.deepEqual(await answer('bug'), { status: 500, body: { error: 'internal', message: 'internal error; see the daemon log' } }, 'a bug says nothing of its internals');
});
