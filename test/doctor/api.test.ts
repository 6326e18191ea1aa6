/** The doctor's API on a real daemon (store, API, supervisor; engines off), with a network namespace for a gateway fault. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, testDaemon } from '../support/daemon.js';
import { listCodes } from '../../src/doctor/index.js';
import { pskFingerprint } from '../../src/doctor/checks/mirror/index.js';
import { exec, IPV4_FORWARD, writeSysctl } from '../../src/net/index.js';

const FIX = join(import.meta.dirname, '..', 'fixtures', 'logs', 'captured', 'ss-wrong-psk');

async function client(t: import('node:test').TestContext): Promise<Client> {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  assert.equal((await c.login()).status, 200);
  return c;
}

test('POST /api/doctor/logs correlates two pasted ends; GET /api/doctor/catalog lists every code in both languages', async (t) => {
  const c = await client(t);
  const files = ['initiator.log', 'responder.log'].map((name) => ({ name, text: readFileSync(join(FIX, name), 'utf8') }));
  const r = await c.req('POST', '/api/doctor/logs', { files, lang: 'zh-CN' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json), ['findings']);
  assert.equal(r.json.findings[0].code, 'ike/authentication-fail');
  assert.deepEqual(new Set(r.json.findings[0].evidence.map((e: { file: string }) => e.file)), new Set(['initiator.log', 'responder.log']));
  assert.match(r.json.findings[0].title, /认证/);
  assert.equal((await c.req('POST', '/api/doctor/logs', { files: [], lang: 'en' })).status, 400);

  const en = await c.req('GET', '/api/doctor/catalog?lang=en');
  const zh = await c.req('GET', '/api/doctor/catalog?lang=zh-CN');
  assert.equal(en.status, 200);
  assert.deepEqual(en.json.entries.map((e: { code: string }) => e.code), listCodes());
  assert.deepEqual(zh.json.entries.map((e: { code: string }) => e.code), listCodes());
  const mirror = zh.json.entries.find((e: { code: string }) => e.code === 'config/psk');
  assert.equal(mirror.title, '预共享密钥不一致');
  assert.equal((await c.req('GET', '/api/doctor/catalog?lang=fr')).status, 400);
});

test('GET /api/doctor with engines off: a gateway fault is found in the contract shape, no port findings; status carries the error count', async (t) => {
  // a gateway in a namespace of its own with forwarding off and an enabled server on it: the doctor must name
  // host/ip-forward-off (an error), whatever else this host has
  const ns = `corridor-drapi-${process.pid}`;
  assert.equal((await exec(['ip', 'netns', 'add', ns], { timeoutMs: 10_000 })).code, 0);
  t.after(async () => { await exec(['ip', 'netns', 'del', ns], { timeoutMs: 10_000 }); });
  await writeSysctl(IPV4_FORWARD, '0', { namespace: ns });
  const c = await client(t);
  assert.equal((await c.req('POST', '/api/gateways', { name: 'lab-gw', namespace: ns, wanLinks: [{ name: 'wan1', interface: 'eth0', address: '198.18.0.1' }], lanSubnets: ['198.18.10.0/24'] })).status, 201);
  assert.equal((await c.req('POST', '/api/servers', { name: 'staff', gateway: 'lab-gw', port: 1194, proto: 'udp', pool: '198.19.8.0/24' })).status, 201);

  const r = await c.req('GET', '/api/doctor?lang=en');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(Object.keys(r.json), ['findings']);
  const forwarding = r.json.findings.find((f: { code: string }) => f.code === 'host/ip-forward-off');
  assert.ok(forwarding, r.text);
  assert.equal(forwarding.severity, 'error');
  assert.deepEqual(forwarding.evidence[0], { file: `gateway lab-gw (netns ${ns})`, line: 0, text: 'net.ipv4.ip_forward = 0' });
  // engines are off: nothing is expected to listen, so no port finding may appear
  assert.ok(!r.json.findings.some((f: { code: string }) => f.code === 'host/port-not-listening'));
  assert.ok(r.json.findings.length > 0);
  for (const f of r.json.findings) assert.deepEqual(Object.keys(f).sort(), ['actions', 'causes', 'code', 'confidence', 'evidence', 'severity', 'title']);
  const status = await c.req('GET', '/api/status');
  assert.equal(status.status, 200);
  const errors = r.json.findings.filter((f: { severity: string }) => f.severity === 'error').length;
  assert.ok(errors >= 1);
  assert.equal(status.json.findings, errors);
});

test('POST /api/doctor/mirror/:site against typed-in parameters and an exported swanctl.conf; PSK compared by fingerprint only', async (t) => {
  const c = await client(t);
  const create = async (kind: string, body: unknown) => {
    const r = await c.req('POST', `/api/${kind}`, body);
    assert.ok(r.status === 200 || r.status === 201, `${kind}: ${r.status} ${r.text}`);
  };
  await create('gateways', { name: 'hq', wanLinks: [{ name: 'wan1', interface: 'eth0', address: '198.18.0.1' }], lanSubnets: ['198.18.10.0/24'] });
  await create('peers', { name: 'branch', addresses: ['198.18.0.2'] });
  await create('sites', { name: 'branch1', gateway: 'hq', peer: 'branch', localSubnets: ['198.18.10.0/24'], remoteSubnets: ['198.18.20.0/24'], localId: 'hq.example.com', psk: 'the-real-psk-of-branch1' });

  const params = { ikeVersion: 2, ikeProposals: ['aes256-sha256-modp2048'], espProposals: ['aes256-sha256-modp2048'], localId: '198.18.0.2', remoteId: 'hq.example.com', localSubnets: ['198.18.20.0/24'], remoteSubnets: ['198.18.10.0/24'], pskFingerprint: pskFingerprint('the-real-psk-of-branch1'), dpdAction: 'clear', dpdDelay: 30 };
  const clean = await c.req('POST', '/api/doctor/mirror/branch1', { format: 'params', params, lang: 'en' });
  assert.equal(clean.status, 200, clean.text);
  assert.deepEqual(clean.json, { findings: [] });

  const wrong = await c.req('POST', '/api/doctor/mirror/branch1', { format: 'params', params: { ...params, pskFingerprint: pskFingerprint('typo'), ikeVersion: 1 }, lang: 'en' });
  assert.deepEqual(wrong.json.findings.map((f: { code: string }) => f.code).sort(), ['config/ike-version', 'config/psk']);
  assert.ok(!wrong.text.includes('the-real-psk-of-branch1'));

  const exported = await c.req('GET', '/api/sites/branch1/export?format=swanctl');
  assert.equal(exported.status, 200);
  const swanctl = exported.text.replace('remote_ts = "198.18.10.0/24"', 'remote_ts = "198.18.12.0/24"');
  const ts = await c.req('POST', '/api/doctor/mirror/branch1', { format: 'swanctl', text: swanctl, file: 'branch.conf', lang: 'en' });
  assert.equal(ts.status, 200, ts.text);
  const codes = ts.json.findings.map((f: { code: string }) => f.code);
  assert.ok(codes.includes('config/ts-not-mirrored'), codes.join());
  const line = ts.json.findings.find((f: { code: string }) => f.code === 'config/ts-not-mirrored').evidence.find((e: { file: string }) => e.file === 'branch.conf');
  assert.equal(swanctl.split('\n')[line.line - 1]?.trim(), 'remote_ts = "198.18.12.0/24"');

  assert.equal((await c.req('POST', '/api/doctor/mirror/branch1', { format: 'swanctl', text: 'connections {', lang: 'en' })).status, 400);
  assert.equal((await c.req('POST', '/api/doctor/mirror/branch1', { format: 'params', params: { psk: 'clear' }, lang: 'en' })).status, 400);
  assert.equal((await c.req('POST', '/api/doctor/mirror/nosuch', { format: 'params', params, lang: 'en' })).status, 404);
});
