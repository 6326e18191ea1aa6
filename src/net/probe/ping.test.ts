import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePingOutput, pingArgv } from './ping.js';
import { ikeSaInitShaped, openvpnHardResetShaped } from './port.js';

test('parses a quiet iputils summary', () => {
  const out = [
    'PING 198.18.1.10 (198.18.1.10) 56(84) bytes of data.',
    '',
    '--- 198.18.1.10 ping statistics ---',
    '20 packets transmitted, 19 received, 5% packet loss, time 3805ms',
    'rtt min/avg/max/mdev = 0.041/0.087/0.233/0.044 ms',
  ].join('\n');
  assert.deepEqual(parsePingOutput('198.18.1.10', out), {
    target: '198.18.1.10',
    transmitted: 20,
    received: 19,
    errors: 0,
    lossPercent: 5,
    rtt: { min: 0.041, avg: 0.087, max: 0.233, mdev: 0.044 },
  });
});

test('parses errors and the MTU a router reported', () => {
  const out = [
    'PING 198.18.3.2 (198.18.3.2) 1472(1500) bytes of data.',
    'From 198.18.2.2 icmp_seq=1 Frag needed and DF set (mtu = 1400)',
    '',
    '--- 198.18.3.2 ping statistics ---',
    '2 packets transmitted, 0 received, +1 errors, 100% packet loss, time 201ms',
  ].join('\n');
  const s = parsePingOutput('198.18.3.2', out);
  assert.equal(s?.received, 0);
  assert.equal(s?.errors, 1);
  assert.equal(s?.lossPercent, 100);
  assert.equal(s?.mtuHint, 1400);
  assert.equal(s?.rtt, undefined);
});

test('no summary, no stats', () => {
  assert.equal(parsePingOutput('x', 'ping: connect: Network is unreachable'), undefined);
});

test('argv: options before "--", target last and checked', () => {
  assert.deepEqual(pingArgv('198.18.0.1', { count: 3, intervalMs: 500, timeoutS: 2, size: 1372, dontFragment: true }), [
    'ping', '-n', '-q', '-c', '3', '-i', '0.5', '-W', '2', '-s', '1372', '-M', 'do', '--', '198.18.0.1',
  ]);
  assert.throws(() => pingArgv('-f'), /not an IP address or DNS name/);
  assert.throws(() => pingArgv('198.18.0.1; reboot'), /not an IP address or DNS name/);
  assert.throws(() => pingArgv('198.18.0.1', { count: 0 }), /count must be/);
});

test('probe packets have the shapes the services expect first', () => {
  const ike = ikeSaInitShaped();
  assert.equal(ike.length, 28);
  assert.equal(ike.readUInt32BE(24), 28);
  assert.deepEqual([ike[17], ike[18], ike[19]], [0x20, 34, 0x08]);
  assert.equal(ike.subarray(8, 16).equals(Buffer.alloc(8)), true, 'responder SPI zero');
  const ovpn = openvpnHardResetShaped();
  assert.equal(ovpn.length, 14);
  assert.equal(ovpn[0], 0x38, 'P_CONTROL_HARD_RESET_CLIENT_V2, key id 0');
});

test('argv: a WAN interface goes out as -I before the target; a name that is not an interface is refused', () => {
  const argv = pingArgv('198.18.30.254', { interface: 'eth1.100' });
  assert.deepEqual(argv.slice(-4), ['-I', 'eth1.100', '--', '198.18.30.254']);
  assert.throws(() => pingArgv('198.18.30.254', { interface: 'eth0 -f' }), /not an interface name/);
});
