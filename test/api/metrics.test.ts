/**
 * /metrics on a real daemon (engines off, one supervised test engine): after some activity every metric
 * the README or the registry documents is in the exposition with the samples that activity implies, and
 * nothing undocumented is. Sessions of corridor_ra_sessions need a live OpenVPN client: their sample is
 * checked by test/e2e/remote-access.test.ts; here only that the metric is exposed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, testDaemon } from '../support/daemon.js';
import { tickSpec } from '../support/tick-spec.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The metric names of the README's "Prometheus metrics" paragraph. */
function readmeMetrics(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('- Prometheus metrics (');
  assert.ok(start >= 0, 'the README documents the metrics');
  const paragraph = readme.slice(start).split(/\n(?=- |\n)/)[0]!;
  return [...paragraph.matchAll(/`(corridor_[a-z_]*[a-z])`/g)].map((m) => m[1]!);
}

/** The metrics src/metrics/registry.ts declares itself. */
function registryMetrics(): string[] {
  const src = readFileSync(join(ROOT, 'src', 'metrics', 'registry.ts'), 'utf8');
  return [...src.matchAll(/name: '(corridor_[a-z_]+)'/g)].map((m) => m[1]!);
}

interface Sample { name: string; labels: Record<string, string>; value: number }

function parse(text: string): { samples: Sample[]; declared: Set<string> } {
  const samples: Sample[] = [];
  const declared = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type) declared.add(type[1]!);
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, declared };
}

/**
 * Declared but without a sample in this test: sessions need a live OpenVPN client; WAN health and DDNS
 * results come from the stability subsystem's monitors, which run with the engines only (off here; the
 * labs in test/stability exercise them).
 */
const WITHOUT_SAMPLE_HERE = ['corridor_ra_sessions', 'corridor_wan_up', 'corridor_wan_loss_percent', 'corridor_wan_rtt_ms', 'corridor_ddns_published'];

test('after some activity every documented metric is exposed with its samples, and nothing undocumented is', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  assert.equal((await c.login()).status, 200);
  const ok = async (method: string, path: string, body?: unknown) => {
    const r = await c.req(method, path, body);
    assert.ok(r.status === 200 || r.status === 201, `${method} ${path}: ${r.status} ${r.text}`);
    return r;
  };
  await ok('POST', '/api/gateways', { name: 'hq', wanLinks: [{ name: 'wan1', interface: 'eth0', address: '198.18.0.1' }], lanSubnets: ['198.18.10.0/24'] });
  await ok('POST', '/api/peers', { name: 'branch', addresses: ['198.18.0.2'] });
  await ok('POST', '/api/sites', { name: 'branch1', gateway: 'hq', peer: 'branch', localSubnets: ['198.18.10.0/24'], remoteSubnets: ['198.18.20.0/24'], psk: 'a-long-enough-psk-for-branch1' });
  await ok('POST', '/api/servers', { name: 'staff', gateway: 'hq', port: 1194, proto: 'udp', pool: '198.19.8.0/24' });
  await ok('POST', '/api/pki/cas', { name: 'corp', subject: { CN: 'Corp CA' } });
  await ok('POST', '/api/pki/certificates', { name: 'alice', ca: 'corp', kind: 'client', username: 'alice' });
  await ok('POST', '/api/pki/certificates', { name: 'bob', ca: 'corp', kind: 'client', username: 'bob' });
  await ok('POST', '/api/pki/certificates/bob/revoke', { reason: 'keyCompromise' });
  assert.equal((await c.req('GET', '/api/sites/nosuch')).status, 404);
  const doctor = await ok('GET', '/api/doctor?lang=en');
  const errors = doctor.json.findings.filter((f: { severity: string }) => f.severity === 'error').length;
  // an engine under the daemon's supervisor (engines are off, so the test starts one)
  t.after(() => d.supervisor.stop('tick'));
  await d.supervisor.ensure(tickSpec(d.config.runRoot, 'v1'));

  const scrape = await c.req('GET', '/metrics');
  assert.equal(scrape.status, 200);
  assert.match(scrape.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  await d.supervisor.stop('tick');
  const { samples, declared } = parse(scrape.text);
  const one = (name: string, labels: Record<string, string>): number => {
    const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    assert.equal(found.length, 1, `${name} ${JSON.stringify(labels)} in:\n${samples.filter((s) => s.name === name).map((s) => JSON.stringify(s)).join('\n')}`);
    return found[0]!.value;
  };

  const documented = [...new Set([...readmeMetrics(), ...registryMetrics()])];
  assert.ok(documented.length >= 8, documented.join());
  for (const name of documented) {
    assert.ok(declared.has(name), `${name} is documented and not exposed`);
    if (!WITHOUT_SAMPLE_HERE.includes(name)) assert.ok(samples.some((s) => s.name === name || s.name.startsWith(`${name}_`)), `${name} has no sample`);
  }
  const exposed = [...declared].filter((n) => !n.startsWith('corridor_process_'));
  assert.deepEqual(exposed.filter((n) => !readmeMetrics().includes(n)), [], 'every exposed metric is in the README');
  assert.ok(one('corridor_process_process_resident_memory_bytes', {}) > 0);

  // the samples the activity above implies
  assert.equal(one('corridor_site_up', { site: 'branch1', gateway: 'hq' }), 0, 'engines off: the site is down');
  assert.equal(one('corridor_site_pair_up', { site: 'branch1', local: '198.18.10.0/24', remote: '198.18.20.0/24' }), 0, 'engines off: its subnet pair is missing');
  assert.equal(one('corridor_site_bytes', { site: 'branch1', direction: 'in' }), 0);
  assert.equal(one('corridor_site_bytes', { site: 'branch1', direction: 'out' }), 0);
  assert.equal(one('corridor_engine_up', { engine: 'tick', kind: 'openvpn' }), 1);
  const aliceLeft = one('corridor_certificate_expiry_seconds', { name: 'alice', ca: 'corp', kind: 'client' });
  assert.ok(aliceLeft > 300 * 86_400 && aliceLeft < 3700 * 86_400, String(aliceLeft));
  assert.ok(!samples.some((s) => s.name === 'corridor_certificate_expiry_seconds' && s.labels.name === 'bob'), 'a revoked certificate is not watched for expiry');
  assert.equal(one('corridor_doctor_findings', {}), errors);
  assert.equal(one('corridor_events_total', { kind: 'admin.login' }), 1);
  assert.ok(one('corridor_events_total', { kind: 'pki.crl-updated' }) >= 1);
  assert.ok(one('corridor_http_requests_total', { method: 'POST', status: '2xx' }) >= 8);
  assert.equal(one('corridor_http_requests_total', { method: 'GET', status: '4xx' }), 1);
});
