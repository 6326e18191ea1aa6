/**
 * The HTTP DDNS protocols against local fake servers (fake-providers.ts): Cloudflare, Alibaba Cloud DNS,
 * DNSPod, dyndns2, No-IP and Duck DNS cannot be reached from a test, so each fake implements the
 * documented requests and answers and verifies the credentials and signatures with its own code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOLS } from '../../src/stability/ddns/protocols/index.js';
import { DdnsError, type DdnsProviderWithSecret, type PublishContext } from '../../src/stability/ddns/types.js';
import { exec } from '../../src/net/exec.js';
import { providerFor, startFakeProvider, type FakeProvider } from './fake-providers.js';

const KINDS: FakeProvider['kind'][] = ['dyndns2', 'noip', 'duckdns', 'cloudflare', 'alidns', 'dnspod'];


function ctx(fake: FakeProvider, provider: DdnsProviderWithSecret, address: string): PublishContext {
  return { provider, address, baseUrl: fake.url, fetch, exec, namespace: undefined, timeoutMs: 5000 };
}

for (const kind of KINDS) {
  test(`${kind}: publishes the address with a signature the fake server verifies, then reports no change`, async (t) => {
    const fake = await startFakeProvider(kind);
    t.after(() => fake.close());
    const p = providerFor(kind, 'hq-wan1');
    assert.deepEqual(await PROTOCOLS[kind].publish(ctx(fake, p, '198.18.10.1')), { changed: true });
    assert.equal(fake.records.get(p.hostname), '198.18.10.1');
    await PROTOCOLS[kind].publish(ctx(fake, p, '198.18.10.2'));
    assert.equal(fake.records.get(p.hostname), '198.18.10.2');
    assert.equal(fake.rejected, 0);
    if (kind !== 'duckdns') assert.deepEqual(await PROTOCOLS[kind].publish(ctx(fake, p, '198.18.10.2')), { changed: false });
  });

  test(`${kind}: a wrong secret is refused by the fake server and reported as a DdnsError`, async (t) => {
    const fake = await startFakeProvider(kind);
    t.after(() => fake.close());
    const p = providerFor(kind, 'hq-wan1', { secret: 'not-the-secret' });
    await assert.rejects(PROTOCOLS[kind].publish(ctx(fake, p, '198.18.10.1')), (e: unknown) => {
      assert.ok(e instanceof DdnsError);
      assert.ok(kind === 'duckdns' ? e.code === 'rejected' : e.code === 'badauth', `${kind} answered ${e.code}`);
      assert.ok(!e.message.includes('not-the-secret'), 'the error must not carry the secret');
      return true;
    });
    assert.equal(fake.rejected, 1);
    assert.equal(fake.records.size, 0);
  });
}

test('a provider outage (HTTP 503) is a DdnsError with its status', async (t) => {
  const fake = await startFakeProvider('cloudflare');
  t.after(() => fake.close());
  fake.down = true;
  await assert.rejects(PROTOCOLS.cloudflare.publish(ctx(fake, providerFor('cloudflare', 'x'), '198.18.10.1')), (e: unknown) => e instanceof DdnsError && e.code === 'http-503');
});
