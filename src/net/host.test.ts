import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clockFacts, engineFacts, parseSsListeners } from './host.js';
import type { ProgramProbes } from './host.js';
import type { ExecResult } from './exec.js';

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

/** What each program (or dpkg, for strongSwan) prints for its version on Debian 12. */
const VERSION_OUTPUT: Record<string, string> = {
  '/usr/sbin/openvpn --version': 'OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]\nlibrary versions: OpenSSL 3.0.17',
  'dpkg-query -W -f=${Version}\\n charon-systemd': '5.9.8-5+deb12u6\n',
  'dpkg-query -W -f=${Version}\\n strongswan-swanctl': '5.9.8-5+deb12u6\n',
  '/usr/bin/wireguard-go --version': 'wireguard-go v0.0.20220316\n\nUserspace WireGuard daemon for linux-amd64.',
  '/usr/bin/wg --version': 'wireguard-tools v1.0.20210914 - https://git.zx2c4.com/wireguard-tools/',
  '/usr/sbin/nft --version': 'nftables v1.0.6 (Lester Gooch #5)',
};

function fakePrograms(installed: Record<string, string>, output: (line: string) => ExecResult): ProgramProbes & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    findProgram: async (name) => installed[name],
    exec: async (argv) => {
      ran.push(argv.join(' '));
      return output(argv.join(' '));
    },
  };
}

const PATHS = { openvpn: '/usr/sbin/openvpn', 'charon-systemd': '/usr/sbin/charon-systemd', swanctl: '/usr/sbin/swanctl', 'wireguard-go': '/usr/bin/wireguard-go', wg: '/usr/bin/wg', nft: '/usr/sbin/nft' };
const answer = (stdout: string, code = 0): ExecResult => ({ code, signal: null, stdout, stderr: '', timedOut: false });

test('engine programs: every one installed, each version read from its own output', async () => {
  const facts = await engineFacts(fakePrograms(PATHS, (line) => answer(VERSION_OUTPUT[line] ?? '')));
  assert.deepEqual(Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, [v.installed, v.path, v.version]])), {
    openvpn: [true, '/usr/sbin/openvpn', '2.6.14'],
    'charon-systemd': [true, '/usr/sbin/charon-systemd', '5.9.8'],
    swanctl: [true, '/usr/sbin/swanctl', '5.9.8'],
    'wireguard-go': [true, '/usr/bin/wireguard-go', '0.0.20220316'],
    wg: [true, '/usr/bin/wg', '1.0.20210914'],
    nft: [true, '/usr/sbin/nft', '1.0.6'],
  });
  assert.equal(facts.openvpn.evidence, '/usr/sbin/openvpn --version: OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]');
});

test('engine programs: none installed, nothing is run and none has a version', async () => {
  const probes = fakePrograms({}, () => { throw new Error('no program may run'); });
  const facts = await engineFacts(probes);
  for (const [name, f] of Object.entries(facts)) assert.deepEqual(f, { installed: false }, name);
  assert.deepEqual(probes.ran, []);
});

test('engine programs: installed but the version cannot be read (failed or unknown output) is installed without a version', async () => {
  const facts = await engineFacts(fakePrograms(PATHS, (line) => (line.startsWith('dpkg-query') ? answer('', 1) : answer('something else entirely'))));
  for (const [name, f] of Object.entries(facts)) assert.deepEqual(f, { installed: true, path: PATHS[name as keyof typeof PATHS] }, name);
});
