import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabUnsupportedError } from './errors.js';
import type { Host } from './host.js';
import { Lab } from './lab.js';
import type { Link } from './link.js';
import { pollUntil } from './proc.js';

const FAST = { count: 3, intervalMs: 20, timeoutS: 1 } as const;

async function pair(t: Parameters<typeof Lab.create>[0]): Promise<{ lab: Lab; a: Host; b: Host; link: Link }> {
  const lab = await Lab.create(t);
  const [a, b] = await lab.hosts('a', 'b');
  assert.ok(a && b);
  const link = await lab.link(a, b, { addrA: '198.18.5.1/24', addrB: '198.18.5.2/24' });
  return { lab, a, b, link };
}

/**
 * A socat receiver printing each datagram as a line. Absence is proved without sleeping: a packet
 * sent while the fault is on must be missing once a packet sent after healing has arrived.
 */
async function receiver(host: Host, address: string): Promise<{ lines: () => string[]; waitFor: (msg: string) => Promise<void> }> {
  const child = host.spawn(['socat', '-u', address, '-']);
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const lines = (): string[] => out.split('\n').filter((l) => l !== '');
  return {
    lines,
    waitFor: (msg) => pollUntil(`"${msg}" at ${host.name} ${address}`, () => (lines().includes(msg) ? true : undefined)).then(() => undefined),
  };
}

async function sendUdp(from: Host, to: string, port: number, msg: string): Promise<number | null> {
  return (await from.exec(['socat', '-u', '-', `UDP4-SENDTO:${to}:${port}`], { input: `${msg}\n` })).code;
}

async function sendRaw(from: Host, to: string, proto: number, msg: string): Promise<void> {
  await from.exec(['socat', '-u', '-', `IP4-SENDTO:${to}:${proto}`], { input: `${msg}\n`, check: true });
}

test('drop udp port blocks that port and not another, and heals', async (t) => {
  const { a, b } = await pair(t);
  const r500 = await receiver(b, 'UDP4-RECV:500');
  const r501 = await receiver(b, 'UDP4-RECV:501');
  await b.waitForSocket('udp', 500);
  await b.waitForSocket('udp', 501);

  await sendUdp(a, b.ip, 500, 'before');
  await r500.waitFor('before');

  const fault = await b.drop({ proto: 'udp', port: 500, direction: 'in' });
  assert.match(await b.exec(['nft', 'list', 'table', 'inet', 'corridor_lab'], { check: true }).then((r) => r.stdout), /udp dport 500 drop/);
  await sendUdp(a, b.ip, 500, 'during');
  await sendUdp(a, b.ip, 501, 'other-port');
  await r501.waitFor('other-port');
  await fault.heal();
  assert.doesNotMatch(await b.exec(['nft', 'list', 'table', 'inet', 'corridor_lab'], { check: true }).then((r) => r.stdout), /dport 500/);
  await sendUdp(a, b.ip, 500, 'after');
  await r500.waitFor('after');
  assert.deepEqual(r500.lines(), ['before', 'after']);
});

test('drop direction out blocks what the host sends but not what it receives', async (t) => {
  const { a, b } = await pair(t);
  const atA = await receiver(a, 'UDP4-RECV:4500');
  const atB = await receiver(b, 'UDP4-RECV:4500');
  await a.waitForSocket('udp', 4500);
  await b.waitForSocket('udp', 4500);

  const fault = await a.drop({ proto: 'udp', port: [500, 4500], direction: 'out' });
  // The local output hook refuses the send itself (EPERM), so socat fails.
  assert.notEqual(await sendUdp(a, b.ip, 4500, 'a-during'), 0);
  assert.equal(await sendUdp(b, a.ip, 4500, 'b-during'), 0);
  await atA.waitFor('b-during');
  await fault.heal();
  assert.equal(await sendUdp(a, b.ip, 4500, 'a-after'), 0);
  await atB.waitFor('a-after');
  assert.deepEqual(atB.lines(), ['a-after']);
});

test('blockProto esp drops IP protocol 50 while ICMP still flows', async (t) => {
  const { a, b } = await pair(t);
  const esp = await receiver(b, 'IP4-RECV:50');
  await b.waitForSocket('raw', 50);
  await sendRaw(a, b.ip, 50, 'before');
  await esp.waitFor('before');

  const fault = await b.blockProto('esp');
  await sendRaw(a, b.ip, 50, 'during');
  assert.equal((await a.ping(b.ip, FAST)).loss, 0);
  await fault.heal();
  await sendRaw(a, b.ip, 50, 'after');
  await esp.waitFor('after');
  assert.deepEqual(esp.lines(), ['before', 'after']);

  const icmp = await b.blockProto('icmp', { direction: 'in' });
  assert.equal((await a.ping(b.ip, { count: 2, intervalMs: 20, timeoutS: 0.3 })).received, 0);
  await icmp.heal();
  assert.equal((await a.ping(b.ip, FAST)).loss, 0);
  await assert.rejects(b.blockProto('bogus' as 'esp'), /unknown IP protocol/);
});

test('random loss of 50% shows up as measurable loss over 100 pings', async (t) => {
  const { a, b } = await pair(t);
  const fault = await b.loss(50);
  const lossy = await a.ping(b.ip, { count: 100, intervalMs: 10, timeoutS: 0.2 });
  assert.equal(lossy.transmitted, 100);
  // Binomial(100, 0.5): outside 20–80 has probability below 1e-9.
  assert.ok(lossy.loss >= 20 && lossy.loss <= 80, `loss ${lossy.loss}%`);
  await fault.heal();
  const clean = await a.ping(b.ip, { count: 20, intervalMs: 10, timeoutS: 1 });
  assert.equal(clean.loss, 0);
  await assert.rejects(b.loss(0), /percent/);
  await assert.rejects(b.loss(101), /percent/);
});

test('faults spare loopback inside the host', async (t) => {
  const { b } = await pair(t);
  const fault = await b.blockProto('icmp');
  assert.equal((await b.ping('198.18.5.2', FAST)).loss, 0);
  await fault.heal();
});

test('delay adds latency, or throws LabUnsupportedError when the kernel has no netem', async (t) => {
  const { a, b, link } = await pair(t);
  // Ground truth, independent of the library: can tc create a netem qdisc here at all?
  const probe = await a.exec(['tc', 'qdisc', 'add', 'dev', link.ifA, 'root', 'netem', 'delay', '1ms']);
  if (probe.code === 0) await a.exec(['tc', 'qdisc', 'del', 'dev', link.ifA, 'root'], { check: true });
  const netem = probe.code === 0;

  if (!netem) {
    await assert.rejects(link.delay(50), (e: unknown) => {
      assert.ok(e instanceof LabUnsupportedError);
      assert.match(e.message, /netem/);
      return true;
    });
    await assert.rejects(b.delay(50), LabUnsupportedError);
    // A failed attempt leaves the link usable.
    assert.equal((await a.ping(b.ip, FAST)).loss, 0);
    return;
  }
  const fault = await link.delay(50);
  const slow = await a.ping(b.ip, FAST);
  assert.ok(slow.rtt && slow.rtt.min >= 90, `rtt ${JSON.stringify(slow.rtt)}`);
  await fault.heal();
  const hostFault = await b.delay(40);
  const slower = await a.ping(b.ip, FAST);
  assert.ok(slower.rtt && slower.rtt.min >= 35, `rtt ${JSON.stringify(slower.rtt)}`);
  await hostFault.heal();
  // healed: no netem qdisc is left (checked on the qdisc, not on round-trip times, which load can stretch)
  for (const h of [a, b]) assert.doesNotMatch((await h.exec(['tc', 'qdisc', 'show'])).stdout, /netem/);
});
