/**
 * The master key at start and its rotation, on a real daemon and store: a missing or wrong key file is
 * refused while sealed values exist (never replaced by a fresh key), a damaged SQLite file is refused,
 * and `corridor key rotate` (the CLI from the sources, offline) re-seals everything, refuses while a
 * daemon holds the data directory, and leaves a state the next start recovers from at every crash point.
 * postgres-pass: skip — these tests are about SQLite's own files (corridor.db, quick_check) and the offline CLI on
 * the data directory; the PostgreSQL case is the last test, on a private server it starts itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDaemon, Client } from '../support/daemon.js';
import { MasterKey } from '../../src/secrets/master-key.js';
import { openStore } from '../../src/store/db.js';
import { rotateMasterKey } from '../../src/secrets/rotate.js';
import { configSchema } from '../../src/config.js';
import { startPostgres } from '../support/postgres.js';
import * as OTPAuth from 'otpauth';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const PSK = 'lab-psk-0123456789';

function corridor(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', timeout: 60_000 }, (e, out, err) =>
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, out, err }));
  });
}

/** A data directory whose store holds sealed values of several kinds: a site PSK, a CA key, a certificate key. */
async function populated(db: { databaseUrl?: string } = {}): Promise<{ dataDir: string; keyPath: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'corridor-key-'));
  const d = await testDaemon(undefined, { dataDir, ...db });
  try {
    const c = new Client(d.url);
    await c.login();
    const ok = async (path: string, body: unknown) => {
      const r = await c.req('POST', path, body);
      assert.equal(r.status, 201, r.text);
    };
    await ok('/api/gateways', { name: 'hq', lanSubnets: ['198.18.10.0/24'] });
    await ok('/api/peers', { name: 'branch', vendor: 'strongswan', addresses: ['198.18.0.2'] });
    await ok('/api/sites', { name: 'hq-branch', gateway: 'hq', peer: 'branch', psk: PSK, localSubnets: ['198.18.10.0/24'], remoteSubnets: ['198.18.20.0/24'] });
    await ok('/api/pki/cas', { name: 'corp', subject: { CN: 'Corp CA' } });
    await ok('/api/pki/certificates', { name: 'alice', ca: 'corp', kind: 'client', username: 'alice' });
  } finally {
    await d.close();
  }
  return { dataDir, keyPath: join(dataDir, 'master.key') };
}

/** The PSK as the peer's exported parameter sheet carries it: proves the daemon opens what it sealed. */
async function exportedPsk(dataDir: string, db: { databaseUrl?: string } = {}): Promise<string | undefined> {
  const d = await testDaemon(undefined, { dataDir, ...db });
  try {
    const c = new Client(d.url);
    await c.login();
    const r = await c.req('GET', '/api/sites/hq-branch/export?includePsk=1');
    assert.equal(r.status, 200, r.text);
    return /pre-shared key: (\S+)/.exec(r.text)?.[1];
  } finally {
    await d.close();
  }
}

test('a missing master key with sealed data refuses to start, saying what is sealed, and creates no key', async () => {
  const { dataDir, keyPath } = await populated();
  rmSync(keyPath);
  await assert.rejects(testDaemon(undefined, { dataDir }), (err: Error) => {
    assert.match(err.message, /master key .*master\.key is missing/);
    assert.match(err.message, /1 site PSK/);
    assert.match(err.message, /1 CA private key/);
    assert.match(err.message, /1 certificate private key/);
    assert.match(err.message, /Backups and key rotation/);
    return true;
  });
  assert.equal(existsSync(keyPath), false, 'no new key was written');
});

test('a key file that does not open the sealed data refuses to start; the right one starts', async () => {
  const { dataDir, keyPath } = await populated();
  const original = readFileSync(keyPath);
  writeFileSync(keyPath, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  await assert.rejects(testDaemon(undefined, { dataDir }), /does not open 1 site PSK, 1 CA private key, 1 certificate private key of the 3 sealed values .*sealed with key id [0-9a-f]{8}.*Backups and key rotation/);
  writeFileSync(keyPath, original, { mode: 0o600 });
  assert.equal(await exportedPsk(dataDir), PSK);
});

test('a damaged SQLite database refuses to start with a clear message', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'corridor-damaged-'));
  const path = join(dataDir, 'corridor.db');
  const s = await openStore({ url: path });
  for (let i = 0; i < 400; i++) await s.db.insertInto('engine_logs').values({ at: new Date().toISOString(), instance: 'x', connection: null, line: `${'line '.repeat(40)}${i}` }).execute();
  await s.close();
  // overwrite the start of a page holding engine log rows, as a torn write or a bad disk would
  const pages = statSync(path).size / 4096;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (pages - 3) * 4096);
  closeSync(fd);
  await assert.rejects(testDaemon(undefined, { dataDir }), /database .*corridor\.db is damaged \(SQLite.*restore the database/);
});

test('corridor key rotate re-seals every value under a new key, offline only', async () => {
  const { dataDir, keyPath } = await populated();
  const oldKey = MasterKey.load(keyPath);

  // refused while a daemon holds the data directory (this test process), and nothing changes
  const running = await testDaemon(undefined, { dataDir });
  const busy = await corridor('--data-dir', dataDir, 'key', 'rotate');
  await running.close();
  assert.equal(busy.code, 1);
  assert.match(busy.err, new RegExp(`in use by a corridor daemon \\(PID ${process.pid}\\)`));
  assert.equal(MasterKey.load(keyPath).id, oldKey.id);

  const r = await corridor('--data-dir', dataDir, 'key', 'rotate');
  assert.equal(r.code, 0, r.err);
  const newKey = MasterKey.load(keyPath);
  assert.notEqual(newKey.id, oldKey.id);
  assert.match(r.out, new RegExp(`master key rotated: ${oldKey.id} -> ${newKey.id}; re-sealed 3 values \\(1 site PSK, 1 CA private key, 1 certificate private key\\)`));
  assert.equal(statSync(keyPath).mode & 0o777, 0o600);
  assert.equal(existsSync(`${keyPath}.new`), false);

  // every sealed column now names the new key
  const s = await openStore({ url: join(dataDir, 'corridor.db') });
  const sealed = [
    ...(await s.db.selectFrom('sites').select('secrets').execute()).map((x) => x.secrets!),
    ...(await s.db.selectFrom('cas').select('key_sealed').execute()).map((x) => x.key_sealed),
    ...(await s.db.selectFrom('certificates').select('key_sealed').execute()).map((x) => x.key_sealed!),
  ];
  const audit = await s.db.selectFrom('audit_log').selectAll().where('resource_type', '=', 'master-key').execute();
  await s.close();
  assert.equal(sealed.length, 3);
  for (const v of sealed) assert.ok(v.includes(`v1.${newKey.id}.`) && !v.includes(`v1.${oldKey.id}.`), v.slice(0, 40));
  assert.equal(audit.length, 1, 'the rotation is in the audit log');
  assert.equal(await exportedPsk(dataDir), PSK);

  // the old key file no longer starts this database
  rmSync(keyPath);
  oldKey.writeFile(keyPath);
  await assert.rejects(testDaemon(undefined, { dataDir }), /does not open/);
});

test('a rotation interrupted at either side of its commit is finished or undone by the next start', async () => {
  // crash after the commit, before the rename: master.key is still the old key, master.key.new opens the data
  const { dataDir, keyPath } = await populated();
  const oldKey = readFileSync(keyPath);
  const r = await corridor('--data-dir', dataDir, 'key', 'rotate');
  assert.equal(r.code, 0, r.err);
  const newId = MasterKey.load(keyPath).id;
  renameSync(keyPath, `${keyPath}.new`);
  writeFileSync(keyPath, oldKey, { mode: 0o600 });
  assert.equal(await exportedPsk(dataDir), PSK);
  assert.equal(MasterKey.load(keyPath).id, newId, 'the pending key was moved into place');
  assert.equal(existsSync(`${keyPath}.new`), false);

  // crash before the commit: a new key file was written, the data is still sealed with master.key
  MasterKey.generate().writeFile(`${keyPath}.new`);
  assert.equal(await exportedPsk(dataDir), PSK);
  assert.equal(MasterKey.load(keyPath).id, newId, 'master.key kept');
  assert.equal(existsSync(`${keyPath}.new`), false, 'the uncommitted key was removed');
});

test('rotation refuses, changing nothing, when a value sealed with the key sits where it does not look', async () => {
  const { dataDir, keyPath } = await populated();
  const oldKey = MasterKey.load(keyPath);
  const s = await openStore({ url: join(dataDir, 'corridor.db') });
  await s.db.insertInto('settings').values({ key: 'someday:new-secret', value: oldKey.seal('x', 'someday:new-secret') }).execute();
  await s.close();
  const r = await corridor('--data-dir', dataDir, 'key', 'rotate');
  assert.equal(r.code, 1);
  assert.match(r.err, /not rotated: .*settings\.value \(1\); nothing was changed/);
  assert.equal(MasterKey.load(keyPath).id, oldKey.id);
  assert.equal(existsSync(`${keyPath}.new`), false);
  assert.equal(await exportedPsk(dataDir), PSK, 'still sealed with the old key, which still opens it');
});

test('on PostgreSQL: a missing key is refused, and rotation re-seals in one transaction there too', async (t) => {
  const pg = await startPostgres();
  t.after(() => pg.stop());
  const db = { databaseUrl: pg.url };
  const { dataDir, keyPath } = await populated(db);
  const original = readFileSync(keyPath);
  rmSync(keyPath);
  await assert.rejects(testDaemon(undefined, { dataDir, ...db }), /is missing, and the database holds 1 site PSK, 1 CA private key, 1 certificate private key/);
  writeFileSync(keyPath, original, { mode: 0o600 });
  const base = configSchema.parse({ dataDir, databaseUrl: pg.url });
  const r = await rotateMasterKey({ ...base, dataDir, runRoot: join(dataDir, 'run'), masterKeyPath: keyPath });
  assert.equal(r.count, 3);
  assert.equal(MasterKey.load(keyPath).id, r.newKeyId);
  assert.equal(await exportedPsk(dataDir, db), PSK);
});

test('a pending TOTP enrolment is re-sealed by the rotation and can still be confirmed after it', async () => {
  const { dataDir } = await populated();
  let secret: string;
  const d = await testDaemon(undefined, { dataDir });
  try {
    const c = new Client(d.url);
    await c.login();
    assert.equal((await c.req('POST', '/api/users', { username: 'pat' })).status, 201);
    const started = await c.req('POST', '/api/users/pat/totp');
    assert.equal(started.status, 200, started.text);
    secret = String(started.json.secret);
  } finally {
    await d.close();
  }
  const r = await corridor('--data-dir', dataDir, 'key', 'rotate');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /1 pending TOTP seed/);
  const after = await testDaemon(undefined, { dataDir });
  try {
    const c = new Client(after.url);
    await c.login();
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
    const confirmed = await c.req('POST', '/api/users/pat/totp/confirm', { code });
    assert.equal(confirmed.status, 200, confirmed.text);
  } finally {
    await after.close();
  }
});
