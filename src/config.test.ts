import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './config.js';

test('a data directory may hold spaces and quotes, never a control character', () => {
  const awkward = `/srv/corridor data "it's"/var`;
  assert.equal(loadConfig({ CORRIDOR_DATA_DIR: awkward }).dataDir, awkward);
  for (const bad of ['/srv/a\nb', '/srv/a\tb', '/srv/a\rb']) {
    assert.throws(() => loadConfig({ CORRIDOR_DATA_DIR: bad }), /bad configuration: dataDir: must not contain a newline or other control character/);
  }
});
