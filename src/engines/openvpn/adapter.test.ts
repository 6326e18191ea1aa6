import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { raServerSchema } from '../../core/model/index.js';
import { createOpenVpnAdapter, runDirFor } from './adapter.js';
import { MemoryTotpSteps } from '../../auth/totp.js';

const root = mkdtempSync(join(tmpdir(), 'corridor-ovpn-adapter-'));
after(() => rmSync(root, { recursive: true, force: true }));

// No openvpn runs here: the controllers keep retrying their (absent) sockets until close().
const adapter = createOpenVpnAdapter({
  findUser: () => undefined,
  certificateRevoked: () => false,
  lockout: { recordFailure: () => undefined, failures: () => [] },
  totpSteps: new MemoryTotpSteps(),
  events: { record: () => undefined },
});
after(() => adapter.close());

// stand-in PEM files: the adapter only hashes them (OpenVPN reads them at start)
const pkiDir = join(root, 'pki');
mkdirSync(pkiDir);
const pki = { caPath: join(pkiDir, 'ca.crt'), certPath: join(pkiDir, 's.crt'), keyPath: join(pkiDir, 's.key'), tlsCryptPath: join(pkiDir, 'tc.key'), crlPath: join(pkiDir, 'crl.pem') };
for (const p of Object.values(pki)) writeFileSync(p, `first ${p}\n`);
const ctx = { runRoot: join(root, 'run'), pki: () => pki };
const base = raServerSchema.parse({ name: 'staff', gateway: 'hq', pool: '198.19.99.0/24', routes: ['198.19.50.0/24'] });

test('first reconcile starts; files 0600 in a 0700 run dir; an unchanged second reconcile does nothing', async () => {
  const first = await adapter.reconcile([base], ctx);
  assert.deepEqual(first.changes, [{ server: 'staff', action: 'start', reasons: [] }]);
  const dir = runDirFor(ctx.runRoot, 'staff');
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  const conf = join(dir, 'server.conf');
  assert.equal(statSync(conf).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'auth-token.key')).mode & 0o777, 0o600, 'the session token signing key');
  for (const sub of ['tmp', 'ccd']) assert.equal(statSync(join(dir, sub)).mode & 0o777, 0o700, `${sub}: passwords pass through, configs live there`);
  const spec = first.specs[0];
  assert.equal(spec?.id, 'openvpn-staff');
  assert.deepEqual(spec?.argv.slice(0, 5), ['openvpn', '--cd', dir, '--config', conf]);
  assert.equal(spec?.connectionOf?.('2026-11-22 02:36:09 alice/198.18.0.2:41874 SENT CONTROL [alice]'), 'alice');
  const mtime = statSync(conf).mtimeMs;
  const second = await adapter.reconcile([base], ctx);
  assert.deepEqual(second.changes, [{ server: 'staff', action: 'none', reasons: [] }]);
  assert.equal(statSync(conf).mtimeMs, mtime);
  assert.equal(second.specs[0]?.fingerprint, spec?.fingerprint);
});

test('routes and DNS apply live; port and ciphers need a restart; removal stops', async () => {
  const live = await adapter.reconcile([{ ...base, routes: ['198.19.51.0/24'], dns: ['198.19.50.53'] }], ctx);
  assert.deepEqual(live.changes, [{ server: 'staff', action: 'live', reasons: ['routes', 'dns'] }]);
  const restart = await adapter.reconcile([{ ...base, port: 1195, ciphers: ['CHACHA20-POLY1305'] }], ctx);
  assert.equal(restart.changes[0]?.action, 'restart');
  assert.deepEqual(restart.changes[0]?.reasons.sort(), ['data-ciphers', 'port']);
  const crl = await adapter.reconcile([{ ...base, port: 1195, ciphers: ['CHACHA20-POLY1305'] }], (writeFileSync(pki.crlPath, 'newer CRL\n'), ctx));
  assert.deepEqual(crl.changes[0], { server: 'staff', action: 'none', reasons: [] }, 'OpenVPN re-reads the CRL per connection');
  writeFileSync(pki.certPath, 'renewed certificate\n');
  const renewed = await adapter.reconcile([{ ...base, port: 1195, ciphers: ['CHACHA20-POLY1305'] }], ctx);
  assert.deepEqual(renewed.changes[0], { server: 'staff', action: 'restart', reasons: ['certificate'] });
  assert.notEqual(renewed.specs[0]?.fingerprint, crl.specs[0]?.fingerprint, 'the supervisor restarts OpenVPN on a new fingerprint');
  const gone = await adapter.reconcile([], ctx);
  assert.deepEqual(gone.changes, [{ server: 'staff', action: 'stop', reasons: ['removed or disabled'] }]);
  assert.equal(gone.specs.length, 0);
});
