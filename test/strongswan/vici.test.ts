/** The VICI client against real charons in lab namespaces. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Vici,
  ViciCommandError,
  ViciUnknownCommandError,
  ViciUnknownEventError,
} from '../../src/engines/strongswan/vici/index.js';
import type { UpdownEvent } from '../../src/engines/strongswan/vici/index.js';
import { startCharon, tempRunRoot, waitFor } from './harness.js';
import { BR_LAN_HOST, BRANCH_SIDE, handConn, HQ_SIDE, siteLab } from './topology.js';

const PSK = 'lab-psk-0123456789';

test('VICI client against running charons', async (t) => {
  const { hq, branch, hqLan } = await siteLab(t);
  const root = tempRunRoot(t);
  const [hqCharon, brCharon] = await Promise.all([startCharon(hq, root, 'hq'), startCharon(branch, root, 'branch')]);
  const vici = new Vici({ socketPath: hqCharon.inst.paths.vici });
  const brVici = new Vici({ socketPath: brCharon.inst.paths.vici });
  t.after(() => {
    vici.close();
    brVici.close();
  });

  await t.test('version and stats', async () => {
    const v = await vici.version();
    assert.equal(v.daemon, 'charon-systemd');
    assert.match(v.version, /^5\./);
    const stats = await vici.stats();
    assert.ok(Array.isArray(stats['plugins']) && stats['plugins'].includes('vici'));
  });

  await t.test('concurrent requests are queued and each gets its own answer', async () => {
    const [a, b, c] = await Promise.all([vici.version(), vici.getConns(), vici.stats()]);
    assert.equal(a.daemon, 'charon-systemd');
    assert.deepEqual(b, []);
    assert.ok(typeof c['uptime'] === 'object');
  });

  await t.test('unknown command and unknown event are reported as such', async () => {
    await assert.rejects(vici.request('no-such-command'), ViciUnknownCommandError);
    await assert.rejects(vici.on('no-such-event', () => undefined), ViciUnknownEventError);
    assert.equal((await vici.version()).daemon, 'charon-systemd', 'the connection stays usable');
  });

  await t.test('load-conn, list-conns, get-conns, unload-conn', async () => {
    await vici.loadConn(handConn({ ...HQ_SIDE, name: 'tmp' }));
    assert.deepEqual(await vici.getConns(), ['tmp']);
    const conns = await vici.listConns();
    const tmp = conns['tmp'] as Record<string, unknown>;
    assert.deepEqual(tmp['remote_addrs'], ['198.18.1.2']);
    const children = tmp['children'] as Record<string, Record<string, unknown>>;
    assert.deepEqual(children['lan']?.['remote-ts'], ['198.19.2.0/24']);
    await vici.unloadConn('tmp');
    assert.deepEqual(await vici.getConns(), []);
  });

  await t.test("a rejected load-conn carries charon's own errmsg", async () => {
    const bad = handConn({ ...HQ_SIDE, name: 'bad', espProposals: 'aes999-nonsense' });
    const err = await vici.loadConn(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ViciCommandError);
    assert.match(err.errmsg, /invalid value for: esp_proposals|failed/i);
    await assert.rejects(vici.unloadConn('never-loaded'), (e: unknown) => e instanceof ViciCommandError && /never-loaded/.test(e.errmsg));
  });

  await t.test('load-shared, get-shared, unload-shared', async () => {
    await vici.loadShared({ id: 'psk-s2s', data: PSK, owners: ['branch.lab'] });
    assert.deepEqual(await vici.getShared(), ['psk-s2s']);
    await vici.unloadShared('psk-s2s');
    assert.deepEqual(await vici.getShared(), []);
  });

  await t.test('initiate streams control-log, events arrive, list-sas shows the SAs, terminate', async () => {
    await vici.loadShared({ id: 'psk-s2s', data: PSK, owners: ['branch.lab'] });
    await vici.loadConn(handConn(HQ_SIDE));
    await brVici.loadShared({ id: 'psk-s2s', data: PSK, owners: ['hq.lab'] });
    await brVici.loadConn(handConn(BRANCH_SIDE));

    const ikeEvents: UpdownEvent[] = [];
    const childEvents: UpdownEvent[] = [];
    await vici.on('ike-updown', (e) => ikeEvents.push(e));
    await vici.on('child-updown', (e) => childEvents.push(e));

    const streamed: string[] = [];
    const logs = await vici.initiate({ child: 'lan', ike: 's2s', timeoutMs: 10_000, onLog: (e) => streamed.push(e.msg) });
    assert.ok(logs.some((l) => /CHILD_SA lan\{\d+\} established/.test(l.msg)), 'control-log has the establishment');
    assert.equal(streamed.length, logs.length);
    assert.ok(logs.every((l) => l['ikesa-name'] === undefined || l['ikesa-name'] === 's2s'));

    const ping = await hqLan.ping(BR_LAN_HOST, { count: 2 });
    assert.equal(ping.received, 2);

    const sas = await vici.listSas();
    assert.equal(sas.length, 1);
    assert.equal(sas[0]?.name, 's2s');
    assert.equal(sas[0]?.sa.state, 'ESTABLISHED');
    const child = Object.values(sas[0]?.sa['child-sas'] ?? {})[0];
    assert.equal(child?.state, 'INSTALLED');
    assert.ok(Number(child?.['packets-out']) >= 2);

    await waitFor('ike-updown and child-updown up events', () => (ikeEvents.length >= 1 && childEvents.length >= 1 ? true : undefined));
    assert.equal(ikeEvents[0]?.up, 'yes');
    assert.equal(childEvents[0]?.up, 'yes');

    await vici.terminate({ ike: 's2s', timeoutMs: 5000 });
    await waitFor('ike-updown down event', () => (ikeEvents.length >= 2 ? true : undefined));
    assert.equal(ikeEvents[1]?.up, undefined, 'a down event has no up key');
    assert.deepEqual(await vici.listSas(), []);
  });

  await t.test('a failing initiate reports charon errmsg and its log', async () => {
    await vici.loadConn(handConn({ ...HQ_SIDE, name: 'nowhere', remoteAddr: '198.18.1.99', child: 'lan2' }));
    const err = await vici.initiate({ child: 'lan2', ike: 'nowhere', timeoutMs: 1500 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err instanceof ViciCommandError, String(err));
    assert.match(err.errmsg, /not established after 1500ms/);
    assert.ok(err.log.some((l) => /initiating IKE_SA nowhere/.test(l)));
    await vici.terminate({ ike: 'nowhere', timeoutMs: 2000, force: true }).catch(() => undefined);
    await vici.unloadConn('nowhere');
  });

  await t.test('binary-safe request returns Buffers', async () => {
    const res = await vici.requestBinary('version');
    assert.ok(Buffer.isBuffer(res['daemon']));
    assert.equal((res['daemon'] as Buffer).toString(), 'charon-systemd');
  });
});
