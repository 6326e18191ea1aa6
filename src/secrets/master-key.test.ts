import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MasterKey, SecretError, rotateKeyFile, dropRetiredKeys } from './master-key.js';

const dir = () => mkdtempSync(join(tmpdir(), 'corridor-mk-'));

test('creates a 0600 key file once and reloads the same key', () => {
  const path = join(dir(), 'sub', 'master.key');
  const a = MasterKey.loadOrCreate(path);
  assert.equal(a.created, true);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const b = MasterKey.loadOrCreate(path);
  assert.equal(b.created, false);
  assert.equal(b.key.id, a.key.id);
  assert.equal(b.key.openString(a.key.seal('s3cret', 'ctx'), 'ctx'), 's3cret');
});

test('sealed values do not contain the plaintext and are bound to their context', () => {
  const k = MasterKey.generate();
  const sealed = k.seal('lab-psk-0123456789', 'site:a:psk');
  assert.ok(!sealed.includes('lab-psk'));
  assert.notEqual(k.seal('x', 'c'), k.seal('x', 'c'), 'fresh IV every time');
  assert.throws(() => k.open(sealed, 'site:b:psk'), SecretError);
  assert.throws(() => MasterKey.generate().open(sealed, 'site:a:psk'), /unknown key/);
  const tampered = sealed.slice(0, -3) + (sealed.endsWith('A') ? 'BBB' : 'AAA');
  assert.throws(() => k.open(tampered, 'site:a:psk'), SecretError);
});

test('refuses a key file readable by others', () => {
  const path = join(dir(), 'master.key');
  MasterKey.loadOrCreate(path);
  chmodSync(path, 0o644);
  assert.throws(() => MasterKey.loadOrCreate(path), /chmod 600/);
});

test('rejects a key of the wrong length', () => {
  const path = join(dir(), 'master.key');
  writeFileSync(path, Buffer.alloc(16).toString('base64'), { mode: 0o600 });
  assert.throws(() => MasterKey.loadOrCreate(path), /32 bytes/);
});

test('rotation keeps old values readable until they are re-sealed', () => {
  const path = join(dir(), 'master.key');
  const old = MasterKey.loadOrCreate(path).key;
  const sealed = old.seal('v', 'c');
  const next = rotateKeyFile(path);
  assert.notEqual(next.id, old.id);
  assert.equal(next.isStale(sealed), true);
  const resealed = next.seal(next.open(sealed, 'c'), 'c');
  dropRetiredKeys(path);
  const after = MasterKey.loadOrCreate(path).key;
  assert.equal(after.openString(resealed, 'c'), 'v');
  assert.throws(() => after.open(sealed, 'c'), /unknown key/);
  assert.equal(statSync(path).mode & 0o777, 0o600);
});
