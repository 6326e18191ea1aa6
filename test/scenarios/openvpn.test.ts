/**
 * OpenVPN scenarios: a server (srv) and a client (cli), each configured by hand, one fault each,
 * then the doctor's diagnosis of the logs. One lab; processes restarted per scenario.
 */
import { after, before, describe, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../lab/index.js';
import type { Fault, Host } from '../lab/index.js';
import { assertDiagnosis, capture, waitForLine } from './support/harness.js';
import type { Logs } from './support/harness.js';
import { OPENVPN_EXPECTATIONS as X } from './support/expectations.js';
import type { Expectation } from './support/expectations.js';
import { CLIENT, OvpnEnd, PORT, SERVER, clientConf, serverConf } from './support/openvpn.js';
import type { OvpnPki } from './support/openvpn.js';
import { createCa, issue, revoke } from './support/pki.js';
import type { Issued, LabCa } from './support/pki.js';

describe('OpenVPN scenarios', () => {
  let lab: Lab;
  let srvHost: Host;
  let server: OvpnEnd;
  let client: OvpnEnd;
  let root: string;
  let ca: LabCa;
  let otherCa: LabCa;
  let serverCert: Issued;
  let clientCert: Issued;
  let tlsCrypt: string;

  function tlsCryptKey(path: string): string {
    execFileSync('openvpn', ['--genkey', 'tls-crypt', path]);
    return path;
  }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'corridor-scen-ovpn-'));
    lab = await Lab.create();
    const [srv, cli] = (await lab.hosts('srv', 'cli')) as [Host, Host];
    srvHost = srv;
    await lab.link(srv, cli, { addrA: `${SERVER}/24`, addrB: `${CLIENT}/24` });
    server = new OvpnEnd(srv, root, 'server');
    client = new OvpnEnd(cli, root, 'client');
    ca = createCa(join(root, 'ca'), 'Lab CA');
    otherCa = createCa(join(root, 'other-ca'), 'Other CA');
    serverCert = issue(ca, 'server', { eku: 'serverAuth' });
    clientCert = issue(ca, 'client1', { eku: 'clientAuth' });
    tlsCrypt = tlsCryptKey(join(root, 'tc.key'));
  });

  after(async () => {
    await client?.stop();
    await server?.stop();
    await lab?.close();
    if (process.env['CORRIDOR_KEEP_SCENARIOS'] !== '1') rmSync(root, { recursive: true, force: true });
  });

  interface Run {
    /** Server config (null: no server at all); gets the end's directory to write scripts into. */
    server?: ((dir: string) => string) | null;
    client?: (dir: string) => string;
    fault?: () => Promise<Fault>;
    waitIn?: 'client' | 'server';
    failure: RegExp;
  }

  const serverPki = (): OvpnPki => ({ ca: ca.cert, ...serverCert, tlsCrypt });
  const clientPki = (): OvpnPki => ({ ca: ca.cert, ...clientCert, tlsCrypt });

  async function scenario(exp: Expectation, r: Run): Promise<void> {
    const faults: Fault[] = [];
    try {
      const sdir = server.prepare(exp.name);
      const cdir = client.prepare(exp.name);
      if (r.fault) faults.push(await r.fault());
      if (r.server !== null) {
        server.start((r.server ?? ((d: string) => serverConf(d, serverPki())))(sdir));
        await srvHost.waitForSocket('udp', PORT);
      }
      client.start((r.client ?? (() => clientConf(clientPki())))(cdir));
      await waitForLine(r.waitIn === 'server' ? server.log : client.log, r.failure);
    } finally {
      for (const f of faults) await f.heal();
      await client.stop();
      await server.stop();
    }
    const logs: Logs = r.server === null ? { client: client.log } : { client: client.log, server: server.log };
    capture(exp.name, logs);
    await assertDiagnosis(exp, logs);
  }

  /** A verify script for `auth-user-pass-verify`; deferred (exit 2) so it can hand OpenVPN a reason. */
  function denyScript(reason: string | null): string {
    return server.file('verify.sh', reason === null
      ? '#!/bin/sh\nexit 1\n'
      : `#!/bin/sh\nprintf '%s' '${reason}' > "$auth_failed_reason_file"\nprintf 0 > "$auth_control_file"\nexit 2\n`, 0o700);
  }

  function withPassword(): string[] {
    return [`auth-user-pass ${client.file('up.txt', 'alice\nwrong-password\n')}`];
  }

  test('client trusts another CA', () =>
    scenario(X.caMismatch, { client: () => clientConf({ ...clientPki(), ca: otherCa.cert }), failure: /VERIFY ERROR/ }));

  test('client key does not match its certificate', () => {
    const stray = issue(ca, 'client2', { eku: 'clientAuth' });
    return scenario(X.keyMismatch, {
      client: () => clientConf({ ...clientPki(), key: stray.key }),
      failure: /Exiting due to fatal error|key values mismatch|Private key does not match/,
    });
  });

  test('server certificate without serverAuth EKU', () => {
    const wrongEku = issue(ca, 'server-clientauth', { eku: 'clientAuth' });
    return scenario(X.serverEku, {
      server: (d) => serverConf(d, { ...serverPki(), ...wrongEku }),
      failure: /VERIFY EKU ERROR|VERIFY ERROR/,
    });
  });

  test('client profile without a CA', () =>
    scenario(X.caMissing, { client: () => clientConf({ ...clientPki(), ca: null }), failure: /error|Exiting/i }));

  test('AUTH_FAILED (verify script rejects)', () =>
    scenario(X.authFailed, {
      server: (d) => serverConf(d, serverPki(), ['script-security 2', `auth-user-pass-verify ${denyScript(null)} via-file`]),
      client: () => clientConf(clientPki(), withPassword()),
      failure: /AUTH_FAILED/,
    }));

  test('locked out (server denies with the lockout reason)', () =>
    scenario(X.lockout, {
      // Corridor's authoriser sends this clientReason for a locked user (src/engines/openvpn/auth/authorizer.ts).
      server: (d) => serverConf(d, serverPki(), ['script-security 2', `auth-user-pass-verify ${denyScript('account temporarily locked')} via-file`]),
      client: () => clientConf(clientPki(), withPassword()),
      failure: /AUTH_FAILED/,
    }));

  test('tls-crypt key mismatch', () => {
    const otherKey = tlsCryptKey(join(root, 'tc-other.key'));
    return scenario(X.tlsCrypt, {
      client: () => clientConf({ ...clientPki(), tlsCrypt: otherKey }),
      failure: /TLS key negotiation failed|Server poll timeout|Connection failed to establish/,
    });
  });

  test('UDP blocked', () =>
    scenario(X.udpBlocked, {
      fault: () => srvHost.drop({ proto: 'udp', port: PORT, direction: 'in' }),
      failure: /TLS key negotiation failed|Server poll timeout|Connection failed to establish/,
    }));

  test('TCP to a closed port', () =>
    scenario(X.tcpRefused, {
      server: null,
      client: () => clientConf(clientPki()).replace('proto udp', 'proto tcp-client').replace(`${SERVER} ${PORT}`, `${SERVER} 1195`),
      failure: /TCP: connect to .* failed|Exiting/,
    }));

  test('client certificate revoked (server crl-verify)', () => {
    const revoked = issue(ca, 'client-revoked', { eku: 'clientAuth' });
    const crl = join(root, 'ca.crl');
    revoke(ca, revoked.cert, crl);
    return scenario(X.clientRevoked, {
      server: (d) => serverConf(d, serverPki(), [`crl-verify ${crl}`]),
      client: () => clientConf({ ...clientPki(), ...revoked }),
      waitIn: 'server',
      failure: /VERIFY ERROR|CRL CHECK FAILED|REVOKED/,
    });
  });

  test('client certificate expired', () => {
    const expired = issue(ca, 'client-expired', { eku: 'clientAuth', startdate: '20200101000000Z', enddate: '20210101000000Z' });
    return scenario(X.clientExpired, {
      client: () => clientConf({ ...clientPki(), ...expired }),
      waitIn: 'server',
      failure: /VERIFY ERROR/,
    });
  });

  test('client certificate without clientAuth EKU (server has remote-cert-tls client)', () => {
    const serverOnly = issue(ca, 'client-serverauth', { eku: 'serverAuth' });
    return scenario(X.clientNoEku, {
      server: (d) => serverConf(d, serverPki(), ['remote-cert-tls client']),
      client: () => clientConf({ ...clientPki(), ...serverOnly }),
      waitIn: 'server',
      failure: /VERIFY EKU ERROR|VERIFY ERROR|VERIFY KU ERROR/,
    });
  });

  test('client expects another server name (verify-x509-name)', () =>
    scenario(X.x509Name, {
      client: () => clientConf(clientPki(), ['verify-x509-name vpn.example.lab name']),
      failure: /VERIFY X509NAME ERROR|VERIFY ERROR/,
    }));

  test('no common data cipher', () =>
    scenario(X.cipher, {
      server: (d) => serverConf(d, serverPki()).replace(/^data-ciphers .*$/m, 'data-ciphers AES-128-GCM'),
      client: () => clientConf(clientPki()).replace(/^data-ciphers .*$/m, 'data-ciphers CHACHA20-POLY1305'),
      failure: /AUTH_FAILED|Exiting|SIGUSR1\[soft/,
    }));

  test('server wants a password, the profile has none', () =>
    scenario(X.credentialsMissing, {
      server: (d) => serverConf(d, serverPki(), ['script-security 2', `auth-user-pass-verify ${denyScript(null)} via-file`]),
      waitIn: 'server',
      failure: /not provided by peer|AUTH|TLS Error/,
    }));
});
