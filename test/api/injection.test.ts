/**
 * No configuration injection: hostile values go in through the API. Each is either refused with a 400
 * naming the field (and nothing stored), or accepted and rendered so that no engine file gains a line,
 * a key or a directive compared with the same resource holding a benign value.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDaemon, Client } from '../support/daemon.js';
import { exportSwanctlConf } from '../../src/engines/strongswan/config/export/swanctl-conf.js';
import { parseSettings } from '../../src/engines/strongswan/config/export/settings-parser.test-util.js';
import { renderServerConfig } from '../../src/engines/openvpn/render/server-config.js';
import { renderClientProfile } from '../../src/engines/openvpn/render/client-profile.js';
import { renderTransaction, rulesetSpecFor } from '../../src/net/nft/index.js';
import { worldOf } from '../support/world.js';
import type { Gateway, Peer, RaServer, SiteSpec, AccessPolicy } from '../../src/core/model/index.js';
import { effectiveSite } from '../../src/engines/strongswan/config/effective.js';

const HOSTILE = [
  'x\ninclude /etc/passwd',
  'x\r\nverb 11',
  'a"b',
  "a'b",
  'x } connections { evil { remote_addrs = 0.0.0.0/0 } #',
  'x # comment',
  'x; rm -rf /',
  'x\u0000y',
  'é中文ünïcode',
  'x'.repeat(5000),
  '${HOME}$(id)`id`',
  'a\\"\nb',
];

function keyPaths(obj: unknown, prefix = ''): string[] {
  if (!obj || typeof obj !== 'object') return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k)).sort();
}

/** directives (first word of each line) of an OpenVPN config, inline blocks collapsed */
function directives(conf: string): string[] {
  return conf.replace(/<(\w[\w-]*)>[\s\S]*?<\/\1>/g, '<$1>').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith(';')).map((l) => l.split(/\s+/)[0]!);
}

test('hostile values are refused or rendered harmlessly in every engine file', async (t) => {
  const d = await testDaemon(t);
  const c = new Client(d.url);
  await c.login();
  await c.req('POST', '/api/gateways', { name: 'hq', lanSubnets: ['198.19.1.0/24'], wanLinks: [{ name: 'wan', interface: 'eth0', address: '198.18.1.1' }] });
  await c.req('POST', '/api/peers', { name: 'branch', addresses: ['198.18.1.2'] });
  await c.req('POST', '/api/groups', { name: 'staff' });
  const base = { gateway: 'hq', peer: 'branch', localSubnets: ['198.19.1.0/24'], remoteSubnets: ['198.19.2.0/24'] };
  assert.equal((await c.req('POST', '/api/sites', { ...base, name: 'benign', psk: 'benign-psk-123' })).status, 201);
  assert.equal((await c.req('POST', '/api/servers', { name: 'benign', gateway: 'hq', pool: '198.19.99.0/24', description: 'benign' })).status, 201);

  const refusedFields = new Map<string, number>();
  let accepted = 0;
  for (const [i, h] of HOSTILE.entries()) {
    // fields that reach engine files: every one must refuse anything outside its alphabet
    const attempts: Array<[string, string, Record<string, unknown>, string]> = [
      ['sites', 'name', { ...base, name: h, psk: 'benign-psk-123' }, 'name'],
      ['sites', 'localId', { ...base, name: `s${i}a`, psk: 'benign-psk-123', localId: h }, 'localId'],
      ['sites', 'remoteId', { ...base, name: `s${i}b`, psk: 'benign-psk-123', remoteId: h }, 'remoteId'],
      ['sites', 'proposal', { ...base, name: `s${i}c`, psk: 'benign-psk-123', ike: { proposals: [h] } }, 'ike.proposals.0'],
      ['sites', 'subnet', { ...base, name: `s${i}d`, psk: 'benign-psk-123', remoteSubnets: [h] }, 'remoteSubnets.0'],
      ['peers', 'address', { name: `p${i}`, addresses: [h] }, 'addresses.0'],
      ['peers', 'identity', { name: `p${i}x`, addresses: ['198.18.1.9'], identity: h }, 'identity'],
      ['users', 'username', { username: h, password: 'benign-password' }, 'username'],
      ['servers', 'dns', { name: `v${i}`, gateway: 'hq', pool: `198.19.${100 + i}.0/24`, port: 2000 + i, dns: [h] }, 'dns.0'],
      ['servers', 'route', { name: `w${i}`, gateway: 'hq', pool: `198.19.${120 + i}.0/24`, port: 3000 + i, routes: [h] }, 'routes.0'],
      ['policies', 'ports', { name: `pol${i}`, group: 'staff', destinations: ['198.19.1.0/24'], protocol: 'tcp', ports: h }, 'ports'],
      ['gateways', 'namespace', { name: `g${i}`, namespace: h }, 'namespace'],
    ];
    for (const [path, label, body, field] of attempts) {
      const r = await c.req('POST', `/api/${path}`, body);
      if (r.status === 400) {
        assert.ok(r.json.issues.some((x: { path: string }) => x.path === field), `${label}: 400 must name ${field}: ${r.text}`);
        refusedFields.set(label, (refusedFields.get(label) ?? 0) + 1);
      } else {
        assert.fail(`${label} accepted a hostile value ${JSON.stringify(h).slice(0, 60)} (${r.status})`);
      }
    }
    // PSKs and descriptions may hold quotes and punctuation; line breaks and NULs are refused
    const psk = await c.req('POST', '/api/sites', { ...base, name: `psk${i}`, psk: h, description: h });
    if (psk.status === 201) accepted++;
    else assert.equal(psk.status, 400, psk.text);
    const srv = await c.req('POST', '/api/servers', { name: `desc${i}`, gateway: 'hq', pool: `198.19.${140 + i}.0/24`, port: 4000 + i, description: h });
    assert.ok(srv.status === 201 || srv.status === 400, srv.text);
  }
  assert.ok(accepted >= 4, 'printable hostile PSKs are accepted and must be escaped');
  assert.equal((await c.req('GET', '/api/peers')).json.items.length, 1, 'refused requests stored nothing');

  // render every stored resource and compare its shape with the benign one
  const w = await worldOf(d);
  const gw = w.gateways[0] as Gateway;
  const peer = w.peers[0] as Peer;
  // rendered as the daemon renders them: the peer vendor's preset applied
  const sites = (w.sites as SiteSpec[]).map((s) => effectiveSite(s, peer.vendor));
  const benignSite = sites.find((s) => s.name === 'benign')!;
  const benignShape = keyPaths(parseSettings(exportSwanctlConf(benignSite, peer, gw, { psk: 'benign-psk-123' })));
  for (const s of sites.filter((x) => x.name.startsWith('psk'))) {
    const psk = String((await w.secretsOf('site', s.name)).psk);
    const text = exportSwanctlConf(s, peer, gw, { psk });
    const shape = keyPaths(parseSettings(text)).map((k) => k.replaceAll(s.name, 'benign'));
    assert.deepEqual(shape, benignShape, `site ${s.name}: the exported swanctl.conf has exactly the benign keys`);
  }
  const servers = w.servers as RaServer[];
  const ctx = { runDir: '/run/x', caPath: '/run/x/ca.crt', certPath: '/run/x/s.crt', keyPath: '/run/x/s.key', tlsCryptPath: '/run/x/tc.key', crlPath: '/run/x/crl.pem', mgmtSocket: '/run/x/m.sock', dev: 'tun0' };
  const pem = (label: string) => `-----BEGIN ${label}-----\nAAAA\n-----END ${label}-----\n`;
  const PEMS = { caPem: pem('CERTIFICATE'), certPem: pem('CERTIFICATE'), keyPem: pem('PRIVATE KEY'), tlsCryptKey: pem('OpenVPN Static key V1') };
  const benignServer = directives(renderServerConfig(servers.find((s) => s.name === 'benign')!, ctx));
  for (const s of servers.filter((x) => x.name.startsWith('desc'))) {
    assert.deepEqual(directives(renderServerConfig(s, ctx)), benignServer, `server ${s.name}: no added directive`);
    const profile = renderClientProfile({ server: s, publicAddress: '198.18.1.1', serverCommonName: 'corridor-x', ...PEMS });
    assert.deepEqual(directives(profile), directives(renderClientProfile({ server: servers.find((x) => x.name === 'benign')!, publicAddress: '198.18.1.1', serverCommonName: 'corridor-x', ...PEMS })));
  }
  const nft = renderTransaction(rulesetSpecFor({ gateway: gw, raServers: servers, policies: w.policies as AccessPolicy[] }));
  assert.ok(!/include|\$\(|`/.test(nft), 'the nft transaction carries no hostile text');
});
