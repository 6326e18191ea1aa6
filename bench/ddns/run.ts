/**
 * DDNS benchmark (not a test: nothing here asserts a time).
 *   node --import tsx bench/ddns/run.ts [--rounds N]
 * Time from a WAN address change (the new address added to the gateway's interface) to every provider of
 * the link holding it: a real BIND `named` (RFC 2136 + TSIG, checked by resolving the name there) and
 * local fake Cloudflare, Alibaba Cloud DNS and DNSPod servers (the services cannot be reached from here;
 * test/stability/fake-providers.ts verifies their signatures). The publisher runs with its default
 * 30 s poll: what wakes it is the address watcher (`ip monitor address`).
 * Namespaces and addresses: 198.18.0.0/15 only, created and removed here.
 */
import pino from 'pino';
import { Lab } from '../../test/lab/index.js';
import { DdnsPublisher } from '../../src/stability/ddns/publisher.js';
import type { Gateway } from '../../src/core/model/index.js';
import { providerFor, startFakeProvider, type FakeProvider } from '../../test/stability/fake-providers.js';
import { DNS_IP, rfc2136, startNamed } from '../../test/stability/named.js';

const args = process.argv.slice(2);
const roundsArg = args.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Math.max(1, Math.min(100, Number(args[roundsArg + 1]) || 20)) : 20;

const lab = await Lab.create();
const fakes = new Map<string, FakeProvider>();
try {
  const [gw, dns] = await lab.hosts('gw', 'dns');
  const wan = await lab.link(gw!, dns!, { addrA: '198.18.10.1/24', addrB: `${DNS_IP}/24` });
  await startNamed(lab, dns!);
  for (const kind of ['cloudflare', 'alidns', 'dnspod'] as const) fakes.set(kind, await startFakeProvider(kind));
  const gateway = { name: 'hq', description: '', lanSubnets: [], namespace: gw!.ns, wanLinks: [{ name: 'wan1', interface: wan.ifA, priority: 100 }] } as Gateway;
  const providers = [rfc2136('bind'), providerFor('cloudflare', 'cf'), providerFor('alidns', 'ali'), providerFor('dnspod', 'pod')];
  const pub = new DdnsPublisher({
    source: { load: () => Promise.resolve({ gateways: [gateway], providers }) },
    events: { record: () => undefined }, log: pino({ level: 'silent' }),
    endpointFor: (p) => fakes.get(p.kind)?.url,
  });
  const allHold = (addr: string) => pub.statuses().filter((s) => s.address === addr && (s.state === 'verified' || s.state === 'published')).length === providers.length;
  const until = async (addr: string, limitMs: number) => {
    const end = Date.now() + limitMs;
    while (!allHold(addr) && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    return allHold(addr);
  };
  pub.start();
  if (!(await until('198.18.10.1', 20_000))) throw new Error('first publication did not complete');
  const times: number[] = [];
  let current = '198.18.10.1';
  for (let i = 0; i < ROUNDS; i++) {
    const next = `198.18.10.${10 + (i % 40)}`;
    const t0 = performance.now();
    // delete first: deleting a primary address also deletes its secondaries (promote_secondaries is off)
    await gw!.ipBatch([`addr del ${current}/24 dev ${wan.ifA}`, `addr add ${next}/24 dev ${wan.ifA}`]);
    if (!(await until(next, 20_000))) throw new Error(`round ${i}: not every provider holds ${next}: ${JSON.stringify(pub.statuses())}`);
    times.push(performance.now() - t0);
    current = next;
  }
  await pub.stop();
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(JSON.stringify({ rounds: ROUNDS, providers: providers.map((p) => p.kind), medianMs: Math.round(median), worstMs: Math.round(sorted.at(-1)!), bestMs: Math.round(sorted[0]!), all: times.map((t) => Math.round(t)) }));
} finally {
  await Promise.all([...fakes.values()].map((f) => f.close()));
  await lab.close();
}
