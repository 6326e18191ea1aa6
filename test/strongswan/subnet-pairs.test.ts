/**
 * Two subnet pairs (hq 198.19.1.0/24 and 198.19.3.0/24 <-> branch 198.19.2.0/24) against a peer written by
 * hand like a Huawei Cloud VPN gateway with its defaults: one CHILD_SA per ACL rule, so a proposal for both local subnets is narrowed to
 * the first rule. The Corridor side is built as the daemon builds it (effective site, control plane).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { createStrongSwanAdapter } from '../../src/engines/strongswan/adapter.js';
import type { StrongSwanAdapter } from '../../src/engines/strongswan/adapter.js';
import { gatewaySchema, peerSchema, siteConnectionSchema } from '../../src/core/model/index.js';
import { effectiveSite } from '../../src/engines/strongswan/config/effective.js';
import { buildConnection, buildSharedSecret } from '../../src/engines/strongswan/config/index.js';
import { judgeSiteState } from '../../src/doctor/checks/connection.js';
import { Supervisor } from '../../src/engines/supervisor.js';
import { Vici } from '../../src/engines/strongswan/vici/index.js';
import type { Host } from '../lab/index.js';
import { tempRunRoot, waitFor } from './harness.js';
import { IndependentPeer, peerSecretBlock } from './peer.js';
import { BR_LAN, BR_LAN_HOST, BR_WAN, BRANCH_SIDE, HQ_LAN, HQ_LAN_HOST, HQ_WAN, siteLab } from './topology.js';

const PSK = 'pairs-psk-0123456789abcdef';
const HQ_LAN2 = '198.19.3.0/24';
const HQ_LAN2_HOST = '198.19.3.10';

const rule = (name: string, remoteTs: string): string => `      ${name} {
        local_ts = ${BR_LAN}
        remote_ts = ${remoteTs}
        esp_proposals = aes128-sha256-modp3072
        dpd_action = clear
        start_action = none
      }`;

/** A Huawei-like responder: one child per ACL rule, Huawei's defaults, DPD answered, never restarting. */
const NARROWING_PEER = `connections {
  huawei {
    version = 2
    local_addrs = ${BR_WAN}
    remote_addrs = ${HQ_WAN}
    proposals = aes128-sha256-modp3072
    dpd_delay = 10s
    mobike = no
    local {
      auth = psk
      id = ${BR_WAN}
    }
    remote {
      auth = psk
      id = ${HQ_WAN}
    }
    children {
${rule('rule-5', HQ_LAN)}
${rule('rule-10', HQ_LAN2)}
    }
  }
}
secrets {
${peerSecretBlock('ike-corridor', HQ_WAN, PSK)}
}
`;

async function pairsLab(t: Parameters<typeof siteLab>[0]) {
  const l = await siteLab(t);
  const hqLan2 = await l.lab.lan(l.hq, HQ_LAN2, { name: 'hq-lan2' });
  const root = tempRunRoot(t);
  const adapter = await createStrongSwanAdapter({ log: pino({ level: 'silent' }), events: { record: () => {} }, runRoot: root, gateway: 'hq', namespace: l.hq.ns, pollIntervalMs: 1000, retryMinMs: 500, retryMaxMs: 2000 });
  t.after(() => adapter.close());
  const supervisor = new Supervisor({ runRoot: root, log: pino({ level: 'silent' }) });
  t.after(() => supervisor.stop(adapter.instance.id));
  await supervisor.ensure(adapter.instance.spec);
  await adapter.start();
  const peerHost = new IndependentPeer(l.branch, { ...BRANCH_SIDE, dir: `${root}/peer-huawei`, psk: PSK, swanctlConf: NARROWING_PEER });
  await peerHost.start();
  const peer = peerSchema.parse({ name: 'huawei', vendor: 'huawei-cloud', addresses: [BR_WAN] });
  const gateway = gatewaySchema.parse({ name: 'hq', wanLinks: [{ name: 'wan', interface: 'wan0', address: HQ_WAN }] });
  const load = async (childPerSubnetPair: boolean): Promise<void> => {
    const spec = siteConnectionSchema.parse({ name: 's2s', gateway: 'hq', peer: 'huawei', localSubnets: [HQ_LAN, HQ_LAN2], remoteSubnets: [BR_LAN], childPerSubnetPair });
    const site = effectiveSite(spec, peer.vendor);
    assert.equal(site.childPerSubnetPair, childPerSubnetPair, 'the user\'s choice wins over the preset');
    const actions = await adapter.reconcile({ connections: [buildConnection(site, peer, gateway, { controlPlane: true })], secrets: [buildSharedSecret(site, peer, PSK, gateway)], initiate: ['s2s'] });
    assert.ok(actions.every((a) => a.ok), JSON.stringify(actions));
  };
  return { ...l, hqLan2, adapter, peerHost, peerVici: `${root}/peer-huawei/charon.vici`, load };
}

/** Every pair pings both ways (a lost first packet while an SA settles is retried, bounded). */
async function everyPairPings(what: string, lans: Array<[Host, string]>, brLan: Host): Promise<void> {
  for (const [lan, host] of lans) {
    const from = lan.name;
    await waitFor(`${what}: ${from} -> branch`, async () => ((await lan.ping(BR_LAN_HOST, { count: 1, timeoutS: 1 })).received === 1 ? true : undefined), 10_000, 200);
    assert.equal((await lan.ping(BR_LAN_HOST, { count: 2 })).received, 2, `${what}: ${from} -> branch LAN`);
    assert.equal((await brLan.ping(host, { count: 2 })).received, 2, `${what}: branch LAN -> ${from}`);
  }
}

const upWithEveryPair = (a: StrongSwanAdapter) => () => {
  const st = a.status('s2s');
  return st.health === 'up' && st.pairs.every((p) => p.state === 'up') ? st : undefined;
};

test('one CHILD_SA for two pairs against a peer with one SA per rule: degraded naming the narrowed pair, doctor says why; one per pair: up, every pair pings', async (t) => {
  const { adapter, hqLan, hqLan2, brLan, load } = await pairsLab(t);
  await load(false);
  const narrowed = await waitFor('the single CHILD_SA installed', () => {
    const st = adapter.status('s2s');
    return st.children.some((c) => c.state === 'INSTALLED') ? st : undefined;
  }, 20_000);
  assert.deepEqual(narrowed.children.map((c) => [c.name, c.localTs]), [['s2s', [HQ_LAN]]], 'the peer narrowed the proposal to its first rule');
  assert.equal(narrowed.health, 'degraded', 'a pair without an SA is not up');
  assert.deepEqual(narrowed.pairs, [
    { local: HQ_LAN, remote: BR_LAN, state: 'up', child: 's2s' },
    { local: HQ_LAN2, remote: BR_LAN, state: 'missing', child: 's2s' },
  ]);
  assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2 })).received, 2, 'the first pair carries traffic');
  assert.equal((await hqLan2.ping(BR_LAN_HOST, { count: 2, timeoutS: 1 })).received, 0, 'the second pair has no SA: status must not say up');
  const findings = judgeSiteState({ ...narrowed, enabled: true }, 'en');
  assert.deepEqual(findings.map((f) => f.code), ['ike/ts-narrowed']);
  assert.match(findings[0]!.evidence[0]!.text, /pair 198\.19\.3\.0\/24 <-> 198\.19\.2\.0\/24 missing: CHILD_SA s2s is installed with negotiated local-ts 198\.19\.1\.0\/24/);
  assert.match(findings[0]!.causes[0]!, /childPerSubnetPair: true/);

  await load(true);
  const up = await waitFor('one CHILD_SA per pair, every pair up', upWithEveryPair(adapter), 20_000);
  assert.deepEqual(up.pairs.map((p) => [p.local, p.child]), [[HQ_LAN, 's2s-0-0'], [HQ_LAN2, 's2s-1-0']]);
  assert.deepEqual(judgeSiteState({ ...up, enabled: true }, 'en'), []);
  await everyPairPings('per pair', [[hqLan, HQ_LAN_HOST], [hqLan2, HQ_LAN2_HOST]], brLan);
});

/**
 * What both charons hold: installed CHILD_SAs as (name, local-ts, remote-ts, reqid). Each pair must have
 * exactly one installed SA and its own reqid: strongswan#1855 is two of them sharing one.
 */
async function installed(socketPath: string): Promise<Array<{ name: string; ts: string; reqid: string }>> {
  const v = new Vici({ socketPath, reconnect: false });
  try {
    const sas = await v.listSas({ noblock: true });
    return sas.flatMap((s) => Object.values(s.sa['child-sas'] ?? {}))
      .filter((c) => c.state === 'INSTALLED')
      .map((c) => ({ name: c.name, ts: `${(c['local-ts'] ?? []).join(',')} <-> ${(c['remote-ts'] ?? []).join(',')}`, reqid: String(c.reqid) }));
  } finally {
    v.close();
  }
}

function assertOneSaPerPairOwnReqid(side: string, list: Awaited<ReturnType<typeof installed>>): void {
  assert.equal(list.length, 2, `${side}: one installed CHILD_SA per pair, no stale duplicate: ${JSON.stringify(list)}`);
  assert.equal(new Set(list.map((c) => c.ts)).size, 2, `${side}: each pair once: ${JSON.stringify(list)}`);
  assert.equal(new Set(list.map((c) => c.reqid)).size, 2, `${side}: each CHILD_SA its own reqid (strongswan#1855): ${JSON.stringify(list)}`);
}

test('one CHILD_SA per pair on the userspace data path: after a link cut and after a dead peer every pair comes back both ways with no operator action', async (t) => {
  const { adapter, hqLan, hqLan2, brLan, wan, peerHost, peerVici, load } = await pairsLab(t);
  const lans: Array<[Host, string]> = [[hqLan, HQ_LAN_HOST], [hqLan2, HQ_LAN2_HOST]];
  await load(true);
  await waitFor('every pair up', upWithEveryPair(adapter), 20_000);
  await everyPairPings('before', lans, brLan);

  await t.test('link cut: DPD takes the site down; restored, every pair passes traffic both ways', async () => {
    const cut = await wan.down();
    try {
      await waitFor('the cut detected', () => (adapter.status('s2s').health === 'up' ? undefined : true), 15_000, 200);
      assert.ok(adapter.status('s2s').pairs.some((p) => p.state === 'missing'), 'a site that is not up lists its missing pairs');
    } finally {
      await cut.heal();
    }
    await waitFor('every pair up after the restore', upWithEveryPair(adapter), 30_000);
    await everyPairPings('after link restore', lans, brLan);
    assertOneSaPerPairOwnReqid('corridor', await installed(adapter.instance.paths.vici));
    // the peer may hold its old SAs until its own DPD (10 s) gives up on them: wait until it has dropped them
    const peerSas = await waitFor('the peer holds one SA per pair', async () => {
      const list = await installed(peerVici);
      return list.length === 2 ? list : undefined;
    }, 30_000, 500);
    assertOneSaPerPairOwnReqid('peer', peerSas);
    await everyPairPings('after the peer dropped its stale SAs', lans, brLan);
  });

  await t.test('dead peer: its charon killed (no DELETE) and started fresh; every pair comes back both ways', async () => {
    await peerHost.kill();
    await waitFor('the dead peer detected', () => (adapter.status('s2s').health === 'up' ? undefined : true), 15_000, 200);
    await peerHost.start();
    await waitFor('every pair up after the peer restarted', upWithEveryPair(adapter), 30_000);
    await everyPairPings('after the peer restart', lans, brLan);
    assertOneSaPerPairOwnReqid('corridor', await installed(adapter.instance.paths.vici));
    assertOneSaPerPairOwnReqid('peer', await installed(peerVici));
  });
});
