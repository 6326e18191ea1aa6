import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessPolicySchema, gatewaySchema, raServerSchema } from '../../core/model/index.js';
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
      '}',
      '',
    ].join('\n'),
  );
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
