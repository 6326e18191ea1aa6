import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './config.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'corridor-config-'));

test('trusted proxies: off by default, addresses and CIDRs from the environment, anything else refused by name', () => {
  const plain = loadConfig({ CORRIDOR_DATA_DIR: dataDir() });
  assert.deepEqual(plain.trustedProxies, []);
  assert.equal(plain.metrics.loopback, true);
  const behind = loadConfig({ CORRIDOR_DATA_DIR: dataDir(), CORRIDOR_TRUSTED_PROXIES: '127.0.0.1, 198.18.0.0/24,::1' });
  assert.deepEqual(behind.trustedProxies, ['127.0.0.1', '198.18.0.0/24', '::1']);
  for (const bad of ['proxy.example', '198.18.0.0/33', '127.0.0.1/8/8']) {
    assert.throws(() => loadConfig({ CORRIDOR_DATA_DIR: dataDir(), CORRIDOR_TRUSTED_PROXIES: bad }), /trustedProxies\.0: an IP address or CIDR/, bad);
  }
});

test('a data directory may hold spaces and quotes, never a control character', () => {
  const awkward = `/srv/corridor data "it's"/var`;
  assert.equal(loadConfig({ CORRIDOR_DATA_DIR: awkward }).dataDir, awkward);
  for (const bad of ['/srv/a\nb', '/srv/a\tb', '/srv/a\rb']) {
    assert.throws(() => loadConfig({ CORRIDOR_DATA_DIR: bad }), /bad configuration: dataDir: must not contain a newline or other control character/);
  }
});
