/**
 * DDNS publishing in a lab: a gateway namespace whose WAN interface address changes, a real BIND `named`
 * (RFC 2136 with a TSIG key) in another namespace, and fake Cloudflare, Alibaba Cloud DNS and DNSPod
 * servers on loopback (those services cannot be reached from here; fake-providers.ts implements their
 * documented requests and verifies their signatures).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Lab } from '../lab/index.js';
import { DdnsPublisher } from '../../src/stability/ddns/publisher.js';
import type { DdnsProviderWithSecret } from '../../src/stability/ddns/types.js';
import type { Gateway } from '../../src/core/model/index.js';
import type { EventInput } from '../../src/engines/types.js';
import { checkDdns } from '../../src/doctor/checks/ddns.js';
import { providerFor, startFakeProvider, type FakeProvider } from './fake-providers.js';
import { bindAnswers, DNS_IP, KEY, rfc2136, startNamed } from './named.js';

async function setup(t: Parameters<typeof Lab.create>[0]) {
  const lab = await Lab.create(t);
  const [gw, dns] = await lab.hosts('gw', 'dns');
  const wan = await lab.link(gw!, dns!, { addrA: '198.18.10.1/24', addrB: `${DNS_IP}/24` });
  await startNamed(lab, dns!);
  const fakes = new Map<string, FakeProvider>();
  for (const kind of ['cloudflare', 'alidns', 'dnspod'] as const) fakes.set(kind, await startFakeProvider(kind));
  t!.after(() => Promise.all([...fakes.values()].map((f) => f.close())));
  const gateway = { name: 'hq', description: '', lanSubnets: [], namespace: gw!.ns, wanLinks: [{ name: 'wan1', interface: wan.ifA, priority: 100 }] } as Gateway;
  const events: EventInput[] = [];
  const make = (providers: DdnsProviderWithSecret[], o: { initialBackoffMs?: number; pollMs?: number } = {}) => {
    const pub = new DdnsPublisher({
      source: { load: () => Promise.resolve({ gateways: [gateway], providers }) },
      events: { record: (e) => events.push(e) }, log: pino({ level: 'silent' }),
      pollMs: o.pollMs ?? 100, initialBackoffMs: o.initialBackoffMs ?? 400,
      endpointFor: (p) => fakes.get(p.kind)?.url,
    });
    t!.after(() => pub.stop());
    return pub;
  };
  return { lab, gw: gw!, wan, fakes, events, make };
}

test('changing a WAN address publishes it to every provider of the link, and BIND answers the new address', async (t) => {
  const { gw, wan, fakes, events, make } = await setup(t);
  const providers = [rfc2136('bind'), providerFor('cloudflare', 'cf'), providerFor('alidns', 'ali'), providerFor('dnspod', 'pod')];
  // no poll within the test's time: the first pass runs at start, the address change wakes the next one (watch.ts)
  const pub = make(providers, { pollMs: 600_000 });
  pub.start();
  const holding = (addr: string) => pub.statuses().filter((s) => s.address === addr && (s.state === 'verified' || s.state === 'published')).length;
  const waitFor = async (addr: string) => {
    for (let i = 0; i < 150 && holding(addr) < providers.length; i++) await new Promise((r) => setTimeout(r, 100));
  };
  await waitFor('198.18.10.1');
  assert.equal(holding('198.18.10.1'), 4, JSON.stringify(pub.statuses()));
  assert.equal(await bindAnswers(gw, 'bind.corridor.test'), '198.18.10.1');

  // the ISP hands the link a new address
  await gw.ipBatch([`addr del 198.18.10.1/24 dev ${wan.ifA}`, `addr add 198.18.10.2/24 dev ${wan.ifA}`]);
  await waitFor('198.18.10.2');
  assert.equal(holding('198.18.10.2'), 4, JSON.stringify(pub.statuses()));
  assert.equal(await bindAnswers(gw, 'bind.corridor.test'), '198.18.10.2');
  for (const [kind, host] of [['cloudflare', 'cf'], ['alidns', 'ali'], ['dnspod', 'pod']] as const) {
    assert.equal(fakes.get(kind)!.records.get(`${host}.corridor.test`), '198.18.10.2', kind);
  }
  // the RFC 2136 name was checked at its server; the HTTP ones have no resolver configured
  assert.equal(pub.statuses().find((s) => s.name === 'bind')!.state, 'verified');
  assert.equal(pub.statuses().find((s) => s.name === 'cf')!.state, 'published');
  assert.ok(events.some((e) => e.kind === 'wan.address-changed' && (e.detail as { to: string }).to === '198.18.10.2'));
  assert.equal(events.filter((e) => e.kind === 'ddns.published' && (e.detail as { address: string }).address === '198.18.10.2').length, 4);
  assert.equal(checkDdns(pub, 'en').length, 0);
});

test('a failing provider leaves the others published, raises an event and a doctor finding, and is retried after its backoff', async (t) => {
  const { gw, fakes, events, make } = await setup(t);
  const pub = make([rfc2136('bind'), rfc2136('badkey', randomBytes(32).toString('base64')), providerFor('cloudflare', 'cf'), providerFor('dnspod', 'pod')], { initialBackoffMs: 3000 });
  fakes.get('cloudflare')!.down = true;
  await pub.pass();
  const st = (n: string) => pub.statuses().find((s) => s.name === n)!;
  assert.equal(st('bind').state, 'verified');
  assert.equal(st('pod').state, 'published');
  assert.equal(await bindAnswers(gw, 'bind.corridor.test'), '198.18.10.1');
  assert.equal(st('cf').state, 'failed');
  assert.equal(st('cf').lastError?.code, 'http-503');
  assert.equal(st('badkey').state, 'failed');
  assert.equal(st('badkey').lastError?.code, 'badauth');
  assert.equal(await bindAnswers(gw, 'badkey.corridor.test'), '', 'BIND must not take an update signed with another key');
  const failed = events.filter((e) => e.kind === 'ddns.publish-failed').map((e) => e.subject).sort();
  assert.deepEqual(failed, ['badkey', 'cf']);
  assert.ok(!JSON.stringify(events).includes(KEY), 'no event carries the TSIG key');
  assert.ok(!events.some((e) => e.kind === 'ddns.link-unpublished'), 'the link is still published by its other providers');
  const findings = checkDdns(pub, 'zh-CN');
  assert.deepEqual(findings.map((f) => [f.code, f.severity]), [['net/ddns-publish-failed', 'warning'], ['net/ddns-publish-failed', 'warning']]);

  // the provider comes back: nothing is sent before its backoff ends, then it is published
  fakes.get('cloudflare')!.down = false;
  await pub.pass();
  assert.equal(fakes.get('cloudflare')!.updates, 0, 'retried before its backoff ended');
  await new Promise((r) => setTimeout(r, 3100));
  await pub.pass();
  assert.equal(st('cf').state, 'published');
  assert.equal(fakes.get('cloudflare')!.records.get('cf.corridor.test'), '198.18.10.1');
});

test('every provider of a link failing raises ddns.link-unpublished and an error finding', async (t) => {
  const { fakes, events, make } = await setup(t);
  const pub = make([providerFor('cloudflare', 'cf'), providerFor('alidns', 'ali', { secret: 'wrong' })]);
  fakes.get('cloudflare')!.down = true;
  await pub.pass();
  assert.ok(events.some((e) => e.kind === 'ddns.link-unpublished' && e.severity === 'error' && e.subject === 'hq/wan1'));
  assert.deepEqual(checkDdns(pub, 'en').map((f) => f.severity), ['error', 'error']);
  assert.equal(pub.linkStatuses()[0]!.publishedBy, 0);
});
