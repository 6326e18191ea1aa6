/** Host checks against this machine, in a network namespace this test creates (and deletes). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { gatewaySchema, raServerSchema } from '../../src/core/model/index.js';
import { exec, listeners, readForwarding, writeSysctl, IPV4_FORWARD } from '../../src/net/index.js';
import { checkClock, checkForwarding, checkListeners, checkPptpd, expectedPorts, hostChecks } from '../../src/doctor/checks/host.js';

const NS = `corridor-drhost-${process.pid}`;

async function withNamespace(t: import('node:test').TestContext): Promise<string> {
  const add = await exec(['ip', 'netns', 'add', NS], { timeoutMs: 10_000 });
  assert.equal(add.code, 0, add.stderr);
  t.after(async () => { await exec(['ip', 'netns', 'del', NS], { timeoutMs: 10_000 }); });
  await exec(['ip', '-n', NS, 'link', 'set', 'lo', 'up'], { timeoutMs: 10_000 });
  return NS;
}

const gateway = gatewaySchema.parse({ name: 'lab-gw', namespace: NS });
const server = raServerSchema.parse({ name: 'staff', gateway: 'lab-gw', port: 1194, proto: 'udp', pool: '198.19.8.0/24' });
const world = { gateways: [gateway], sites: [], servers: [server] };

test('ip_forward off in the gateway\'s namespace gives host/ip-forward-off; on gives nothing', async (t) => {
  const ns = await withNamespace(t);
  await writeSysctl(IPV4_FORWARD, '0', { namespace: ns });
  const off = checkForwarding(gateway, (await readForwarding({ namespace: ns })).ipv4, 'en');
  assert.deepEqual(off.map((f) => f.code), ['host/ip-forward-off']);
  assert.equal(off[0]!.evidence[0]!.text, 'net.ipv4.ip_forward = 0');
  assert.match(off[0]!.evidence[0]!.file, new RegExp(ns));
  await writeSysctl(IPV4_FORWARD, '1', { namespace: ns });
  assert.deepEqual(checkForwarding(gateway, (await readForwarding({ namespace: ns })).ipv4, 'en'), []);
});

test('a port nobody listens on gives host/port-not-listening; another program on it gives host/port-conflict', async (t) => {
  const ns = await withNamespace(t);
  const expected = expectedPorts(gateway, world);
  assert.deepEqual(expected.map((e) => `${e.proto}/${e.port}`), ['udp/1194']);
  const none = checkListeners(gateway, expected, await listeners({ namespace: ns }), 'zh-CN');
  assert.deepEqual(none.map((f) => f.code), ['host/port-not-listening']);
  assert.match(none[0]!.title, /端口未监听/);

  // socat stands in for "some other program" holding the OpenVPN port
  const squatter = spawn('ip', ['netns', 'exec', ns, 'socat', '-u', 'UDP-RECV:1194,bind=127.0.0.1', '/dev/null'], { stdio: 'ignore' });
  t.after(() => { if (squatter.exitCode === null) squatter.kill('SIGKILL'); });
  let sockets = await listeners({ namespace: ns });
  for (let i = 0; i < 50 && !sockets.some((l) => l.port === 1194); i++) {
    await new Promise((r) => setTimeout(r, 100));
    sockets = await listeners({ namespace: ns });
  }
  const conflict = checkListeners(gateway, expected, sockets, 'en');
  assert.deepEqual(conflict.map((f) => f.code), ['host/port-conflict']);
  assert.match(conflict[0]!.evidence[0]!.text, /socat\[\d+\]/);
});

test('hostChecks on this machine: the namespace\'s faults are found, whatever else the host has', async (t) => {
  const ns = await withNamespace(t);
  await writeSysctl(IPV4_FORWARD, '0', { namespace: ns });
  const findings = await hostChecks({ world, enginesRunning: true }, 'en');
  const codes = findings.map((f) => f.code);
  assert.ok(codes.includes('host/ip-forward-off'), codes.join());
  assert.ok(codes.includes('host/port-not-listening'), codes.join());
  const engines = await hostChecks({ world, enginesRunning: false }, 'en');
  assert.ok(!engines.some((f) => f.code === 'host/port-not-listening'), 'no listener expected with engines off');
});

test('clock and pptpd judgements', () => {
  assert.deepEqual(checkClock({ systemTime: 'now', ntp: 'synchronized', ntpEvidence: 'x', rtcOffsetSeconds: 1 }, 'en'), []);
  assert.deepEqual(checkClock({ systemTime: 'now', ntp: 'synchronized', ntpEvidence: 'x', rtcOffsetSeconds: 600 }, 'en').map((f) => f.code), ['host/clock-skew']);
  assert.equal(checkClock({ systemTime: 'now', ntp: 'unsynchronized', ntpEvidence: 'timedatectl show: NTPSynchronized=no' }, 'en')[0]?.code, 'host/clock-skew');
  assert.deepEqual(checkPptpd([], 'en'), []);
  assert.equal(checkPptpd([4242], 'en')[0]?.evidence[0]?.text, 'pptpd running: pid 4242');
});
