/** A real BIND `named` for the DDNS lab test and bench: primary for corridor.test, updates signed with KEY. */
import { mkdtempSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Host, Lab } from '../lab/index.js';
import type { DdnsProviderWithSecret } from '../../src/stability/ddns/types.js';

export const DNS_IP = '198.18.10.53';
export const KEY = randomBytes(32).toString('base64');

/** A primary for corridor.test that takes updates signed with KEY; answers once it serves the zone. */
export async function startNamed(lab: Lab, host: Host): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-named-'));
  lab.onClose(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o700);
  writeFileSync(join(dir, 'db.corridor.test'), ['$TTL 60', '@ IN SOA ns1.corridor.test. admin.corridor.test. 1 60 60 600 60', '@ IN NS ns1.corridor.test.', `ns1 IN A ${DNS_IP}`, ''].join('\n'));
  writeFileSync(join(dir, 'named.conf'), `
options { directory "${dir}"; pid-file "${dir}/named.pid"; session-keyfile "${dir}/session.key"; listen-on port 53 { ${DNS_IP}; }; listen-on-v6 { none; }; recursion no; allow-query { any; }; dnssec-validation no; };
key "corridor-ddns" { algorithm hmac-sha256; secret "${KEY}"; };
zone "corridor.test" { type primary; file "${dir}/db.corridor.test"; allow-update { key corridor-ddns; }; };
`, { mode: 0o600 });
  host.spawn(['named', '-g', '-4', '-c', join(dir, 'named.conf')]);
  for (let i = 0; i < 100; i++) {
    const r = await host.exec(['dig', '+short', '+time=1', '+tries=1', `@${DNS_IP}`, 'corridor.test', 'SOA']);
    if (r.stdout.includes('ns1.corridor.test.')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('named did not start serving corridor.test');
}

export async function bindAnswers(host: Host, name: string): Promise<string> {
  return (await host.exec(['dig', '+short', '+norecurse', `@${DNS_IP}`, name, 'A'])).stdout.trim();
}

/** An RFC 2136 provider of gateway hq's wan1 at this named. */
export const rfc2136 = (name: string, secret = KEY): DdnsProviderWithSecret =>
  ({ name, description: '', gateway: 'hq', wanLink: 'wan1', kind: 'rfc2136', priority: 0, hostname: `${name}.corridor.test`, zone: 'corridor.test', server: DNS_IP, username: 'corridor-ddns', secret });

