import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseOpenVpnServerConf, tokenize } from './openvpn-conf.js';

// modelled on seed 003 (addresses moved into 198.18.0.0/15), including its "//" remarks
const SEED_STYLE = `
port 51194            //listening port changed from 1194
proto tcp
dev tun
ca ca.crt
cert server.crt
key server.key  # This file should be kept secret
dh dh2048.pem
server 198.19.88.0 255.255.255.0
ifconfig-pool-persist ipp.txt
push "redirect-gateway def1 bypass-dhcp"
push "dhcp-option DNS 198.18.128.58"
push "dhcp-option DNS 198.18.128.10"
push "route 198.19.10.0 255.255.255.0"
push "dhcp-option DOMAIN corp.example"
push "block-outside-dns"
client-to-client
duplicate-cn
keepalive 10 120
tls-auth ta.key 0
cipher AES-256-CBC
comp-lzo
max-clients 100
user nobody
group nogroup
persist-key
persist-tun
status openvpn-status.log
verb 3
management 127.0.0.1 7505
route 198.19.20.0 255.255.255.0
duplicate-hosts-setting yes
`;

test('a seed-003 style server.conf: every directive is imported, managed or warned about', () => {
  const s = parseOpenVpnServerConf(SEED_STYLE);
  assert.equal(s.port, 51194);
  assert.equal(s.proto, 'tcp');
  assert.equal(s.dev, 'tun');
  assert.equal(s.devType, 'tun');
  assert.equal(s.pool, '198.19.88.0/24');
  assert.deepEqual(s.ca, { path: 'ca.crt' });
  assert.deepEqual(s.key, { path: 'server.key' });
  assert.deepEqual(s.dh, { path: 'dh2048.pem' });
  assert.deepEqual(s.redirectGateway, { flags: ['def1', 'bypass-dhcp'] });
  assert.deepEqual(s.dnsServers, ['198.18.128.58', '198.18.128.10']);
  assert.deepEqual(s.searchDomains, ['corp.example']);
  assert.deepEqual(s.pushRoutes, ['198.19.10.0/24']);
  assert.deepEqual(s.routes, ['198.19.20.0/24']);
  assert.deepEqual(s.otherPush, ['block-outside-dns']);
  assert.equal(s.clientToClient, true);
  assert.equal(s.duplicateCn, true);
  assert.deepEqual(s.keepalive, { interval: 10, timeout: 120 });
  assert.deepEqual(s.tlsAuth, { path: 'ta.key', keyDirection: 0 });
  assert.equal(s.cipher, 'AES-256-CBC');
  assert.equal(s.maxClients, 100);
  assert.deepEqual(s.management, { host: '127.0.0.1', port: 7505 });
  assert.deepEqual(s.managed.sort(), ['group', 'ifconfig-pool-persist', 'persist-key', 'persist-tun', 'status', 'user', 'verb']);
  assert.equal(s.warnings.length, 3, s.warnings.join('\n'));
  assert.match(s.warnings[0] ?? '', /line 2: "\/\/" is not an OpenVPN comment/);
  assert.match(s.warnings[1] ?? '', /line 22: comp-lzo : compression is not carried over/);
  assert.match(s.warnings[2] ?? '', /line 32: duplicate-hosts-setting yes: not imported \(unknown to Corridor\)/);
});

test('inline blocks, udp6, data-ciphers, unix management, topology', () => {
  const s = parseOpenVpnServerConf(
    [
      'proto udp6', 'topology subnet', 'server 198.19.99.0 255.255.255.0', 'data-ciphers AES-256-GCM:CHACHA20-POLY1305',
      'management /run/corridor/ovpn.sock unix', '<ca>', '-----BEGIN CERTIFICATE-----', 'AAAA', '-----END CERTIFICATE-----', '</ca>',
      'tls-crypt [inline]', '<tls-crypt>', 'KEY', '</tls-crypt>', '<crl-verify>', 'CRL', '</crl-verify>', '<connection>', 'x', '</connection>',
      'server 198.19.99.0 255.255.0.255', 'crl-verify /etc/crl dir',
    ].join('\n'),
  );
  assert.equal(s.proto, 'udp');
  assert.equal(s.ipv6Transport, true);
  assert.equal(s.topology, 'subnet');
  assert.deepEqual(s.dataCiphers, ['AES-256-GCM', 'CHACHA20-POLY1305']);
  assert.deepEqual(s.management, { unixPath: '/run/corridor/ovpn.sock' });
  assert.deepEqual(s.ca, { inline: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' });
  assert.deepEqual(s.tlsCrypt, { inline: 'KEY\n' });
  assert.deepEqual(s.crlVerify, { path: '/etc/crl' });
  assert.equal(s.pool, '198.19.99.0/24', 'the invalid second server line does not replace the first');
  assert.equal(s.warnings.length, 3, s.warnings.join('\n'));
  assert.match(s.warnings.join('\n'), /<connection> block not imported/);
  assert.match(s.warnings.join('\n'), /not a network and netmask/);
  assert.match(s.warnings.join('\n'), /a CRL directory/);
});

test('tokenize follows OpenVPN quoting and comments', () => {
  assert.deepEqual(tokenize('push "route 198.19.1.0 255.255.255.0"'), ['push', 'route 198.19.1.0 255.255.255.0']);
  assert.deepEqual(tokenize(`push 'dhcp-option DNS 198.18.0.53'`), ['push', 'dhcp-option DNS 198.18.0.53']);
  assert.deepEqual(tokenize('  # comment'), []);
  assert.deepEqual(tokenize('; comment'), []);
  assert.deepEqual(tokenize('key server.key  # keep secret'), ['key', 'server.key']);
  assert.deepEqual(tokenize('ca "/path with space/ca.crt"'), ['ca', '/path with space/ca.crt']);
  assert.deepEqual(tokenize('x "a\\"b"'), ['x', 'a"b']);
});
