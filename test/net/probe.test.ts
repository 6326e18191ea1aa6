/**
 * Probes against lab hosts: a ── r ── b, with the r–b link at MTU 1400 so the path MTU from a to b is
 * smaller than a's own link.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lab } from '../lab/index.js';
import { pathMtu, ping, tcpProbe, udpProbe } from '../../src/net/probe/index.js';
import { listeners } from '../../src/net/host.js';
import { startServices } from './services.js';

test('probes: ping, path MTU, TCP and UDP reachability, listeners', async (t) => {
  const lab = await Lab.create(t);
  const [a, r, b] = await lab.hosts('a', 'r', 'b');
  if (!a || !r || !b) throw new Error('lab hosts missing');
  await lab.link(a, r, { addrA: '198.18.10.1/24', addrB: '198.18.10.2/24' });
  const narrow = await lab.link(r, b, { addrA: '198.18.11.1/24', addrB: '198.18.11.2/24' });
  await r.ipCmd(['link', 'set', 'dev', narrow.ifA, 'mtu', '1400']);
  await b.ipCmd(['link', 'set', 'dev', narrow.ifB, 'mtu', '1400']);
  await a.route('default', '198.18.10.2');
  await b.route('default', '198.18.11.1');
  await r.forwarding(true);
  const pid = await startServices(b, '198.18.11.2', { tcp: [8080], udp: [1194] });

  await t.test('ping: numbers of a clean path', async () => {
    const s = await ping('198.18.11.2', { namespace: a.ns, count: 4, intervalMs: 50 });
    assert.equal(s.transmitted, 4);
    assert.equal(s.received, 4);
    assert.equal(s.lossPercent, 0);
    assert.ok(s.rtt && s.rtt.min <= s.rtt.avg && s.rtt.avg <= s.rtt.max);
  });

  await t.test('ping: loss is counted (lab fault: b drops incoming ICMP)', async () => {
    const fault = await b.blockProto('icmp', { direction: 'in' });
    try {
      const s = await ping('198.18.11.2', { namespace: a.ns, count: 3, intervalMs: 50 });
      assert.equal(s.received, 0);
      assert.equal(s.lossPercent, 100);
      assert.equal(s.rtt, undefined);
    } finally {
      await fault.heal();
    }
  });

  await t.test('ping: an unroutable target is total loss with errors, not an exception', async () => {
    const s = await ping('198.18.12.5', { namespace: a.ns, count: 2, intervalMs: 50 });
    assert.equal(s.received, 0);
    assert.equal(s.lossPercent, 100);
  });

  await t.test('path MTU finds the 1400 bottleneck behind a 1500 link', async () => {
    const m = await pathMtu('198.18.11.2', { namespace: a.ns });
    assert.equal(m.mtu, 1400, JSON.stringify(m.trace));
    assert.ok(m.probes <= 16);
    const direct = await pathMtu('198.18.10.2', { namespace: a.ns });
    assert.equal(direct.mtu, 1500);
  });

  await t.test('tcpProbe: open, closed, unreachable', async () => {
    assert.equal((await tcpProbe('198.18.11.2', 8080, { namespace: a.ns })).state, 'open');
    const closed = await tcpProbe('198.18.11.2', 8081, { namespace: a.ns });
    assert.equal(closed.state, 'closed');
    assert.equal(closed.error, 'ECONNREFUSED');
    assert.equal((await tcpProbe('198.18.12.5', 80, { namespace: a.ns, timeoutMs: 1500 })).state, 'unreachable');
  });

  await t.test('udpProbe: a reply is open, port unreachable is closed, silence is unknown', async () => {
    const open = await udpProbe('198.18.11.2', 1194, { namespace: a.ns, payload: 'openvpn' });
    assert.equal(open.state, 'open');
    assert.equal(open.replyBytes, 14);
    assert.equal((await udpProbe('198.18.11.2', 500, { namespace: a.ns, payload: 'ike' })).state, 'closed');
    const fault = await b.drop({ proto: 'udp', port: 1194 });
    try {
      assert.equal((await udpProbe('198.18.11.2', 1194, { namespace: a.ns, timeoutMs: 800 })).state, 'unknown');
    } finally {
      await fault.heal();
    }
  });

  await t.test('listeners: the service started in b, with its process', async () => {
    const ls = await listeners({ namespace: b.ns });
    const tcp = ls.find((l) => l.proto === 'tcp' && l.port === 8080);
    const udp = ls.find((l) => l.proto === 'udp' && l.port === 1194);
    assert.equal(tcp?.address, '198.18.11.2');
    assert.deepEqual(tcp?.processes.map((p) => p.pid), [pid]);
    assert.equal(udp?.processes[0]?.name, 'node');
    assert.equal((await listeners({ namespace: a.ns })).length, 0);
  });
});
