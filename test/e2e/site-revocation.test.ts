/**
 * Revoking a certificate through the API reaches strongSwan: two gateways managed by one daemon
 * authenticate each other with certificates from Corridor's PKI; the daemon loads every CA's CRL into
 * both charons (again after one is killed), and once the branch's certificate is revoked, the daemon
 * ends the SAs the branch authenticated with it, hq's charon refuses it at the next IKE_AUTH, and the
 * doctor names the fault. The test only calls the API and
 * observes the charons with swanctl on their VICI sockets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { siteLab, HQ_WAN, BR_WAN, HQ_LAN, BR_LAN, BR_LAN_HOST } from '../strongswan/topology.js';
import { waitFor } from '../strongswan/harness.js';
import { testDaemon, Client } from '../support/daemon.js';

/** swanctl against one of the daemon's charons (strongswan.conf names the socket); observation only. */
function swanctl(runRoot: string, gateway: string, args: string[]): string {
  const r = spawnSync('swanctl', args, { env: { ...process.env, STRONGSWAN_CONF: join(runRoot, `charon-${gateway}`, 'strongswan.conf') }, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.status, 0, `swanctl ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** The serials (colon-separated hex, as swanctl prints them) that the CRLs charon holds list as revoked. */
function crlsIn(runRoot: string, gateway: string): { count: number; text: string } {
  const out = swanctl(runRoot, gateway, ['--list-certs', '--type', 'x509_crl']);
  return { count: (out.match(/^\s*issuer:/gm) ?? []).length, text: out.toLowerCase() };
}

const colonSerial = (hex: string): string => (hex.length % 2 ? `0${hex}` : hex).toLowerCase().match(/../g)!.join(':');

test('a peer certificate revoked through the API ends its tunnel and is refused by charon at the next IKE_AUTH, also after a charon restart', async (t) => {
  const { lab, hq, branch, hqLan } = await siteLab(t);
  const d = await testDaemon(undefined, { engines: true });
  lab.onClose(() => d.close());
  const runRoot = d.config.runRoot;
  const c = new Client(d.url);
  await c.login();
  const ok = async (p: Promise<{ status: number; text: string }>) => {
    const r = await p;
    assert.ok(r.status === 201 || r.status === 200, r.text);
    return r;
  };
  await ok(c.req('POST', '/api/pki/cas', { name: 'corp', subject: { CN: 'Corp IKE CA' } }));
  await ok(c.req('POST', '/api/pki/certificates', { name: 'ike-hq', ca: 'corp', kind: 'ike', identity: 'hq.lab' }));
  const brSerial = String((await c.req('POST', '/api/pki/certificates', { name: 'ike-branch', ca: 'corp', kind: 'ike', identity: 'branch.lab' })).json.serial);
  await ok(c.req('POST', '/api/gateways', { name: 'hq', namespace: hq.ns, lanSubnets: [HQ_LAN], wanLinks: [{ name: 'wan', interface: 'veth0', address: HQ_WAN }] }));
  await ok(c.req('POST', '/api/gateways', { name: 'branch', namespace: branch.ns, lanSubnets: [BR_LAN], wanLinks: [{ name: 'wan', interface: 'veth0', address: BR_WAN }] }));
  await ok(c.req('POST', '/api/peers', { name: 'to-branch', addresses: [BR_WAN], identity: 'branch.lab' }));
  await ok(c.req('POST', '/api/peers', { name: 'to-hq', addresses: [HQ_WAN], identity: 'hq.lab' }));
  const common = { auth: 'cert', ike: { proposals: ['aes256gcm16-prfsha256-ecp256'] }, esp: { proposals: ['aes256gcm16-ecp256'] } };
  await ok(c.req('POST', '/api/sites', { ...common, name: 'branch-hq', gateway: 'branch', peer: 'to-hq', certificate: 'ike-branch', localId: 'branch.lab', remoteId: 'hq.lab', localSubnets: [BR_LAN], remoteSubnets: [HQ_LAN], initiate: false }));
  await ok(c.req('POST', '/api/sites', { ...common, name: 'hq-branch', gateway: 'hq', peer: 'to-branch', certificate: 'ike-hq', localId: 'hq.lab', remoteId: 'branch.lab', localSubnets: [HQ_LAN], remoteSubnets: [BR_LAN] }));

  const health = async (site: string): Promise<string | undefined> => (await c.req('GET', `/api/sites/${site}/status`)).json?.health;
  const up = (site: string) => waitFor(`${site} up`, async () => ((await health(site)) === 'up' ? true : undefined), 30_000, 200);
  await up('hq-branch');
  await up('branch-hq');
  assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 2 })).received, 2, 'tunnel carries traffic');
  for (const gw of ['hq', 'branch']) assert.equal(crlsIn(runRoot, gw).count, 1, `charon-${gw} holds the CA's CRL`);
  const serial = colonSerial(brSerial);
  assert.ok(!crlsIn(runRoot, 'hq').text.includes(serial), 'the branch certificate is not listed yet');

  // charon-hq dies: the supervisor restarts it, and the restarted charon gets the CRL again (the remote
  // auth is revocation=strict, so the tunnel could not come back up without it)
  const engines = async () => (await c.req('GET', '/api/status')).json.engines as Array<{ id: string; pid: number; state: string }>;
  const before = (await engines()).find((e) => e.id === 'charon-hq');
  assert.ok(before?.pid, 'charon-hq supervised');
  process.kill(before.pid, 'SIGKILL');
  await waitFor('charon-hq restarted', async () => {
    const now = (await engines()).find((e) => e.id === 'charon-hq');
    return now && now.state === 'running' && now.pid !== before.pid ? true : undefined;
  }, 30_000, 200);
  await waitFor('the CRL in the restarted charon-hq', () => (crlsIn(runRoot, 'hq').count === 1 ? true : undefined), 15_000, 200);
  await waitFor('hq-branch re-established by the restarted charon', () => (/ESTABLISHED[\s\S]*INSTALLED/.test(swanctl(runRoot, 'hq', ['--list-sas'])) ? true : undefined), 30_000, 200);
  await up('hq-branch');

  // revoke the branch's certificate through the API: the new CRL reaches hq's charon on its own
  await ok(c.req('POST', '/api/pki/certificates/ike-branch/revoke', { reason: 'keyCompromise' }));
  await waitFor('the new CRL in charon-hq', () => (crlsIn(runRoot, 'hq').text.includes(serial) ? true : undefined), 15_000, 200);
  assert.ok(crlsIn(runRoot, 'branch').text.includes(serial), 'every charon gets every CA\'s CRL');
  assert.equal(crlsIn(runRoot, 'hq').count, 1, 'only the new CRL: the old one is neither loaded nor cached');

  // the tunnel that was up ends without anyone asking (charon checks the CRL only at IKE_AUTH, and IKEv2
  // rekeying never authenticates again), and the control plane's re-initiation is refused
  await waitFor('the revoked peer\'s SAs gone from charon-hq', () => (/ESTABLISHED/.test(swanctl(runRoot, 'hq', ['--list-sas', '--ike', 'hq-branch'])) ? undefined : true), 20_000, 200);
  assert.notEqual(await health('hq-branch'), 'up');
  assert.equal((await hqLan.ping(BR_LAN_HOST, { count: 2, intervalMs: 200, timeoutS: 1 })).received, 0, 'no tunnel for the revoked peer');
  // the next IKE_AUTH asked for through the API: refused by charon
  const reset = await c.req('POST', '/api/sites/hq-branch/reset');
  assert.equal(reset.status, 502, reset.text);
  assert.match(reset.json.message, /charon:/);
  assert.doesNotMatch(swanctl(runRoot, 'hq', ['--list-sas', '--ike', 'hq-branch']), /ESTABLISHED/, 'no IKE_SA with the revoked peer');

  // the doctor reads charon's log (collected by the supervisor) and names the fault
  const codes = await waitFor('the doctor names the revocation', async () => {
    const r = await c.req('GET', '/api/doctor/connections/hq-branch');
    const found = (r.json?.findings ?? []) as Array<{ code: string }>;
    return found.some((f) => f.code === 'ike/cert-revoked') ? found.map((f) => f.code) : undefined;
  }, 20_000, 500);
  assert.ok(codes.includes('ike/cert-revoked'), codes.join(', '));
});
