import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, chmodSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MasterKey, SecretError, sealedKeyId } from './master-key.js';

const dir = () => mkdtempSync(join(tmpdir(), 'corridor-mk-'));

test('writes a 0600 key file (directory created 0700) and reloads the same key', () => {
  const path = join(dir(), 'sub', 'master.key');
  const a = MasterKey.generate();
  a.writeFile(path);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(path, '..')).mode & 0o777, 0o700);
  assert.deepEqual(readdirSync(join(path, '..')), ['master.key'], 'no temporary file left behind');
  const b = MasterKey.load(path);
  assert.equal(b.id, a.id);
  assert.equal(b.openString(a.seal('s3cret', 'ctx'), 'ctx'), 's3cret');
});

test('sealed values do not contain the plaintext, name their key and are bound to their context', () => {
  const k = MasterKey.generate();
  const sealed = k.seal('lab-psk-0123456789', 'site:a:psk');
  assert.ok(!sealed.includes('lab-psk'));
  assert.equal(sealedKeyId(sealed), k.id);
  assert.equal(sealedKeyId('plain text'), undefined);
  assert.notEqual(k.seal('x', 'c'), k.seal('x', 'c'), 'fresh IV every time');
  assert.throws(() => k.open(sealed, 'site:b:psk'), SecretError);
  assert.throws(() => MasterKey.generate().open(sealed, 'site:a:psk'), /unknown key/);
  const tampered = sealed.slice(0, -3) + (sealed.endsWith('A') ? 'BBB' : 'AAA');
  assert.throws(() => k.open(tampered, 'site:a:psk'), SecretError);
});

test('refuses a key file readable by others', () => {
  const path = join(dir(), 'master.key');
  MasterKey.generate().writeFile(path);
  chmodSync(path, 0o644);
  assert.throws(() => MasterKey.load(path), /chmod 600/);
});

test('rejects a key of the wrong length', () => {
  const path = join(dir(), 'master.key');
  writeFileSync(path, Buffer.alloc(16).toString('base64'), { mode: 0o600 });
  assert.throws(() => MasterKey.load(path), /32 bytes/);
});
