/** A small remote-access and site-to-site world over the API, and API tokens with chosen scopes. */
import assert from 'node:assert/strict';
import { Client } from './daemon.js';

export const PSK = 'lab-psk-0123456789abcdef';

/** Logs the admin in and creates a gateway, an OpenVPN server, a user, a peer and a PSK site. */
export async function remoteAccessWorld(c: Client) {
  await c.login();
  const ok = async (pending: Promise<{ status: number; text: string }>) => {
    const r = await pending;
    assert.equal(r.status, 201, r.text);
  };
  await ok(c.req('POST', '/api/gateways', { name: 'office', lanSubnets: ['198.18.10.0/24'], wanLinks: [{ name: 'wan', interface: 'eth0', address: '198.18.0.1' }] }));
  await ok(c.req('POST', '/api/servers', { name: 'staff', gateway: 'office', pool: '198.19.99.0/24', port: 1194, publicAddress: '198.18.0.1', routes: ['198.18.10.0/24'] }));
  await ok(c.req('POST', '/api/users', { username: 'alice', password: 'alice-password-1' }));
  await ok(c.req('POST', '/api/peers', { name: 'branch', vendor: 'strongswan', addresses: ['198.18.0.2'] }));
  await ok(c.req('POST', '/api/sites', { name: 'hq-branch', gateway: 'office', peer: 'branch', psk: PSK, localSubnets: ['198.18.10.0/24'], remoteSubnets: ['198.18.20.0/24'] }));
}

/** A client holding a new API token with these scopes. */
export async function tokenClient(admin: Client, scopes: string[]): Promise<Client> {
  const r = await admin.req('POST', '/api/tokens', { name: scopes.join('+'), scopes });
  assert.equal(r.status, 201, r.text);
  return new Client(admin.base, r.json.token);
}
