import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessPolicySchema, gatewaySchema, raServerSchema, siteConnectionSchema } from '../../core/model/index.js';
import { foldCidrs, hashOfListing, nftIdentifier, policySetName, renderPorts, renderTransaction, rulesetHash } from './render.js';
import { policiesForGroups, rulesetSpecFor } from './spec.js';
import type { NftRulesetSpec } from './spec.js';

const gateway = gatewaySchema.parse({ name: 'hq' });
const staff = raServerSchema.parse({ name: 'staff', gateway: 'hq', pool: '198.19.99.0/24', natInterface: 'eth0' });
const policies = [
  accessPolicySchema.parse({ name: 'web-only', group: 'sales', destinations: ['198.19.1.7/24'], protocol: 'tcp', ports: '443,80,1000-2000,1500' }),
  accessPolicySchema.parse({ name: 'eng-all', group: 'eng', destinations: ['198.19.2.0/24', '198.19.2.128/25', '198.19.3.0/24'] }),
  accessPolicySchema.parse({ name: 'v6-only', group: 'eng', destinations: ['2001:db8::/32'] }),
];

test('renders the whole table in one transaction, exact text', () => {
  const spec = rulesetSpecFor({ gateway, raServers: [staff], policies, interfaceOf: (s) => `tun-${s.name}` });
  const text = renderTransaction(spec, { elements: new Map([['pol_eng_all', ['198.19.99.9', '198.19.99.2']]]) });
  assert.equal(
    text,
    [
      'table inet corridor { }',
      'delete table inet corridor',
      'table inet corridor {',
      `\tcomment "corridor-sha256:${rulesetHash(spec)}"`,
      '\tset written {',
      '\t\ttype mark',
      '\t}',
      '\tset pol_eng_all {',
      '\t\ttype ipv4_addr',
      '\t\telements = { 198.19.99.2, 198.19.99.9 }',
      '\t}',
      '\tset pol_v6_only {',
      '\t\ttype ipv4_addr',
      '\t}',
      '\tset pol_web_only {',
      '\t\ttype ipv4_addr',
      '\t}',
      '\tchain postrouting {',
      '\t\ttype nat hook postrouting priority srcnat; policy accept;',
      '\t\toifname "eth0" ip saddr 198.19.99.0/24 masquerade',
      '\t}',
      '\tchain forward {',
      '\t\ttype filter hook forward priority filter; policy accept;',
      '\t\tiifname "tun-staff" jump ra_forward',
      '\t\tip saddr 198.19.99.0/24 jump ra_forward',
      '\t}',
      '\tchain ra_forward {',
      '\t\tct direction reply accept',
      '\t\tct state related accept',
      '\t\tip saddr @pol_eng_all ip daddr { 198.19.2.0/24, 198.19.3.0/24 } accept',
      '\t\tip saddr @pol_web_only ip daddr 198.19.1.0/24 tcp dport { 80, 443, 1000-2000 } accept',
      '\t\tcounter drop',
      '\t}',
      // the server's own transport needs no state: exempted from conntrack, to the gateway only
      '\tchain raw_prerouting {',
      '\t\ttype filter hook prerouting priority raw; policy accept;',
      '\t\tudp dport 1194 fib daddr type local notrack',
      '\t}',
      '\tchain raw_output {',
      '\t\ttype filter hook output priority raw; policy accept;',
      '\t\tudp sport 1194 notrack',
      '\t}',
      '}',
      '',
    ].join('\n'),
  );
});

test('site connections: subnet pairs both ways, IKE/NAT-T and ESP skip conntrack; a pair touching a pool does not', () => {
  const sites = [
    siteConnectionSchema.parse({ name: 'hq-branch', gateway: 'hq', peer: 'branch', localSubnets: ['198.19.1.0/24'], remoteSubnets: ['198.19.2.0/24', '198.19.99.128/25'] }),
    siteConnectionSchema.parse({ name: 'off', gateway: 'hq', peer: 'x', enabled: false, localSubnets: ['198.19.5.0/24'], remoteSubnets: ['198.19.6.0/24'] }),
    siteConnectionSchema.parse({ name: 'elsewhere', gateway: 'other', peer: 'x', localSubnets: ['198.19.7.0/24'], remoteSubnets: ['198.19.8.0/24'] }),
  ];
  const tcp = raServerSchema.parse({ name: 'tcp', gateway: 'hq', pool: '198.19.100.0/24', proto: 'tcp', port: 443 });
  const spec = rulesetSpecFor({ gateway, raServers: [staff, tcp], policies, sites });
  const text = renderTransaction(spec);
  const chain = (name: string) => new RegExp(`chain ${name} \\{\\n([\\s\\S]*?)\\n\\t\\}`).exec(text)?.[1] ?? '';
  const pre = chain('raw_prerouting').split('\n').map((l) => l.trim()).filter(Boolean);
  assert.deepEqual(pre, [
    'type filter hook prerouting priority raw; policy accept;',
    'ip saddr 198.19.1.0/24 ip daddr 198.19.2.0/24 notrack',
    'ip saddr 198.19.2.0/24 ip daddr 198.19.1.0/24 notrack',
    'udp dport { 500, 1194, 4500 } fib daddr type local notrack',
    'tcp dport 443 fib daddr type local notrack',
    'meta l4proto esp fib daddr type local notrack',
  ]);
  const out = chain('raw_output').split('\n').map((l) => l.trim()).filter(Boolean);
  assert.deepEqual(out.slice(1), ['udp sport { 500, 1194, 4500 } notrack', 'tcp sport 443 notrack', 'meta l4proto esp notrack']);
  // the pool's traffic keeps conntrack: its policies and NAT read it
  assert.doesNotMatch(text, /198\.19\.99\.\d+\/\d+ [^\n]*notrack/);
  assert.doesNotMatch(text, /198\.19\.(5|6|7|8)\.0/, 'disabled sites and other gateways\' sites are not ours');
  assert.match(text, /oifname "eth0" ip saddr 198\.19\.99\.0\/24 masquerade/);
});

test('no pools and no policies still denies nothing it does not own and grants nothing', () => {
  const text = renderTransaction({ pools: [], policies: [] });
  assert.match(text, /chain forward \{\n\t\ttype filter hook forward priority filter; policy accept;\n\t\}/);
  assert.match(text, /\t\tct state related accept\n\t\tcounter drop\n/);
});

test('protocol variants', () => {
  const spec: NftRulesetSpec = {
    pools: [{ server: 'a', pool: '198.19.99.0/24', interfaces: [] }],
    policies: [
      { name: 'dns', destinations: ['198.19.1.53/32'], protocol: 'udp', ports: '53' },
      { name: 'ping', destinations: ['198.19.1.0/24'], protocol: 'icmp' },
      { name: 'ssh-any-port', destinations: ['198.19.1.0/24'], protocol: 'tcp' },
    ],
  };
  const text = renderTransaction(spec);
  assert.match(text, /ip saddr @pol_dns ip daddr 198\.19\.1\.53\/32 udp dport 53 accept/);
  assert.match(text, /ip saddr @pol_ping ip daddr 198\.19\.1\.0\/24 meta l4proto icmp accept/);
  assert.match(text, /ip saddr @pol_ssh_any_port ip daddr 198\.19\.1\.0\/24 meta l4proto tcp accept/);
  assert.doesNotMatch(text, /postrouting \{[^}]*masquerade/);
});

test('hash ignores set elements and changes with the spec', () => {
  const spec = rulesetSpecFor({ gateway, raServers: [staff], policies });
  const again = rulesetSpecFor({ gateway, raServers: [staff], policies });
  assert.equal(rulesetHash(spec), rulesetHash(again));
  assert.equal(hashOfListing(renderTransaction(spec, { elements: new Map([['pol_eng_all', ['198.19.99.3']]]) })), rulesetHash(spec));
  const other = rulesetSpecFor({ gateway, raServers: [{ ...staff, natInterface: 'eth1' }], policies });
  assert.notEqual(rulesetHash(other), rulesetHash(spec));
});

test('servers of other gateways and disabled servers are left out', () => {
  const elsewhere = raServerSchema.parse({ name: 'branch', gateway: 'branch', pool: '198.19.98.0/24' });
  const off = raServerSchema.parse({ name: 'off', gateway: 'hq', pool: '198.19.97.0/24', enabled: false });
  assert.deepEqual(rulesetSpecFor({ gateway, raServers: [staff, elsewhere, off], policies: [] }).pools.map((p) => p.server), ['staff']);
});

test('identifiers outside [a-z0-9_] are refused, not escaped', () => {
  assert.equal(policySetName('branch-shanghai'), 'pol_branch_shanghai');
  assert.throws(() => policySetName('x"; flush ruleset'), /not a safe nft identifier/);
  assert.throws(() => nftIdentifier('Pol'), /not a safe nft identifier/);
  assert.throws(
    () => renderTransaction({ pools: [{ server: 's', pool: '198.19.99.0/24', interfaces: ['tun0" accept'] }], policies: [] }),
    /not an interface name/,
  );
  assert.throws(
    () =>
      renderTransaction(
        { pools: [], policies: [{ name: 'a', destinations: ['198.19.1.0/24'], protocol: 'any' }] },
        { elements: new Map([['pol_a', ['198.19.99.1 }']]]) },
      ), /not an IPv4 address/);
});

test('ports and prefixes are merged so nft never sees overlapping intervals', () => {
  assert.equal(renderPorts('22'), '22');
  assert.equal(renderPorts('443,80,80,81-90,85-100'), '{ 80-100, 443 }');
  assert.deepEqual(foldCidrs(['198.19.1.0/25', '198.19.1.5/24', '198.19.2.1/32']), ['198.19.1.0/24', '198.19.2.1/32']);
});

test('policiesForGroups maps a user’s groups to policy names', () => {
  assert.deepEqual(policiesForGroups(policies, ['eng']), ['eng-all', 'v6-only']);
  assert.deepEqual(policiesForGroups(policies, []), []);
});
