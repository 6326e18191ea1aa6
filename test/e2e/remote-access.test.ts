/**
 * Remote access end to end through a real daemon process: the administrator creates a server, a group
 * with a policy and users over the API; a real openvpn client connects with the downloaded profile
 * (used unedited) and reaches the LAN host the policy grants; a wrong password is refused; kill -9 of
 * the daemon keeps the tunnel up and the next daemon lists the session; a renewed server certificate
 * restarts OpenVPN with it and the client comes back.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Lab } from '../lab/index.js';
import { DaemonProcess, freePort } from '../support/daemon-process.js';
import { waitFor } from '../strongswan/harness.js';

const WAN_SRV = '198.18.0.1';
const WAN_CLI = '198.18.0.2';
const LAN_A = '198.19.1.0/24';
const LAN_B = '198.19.2.0/24';

test('OpenVPN remote access through the daemon: profile, policy, auth failure, kill -9', async (t) => {
  const lab = await Lab.create(t);
  const [srv, cli] = await lab.hosts('srv', 'cli');
  await lab.link(srv!, cli!, { addrA: `${WAN_SRV}/24`, addrB: `${WAN_CLI}/24` });
  // LAN hosts at .10 of each subnet: A is granted by the policy, B is not
  await lab.lan(srv!, LAN_A);
  await lab.lan(srv!, LAN_B, { name: 'lanb' });

  const dir = mkdtempSync(join(tmpdir(), 'corridor-ra-'));
  const daemon = new DaemonProcess(join(dir, 'var'), await freePort());
  lab.onClose(() => daemon.kill('SIGTERM'));
  let c = await daemon.start();
  const ok = async (p: Promise<{ status: number; text: string }>, status = 201) => {
    const r = await p;
    assert.equal(r.status, status, r.text);
    return r;
  };
  await ok(c.req('POST', '/api/gateways', { name: 'office', namespace: srv!.ns, lanSubnets: [LAN_A, LAN_B], wanLinks: [{ name: 'wan', interface: 'veth0', address: WAN_SRV }] }));
  await ok(c.req('POST', '/api/groups', { name: 'staff' }));
  await ok(c.req('POST', '/api/policies', { name: 'staff-lan-a', group: 'staff', destinations: [LAN_A] }));
  await ok(c.req('POST', '/api/servers', { name: 'staff', gateway: 'office', pool: '198.19.99.0/24', port: 1194, listen: WAN_SRV, publicAddress: WAN_SRV, routes: [LAN_A, LAN_B], dns: ['198.19.1.53'] }));
  await ok(c.req('POST', '/api/users', { username: 'alice', password: 'alice-password-1', groups: ['staff'] }));
  await ok(c.req('POST', '/api/users', { username: 'bob', password: 'bob-password-1' }));

  const profile = await ok(c.req('POST', '/api/users/alice/profile', { server: 'staff' }), 200);
  assert.match(profile.text, /<ca>[\s\S]*<\/ca>[\s\S]*<cert>[\s\S]*<key>[\s\S]*<tls-crypt>/);
  writeFileSync(join(dir, 'alice.ovpn'), profile.text, { mode: 0o600 });
  const bobProfile = await ok(c.req('POST', '/api/users/bob/profile', { server: 'staff' }), 200);
  writeFileSync(join(dir, 'bob.ovpn'), bobProfile.text, { mode: 0o600 });

  const clients: ChildProcess[] = [];
  t.after(() => clients.forEach((p) => p.kill('SIGKILL')));
  const connect = (name: string, profilePath: string, user: string, password: string, dev: string) => {
    writeFileSync(join(dir, `${name}.auth`), `${user}\n${password}\n`, { mode: 0o600 });
    const log = join(dir, `${name}.log`);
    clients.push(cli!.spawn(['openvpn', '--config', profilePath, '--auth-user-pass', join(dir, `${name}.auth`), '--dev', dev, '--log', log, '--connect-retry-max', '1'], { stdio: 'ignore' }));
    return () => { try { return readFileSync(log, 'utf8'); } catch { return ''; } };
  };

  // the server starts asynchronously after its creation: connect once it is running, as a person would
  await waitFor('openvpn-staff running', async () => {
    const e = (await c.req('GET', '/api/status')).json.engines as Array<{ id: string; state: string }>;
    return e.some((x) => x.id === 'openvpn-staff' && x.state === 'running') ? true : undefined;
  }, 30_000, 200).catch(async (err: Error) => {
    const status = (await c.req('GET', '/api/status')).text;
    const logs = (await c.req('GET', '/api/engine-logs?instance=openvpn-staff&limit=40')).text;
    throw new Error(`${err.message}\nstatus: ${status}\nengine log: ${logs}\ndaemon warnings: ${daemon.output.split('\\n').filter((l) => /"level":[456]0/.test(l)).slice(-20).join('\\n')}`);
  });
  const aliceLog = connect('alice', join(dir, 'alice.ovpn'), 'alice', 'alice-password-1', 'tun-alice');
  await waitFor('alice connected', () => (aliceLog().includes('Initialization Sequence Completed') ? true : undefined), 30_000, 100);
  assert.match(aliceLog(), /PUSH_REPLY.*route 198\.19\.1\.0 255\.255\.255\.0/, 'LAN route pushed');
  assert.match(aliceLog(), /PUSH_REPLY.*dhcp-option DNS 198\.19\.1\.53/, 'DNS pushed');
  // the policy set learns the tunnel address when the daemon sees ESTABLISHED, a few ms around the client's
  // "Initialization Sequence Completed" (bench/openvpn/DAEMON.md measures the lag): a first ping may be early
  const lanAWithin3s = async (): Promise<number> => {
    await waitFor('LAN A reached through the policy', async () => ((await cli!.ping('198.19.1.10', { count: 1, timeoutS: 0.5 })).received === 1 ? true : undefined), 3_000, 50)
      .catch(() => undefined);
    return (await cli!.ping('198.19.1.10', { count: 2, intervalMs: 200, timeoutS: 2 })).received;
  };
  assert.equal(await lanAWithin3s(), 2, 'the policy grants LAN A (within 3 s of the tunnel coming up)');
  const pingB = await cli!.ping('198.19.2.10', { count: 2, intervalMs: 200, timeoutS: 1 });
  assert.equal(pingB.received, 0, 'LAN B is denied by default although its route is pushed');

  const bobLog = connect('bob-wrong', join(dir, 'bob.ovpn'), 'bob', 'not-his-password', 'tun-bob');
  await waitFor('bob refused', () => (bobLog().includes('AUTH_FAILED') ? true : undefined), 30_000, 100);
  const failed = await c.req('GET', '/api/events?kind=session.auth-failed&subject=bob');
  assert.ok(failed.json.items.length >= 1);
  assert.ok(!readFileSync(join(dir, 'var', 'run', 'openvpn-staff', 'openvpn.log'), 'utf8').includes('not-his-password'), 'passwords never reach a log');

  const sessions = await waitFor('session listed', async () => {
    const s = await c.req('GET', '/api/sessions');
    return s.json.items.find((x: { username: string; state: string }) => x.username === 'alice' && x.state === 'established');
  }, 15_000, 200);
  assert.match(sessions.tunnelAddress, /^198\.19\.99\./);
  // the live session and its engine as Prometheus sees them (scraped from loopback)
  const metrics = (await ok(c.req('GET', '/metrics'), 200)).text;
  assert.match(metrics, /^corridor_ra_sessions\{server="staff"\} 1$/m);
  assert.match(metrics, /^corridor_engine_up\{engine="openvpn-staff",kind="openvpn"\} 1$/m);

  await daemon.kill('SIGKILL');
  assert.equal((await cli!.ping('198.19.1.10', { count: 3, intervalMs: 200, timeoutS: 2 })).received, 3, 'traffic flows with the daemon dead');
  c = await daemon.start();
  await waitFor('session listed after restart', async () => {
    const s = await c.req('GET', '/api/sessions');
    return s.json.items.find((x: { username: string }) => x.username === 'alice');
  }, 20_000, 200);

  // a renewed server certificate reaches OpenVPN with no other change: it is restarted with it and the
  // client, told by the stopping server, comes back at once (its session token still holds)
  const serverCrt = join(dir, 'var', 'run', 'openvpn-staff', 'server.crt');
  const oldCrt = readFileSync(serverCrt, 'utf8');
  const renewed = String((JSON.parse((await ok(c.req('POST', '/api/pki/certificates/openvpn-staff/renew'), 200)).text) as { certPem: string }).certPem).trim();
  assert.notEqual(renewed, oldCrt.trim());
  await waitFor('renewed certificate in the run directory', () => (readFileSync(serverCrt, 'utf8').trim() === renewed ? true : undefined), 15_000, 100);
  await waitFor('OpenVPN restarted for the certificate', async () => {
    const r = await c.req('GET', '/api/events?kind=server.restarted&subject=staff');
    return r.json.items.length >= 1 ? true : undefined;
  }, 15_000, 200);
  await waitFor('alice back', () => ((aliceLog().match(/Initialization Sequence Completed/g) ?? []).length >= 2 ? true : undefined), 30_000, 100);
  assert.equal(await lanAWithin3s(), 2, 'LAN A again after the restart');
});
