/**
 * WAN health in a lab: a gateway namespace with one WAN link to an "ISP" namespace that is its next hop
 * and probe target; nft-induced loss (test/lab faults) and a cut link must show in the link's health and
 * in events, and healing must bring it back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { Lab } from '../lab/index.js';
import { WanMonitor, type WanHealth } from '../../src/stability/wan/health.js';
import type { Gateway } from '../../src/core/model/index.js';
import type { EventInput } from '../../src/engines/types.js';

test('loss above 3 % degrades a WAN link, a cut link is down, and each change is an event', async (t) => {
  const lab = await Lab.create(t);
  const [gw, isp] = await lab.hosts('gw', 'isp');
  const wan = await lab.link(gw!, isp!, { addrA: '198.18.30.1/24', addrB: '198.18.30.254/24' });
  const gateway = { name: 'hq', description: '', lanSubnets: [], namespace: gw!.ns, wanLinks: [{ name: 'wan1', interface: wan.ifA, priority: 100, nextHop: '198.18.30.254', probeTargets: ['198.18.30.254'] }] } as Gateway;
  const events: EventInput[] = [];
  const mon = new WanMonitor({ source: { gateways: () => Promise.resolve([gateway]) }, events: { record: (e) => events.push(e) }, log: pino({ level: 'silent' }), count: 20, pingIntervalMs: 10, windowRounds: 3 });
  const health = () => mon.statuses()[0]!;
  /** rounds until the health is `want`, at most `max` of them */
  const until = async (want: WanHealth, max: number) => {
    for (let i = 0; i < max && health()?.health !== want; i++) await mon.round();
    return health();
  };

  await mon.round();
  assert.equal(health().health, 'up', JSON.stringify(health()));
  assert.equal(health().lossPercent, 0);
  assert.ok(health().rttMs !== undefined && health().nextHopReachable === true);

  const loss = await isp!.loss(30, { direction: 'in' });
  const degraded = await until('degraded', 10);
  assert.equal(degraded.health, 'degraded', JSON.stringify(degraded));
  assert.ok(degraded.lossPercent! > 3);
  await loss.heal();
  assert.equal((await until('up', 10)).health, 'up');

  const cut = await wan.down('a');
  await mon.round();
  assert.equal(health().health, 'down');
  assert.equal(health().reason, 'link down');
  await cut.heal();
  assert.equal((await until('up', 10)).health, 'up');

  const path = events.filter((e) => e.kind === 'wan.health-changed').map((e) => (e.detail as { to: string }).to);
  assert.equal(path[0], 'up');
  assert.ok(path.includes('degraded') && path.includes('down'), path.join(' → '));
  assert.equal(path.at(-1), 'up');
  const down = events.find((e) => (e.detail as { to?: string }).to === 'down' && (e.detail as { reason?: string }).reason === 'link down');
  assert.equal(down?.severity, 'error');
});
