import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockFacts, parseSsListeners } from './host.js';

test('parses ss listeners with processes, IPv6 brackets and device bindings', () => {
  const out = [
    'udp   UNCONN 0      0        198.18.0.1:1194       0.0.0.0:*    users:(("openvpn",pid=4242,fd=6))',
    'udp   UNCONN 0      0     0.0.0.0%eth0:68          0.0.0.0:*',
    'tcp   LISTEN 0      4096         [::]:22              [::]:*    users:(("sshd",pid=10,fd=3),("sshd",pid=11,fd=3))',
    'tcp   LISTEN 0      128             *:8443               *:*    users:(("node",pid=77,fd=21))',
    'garbage line',
  ].join('\n');
  assert.deepEqual(parseSsListeners(out), [
    { proto: 'udp', address: '198.18.0.1', port: 1194, processes: [{ name: 'openvpn', pid: 4242 }] },
    { proto: 'udp', address: '0.0.0.0', port: 68, device: 'eth0', processes: [] },
    { proto: 'tcp', address: '::', port: 22, processes: [{ name: 'sshd', pid: 10 }, { name: 'sshd', pid: 11 }] },
    { proto: 'tcp', address: '*', port: 8443, processes: [{ name: 'node', pid: 77 }] },
  ]);
});

test('clock: an RTC file gives the offset; a missing one leaves it undefined', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-rtc-'));
  const rtc = join(dir, 'since_epoch');
  writeFileSync(rtc, `${Math.floor(Date.now() / 1000) - 120}\n`);
  const facts = await clockFacts(rtc);
  assert.ok(facts.rtcOffsetSeconds !== undefined && facts.rtcOffsetSeconds >= 119 && facts.rtcOffsetSeconds <= 122, String(facts.rtcOffsetSeconds));
  assert.ok(['synchronized', 'unsynchronized', 'unknown'].includes(facts.ntp));
  assert.notEqual(facts.ntpEvidence, '');
  const none = await clockFacts(join(dir, 'absent'));
  assert.equal(none.rtcOffsetSeconds, undefined);
});
