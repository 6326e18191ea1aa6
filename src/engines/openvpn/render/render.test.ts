import assert from 'node:assert/strict';
import { test } from 'node:test';
import { raServerSchema } from '../../../core/model/index.js';
import type { RaServer } from '../../../core/model/index.js';
import { renderClientProfile } from './client-profile.js';
import { RenderError } from './directives.js';
import { renderServerConfig, tunNameFor } from './server-config.js';

const server = raServerSchema.parse({
  name: 'staff',
  gateway: 'hq',
  pool: '198.19.99.0/24',
  routes: ['198.19.50.0/24', '198.19.51.0/25'],
  dns: ['198.19.50.53'],
  listen: '198.18.0.1',
  publicAddress: 'vpn.example.com',
});

const ctx = {
  runDir: '/run/corridor/openvpn-staff',
  caPath: '/var/lib/corridor/pki/ca.crt',
  certPath: '/var/lib/corridor/pki/staff.crt',
  keyPath: '/var/lib/corridor/pki/staff.key',
  tlsCryptPath: '/var/lib/corridor/pki/staff-tc.key',
  crlPath: '/var/lib/corridor/pki/crl.pem',
  mgmtSocket: '/run/corridor/openvpn-staff/mgmt.sock',
};

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUBGvdr2lhD7oEBert7wAHbk9cR2swCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
const TC = '#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n0123456789abcdef0123456789abcdef\n-----END OpenVPN Static key V1-----\n';

test('server.conf carries the directives the engine needs, pushes quoted', () => {
  const conf = renderServerConfig(server, ctx);
  const lines = conf.trimEnd().split('\n');
  for (const expected of [
    `dev ${tunNameFor('staff')}`,
    'proto udp',
    'port 1194',
    'local 198.18.0.1',
    'topology subnet',
    'server 198.19.99.0 255.255.255.0 nopool',
    'ifconfig-pool 198.19.99.128 198.19.99.254 255.255.255.0',
    'push "route 198.19.50.0 255.255.255.0"',
    'push "route 198.19.51.0 255.255.255.128"',
    'push "dhcp-option DNS 198.19.50.53"',
    'data-ciphers AES-256-GCM:CHACHA20-POLY1305',
    `tls-crypt ${ctx.tlsCryptPath}`,
    'dh none',
    `crl-verify ${ctx.crlPath}`,
    'keepalive 2 6',
    'duplicate-cn',
    `management ${ctx.mgmtSocket} unix`,
    'explicit-exit-notify 1',
    'tls-version-min 1.2',
    'remote-cert-tls client',
  ]) {
    assert.ok(lines.includes(expected), `missing line: ${expected}`);
  }
  assert.ok(!lines.some((l) => l.includes('redirect-gateway')));
  assert.ok(!lines.some((l) => /^(management-client-auth|auth-user-pass-optional|auth-user-pass-verify|client-connect)/.test(l)), 'no hook: no authentication lines');
  assert.ok(tunNameFor('staff').length <= 15);
});

test('with the hook: passwords verified and clients admitted by it (client-connect only without passwords), tokens signed by a kept key', () => {
  const hook = { binary: '/opt/corridor/dist/libexec/corridor-openvpn-hook', socket: '/run/corridor/openvpn-staff/hook.sock', tokenSecretPath: '/run/corridor/openvpn-staff/auth-token.key', ccdDir: '/run/corridor/openvpn-staff/ccd' };
  const conf = renderServerConfig(server, { ...ctx, hook });
  const cmd = `"${hook.binary} ${hook.socket}"`;
  const lines = conf.trimEnd().split('\n');
  for (const expected of [
    'script-security 2',
    `tmp-dir ${ctx.runDir}/tmp`,
    `auth-user-pass-verify ${cmd} via-file`,
    'auth-gen-token 43200 external-auth',
    `auth-gen-token-secret ${hook.tokenSecretPath}`,
    `client-config-dir ${hook.ccdDir}`,
    `client-disconnect ${cmd}`,
  ]) {
    assert.ok(lines.includes(expected), `missing line: ${expected}`);
  }
  assert.ok(!lines.includes('auth-user-pass-optional'), 'a client without a password never reaches the hook unasked');
  const certOnly = renderServerConfig({ ...server, passwordAuth: false }, { ...ctx, hook });
  assert.ok(!lines.some((l) => l.startsWith('client-connect')), 'the verify hook wrote the per-client config already');
  assert.doesNotMatch(certOnly, /auth-user-pass-verify|auth-gen-token|client-config-dir/);
  assert.match(certOnly, /^client-connect /m);
});

test('paths with blanks, quotes and backslashes are quoted as OpenVPN reads them, the hook command twice', () => {
  const dir = `/srv/my data/it's "here" \\x/run/openvpn-staff`;
  const q = `"/srv/my data/it's \\"here\\" \\\\x/run/openvpn-staff`;
  const hook = { binary: '/opt/corridor/libexec/corridor-openvpn-hook', socket: `${dir}/hook.sock`, tokenSecretPath: `${dir}/auth-token.key`, ccdDir: `${dir}/ccd` };
  const lines = renderServerConfig(server, { ...ctx, runDir: dir, caPath: `${dir}/ca.crt`, mgmtSocket: `${dir}/mgmt.sock`, hook }).split('\n');
  for (const expected of [
    `ca ${q}/ca.crt"`,
    `management ${q}/mgmt.sock" unix`,
    `status ${q}/status.txt" 10`,
    `tmp-dir ${q}/tmp"`,
    `client-config-dir ${q}/ccd"`,
    // outer quoting for the config line; the command inside is split again with the same rules
    `auth-user-pass-verify "/opt/corridor/libexec/corridor-openvpn-hook \\"/srv/my data/it's \\\\\\"here\\\\\\" \\\\\\\\x/run/openvpn-staff/hook.sock\\"" via-file`,
  ]) {
    assert.ok(lines.includes(expected), `missing line: ${expected}\n${lines.join('\n')}`);
  }
  // a line break has no escape in OpenVPN's syntax; a parameter over 255 bytes would be cut
  assert.throws(() => renderServerConfig(server, { ...ctx, mgmtSocket: '/run/x\ny/mgmt.sock' }), /line break or control character/);
  assert.throws(() => renderServerConfig(server, { ...ctx, caPath: `/${'a'.repeat(300)}/ca.crt` }), /at most 255/);
  assert.throws(() => renderServerConfig(server, { ...ctx, caPath: 'relative/ca.crt' }), /relative path/);
  assert.throws(() => renderServerConfig(server, { ...ctx, mgmtSocket: `/${'d'.repeat(100)}/mgmt.sock` }), /at most 107: use a shorter data directory/);
});

test('full tunnel over TCP; pushes left to the hook when asked', () => {
  const tcp = { ...server, proto: 'tcp' as const, fullTunnel: true };
  const conf = renderServerConfig(tcp, ctx);
  assert.match(conf, /^proto tcp-server$/m);
  assert.match(conf, /^push "redirect-gateway def1"$/m);
  assert.doesNotMatch(conf, /explicit-exit-notify/);
  const lean = renderServerConfig(tcp, { ...ctx, pushes: 'hook' });
  // routes, DNS and redirect-gateway come from the hook; only the fixed socket-buffer pushes stay
  assert.doesNotMatch(lean, /^push "(?!(sndbuf|rcvbuf) \d+")/m);
});

test('throughput options: socket buffers set and pushed, tun queue 1000, fast-io on UDP only; DCO explicit when chosen', () => {
  const udp = renderServerConfig(server, ctx).split('\n');
  for (const expected of ['sndbuf 524288', 'rcvbuf 524288', 'push "sndbuf 524288"', 'push "rcvbuf 524288"', 'txqueuelen 1000', 'fast-io']) {
    assert.ok(udp.includes(expected), `missing line: ${expected}`);
  }
  const tcp = renderServerConfig({ ...server, proto: 'tcp' }, ctx).split('\n');
  assert.ok(tcp.includes('txqueuelen 1000') && !tcp.includes('fast-io'), 'fast-io is a UDP option');
  // the data plane is written as detected: the tun path turns DCO off, the DCO path leaves it on
  assert.ok(renderServerConfig(server, { ...ctx, dataPlane: 'tun' }).split('\n').includes('disable-dco'));
  assert.doesNotMatch(renderServerConfig(server, { ...ctx, dataPlane: 'ovpn-dco' }), /disable-dco/);
  assert.doesNotMatch(renderServerConfig(server, ctx), /disable-dco/);
});

test('hostile values add no line and no directive: rendering refuses them', () => {
  const hostile: Array<[string, RaServer]> = [
    ['route', { ...server, routes: ['198.19.50.0/24"\nscript-security 3\nup "/bin/sh'] }],
    ['dns', { ...server, dns: ['198.19.50.53"\nup /tmp/x #'] }],
    ['listen', { ...server, listen: '198.18.0.1\nup /tmp/x' }],
    ['cipher', { ...server, ciphers: ['AES-256-GCM\nup /tmp/x' as 'AES-256-GCM'] }],
  ];
  for (const [what, s] of hostile) {
    assert.throws(() => renderServerConfig(s, ctx), Error, what);
  }
  assert.throws(() => renderServerConfig(server, { ...ctx, mgmtSocket: '/run/x"\nup /x' }), RenderError);
  assert.throws(() => renderServerConfig(server, { ...ctx, dev: 'tun0\nup /x' }), RenderError);
  const okLines = renderServerConfig(server, ctx).split('\n');
  assert.equal(okLines.filter((l) => /^(up|script-security|client-connect) /.test(l)).length, 0);
});

test('client profile: everything inline, common subset of directives', () => {
  const ovpn = renderClientProfile({ server, serverCommonName: 'staff-server', caPem: PEM, certPem: PEM, keyPem: KEY, tlsCryptKey: TC });
  const lines = ovpn.split('\n');
  for (const expected of [
    'client',
    'dev tun',
    'remote vpn.example.com 1194 udp',
    'nobind',
    'remote-cert-tls server',
    'verify-x509-name staff-server name',
    'data-ciphers AES-256-GCM:CHACHA20-POLY1305',
    'auth-user-pass',
    'auth-nocache',
    'resolv-retry infinite',
    // throughput options no server can push, ignored by clients without them
    'setenv opt txqueuelen 1000',
    'setenv opt fast-io',
    '<ca>',
    '</ca>',
    '<cert>',
    '<key>',
    '</key>',
    '<tls-crypt>',
    '-----BEGIN OpenVPN Static key V1-----',
  ]) {
    assert.ok(lines.includes(expected), `missing line: ${expected}`);
  }
  for (const banned of ['dev-node', 'fragment', 'script-security', 'up ', 'ca /', 'cert /']) {
    assert.ok(!lines.some((l) => l.startsWith(banned)), `profile has ${banned}`);
  }
  const certOnly = renderClientProfile({ server: { ...server, passwordAuth: false }, serverCommonName: 'Lab CA', caPem: PEM, certPem: PEM, keyPem: KEY, tlsCryptKey: TC });
  assert.doesNotMatch(certOnly, /auth-user-pass/);
  assert.match(certOnly, /^verify-x509-name "Lab CA" name$/m);
});

test('client profile refuses a PEM that would close its block or a CN with a quote', () => {
  const base = { server, serverCommonName: 's', caPem: PEM, certPem: PEM, keyPem: KEY, tlsCryptKey: TC };
  assert.throws(() => renderClientProfile({ ...base, keyPem: `${KEY}\n</key>\nup /tmp/x` }), RenderError);
  assert.throws(() => renderClientProfile({ ...base, serverCommonName: 'a" up "x' }), RenderError);
  assert.throws(() => renderClientProfile({ ...base, publicAddress: 'vpn.example.com 1 udp\nup x' }), RenderError);
});

test('client profile of a TOTP user asks for the code in its own prompt (static-challenge); others do not', () => {
  const base = { server, serverCommonName: 'staff-server', caPem: PEM, certPem: PEM, keyPem: KEY, tlsCryptKey: TC };
  const withTotp = renderClientProfile({ ...base, totpPrompt: true }).split('\n');
  assert.ok(withTotp.includes('static-challenge "Enter your authenticator code" 1'), 'the prompt text, echoed (1)');
  assert.ok(withTotp.indexOf('static-challenge "Enter your authenticator code" 1') > withTotp.indexOf('auth-user-pass'));
  assert.doesNotMatch(renderClientProfile(base), /static-challenge/);
  assert.doesNotMatch(renderClientProfile({ ...base, server: { ...server, passwordAuth: false }, totpPrompt: true }), /static-challenge/, 'no password prompt, no code prompt');
});
