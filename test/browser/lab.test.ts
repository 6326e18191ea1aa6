/**
 * The console with real engines in the lab: a site connection to an independent strongSwan peer turns up
 * live on the dashboard; a user's profile downloaded through the console connects a real openvpn client
 * that reaches the LAN; breaking the tunnel (the peer changes its PSK) shows the doctor's finding in the UI.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { launchBrowser, login, newPage, screenshot, startDaemon } from './harness.js';
import { siteLab, HQ_WAN, BR_WAN, HQ_LAN, BR_LAN } from '../strongswan/topology.js';
import { IndependentPeer } from '../strongswan/peer.js';
import { waitFor } from '../strongswan/harness.js';

const PSK = 'browser-lab-psk-0123';

test('site turns up live, a downloaded profile connects, a broken tunnel shows the doctor finding', async (t) => {
  const { lab, hq, branch } = await siteLab(t);
  const [cli] = await lab.hosts('cli');
  await lab.link(hq, cli!, { addrA: '198.18.3.1/24', addrB: '198.18.3.2/24' });
  const peerDir = mkdtempSync(join(tmpdir(), 'corridor-browser-peer-'));
  const peer = new IndependentPeer(branch, { dir: peerDir, localAddr: BR_WAN, remoteAddr: HQ_WAN, localId: 'branch.lab', remoteId: 'hq.lab', localTs: BR_LAN, remoteTs: HQ_LAN, psk: PSK });
  await peer.start();

  const daemon = await startDaemon({ engines: true });
  lab.onClose(() => daemon.stop());
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const seed = async (path: string, body: unknown) => {
    const r = await daemon.api('POST', path, body);
    assert.equal(r.status, 201, `${path}: ${JSON.stringify(r.body)}`);
  };
  await seed('/api/gateways', { name: 'hq', namespace: hq.ns, lanSubnets: [HQ_LAN], wanLinks: [{ name: 'wan', interface: 'veth0', address: HQ_WAN }] });
  await seed('/api/groups', { name: 'staff' });
  await seed('/api/policies', { name: 'staff-lan', group: 'staff', destinations: [HQ_LAN] });
  await seed('/api/servers', { name: 'staff', gateway: 'hq', pool: '198.19.99.0/24', listen: '198.18.3.1', publicAddress: '198.18.3.1', routes: [HQ_LAN] });
  await seed('/api/users', { username: 'alice', password: 'alice-password-1', groups: ['staff'] });

  // respond-only at first: the tunnel is down when the dashboard opens and must turn up there by itself
  await seed('/api/peers', { name: 'branch', vendor: 'strongswan', addresses: [BR_WAN], identity: 'branch.lab' });
  await seed('/api/sites', { name: 'hq-branch', gateway: 'hq', peer: 'branch', psk: PSK, localId: 'hq.lab', remoteId: 'branch.lab', localSubnets: [HQ_LAN], remoteSubnets: [BR_LAN], initiate: false, ike: { proposals: ['aes256-sha256-modp2048'] }, esp: { proposals: ['aes256gcm16-modp2048'] } });
  const { page } = await newPage(browser);
  await login(page, daemon.url, 'admin', daemon.adminPassword);
  await page.goto(`${daemon.url}/#/dashboard`);
  await page.locator('[data-site="hq-branch"]:not([data-health="up"])').waitFor({ timeout: 20_000 });
  await screenshot(page, 'lab-dashboard-site-down');
  const initiated = await daemon.api('POST', '/api/sites/hq-branch/initiate', {});
  assert.equal(initiated.status, 200, JSON.stringify(initiated.body));
  await page.locator('[data-site="hq-branch"][data-health="up"]').waitFor({ timeout: 45_000 });
  await screenshot(page, 'lab-dashboard-site-up');

  await page.goto(`${daemon.url}/#/users`);
  await page.getByTestId('profile-alice').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-profile').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'corridor-browser-ovpn-'));
  writeFileSync(join(dir, 'alice.ovpn'), readFileSync((await download.path())!), { mode: 0o600 });
  writeFileSync(join(dir, 'alice.auth'), 'alice\nalice-password-1\n', { mode: 0o600 });
  const log = join(dir, 'client.log');
  await waitFor('openvpn-staff running', async () => {
    const e = (await daemon.api<{ engines: Array<{ id: string; state: string }> }>('GET', '/api/status')).body.engines;
    return e.some((x) => x.id === 'openvpn-staff' && x.state === 'running') ? true : undefined;
  }, 30_000, 200);
  const client = cli!.spawn(['openvpn', '--config', join(dir, 'alice.ovpn'), '--auth-user-pass', join(dir, 'alice.auth'), '--log', log], { stdio: 'ignore' });
  t.after(() => client.kill('SIGKILL'));
  await waitFor('openvpn client up', () => { try { return readFileSync(log, 'utf8').includes('Initialization Sequence Completed') || undefined; } catch { return undefined; } }, 30_000, 100);
  // the policy set learns the tunnel address when the daemon sees ESTABLISHED, a few ms after the client is up
  const reached = await waitFor('LAN reached through the policy', async () => {
    const r = await cli!.ping('198.19.1.10', { count: 2, intervalMs: 200, timeoutS: 2 });
    return r.received === 2 ? r.received : undefined;
  }, 10_000, 200).catch(() => 0);
  assert.equal(reached, 2, 'the profile from the console connects and reaches the LAN');
  await page.goto(`${daemon.url}/#/servers`);
  await page.getByText('alice').first().waitFor({ timeout: 20_000 });
  await screenshot(page, 'lab-server-session');

  // break it: the far end's administrator changes the PSK; our side re-establishes and fails
  await peer.setPsk('someone-changed-this-psk');
  const reset = await daemon.api<{ error: string; message: string }>('POST', '/api/sites/hq-branch/reset', {});
  assert.equal(reset.status, 502, 're-establishing fails, and the API says so with charon\'s words');
  assert.equal(reset.body.error, 'engine-refused');
  await page.goto(`${daemon.url}/#/dashboard`);
  await page.locator('[data-site="hq-branch"]:not([data-health="up"])').waitFor({ timeout: 30_000 });
  await page.goto(`${daemon.url}/#/doctor`);
  const finding = page.locator('[data-code="ike/authentication-fail"]');
  await waitFor('doctor finding in the UI', async () => {
    await page.getByTestId('run-checks').click();
    return (await finding.count().catch(() => 0)) > 0 ? true : undefined;
  }, 40_000, 2000);
  await screenshot(page, 'lab-doctor-auth-failed');
});
