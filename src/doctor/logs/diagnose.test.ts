import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getRawEntry } from '../catalog/index.js';
import { diagnoseLogs, scanLogs } from './diagnose.js';
import { formatReport } from './format.js';
import { SIGNATURES } from './signatures/index.js';
import type { Report } from './types.js';
import { HEALTHY, SINGLE } from '../../../test/fixtures/logs/expected.js';

const FIX = fileURLToPath(new URL('../../../test/fixtures/logs/', import.meta.url));
// Only the engine folders this suite owns (test/fixtures/logs/captured/ belongs to the scenario suite).
const ENGINE_DIRS = ['strongswan', 'openvpn', 'wireguard', 'pppd', 'windows'];
const fx = (p: string) => ({ path: join(FIX, p) });
const top = (r: Report) => r.findings[0];
const codes = (r: Report) => r.findings.map((f) => f.code);

for (const [file, code] of SINGLE) {
  test(`${file} → ${code}`, async () => {
    const r = await diagnoseLogs([fx(file)], { lang: 'en' });
    const f = top(r);
    assert.equal(f?.code, code, `got ${codes(r).join(', ')}`);
    assert.ok(f.confidence >= 0.5 && f.confidence <= 0.99, `confidence ${f.confidence}`);
    // Not healed by a later success: the severity is the catalog's own (info only for lifecycle codes such as
    // ike/peer-request), and a real fault is never reported as info.
    assert.equal(f.severity, getRawEntry(code)?.severity);
    assert.ok(f.evidence.length > 0);
    const lines = readFileSync(join(FIX, file), 'utf8').split('\n');
    for (const e of f.evidence) {
      assert.equal(e.file, join(FIX, file));
      const quoted = e.text.endsWith('…') ? e.text.slice(0, -1) : e.text;
      assert.ok((lines[e.line - 1] ?? '').trim().startsWith(quoted), 'evidence line number must point at the quoted text');
    }
    assert.ok(f.causes.length > 0 && f.actions.length > 0);
  });
}

test('successful establishments and harmless lines give no findings', async () => {
  for (const file of HEALTHY) {
    const r = await diagnoseLogs([fx(file)], { lang: 'en' });
    assert.deepEqual(codes(r), [], file);
  }
  const noise = [
    'Nov 22 02:37:58 13[IKE] <1> remote host is behind NAT',
    'Nov 22 02:37:58 13[IKE] <s2s|1> local host is behind NAT, sending keep alives',
    "2026-11-22 02:35:01 Note: --cipher is not set. OpenVPN versions before 2.5 defaulted to BF-CBC as fallback when cipher negotiation failed in this case. If you need this fallback please add '--data-ciphers-fallback BF-CBC' to your configuration and/or add BF-CBC to --data-ciphers.",
    '│   Running wireguard-go is not required because this  │',
    'Nov 22 02:38:00 01[IKE] <s2s|1> sending DPD request',
    'parsed IKE_AUTH response 1 [ N(AUTH_FAILED) ]',
  ].join('\n');
  const r = await diagnoseLogs([{ name: 'noise', stream: Readable.from([noise]) }], { lang: 'en' });
  assert.deepEqual(codes(r), []);
});

test('one end alone gives several honest candidates; both ends settle it (wrong PSK)', async () => {
  const alone = await diagnoseLogs([fx('strongswan/psk-initiator.txt')], { lang: 'en' });
  assert.deepEqual(codes(alone).slice(0, 3), ['ike/authentication-fail', 'ike/config-id-mismatch', 'ike/cert-untrusted']);
  assert.ok((top(alone)?.confidence ?? 1) < 0.7, 'the initiator alone cannot know it is the PSK');

  const both = await diagnoseLogs([fx('strongswan/psk-initiator.txt'), fx('strongswan/psk-responder.txt')], { lang: 'en' });
  const f = top(both);
  assert.equal(f?.code, 'ike/authentication-fail');
  assert.ok(f.confidence >= 0.97);
  assert.deepEqual(new Set(f.evidence.map((e) => e.file.split('/').pop())), new Set(['psk-initiator.txt', 'psk-responder.txt']));
  const rival = both.findings.find((x) => x.code === 'ike/config-id-mismatch');
  assert.ok(rival && rival.confidence < 0.2, 'the identity candidate is demoted once the responder says MAC mismatched');
});

test('two ends correlate for proposals, flows and identities', async () => {
  const p1 = await diagnoseLogs([fx('strongswan/ike-proposal-initiator.txt'), fx('strongswan/ike-proposal-responder.txt')], { lang: 'en' });
  assert.equal(top(p1)?.code, 'ike/phase1-proposal-mismatch');
  assert.ok((top(p1)?.confidence ?? 0) >= 0.97);
  assert.ok((p1.findings.find((x) => x.code === 'ike/peer-address-mismatch')?.confidence ?? 0) < 0.15);

  const p2 = await diagnoseLogs([fx('strongswan/esp-proposal-initiator.txt'), fx('strongswan/esp-proposal-responder.txt')], { lang: 'en' });
  assert.deepEqual(codes(p2), ['ike/phase2-proposal-or-pfs-mismatch'], 'an ESP mismatch is not a phase-1 problem');

  const ts = await diagnoseLogs([fx('strongswan/ts-initiator.txt'), fx('strongswan/ts-responder.txt')], { lang: 'en' });
  assert.equal(top(ts)?.code, 'ike/flow-or-peer-mismatch');
  assert.ok((top(ts)?.confidence ?? 0) >= 0.97);

  const id = await diagnoseLogs([fx('strongswan/psk-initiator.txt'), fx('strongswan/no-peer-config-responder.txt')], { lang: 'en' });
  assert.equal(top(id)?.code, 'ike/config-id-mismatch');
  assert.ok((id.findings.find((x) => x.code === 'ike/authentication-fail')?.confidence ?? 1) < 0.3);
});

test('IKEv1 against an IKEv2-only responder is a version mismatch, not a proposal mismatch', async () => {
  const r = await diagnoseLogs([fx('strongswan/ike-version-initiator.txt'), fx('strongswan/ike-version-responder.txt')], { lang: 'en' });
  assert.equal(top(r)?.code, 'ike/version-mismatch');
  assert.ok(codes(r).includes('ike/peer-address-mismatch'), 'the other reading of "no IKE config found" stays a candidate');
  assert.ok((r.findings.find((x) => x.code === 'ike/phase1-proposal-mismatch')?.confidence ?? 0) < 0.3);
});

test('a DELETE after a real failure is a consequence, not a second fault', async () => {
  const r = await diagnoseLogs([fx('strongswan/esp-proposal-then-delete-responder.txt')], { lang: 'en' });
  const del = r.findings.find((x) => x.code === 'ike/peer-request');
  assert.ok(del, 'the DELETE is still reported');
  assert.equal(del.severity, 'info');
  assert.ok(del.confidence < 0.2);
});

test('WireGuard: both ends of a wrong key', async () => {
  const r = await diagnoseLogs([fx('wireguard/wrong-key-a.txt'), fx('wireguard/wrong-key-b.txt')], { lang: 'en' });
  assert.equal(top(r)?.code, 'wireguard/invalid-key');
  assert.ok((r.findings.find((x) => x.code === 'wireguard/handshake-timeout')?.confidence ?? 1) < 0.3,
    'the retries are explained by the key, not by the path');
});

test('OpenSSL\'s "certificate has expired" in an OpenVPN log is an OpenVPN finding, never an IKE one', async () => {
  // Verbatim from OpenVPN 2.6.14 in the scenario suite (client with an expired certificate, and the server refusing it).
  const client = '2026-11-22 03:55:19 WARNING: Your certificate has expired!\n';
  const server = '2026-11-22 03:55:19 198.18.0.2:50525 VERIFY ERROR: depth=0, error=certificate has expired: CN=client-expired, serial=4098\n';
  for (const [name, text] of [['client', client], ['server', server]] as const) {
    const r = await diagnoseLogs([{ name, stream: Readable.from([text]) }], { lang: 'en' });
    assert.equal(top(r)?.code, 'cert/expired', name);
    assert.ok(!codes(r).some((c) => c.startsWith('ike/')), `${name}: ${codes(r).join(', ')}`);
  }
});

test('a client that only hears nothing lists a tls-crypt key mismatch among the causes, below the timeout', async () => {
  // OpenVPN 2.6.14 client with `server-poll-timeout 5` against a tls-crypt server holding another key.
  const text = '2026-11-22 03:47:32 Server poll timeout, restarting\n2026-11-22 03:47:32 SIGUSR1[soft,server_poll] received, process restarting\n';
  const r = await diagnoseLogs([{ name: 'client', stream: Readable.from([text]) }], { lang: 'en' });
  assert.equal(top(r)?.code, 'openvpn/connect-timeout');
  assert.ok(codes(r).includes('openvpn/tls-crypt-mismatch'), codes(r).join(', '));
});

test('AUTH_FAILED carrying a cipher negotiation failure is a cipher mismatch, not a password', async () => {
  // Verbatim from OpenVPN 2.6.14 (server data-ciphers AES-128-GCM, client CHACHA20-POLY1305).
  const client = '2026-11-22 04:04:16 AUTH: Received control message: AUTH_FAILED,Data channel cipher negotiation failed (no shared cipher)\n';
  const server = "2026-11-22 04:04:16 client1/198.18.0.2:38755 PUSH: No common cipher between server and client. Server data-ciphers: 'AES-128-GCM', client supported ciphers 'CHACHA20-POLY1305'\n" +
    "2026-11-22 04:04:16 client1/198.18.0.2:38755 SENT CONTROL [client1]: 'AUTH_FAILED,Data channel cipher negotiation failed (no shared cipher)' (status=1)\n";
  for (const inputs of [[['client', client]], [['server', server]], [['client', client], ['server', server]]] as const) {
    const r = await diagnoseLogs(inputs.map(([name, text]) => ({ name, stream: Readable.from([text]) })), { lang: 'en' });
    assert.equal(top(r)?.code, 'openvpn/cipher-mismatch', inputs.map(([n]) => n).join('+'));
    assert.ok(!codes(r).includes('openvpn/auth-failed'), codes(r).join(', '));
  }
});

test('the exchange decides what "giving up after N retransmits" means', async () => {
  const dpd = await diagnoseLogs([fx('strongswan/dpd-timeout-branch.txt')], { lang: 'en' });
  assert.ok(!codes(dpd).includes('ike/exchange-timeout'));
  const init = await diagnoseLogs([fx('strongswan/unreachable-initiator.txt')], { lang: 'en' });
  assert.ok(!codes(init).includes('ike/dpd-timeout'));
});

test('a later success heals an earlier failure (info at most)', async () => {
  for (const file of ['strongswan/healed-after-retry.txt', 'wireguard/handshake-recovered.txt']) {
    const r = await diagnoseLogs([fx(file)], { lang: 'en' });
    assert.ok(r.findings.length > 0, 'the flap is still mentioned');
    for (const f of r.findings) {
      assert.equal(f.severity, 'info', `${file}: ${f.code}`);
      assert.ok(f.confidence <= 0.2);
    }
  }
  // The same failure without the success line stays an error.
  const text = readFileSync(join(FIX, 'strongswan/healed-after-retry.txt'), 'utf8').split('\n').slice(0, 5).join('\n');
  const r = await diagnoseLogs([{ name: 'cut', stream: Readable.from([text]) }], { lang: 'en' });
  assert.equal(top(r)?.severity, 'error');
});

test('a success of another connection does not heal this one', async () => {
  const text = [
    'Nov 22 05:00:01 11[IKE] <branch2|4> giving up after 5 retransmits',
    'Nov 22 05:00:02 12[IKE] <branch1|5> IKE_SA branch1[5] established between 198.18.1.1[hq]...198.18.1.3[b1]',
  ].join('\n');
  const r = await diagnoseLogs([{ name: 'multi', stream: Readable.from([text]) }], { lang: 'en' });
  assert.equal(top(r)?.severity, 'error');
});

test('findings come in the requested language and in the contract shape', async () => {
  const r = await diagnoseLogs([fx('strongswan/psk-responder.txt')], { lang: 'zh-CN' });
  const f = top(r);
  assert.ok(f);
  assert.deepEqual(Object.keys(f).sort(), ['actions', 'causes', 'code', 'confidence', 'evidence', 'severity', 'title']);
  assert.match(f.title, /[\u4e00-\u9fff]/);
  assert.match(f.causes[0] ?? '', /[\u4e00-\u9fff]/);
  assert.deepEqual(Object.keys(f.evidence[0] ?? {}).sort(), ['file', 'line', 'text']);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(r)));
});

test('formatReport quotes evidence with aligned locations, in both languages', async () => {
  const r = await diagnoseLogs([fx('strongswan/psk-initiator.txt'), fx('strongswan/psk-responder.txt')], { lang: 'en' });
  const en = formatReport(r, 'en');
  assert.match(en, /ike\/authentication-fail/);
  assert.match(en, /psk-responder\.txt:1\s+│ .*MAC mismatched/);
  const bars = en.split('\n').filter((l) => l.includes('│')).slice(0, 3).map((l) => l.indexOf('│'));
  assert.equal(new Set(bars).size, 1, 'evidence columns are aligned');
  assert.match(formatReport(r, 'zh-CN'), /可能原因/);
  assert.equal(formatReport({ findings: [] }, 'en').trim(), 'No problems found in the logs.');
});

test('chunk boundaries, CRLF and UTF-16 do not change the result', async () => {
  const buf = readFileSync(join(FIX, 'strongswan/esp-proposal-initiator.txt'));
  const whole = await diagnoseLogs([{ name: 'x', stream: Readable.from([buf]) }], { lang: 'en' });
  const pieces: Buffer[] = [];
  for (let i = 0; i < buf.length; i += 7) pieces.push(buf.subarray(i, i + 7));
  const split = await diagnoseLogs([{ name: 'x', stream: Readable.from(pieces) }], { lang: 'en' });
  assert.deepEqual(split, whole);
  const crlf = Buffer.from(buf.toString('utf8').replace(/\n/g, '\r\n'));
  assert.deepEqual(await diagnoseLogs([{ name: 'x', stream: Readable.from([crlf]) }], { lang: 'en' }), whole);

  const zh = readFileSync(join(FIX, 'windows/rasclient-zh.txt'), 'utf8');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(zh, 'utf16le')]);
  const r = await diagnoseLogs([{ name: 'ev.txt', stream: Readable.from([utf16.subarray(0, 101), utf16.subarray(101)]) }], { lang: 'zh-CN' });
  assert.equal(top(r)?.code, 'rras/809');
});

test('engine is detected per file by content', async () => {
  const { scans } = await scanLogs([
    fx('strongswan/lab-responder-ok.txt'), fx('openvpn/client-ok.txt'), fx('wireguard/client-no-handshake.txt'),
    fx('pppd/pptpd-ok.txt'), fx('windows/rasclient-en.txt'),
  ]);
  assert.deepEqual(scans.map((s) => s.engine), ['strongswan', 'openvpn', 'wireguard', 'pppd', 'windows']);
  assert.equal(scans[0]?.lines, readFileSync(join(FIX, 'strongswan/lab-responder-ok.txt'), 'utf8').split('\n').length - 1);
});

test('memory stays bounded: 2 million lines, evidence capped, all lines counted', async () => {
  const N = 2_000_000;
  const normal = 'Nov 22 02:38:00 01[NET] <s2s|1> received packet: from 198.18.1.1[4500] to 198.18.1.2[4500] (80 bytes)\n';
  const fault = "Nov 22 02:38:00 05[IKE] <s2s|9> tried 1 shared key for 'hq.lab' - 'branch.lab', but MAC mismatched\n";
  function* gen() {
    let chunk = '';
    for (let i = 1; i <= N; i++) {
      chunk += i % 1000 === 0 ? fault : normal;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    yield chunk;
  }
  const heapBefore = process.memoryUsage().heapUsed;
  const { scans } = await scanLogs([{ name: 'big', stream: Readable.from(gen()) }], { maxEvidence: 4 });
  const r = await diagnoseLogs([{ name: 'big', stream: Readable.from(gen()) }], { lang: 'en', maxEvidence: 4 });
  assert.equal(scans[0]?.lines, N);
  const st = scans[0]?.codes.get('ike/authentication-fail');
  assert.equal(st?.count, N / 1000);
  assert.equal(st?.evidence.length, 4);
  assert.equal(st?.evidence[3]?.line, N, 'the latest occurrence is kept');
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0]?.evidence.length, 4);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 100 * 1024 * 1024, 'no per-line retention');
});

test('signature data is consistent with the catalog and with its needles', () => {
  const ids = new Set<string>();
  for (const s of SIGNATURES) {
    assert.ok(!ids.has(s.id), `duplicate id ${s.id}`);
    ids.add(s.id);
    assert.ok(s.needles.length > 0 && s.needles.every((n) => n.length >= 2), `${s.id}: needles`);
    assert.ok(!s.re.flags.includes('g') && !s.re.flags.includes('y'), `${s.id}: stateful regex`);
    const cands = [...(s.hits ?? []), ...(s.byContext ? [...Object.values(s.byContext.cases).flat(), ...s.byContext.otherwise] : [])];
    for (const c of cands) {
      assert.ok(getRawEntry(c.code), `${s.id}: ${c.code} not in catalog`);
      assert.ok(c.confidence > 0 && c.confidence < 1);
    }
    if (s.codeFromMatch) assert.ok(getRawEntry(s.codeFromMatch.fallback));
    assert.ok(cands.length > 0 || s.sets || s.heals || s.codeFromMatch, `${s.id} does nothing`);
  }
  // Every fixture line a signature matches contains one of its needles (else the prefilter would skip it).
  for (const dir of ENGINE_DIRS) {
    for (const file of readdirSync(join(FIX, dir))) {
      for (const line of readFileSync(join(FIX, dir, file), 'utf8').split('\n')) {
        for (const s of SIGNATURES) {
          if (s.re.test(line)) assert.ok(s.needles.some((n) => line.includes(n)), `${s.id} matches without needle: ${line}`);
        }
      }
    }
  }
});

test('strongSwan: rekeying, DPD and closing a rekeyed IKE_SA give no findings', async () => {
  for (const file of ['strongswan/rekey-healthy-6.0.txt', 'strongswan/rekey-responder-healthy.txt']) {
    const r = await diagnoseLogs([fx(file)], { lang: 'en' });
    assert.deepEqual(codes(r), [], file);
  }
  // After the rekey is done, a DELETE from the peer is again the peer tearing down.
  const text = readFileSync(join(FIX, 'strongswan/rekey-responder-healthy.txt'), 'utf8') +
    'Nov 22 07:00:00 12[ENC] <s2s|2> parsed INFORMATIONAL request 1 [ D ]\nNov 22 07:00:00 12[IKE] <s2s|2> received DELETE for IKE_SA s2s[2]\n';
  const r = await diagnoseLogs([{ name: 'later-delete', stream: Readable.from([text]) }], { lang: 'en' });
  assert.deepEqual(codes(r), ['ike/peer-request']);
});

test('strongSwan: IKEv1 phase-2 refusal correlates across both ends; a PSK refused by a Cisco-like peer is not a timeout', async () => {
  const ts = await diagnoseLogs([fx('strongswan/ikev1-ts-initiator.txt'), fx('strongswan/ikev1-ts-responder.txt')], { lang: 'en' });
  assert.equal(top(ts)?.code, 'ike/flow-or-peer-mismatch');
  assert.ok((top(ts)?.confidence ?? 0) >= 0.97);
  const text = `${readFileSync(join(FIX, 'strongswan/ikev1-psk-pldmal-initiator.txt'), 'utf8')}giving up after 3 retransmits\n`;
  const r = await diagnoseLogs([{ name: 'pldmal', stream: Readable.from([text]) }], { lang: 'en' });
  assert.equal(top(r)?.code, 'ike/authentication-fail');
  assert.ok((r.findings.find((x) => x.code === 'ike/exchange-timeout')?.confidence ?? 0) < 0.5);
});

test('OpenVPN: a key that cannot be decrypted is the passphrase, not a key mismatch; the generic init_ssl line adds nothing after a real cause', async () => {
  const pass = await diagnoseLogs([fx('openvpn/client-key-passphrase-bad-decrypt.txt')], { lang: 'en' });
  assert.deepEqual(codes(pass), ['openvpn/key-passphrase']);
  // Captured OpenVPN 2.6.14: "key values mismatch", "Cannot load private key file", "Error: private key password verification failed".
  const mismatch = await diagnoseLogs([fx('captured/ovpn-key-mismatch/client.log')], { lang: 'en' });
  assert.deepEqual(codes(mismatch), ['openvpn/cert-key-mismatch']);
});

test('OpenVPN: the 2.6.14 wording of a peer-fingerprint failure, and ccd-exclusive explaining the client\'s AUTH_FAILED', async () => {
  // Exact format string of OpenVPN 2.6.14 (ssl_verify.c, strings of the installed binary).
  const line = '2026-12-07 10:00:00 TLS Error: --tls-verify/--peer-fingerprint certificate hash verification failed. (got certificate fingerprint: 30:4f:aa:dd)\n';
  const fp = await diagnoseLogs([{ name: 'fp', stream: Readable.from([line]) }], { lang: 'en' });
  assert.equal(top(fp)?.code, 'openvpn/peer-fingerprint-mismatch');
  // The client side of the same refusal, as the OpenVPN Cookbook quotes it.
  const client = '... [openvpnserver] Peer Connection Initiated with server-ip:1194\n... AUTH: Received AUTH_FAILED control message\n';
  const both = await diagnoseLogs([{ name: 'client', stream: Readable.from([client]) }, fx('openvpn/server-ccd-exclusive.txt')], { lang: 'en' });
  assert.equal(top(both)?.code, 'openvpn/ccd-missing');
  assert.ok((both.findings.find((x) => x.code === 'openvpn/auth-failed')?.confidence ?? 1) < 0.3, 'the password is not the suspect');
});

test('strongSwan IKEv1 reauthentication: the old ISAKMP SA\'s DELETE after the new one is up gives no finding', async () => {
  const file = 'strongswan/ikev1-reauth-initiator-healthy.txt';
  assert.deepEqual(codes(await diagnoseLogs([fx(file)], { lang: 'en' })), []);
  const text = readFileSync(join(FIX, file), 'utf8');
  // Without the reauthentication line the same DELETE is the peer tearing down.
  const cut = text.split('\n').slice(1).join('\n');
  assert.deepEqual(codes(await diagnoseLogs([{ name: 'cut', stream: Readable.from([cut]) }], { lang: 'en' })), ['ike/peer-request']);
  // Only one DELETE is expected: a later one is reported again.
  const later = `${text}Mon, 2021-05-10, 17:00:00 05[ENC] <gw-gw|3> parsed INFORMATIONAL_V1 request 1234 [ HASH D ]\nMon, 2021-05-10, 17:00:00 05[IKE] <gw-gw|3> received DELETE for IKE_SA gw-gw[3]\n`;
  assert.deepEqual(codes(await diagnoseLogs([{ name: 'later', stream: Readable.from([later]) }], { lang: 'en' })), ['ike/peer-request']);
});

test('a host without PPP support is named before the network causes of the LCP timeout it leads to', async () => {
  // Two logs of LCP going unanswered (server and client side) combine to more than the one host line alone.
  const r = await diagnoseLogs([fx('pppd/pptpd-gre-blocked.txt'), fx('pppd/tcpdump-gre-client.txt'), fx('pppd/pptpd-no-kernel-ppp-openvz.txt')], { lang: 'en' });
  assert.equal(top(r)?.code, 'host/engine-missing', codes(r).join(', '));
  assert.ok(codes(r).includes('pppd/gre-blocked'), 'the network reading stays a candidate');
});

test('OpenVPN: "Connection reset" is a TCP reset only on a TCP connection; over UDP it stays a keepalive restart', async () => {
  const udp = '2026-12-08 00:49:42 Inactivity timeout (--ping-restart), restarting\n2026-12-08 00:49:42 Connection reset, restarting [0]\n';
  const r = await diagnoseLogs([{ name: 'udp', stream: Readable.from([udp]) }], { lang: 'en' });
  assert.equal(top(r)?.code, 'openvpn/keepalive-timeout');
  const tcp = await diagnoseLogs([fx('openvpn/client-tcp-reset-after-connect-2.6.14.txt')], { lang: 'en' });
  assert.ok((tcp.findings.find((f) => f.code === 'openvpn/keepalive-timeout')?.confidence ?? 0) < 0.5);
});

test('strongSwan: a CHILD_SA DELETE is the peer closing it only outside a rekey and outside our own close', async () => {
  const peer = await diagnoseLogs([fx('strongswan/child-deleted-by-peer-5.9.8.txt')], { lang: 'en' });
  assert.deepEqual(codes(peer), ['ike/peer-request']);
  // The same DELETE request right after the peer rekeyed that CHILD_SA is the end of the rekey.
  for (const file of ['strongswan/child-rekeyed-by-peer-healthy-5.9.8.txt', 'strongswan/child-closed-by-admin-healthy-5.9.8.txt']) {
    assert.deepEqual(codes(await diagnoseLogs([fx(file)], { lang: 'en' })), [], file);
  }
});

test('strongSwan: a few retransmits later answered are healed; a log cut while retransmitting is not empty', async () => {
  const text = readFileSync(join(FIX, 'strongswan/ikev2-retransmits-cut-5.9.8.txt'), 'utf8') +
    'Dec  8 00:56:01 13[IKE] <s2s|1> IKE_SA s2s[1] established between 198.18.77.1[a.lab]...198.18.77.2[b.lab]\n';
  const r = await diagnoseLogs([{ name: 'answered', stream: Readable.from([text]) }], { lang: 'en' });
  for (const f of r.findings) assert.equal(f.severity, 'info', f.code);
});

test('strongSwan: rekey collisions that the protocol resolves are at most info', async () => {
  for (const file of ['strongswan/rekey-collisions-healthy-5.9.8.txt', 'strongswan/rekey-collisions-responder-healthy-5.9.8.txt']) {
    const r = await diagnoseLogs([fx(file)], { lang: 'en' });
    for (const f of r.findings) {
      assert.equal(f.severity, 'info', `${file}: ${f.code}`);
      assert.ok(f.confidence <= 0.2, `${file}: ${f.code} ${f.confidence}`);
    }
  }
});

test('strongSwan: a PFS group refused at every rekey leads to the hard expiry; the cause ranks above its consequences', async () => {
  const r = await diagnoseLogs([fx('strongswan/child-rekey-pfs-refused-then-expiry-5.9.8.txt')], { lang: 'en' });
  assert.deepEqual(codes(r).slice(0, 3), ['ike/phase2-proposal-or-pfs-mismatch', 'ike/phase2-hard-expiry', 'ike/rekey-fail']);
  assert.equal(r.findings[1]?.severity, 'warning');
  const rekey = r.findings[2];
  assert.ok((rekey?.confidence ?? 0) >= 0.5 && rekey?.evidence.some((e) => /CHILD_SA rekeying failed, trying again/.test(e.text)), 'the refused rekeys are quoted');
});

test('strongSwan: one DPD retransmit that the peer then answers is no finding', async () => {
  const text = [
    'Dec  8 02:00:00 01[IKE] <s2s|1> sending DPD request',
    'Dec  8 02:00:00 01[ENC] <s2s|1> generating INFORMATIONAL request 7 [ ]',
    'Dec  8 02:00:04 02[IKE] <s2s|1> retransmit 1 of request with message ID 7',
    'Dec  8 02:00:04 03[ENC] <s2s|1> parsed INFORMATIONAL response 7 [ ]',
  ].join('\n');
  assert.deepEqual(codes(await diagnoseLogs([{ name: 'dpd', stream: Readable.from([text]) }], { lang: 'en' })), []);
});
