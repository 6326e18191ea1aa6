import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { generateTlsCryptKey, parseStaticKey } from './tls-crypt.js';
import { scratchDir, writeFiles } from '../../test/pki/helpers.js';

test('tls-crypt key has the exact layout of openvpn --genkey tls-crypt', (t) => {
  const key = generateTlsCryptKey();
  const lines = key.trimEnd().split('\n');
  assert.equal(lines[3], '-----BEGIN OpenVPN Static key V1-----');
  assert.equal(lines.at(-1), '-----END OpenVPN Static key V1-----');
  const body = lines.slice(4, -1);
  assert.equal(body.length, 16);
  for (const l of body) assert.match(l, /^[0-9a-f]{32}$/);
  assert.equal(parseStaticKey(key).length, 256);
  assert.notEqual(generateTlsCryptKey(), key);

  // same file layout as OpenVPN's own generator, compared line by line (structure, not the random bytes)
  const dir = scratchDir(t);
  const f = writeFiles(dir, { 'ours.key': key });
  const theirsPath = `${dir}/theirs.key`;
  assert.equal(spawnSync('openvpn', ['--genkey', 'tls-crypt', theirsPath], { timeout: 30_000 }).status, 0);
  const theirs = spawnSync('cat', [theirsPath], { encoding: 'utf8' }).stdout;
  const shape = (s: string): string => s.replace(/[0-9a-f]{32}/g, 'H');
  assert.equal(shape(key), shape(theirs));
  // OpenVPN parses it as a static key: --test-crypto runs its crypto self-test with the key loaded
  const r = spawnSync('openvpn', ['--test-crypto', '--secret', f['ours.key']!, '--cipher', 'AES-256-CBC', '--verb', '1'], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

test('parseStaticKey names the input when the text is not a static key', () => {
  assert.throws(() => parseStaticKey('hello', 'tc.key'), /tc\.key: not an OpenVPN static key/);
  assert.throws(
    () => parseStaticKey('-----BEGIN OpenVPN Static key V1-----\nabcd\n-----END OpenVPN Static key V1-----\n', 'tc.key'),
    /512 hex digits/,
  );
});
