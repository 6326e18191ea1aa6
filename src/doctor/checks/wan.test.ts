import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkWan } from './wan.js';

test('a degraded WAN link is net/packet-loss and a down one net/host-unreachable; healthy links give nothing', () => {
  const view = {
    statuses: () => [
      { gateway: 'hq', wanLink: 'wan1', interface: 'eth0', health: 'up', lossPercent: 0 },
      { gateway: 'hq', wanLink: 'wan2', interface: 'eth1', health: 'degraded', lossPercent: 8.3, reason: 'loss 8.3% over the last 60 probes' },
      { gateway: 'hq', wanLink: 'lte', interface: 'wwan0', health: 'down', reason: 'link down' },
    ],
  };
  const f = checkWan(view, 'zh-CN');
  assert.deepEqual(f.map((x) => x.code), ['net/packet-loss', 'net/host-unreachable']);
  assert.match(f[0]!.causes[0]!, /hq\/wan2 \(eth1\).*8\.3%/);
  assert.match(f[1]!.causes[0]!, /hq\/lte.*link down/);
  assert.equal(checkWan({ statuses: () => [view.statuses()[0]!] }, 'en').length, 0);
});
