/**
 * `corridor doctor connection` on a site: its charon log is read knowing the site's authentication method.
 * The log lines are a real charon capture (test/fixtures/logs/strongswan/psk-initiator.txt: wrong PSK, seen
 * from the initiator); the sites subsystem and the log store are replaced by the small views the doctor
 * declares (SitesView, LogSource), since no charon needs to run to read a log.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gatewaySchema, peerSchema, siteConnectionSchema, type SiteConnectionInput } from '../../core/model/index.js';
import { effectiveSite } from '../../engines/strongswan/config/effective.js';
import { diagnoseSite, type ConnectionDeps } from './connection.js';

const LOG = readFileSync(new URL('../../../test/fixtures/logs/strongswan/psk-initiator.txt', import.meta.url), 'utf8');

function deps(over: Partial<SiteConnectionInput>): ConnectionDeps {
  const peer = peerSchema.parse({ name: 'branch', vendor: 'strongswan', addresses: ['198.18.0.2'] });
  const gateway = gatewaySchema.parse({ name: 'hq', lanSubnets: ['198.18.10.0/24'] });
  const site = effectiveSite(siteConnectionSchema.parse({ name: 'branch1', gateway: 'hq', peer: 'branch', localSubnets: ['198.18.10.0/24'], remoteSubnets: ['198.18.20.0/24'], ...over }), peer.vendor);
  const status = { name: 'branch1', health: 'down' as const, ikeSas: [], children: [], missingChildren: [], pairs: [], bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, enabled: true };
  const rows = LOG.split('\n').filter(Boolean).map((line, i) => ({ id: i + 1, instance: 'charon-hq', connection: 'branch1', line }));
  return {
    world: async () => ({ gateways: [gateway], peers: [peer], sites: [site], servers: [], users: [], groups: [], policies: [], ddns: [] }),
    engineLogs: { query: async (q) => (q.connection === 'branch1' || q.instance === 'charon-hq' ? rows : []) },
    sites: { site: async () => ({ site, peer, gateway }), status: async () => status, statuses: async () => [status], dataPlanes: () => [{ gateway: 'hq', engine: 'charon-hq' }] },
    enginesRunning: false,
  };
}

test('a PSK failure on a PSK-only site: authentication failure first with more than the vague 0.6, no certificate code or cause', async () => {
  const r = await diagnoseSite('branch1', deps({ auth: 'psk', psk: 'lab-psk-0123456789' }), 'en');
  const top = r.findings[0]!;
  assert.equal(top.code, 'ike/authentication-fail');
  assert.ok(top.confidence > 0.8, `confidence ${top.confidence}`);
  assert.deepEqual(r.findings.filter((f) => /^(ike\/cert-|cert\/)/.test(f.code)).map((f) => f.code), []);
  // (a peer that uses a certificate while this end expects a PSK stays a possible cause: that is a method mismatch)
  for (const f of r.findings) assert.ok(!f.causes.some((c) => /^Certificate authentication|trust the CA|expired or revoked/.test(c)), `${f.code}: ${f.causes.join(' | ')}`);
  assert.match(top.causes[0]!, /pre-shared keys differ/);
});

test('the same log on a certificate site keeps the certificate candidates and causes', async () => {
  const r = await diagnoseSite('branch1', deps({ auth: 'cert', certificate: 'hq-ike' }), 'en');
  assert.ok(r.findings.some((f) => f.code === 'ike/cert-untrusted'));
  const auth = r.findings.find((f) => f.code === 'ike/authentication-fail')!;
  assert.ok(auth.causes.some((c) => /Certificate authentication/.test(c)));
  assert.ok(!auth.causes.some((c) => /pre-shared keys differ/.test(c)));
});
