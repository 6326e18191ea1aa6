import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgePing, judgeTunnelMtu, judgeUdp } from './path.js';
import { judgeSiteState } from '../checks/connection.js';

const stats = (lossPercent: number, avg: number, received = 100 - lossPercent) =>
  ({ target: '198.18.0.2', transmitted: 100, received, lossPercent, errors: 0, ...(received ? { rtt: { min: avg, avg, max: avg, mdev: 0 } } : {}) });

test('loss above 3 % and RTT above 200 ms are findings; 3 % exactly and 200 ms are not', () => {
  assert.deepEqual(judgePing(stats(3, 200), 'en'), []);
  assert.deepEqual(judgePing(stats(4, 201), 'en').map((f) => f.code), ['net/packet-loss', 'net/high-latency']);
  assert.deepEqual(judgePing(stats(100, 0, 0), 'en').map((f) => f.code), ['net/host-unreachable']);
  assert.match(judgePing(stats(10, 20), 'en', 'ns1')[0]!.evidence[0]!.file, /netns ns1/);
});

test('UDP: only a refusal is a finding; tunnel MTU below the expected size is a black hole', () => {
  assert.deepEqual(judgeUdp({ host: '198.18.0.2', port: 500, state: 'unknown' }, 'en'), []);
  assert.deepEqual(judgeUdp({ host: '198.18.0.2', port: 500, state: 'closed' }, 'en').map((f) => f.code), ['net/port-unreachable']);
  const trace = [{ packet: 1500, ok: false }, { packet: 1200, ok: true }];
  assert.deepEqual(judgeTunnelMtu({ target: '198.18.20.1', mtu: 1400, probes: 2, trace }, 1400, 'en'), []);
  assert.deepEqual(judgeTunnelMtu({ target: '198.18.20.1', mtu: 1200, probes: 2, trace }, 1400, 'en').map((f) => f.code), ['net/mtu-blackhole']);
});

test('a degraded site (IKE up, no CHILD_SA) is a finding; up, down-and-disabled are not', () => {
  const base = { name: 'branch1', ikeSas: [{ uniqueid: '1', state: 'ESTABLISHED' }], children: [], missingChildren: ['branch1'], pairs: [], bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 };
  const f = judgeSiteState({ ...base, health: 'degraded', enabled: true }, 'en');
  assert.deepEqual(f.map((x) => x.code), ['ike/phase2-proposal-or-pfs-mismatch']);
  assert.match(f[0]!.evidence[0]!.text, /IKE ESTABLISHED, missing CHILD_SA branch1/);
  assert.deepEqual(judgeSiteState({ ...base, health: 'up', enabled: true }, 'en'), []);
  assert.deepEqual(judgeSiteState({ ...base, health: 'degraded', enabled: false }, 'en'), []);
});

test('a site whose every CHILD_SA is installed but a subnet pair is not carried: ts-narrowed with the negotiated selectors as evidence', () => {
  const child = { name: 'branch1', uniqueid: '3', state: 'INSTALLED', bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, localTs: ['198.19.1.0/24'], remoteTs: ['198.19.2.0/24'] };
  const st = {
    name: 'branch1', health: 'degraded' as const, enabled: true, ikeSas: [{ uniqueid: '1', state: 'ESTABLISHED' }], children: [child], missingChildren: [],
    pairs: [
      { local: '198.19.1.0/24', remote: '198.19.2.0/24', state: 'up' as const, child: 'branch1' },
      { local: '198.19.3.0/24', remote: '198.19.2.0/24', state: 'missing' as const, child: 'branch1' },
    ],
    bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0,
  };
  const f = judgeSiteState(st, 'en');
  assert.deepEqual(f.map((x) => x.code), ['ike/ts-narrowed']);
  assert.match(f[0]!.evidence[0]!.text, /pair 198\.19\.3\.0\/24 <-> 198\.19\.2\.0\/24 missing: CHILD_SA branch1 is installed with negotiated local-ts 198\.19\.1\.0\/24/);
  assert.match(f[0]!.causes[0]!, /childPerSubnetPair: true/);
  assert.match(judgeSiteState(st, 'zh-CN')[0]!.causes[0]!, /重新发起同一个 CHILD_SA 仍会被缩小/);
});

test('two installed CHILD_SAs sharing a reqid are reported as ike/reqid-shared, not as narrowed selectors', () => {
  const c = (name: string, local: string) => ({ name, uniqueid: name, state: 'INSTALLED', bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, localTs: [local], remoteTs: ['198.19.2.0/24'], reqid: '2' });
  const st = {
    name: 's2s', health: 'degraded' as const, enabled: true, ikeSas: [{ uniqueid: '1', state: 'ESTABLISHED' }], children: [c('s2s-0-0', '198.19.1.0/24'), c('s2s-1-0', '198.19.3.0/24')], missingChildren: [],
    pairs: [
      { local: '198.19.1.0/24', remote: '198.19.2.0/24', state: 'missing' as const, child: 's2s-0-0', reason: 'reqid-shared' as const },
      { local: '198.19.3.0/24', remote: '198.19.2.0/24', state: 'missing' as const, child: 's2s-1-0', reason: 'reqid-shared' as const },
    ],
    bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0,
  };
  const f = judgeSiteState(st, 'en');
  assert.deepEqual(f.map((x) => x.code), ['ike/reqid-shared']);
  assert.match(f[0]!.evidence[0]!.text, /CHILD_SA s2s-0-0 reqid 2 is shared with s2s-1-0/);
  assert.ok(judgeSiteState(st, 'zh-CN')[0]!.title.includes('reqid'));
});
