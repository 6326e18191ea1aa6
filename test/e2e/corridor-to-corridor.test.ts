/**
 * Two gateways managed by Corridor (two charons, one per namespace, one daemon) against each other: the
 * responder side clears on DPD, the initiator restarts. What the daemon reports (status API) is checked
 * against what the two charons hold (their SA lists over VICI, read-only), the link is cut with the
 * lab's fault helpers, and a CHILD_SA is deleted on one charon behind the daemon's back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { siteLab, HQ_WAN, BR_WAN, HQ_LAN, BR_LAN, HQ_LAN_HOST, BR_LAN_HOST } from '../strongswan/topology.js';
import type { SiteLab } from '../strongswan/topology.js';
import { waitFor } from '../strongswan/harness.js';
import { testDaemon, Client } from '../support/daemon.js';
import { Vici } from '../../src/engines/strongswan/vici/index.js';
import type { ListedSa } from '../../src/engines/strongswan/vici/index.js';

const HQ_LAN2 = '198.19.3.0/24';
const BR_LAN2 = '198.19.4.0/24';
/** the four subnet pairs as hq's CHILD_SA names; branch's are branch-hq-<i>-<j> */
const PAIRS = ['0-0', '0-1', '1-0', '1-1'];

interface Pair extends SiteLab {
  c: Client;
  /** a gateway's VICI socket */
  socket(gateway: 'hq' | 'branch'): string;
  /** every IKE_SA a gateway's charon holds, straight from its VICI socket */
  sas(gateway: 'hq' | 'branch'): Promise<ListedSa[]>;
  health(site: string): Promise<string | undefined>;
  up(site: string): Promise<void>;
}

type SiteBody = Record<string, unknown>;

/** One daemon with gateways hq and branch; `sites` creates the site connections through the API. */
async function corridorPair(t: Parameters<typeof siteLab>[0], sites: (c: Client) => Promise<void>, extraLans = false): Promise<Pair & { hqLan2?: SiteLab['hqLan']; brLan2?: SiteLab['brLan'] }> {
  const l = await siteLab(t);
  const { lab, hq, branch } = l;
  const hqLan2 = extraLans ? await lab.lan(hq, HQ_LAN2, { name: 'hqlan2' }) : undefined;
  const brLan2 = extraLans ? await lab.lan(branch, BR_LAN2, { name: 'brlan2' }) : undefined;
  const d = await testDaemon(undefined, { engines: true });
  lab.onClose(() => d.close());
  const c = new Client(d.url);
  await c.login();
  await ok(c.req('POST', '/api/gateways', { name: 'hq', namespace: hq.ns, lanSubnets: extraLans ? [HQ_LAN, HQ_LAN2] : [HQ_LAN], wanLinks: [{ name: 'wan', interface: 'veth0', address: HQ_WAN }] }));
  await ok(c.req('POST', '/api/gateways', { name: 'branch', namespace: branch.ns, lanSubnets: extraLans ? [BR_LAN, BR_LAN2] : [BR_LAN], wanLinks: [{ name: 'wan', interface: 'veth0', address: BR_WAN }] }));
  await sites(c);
  const socket = (gateway: 'hq' | 'branch'): string => join(d.config.runRoot, `charon-${gateway}`, 'charon.vici');
  const sas = async (gateway: 'hq' | 'branch'): Promise<ListedSa[]> => {
    const v = new Vici({ socketPath: socket(gateway), reconnect: false });
    try {
      return await v.listSas({ noblock: true });
    } finally {
      v.close();
    }
  };
  const health = async (site: string): Promise<string | undefined> => (await c.req('GET', `/api/sites/${site}/status`)).json?.health;
  const up = async (site: string): Promise<void> => {
    await waitFor(`${site} up`, async () => ((await health(site)) === 'up' ? true : undefined), 30_000, 200);
  };
  return { ...l, c, socket, sas, health, up, ...(hqLan2 ? { hqLan2 } : {}), ...(brLan2 ? { brLan2 } : {}) };
}

async function ok(p: Promise<{ status: number; text: string }>): Promise<void> {
  const r = await p;
  assert.ok(r.status === 201 || r.status === 200, r.text);
}

/** Per connection name: IKE_SAs (any state) and installed CHILD_SAs per child name. */
function census(list: readonly ListedSa[], name: string): { ike: string[]; children: Record<string, number> } {
  const mine = list.filter((s) => s.name === name);
  const children: Record<string, number> = {};
  for (const s of mine) {
    for (const ch of Object.values(s.sa['child-sas'] ?? {})) {
      if (ch.state === 'INSTALLED') children[String(ch.name)] = (children[String(ch.name)] ?? 0) + 1;
    }
  }
  return { ike: mine.map((s) => String(s.sa.state)), children };
}

function expectClean(list: readonly ListedSa[], name: string, childNames: readonly string[], side: string): void {
  const c = census(list, name);
  assert.deepEqual(c.ike, ['ESTABLISHED'], `${side}: exactly one IKE_SA`);
  assert.deepEqual(c.children, Object.fromEntries(childNames.map((n) => [n, 1])), `${side}: one CHILD_SA per subnet pair`);
}

test('Corridor to Corridor with certificate authentication and two subnet pairs', async (t) => {
  const p = await corridorPair(t, async (c) => {
    await ok(c.req('POST', '/api/pki/cas', { name: 'corp', subject: { CN: 'Corp IKE CA' } }));
    await ok(c.req('POST', '/api/pki/certificates', { name: 'ike-hq', ca: 'corp', kind: 'ike', identity: 'hq.lab' }));
    await ok(c.req('POST', '/api/pki/certificates', { name: 'ike-branch', ca: 'corp', kind: 'ike', identity: 'branch.lab' }));
    await ok(c.req('POST', '/api/peers', { name: 'to-branch', addresses: [BR_WAN], identity: 'branch.lab' }));
    await ok(c.req('POST', '/api/peers', { name: 'to-hq', addresses: [HQ_WAN], identity: 'hq.lab' }));
    // one CHILD_SA per subnet pair, as Cisco-style policy-based peers need
    const common: SiteBody = { auth: 'cert', childPerSubnetPair: true, ike: { proposals: ['aes256gcm16-prfsha256-ecp256'] }, esp: { proposals: ['aes256gcm16-ecp256'] } };
    await ok(c.req('POST', '/api/sites', { ...common, name: 'branch-hq', gateway: 'branch', peer: 'to-hq', certificate: 'ike-branch', localId: 'branch.lab', remoteId: 'hq.lab', localSubnets: [BR_LAN, BR_LAN2], remoteSubnets: [HQ_LAN, HQ_LAN2], initiate: false }));
    await ok(c.req('POST', '/api/sites', { ...common, name: 'hq-branch', gateway: 'hq', peer: 'to-branch', certificate: 'ike-hq', localId: 'hq.lab', remoteId: 'branch.lab', localSubnets: [HQ_LAN, HQ_LAN2], remoteSubnets: [BR_LAN, BR_LAN2] }));
  }, true);
  const { c, hq, branch, hqLan, brLan, sas } = p;
  const hqChildren = PAIRS.map((x) => `hq-branch-${x}`);
  const brChildren = PAIRS.map((x) => `branch-hq-${x}`);
  const lanToLan = async (what: string): Promise<void> => {
    assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, `${what}: hq LAN 1 to branch LAN 1`);
    assert.equal((await brLan.ping(HQ_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, `${what}: branch LAN 1 to hq LAN 1`);
    assert.equal((await hqLan.ping('198.19.4.10', { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, `${what}: hq LAN 1 to branch LAN 2`);
    assert.equal((await p.hqLan2!.ping(BR_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, `${what}: hq LAN 2 to branch LAN 1`);
    assert.equal((await p.brLan2!.ping('198.19.3.10', { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, `${what}: branch LAN 2 to hq LAN 2`);
  };
  /** both sides up in the status API and, in both charons, one IKE_SA and one CHILD_SA per pair */
  const clean = async (what: string): Promise<void> => {
    await p.up('hq-branch');
    await p.up('branch-hq');
    // charon creates the CHILD_SAs after the first one by CREATE_CHILD_SA: wait until it is done, then
    // give a duplicate the time of two DPD rounds (2 s each) to show up before counting
    await waitFor(`${what}: every pair installed on both sides`, async () => {
      const [h, b] = [census(await sas('hq'), 'hq-branch'), census(await sas('branch'), 'branch-hq')];
      return Object.keys(h.children).length === 4 && Object.keys(b.children).length === 4 ? true : undefined;
    }, 20_000, 200);
    await sleep(4000);
    expectClean(await sas('hq'), 'hq-branch', hqChildren, `${what}, charon-hq`);
    expectClean(await sas('branch'), 'branch-hq', brChildren, `${what}, charon-branch`);
  };

  await t.test('tunnel up, four CHILD_SAs, LAN to LAN both ways', async () => {
    await clean('initial');
    await lanToLan('initial');
    const hqStatus = (await c.req('GET', '/api/sites/hq-branch/status')).json;
    assert.equal(hqStatus.children.length, 4, 'four CHILD_SAs, one per subnet pair');
    const status = (await c.req('GET', '/api/status')).json;
    assert.equal(status.sites.up, 2);
    assert.ok(status.engines.some((e: { id: string }) => e.id === 'charon-branch') && status.engines.some((e: { id: string }) => e.id === 'charon-hq'));
    assert.ok(status.dataPlanes.every((x: { dataPlane: string }) => x.dataPlane === 'libipsec' || x.dataPlane === 'kernel'));
    // the exported configuration of the far end mirrors ours
    const sheet = await c.req('GET', '/api/sites/hq-branch/export?format=sheet&vendor=huawei&lang=zh-CN');
    assert.equal(sheet.status, 200);
    assert.match(sheet.text, /198\.19\.2\.0/);
  });

  await t.test('link cut: the initiator restarts, the responder clears; restored without duplicate SAs', async () => {
    // IKE and ESP-in-UDP vanish on the WAN in both directions, as when a line goes down between the two
    const cut = [await hq.drop({ proto: 'udp', port: [500, 4500], direction: 'in' }), await branch.drop({ proto: 'udp', port: [500, 4500], direction: 'in' })];
    try {
      // the responder (dpd_action clear) drops everything it had for the peer
      await waitFor('charon-branch cleared its SAs', async () => (census(await sas('branch'), 'branch-hq').ike.length === 0 ? true : undefined), 30_000, 250);
      // the initiator (dpd_action restart, keyingtries 0) keeps trying: an IKE_SA that is not established
      await waitFor('charon-hq restarting', async () => {
        const h = census(await sas('hq'), 'hq-branch');
        return h.ike.length > 0 && !h.ike.includes('ESTABLISHED') ? true : undefined;
      }, 30_000, 250);
      assert.equal(await p.health('branch-hq'), 'down');
      assert.notEqual(await p.health('hq-branch'), 'up');
      assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 1, timeoutS: 1 })).received, 0, 'no traffic while cut');
      const history = (await c.req('GET', '/api/sites/hq-branch/history')).json.items as Array<{ kind: string; reason: string }>;
      assert.ok(history.some((h) => h.kind === 'site.ike-down' && h.reason === 'DPD timeout'), JSON.stringify(history));
    } finally {
      for (const f of cut) await f.heal();
    }
    await clean('after restore');
    await lanToLan('after restore');
  });

  await t.test('a CHILD_SA deleted on one charon shows degraded in the status API, then comes back', async () => {
    // behind the daemon's back: branch's charon deletes one CHILD_SA (and tells hq's charon, which deletes its
    // end); the IKE_SA stays. hq's control plane re-creates it after a second, so watch for the state closely.
    const seen = new Set<string>();
    const watching = (async () => {
      for (let i = 0; i < 400 && !(seen.has('hq-branch degraded') && seen.has('branch-hq degraded')); i++) {
        for (const s of ['hq-branch', 'branch-hq']) seen.add(`${s} ${await p.health(s)}`);
        await sleep(25);
      }
    })();
    const v = new Vici({ socketPath: p.socket('branch'), reconnect: false });
    try {
      await v.terminate({ child: 'branch-hq-1-1', timeoutMs: 5000 });
    } finally {
      v.close();
    }
    await watching;
    assert.ok(seen.has('hq-branch degraded'), `hq-branch seen: ${[...seen].join(', ')}`);
    assert.ok(seen.has('branch-hq degraded'), `branch-hq seen: ${[...seen].join(', ')}`);
    const st = (await c.req('GET', '/api/sites/hq-branch/history')).json.items as Array<{ kind: string; child?: string }>;
    assert.ok(st.some((h) => h.kind === 'site.child-down' && h.child === 'hq-branch-1-1'), 'the deleted CHILD_SA is in the history');
    await clean('after the CHILD_SA is back');
    await lanToLan('after the CHILD_SA is back');
  });
});

test('IKEv1 between two Corridor gateways: established and carrying traffic', async (t) => {
  const PSK = 'ikev1-lab-psk-0123456789';
  const p = await corridorPair(t, async (c) => {
    await ok(c.req('POST', '/api/peers', { name: 'to-branch', addresses: [BR_WAN] }));
    await ok(c.req('POST', '/api/peers', { name: 'to-hq', addresses: [HQ_WAN] }));
    const common: SiteBody = { ikeVersion: 1, psk: PSK, ike: { proposals: ['aes256-sha256-modp2048'] }, esp: { proposals: ['aes256-sha256-modp2048'] } };
    await ok(c.req('POST', '/api/sites', { ...common, name: 'branch-hq', gateway: 'branch', peer: 'to-hq', localSubnets: [BR_LAN], remoteSubnets: [HQ_LAN], initiate: false }));
    await ok(c.req('POST', '/api/sites', { ...common, name: 'hq-branch', gateway: 'hq', peer: 'to-branch', localSubnets: [HQ_LAN], remoteSubnets: [BR_LAN] }));
  });
  await p.up('hq-branch');
  await p.up('branch-hq');
  for (const [gw, name] of [['hq', 'hq-branch'], ['branch', 'branch-hq']] as const) {
    const mine = (await p.sas(gw)).filter((s) => s.name === name);
    assert.equal(mine.length, 1, `charon-${gw}: one IKE_SA`);
    assert.equal(mine[0]?.sa.version, '1', `charon-${gw}: the IKE_SA is IKEv1`);
    assert.equal(mine[0]?.sa.state, 'ESTABLISHED');
  }
  assert.equal((await p.hqLan.ping(BR_LAN_HOST, { count: 3, intervalMs: 200, timeoutS: 2 })).received, 3, 'hq LAN reaches branch LAN over IKEv1');
  assert.equal((await p.brLan.ping(HQ_LAN_HOST, { count: 3, intervalMs: 200, timeoutS: 2 })).received, 3, 'branch LAN reaches hq LAN over IKEv1');
  // the status API's counters come from charon's list-sas (polled every 5 s)
  await waitFor('the pings counted by the CHILD_SA', async () => {
    const st = (await p.c.req('GET', '/api/sites/hq-branch/status')).json;
    return st.bytesIn > 0 && st.bytesOut > 0 ? true : undefined;
  }, 15_000, 500);
});
