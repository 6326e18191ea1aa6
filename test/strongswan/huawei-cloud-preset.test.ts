/**
 * A site with no crypto settings against a peer written by hand like a Huawei Cloud VPN gateway with its
 * published defaults (IKEv2 aes128-sha256-modp3072, 86400 s; ESP aes128-sha256 with PFS modp3072, 3600 s;
 * one child per ACL rule), accepting nothing else: the huawei-cloud preset alone must bring it up.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import pino from 'pino';
import { createStrongSwanAdapter } from '../../src/engines/strongswan/adapter.js';
import { gatewaySchema, peerSchema, siteConnectionSchema } from '../../src/core/model/index.js';
import { effectiveSite } from '../../src/engines/strongswan/config/effective.js';
import { buildConnection, buildSharedSecret } from '../../src/engines/strongswan/config/index.js';
import { Supervisor } from '../../src/engines/supervisor.js';
import { tempRunRoot, waitFor } from './harness.js';
import { IndependentPeer, peerSecretBlock } from './peer.js';
import { BR_LAN, BR_LAN_HOST, BR_WAN, BRANCH_SIDE, HQ_LAN, HQ_LAN_HOST, HQ_WAN, siteLab } from './topology.js';

const PSK = 'huawei-cloud-psk-0123456789';

/** Huawei Cloud's side: only its defaults (proposals end with no "default" keyword, so nothing else is accepted). */
const HUAWEI_CLOUD_PEER = `connections {
  cloud {
    version = 2
    local_addrs = ${BR_WAN}
    remote_addrs = ${HQ_WAN}
    proposals = aes128-sha256-modp3072
    rekey_time = 86400s
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
      rule-1 {
        local_ts = ${BR_LAN}
        remote_ts = ${HQ_LAN}
        esp_proposals = aes128-sha256-modp3072
        life_time = 3600s
        dpd_action = clear
        start_action = none
      }
    }
  }
}
secrets {
${peerSecretBlock('ike-corridor', HQ_WAN, PSK)}
}
`;

test('the huawei-cloud preset alone brings a site up against a peer with Huawei Cloud\'s defaults', async (t) => {
  const { hq, branch, hqLan, brLan } = await siteLab(t);
  const root = tempRunRoot(t);
  const adapter = await createStrongSwanAdapter({ log: pino({ level: 'silent' }), events: { record: () => {} }, runRoot: root, gateway: 'hq', namespace: hq.ns, pollIntervalMs: 1000, retryMinMs: 500 });
  t.after(() => adapter.close());
  const supervisor = new Supervisor({ runRoot: root, log: pino({ level: 'silent' }) });
  t.after(() => supervisor.stop(adapter.instance.id));
  await supervisor.ensure(adapter.instance.spec);
  await adapter.start();
  const peerDir = `${root}/peer-cloud`;
  const cloud = new IndependentPeer(branch, { ...BRANCH_SIDE, dir: peerDir, psk: PSK, swanctlConf: HUAWEI_CLOUD_PEER });
  await cloud.start();

  const peer = peerSchema.parse({ name: 'cloud', vendor: 'huawei-cloud', addresses: [BR_WAN] });
  const gateway = gatewaySchema.parse({ name: 'hq', wanLinks: [{ name: 'wan', interface: 'wan0', address: HQ_WAN }] });
  // nothing but addresses and subnets: every crypto value comes from the preset
  const site = effectiveSite(siteConnectionSchema.parse({ name: 's2s', gateway: 'hq', peer: 'cloud', localSubnets: [HQ_LAN], remoteSubnets: [BR_LAN] }), peer.vendor);
  const actions = await adapter.reconcile({ connections: [buildConnection(site, peer, gateway)], secrets: [buildSharedSecret(site, peer, PSK, gateway)], initiate: ['s2s'] });
  assert.ok(actions.every((a) => a.ok), JSON.stringify(actions));
  await waitFor('s2s up', () => (adapter.status('s2s').health === 'up' ? true : undefined), 20_000);
  assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2 })).received, 2, 'hq LAN -> cloud LAN');
  assert.equal((await brLan.ping(HQ_LAN_HOST, { count: 2 })).received, 2, 'cloud LAN -> hq LAN');
  const log = () => readFileSync(`${peerDir}/charon.log`, 'utf8');
  assert.match(log(), /selected proposal: IKE:AES_CBC_128\/HMAC_SHA2_256_128\/PRF_HMAC_SHA2_256\/MODP_3072/);
  // the first CHILD_SA takes its keys from IKE_AUTH; PFS (where a group mismatch would fail) shows at the first rekey
  assert.match(log(), /selected proposal: ESP:AES_CBC_128\/HMAC_SHA2_256_128\/NO_EXT_SEQ/);
  await cloud.swanctl(['--rekey', '--child', 'rule-1']);
  await waitFor('CHILD_SA rekeyed with PFS', () => (/selected proposal: ESP:AES_CBC_128\/HMAC_SHA2_256_128\/MODP_3072/.test(log()) ? true : undefined), 10_000);
  assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2 })).received, 2, 'traffic after the rekey');
});
