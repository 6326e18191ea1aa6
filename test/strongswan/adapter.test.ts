/**
 * The adapter's charon (hq) against an independent strongSwan peer (branch) configured by hand.
 * Times printed with "measured:" are recorded in bench/s2s/RESULTS.md, never asserted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { createStrongSwanAdapter } from '../../src/engines/strongswan/adapter.js';
import type { SecretBody } from '../../src/engines/strongswan/adapter.js';
import type { DesiredState } from '../../src/engines/strongswan/adapter.js';
import type { EventInput } from '../../src/engines/types.js';
import { gatewaySchema, peerSchema, siteConnectionSchema } from '../../src/core/model/index.js';
import { effectiveSite } from '../../src/engines/strongswan/config/effective.js';
import { buildConnection, buildSharedSecret } from '../../src/engines/strongswan/config/index.js';
import { Supervisor } from '../../src/engines/supervisor.js';
import { tempRunRoot, waitFor } from './harness.js';
import { IndependentPeer } from './peer.js';
import { BR_LAN, BR_LAN_HOST, BR_WAN, BRANCH_SIDE, HQ_LAN, HQ_LAN_HOST, HQ_WAN, siteLab } from './topology.js';

/** Corridor's side comes from the domain model through config/, as the daemon builds it. */
const site = effectiveSite(siteConnectionSchema.parse({
  name: 's2s',
  gateway: 'hq',
  peer: 'branch',
  localId: 'hq.lab',
  remoteId: 'branch.lab',
  localSubnets: [HQ_LAN],
  remoteSubnets: [BR_LAN],
  ike: { proposals: ['aes256-sha256-modp2048'] },
  esp: { proposals: ['aes256gcm16-modp2048'] },
}), 'strongswan');
const peerModel = peerSchema.parse({ name: 'branch', vendor: 'strongswan', addresses: [BR_WAN], identity: 'branch.lab' });
const gatewayModel = gatewaySchema.parse({ name: 'hq', wanLinks: [{ name: 'wan', interface: 'wan0', address: HQ_WAN }] });
const secret = (psk: string): SecretBody => buildSharedSecret(site, peerModel, psk, gatewayModel);

test('adapter against an independent strongSwan peer', async (t) => {
  const { hq, branch, hqLan, brLan, wan } = await siteLab(t);
  const root = tempRunRoot(t);
  const events: EventInput[] = [];
  const adapter = await createStrongSwanAdapter({
    log: pino({ level: 'silent' }),
    events: { record: (e) => events.push(e) },
    runRoot: root,
    gateway: 'hq',
    namespace: hq.ns,
    pollIntervalMs: 1000,
    retryMinMs: 500,
  });
  t.after(() => adapter.close());
  const supervisor = new Supervisor({ runRoot: root, log: pino({ level: 'silent' }) });
  t.after(() => supervisor.stop(adapter.instance.id));
  await supervisor.ensure(adapter.instance.spec);
  await adapter.start();
  const peer = new IndependentPeer(branch, { ...BRANCH_SIDE, dir: `${root}/peer-branch`, psk: 'first-psk-0123456789' });
  await peer.start();

  const conn = buildConnection(site, peerModel, gatewayModel);
  let desired: DesiredState = { connections: [conn], secrets: [secret('first-psk-0123456789')] };
  const lanPingBothWays = async (): Promise<void> => {
    assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2 })).received, 2, 'hq LAN -> branch LAN');
    assert.equal((await brLan.ping(HQ_LAN_HOST, { count: 2 })).received, 2, 'branch LAN -> hq LAN');
  };
  const up = (): Promise<true> => waitFor('s2s up', () => (adapter.status('s2s').health === 'up' ? true : undefined), 20_000);

  await t.test('tunnel up, LAN to LAN both ways', async () => {
    const actions = await adapter.reconcile(desired);
    assert.deepEqual(
      actions.map((a) => `${a.kind} ${a.name} ${a.ok}`),
      ['load-shared psk-s2s true', 'load-conn s2s true', 'initiate s2s true'],
    );
    await up();
    await lanPingBothWays();
    const st = adapter.status('s2s');
    assert.equal(st.ikeSas[0]?.state, 'ESTABLISHED');
    assert.equal(st.children[0]?.state, 'INSTALLED');
    assert.equal(adapter.dataPlane, 'libipsec');
  });

  await t.test('a second reconcile does nothing', async () => {
    assert.deepEqual(await adapter.reconcile(desired), []);
  });

  await t.test('a rejected load reports charon errmsg and keeps the old connection up', async () => {
    const before = adapter.status('s2s').ikeSas[0]?.uniqueid;
    // a value that passed Corridor's checks but that this charon refuses (e.g. an algorithm its plugins lack)
    const body = conn['s2s'];
    assert.ok(body);
    const child = Object.values(body.children)[0];
    assert.ok(child);
    const bad = { s2s: { ...body, children: { s2s: { ...child, esp_proposals: ['aes999-nonsense'] } } } };
    const actions = await adapter.reconcile({ ...desired, connections: [bad] });
    const load = actions.find((a) => a.kind === 'load-conn');
    assert.equal(load?.ok, false);
    assert.match(load?.error ?? '', /esp_proposals|invalid/i);
    await lanPingBothWays();
    assert.equal(adapter.status('s2s').ikeSas[0]?.uniqueid, before, 'same IKE_SA still up');
    const conns = await adapter.vici.listConns();
    assert.ok(conns['s2s'], 'old definition still loaded');
    assert.deepEqual(await adapter.reconcile(desired), [], 'back to the loaded definition: nothing to do');
  });

  await t.test('PSK reset on both sides re-establishes with the new secret', async () => {
    const before = adapter.status('s2s').ikeSas[0]?.uniqueid;
    await peer.setPsk('second-psk-9876543210');
    await adapter.resetPsk('s2s', secret('second-psk-9876543210'));
    desired = { ...desired, secrets: [secret('second-psk-9876543210')] };
    await up();
    assert.notEqual(adapter.status('s2s').ikeSas[0]?.uniqueid, before, 'a new IKE_SA');
    await lanPingBothWays();
    assert.ok(events.some((e) => e.kind === 'site.psk-reset' && e.subject === 's2s'));
    assert.deepEqual(await adapter.reconcile(desired), [], 'the reset secret counts as loaded');
  });

  await t.test('link cut: DPD declares the peer dead; restored: traffic flows again by itself', async () => {
    await up();
    const seen = events.length;
    const cutAt = Date.now();
    const fault = await hq.drop({ proto: 'udp', port: [500, 4500] });
    const down = await waitFor(
      'ike-down with a DPD reason',
      () => events.slice(seen).find((e) => e.kind === 'site.ike-down' && e.subject === 's2s'),
      30_000,
      50,
    );
    const deadAfter = Date.now() - cutAt;
    assert.equal((down.detail as { reason?: string } | undefined)?.reason, 'DPD timeout', JSON.stringify(events.slice(seen)));
    console.log(`measured: link cut -> peer declared dead ${deadAfter} ms`);
    const healedAt = Date.now();
    await fault.heal();
    await waitFor('first LAN ping after heal', async () => ((await hqLan.ping(BR_LAN_HOST, { count: 1, timeoutS: 1 })).received === 1 ? true : undefined), 30_000, 0);
    console.log(`measured: link restored -> first LAN ping ${Date.now() - healedAt} ms`);
    await up();
    await lanPingBothWays();
    assert.ok(wan.a === hq);
  });

  await t.test('killed charon: restarted, connections reloaded, tunnel re-established', async () => {
    const pid = supervisor.status(adapter.instance.id)?.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    await waitFor('supervisor restarted charon', () => {
      const st = supervisor.status(adapter.instance.id);
      return st && st.pid !== pid && st.state === 'running' ? true : undefined;
    });
    await waitFor('s2s up after charon restart', async () => {
      if (adapter.status('s2s').health !== 'up') return undefined;
      return (await hqLan.ping(BR_LAN_HOST, { count: 1 })).received === 1 ? true : undefined;
    }, 30_000);
    await lanPingBothWays();
    assert.deepEqual(await adapter.vici.getConns(), ['s2s']);
  });

  await t.test('history of state changes is recorded', async () => {
    const kinds = adapter.history('s2s').map((h) => h.kind);
    for (const k of ['site.ike-up', 'site.child-up', 'site.ike-down', 'site.child-down']) assert.ok(kinds.includes(k as never), `history has ${k}`);
    const stored = events.filter((e) => e.subject === 's2s' && e.kind.startsWith('site.'));
    assert.ok(stored.length >= kinds.length, 'every history entry went to the EventSink');
    assert.ok(stored.every((e) => e.source === 'charon:hq'));
    assert.ok(adapter.history('s2s').some((h) => h.kind === 'site.ike-down' && h.reason === 'DPD timeout'));
  });

  await t.test('delete cleans everything', async () => {
    const actions = await adapter.reconcile({ connections: [], secrets: [] });
    assert.deepEqual(
      actions.map((a) => `${a.kind} ${a.name} ${a.ok}`),
      ['terminate s2s true', 'unload-conn s2s true', 'unload-shared psk-s2s true'],
    );
    assert.deepEqual(await adapter.vici.getConns(), []);
    assert.deepEqual(await adapter.vici.getShared(), []);
    assert.deepEqual(await adapter.vici.listSas(), []);
    assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 1 })).received, 0);
  });
});
