import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfRenderError, quoteConfString, renderSwanctlConf } from './swanctl-render.js';
import { parseSettings } from './settings-parser.test-util.js';

const HOSTILE = [
  'plain',
  'line\nbreak = injected',
  'carriage\rreturn',
  'tab\there',
  'quote " inside',
  'back\\slash',
  'trailing backslash \\',
  '"',
  '\\"',
  'braces } { nested {',
  '} connections { evil { remote_addrs = 0.0.0.0/0 } }',
  '# not a comment',
  'semi; colon',
  'include /etc/passwd',
  'ünïcødé 中文 ☃',
  '\u2028separator\u2029',
  'x'.repeat(20000),
  '',
];

test('hostile values round-trip to exactly the intended keys', () => {
  const conf: Record<string, string> = {};
  HOSTILE.forEach((v, i) => (conf[`k${i}`] = v));
  const text = renderSwanctlConf({ outer: { inner: conf }, after: 'still here' });
  assert.deepEqual(parseSettings(text), { outer: { inner: conf }, after: 'still here' });
});

test('a value never spans lines or adds a directive', () => {
  const text = renderSwanctlConf({ s: { a: 'x\n}\ninclude /etc/*\ny {' } });
  assert.equal(text.split('\n').length, 4);
  assert.ok(!/^\s*include/m.test(text));
});

test('lists render as one quoted comma-separated value; unsplittable elements are refused', () => {
  const text = renderSwanctlConf({ c: { remote_addrs: ['198.18.1.2', 'branch.example.net'] } });
  assert.equal(text, 'c {\n  remote_addrs = "198.18.1.2, branch.example.net"\n}\n');
  assert.throws(() => renderSwanctlConf({ c: { l: ['a,b'] } }), (e: unknown) => e instanceof ConfRenderError && e.path === 'c.l.0');
  assert.throws(() => renderSwanctlConf({ c: { l: [' a'] } }), ConfRenderError);
  assert.throws(() => renderSwanctlConf({ c: { l: [''] } }), ConfRenderError);
});

test('NUL is refused rather than silently truncating the value', () => {
  assert.throws(() => quoteConfString('before\0after'), /NUL/);
  assert.throws(() => renderSwanctlConf({ secrets: { s: { secret: 'a\0b' } } }), (e: unknown) => e instanceof ConfRenderError && e.path === 'secrets.s.secret');
});

test('keys that are not plain words are refused (they cannot be quoted)', () => {
  for (const key of ['a b', 'a.b', 'a=b', 'a{', 'a#', 'a"b', '', 'x\ny', 'include', 'ключ']) {
    assert.throws(() => renderSwanctlConf({ [key]: 'v' }), ConfRenderError, JSON.stringify(key));
  }
});

test('numbers and booleans, undefined skipped, header comments stay one line each', () => {
  const text = renderSwanctlConf({ a: 1, b: true, c: false, d: undefined }, { header: ['first\nsecond', 'x'] });
  assert.equal(text, '# first second\n# x\na = 1\nb = yes\nc = no\n');
  assert.throws(() => renderSwanctlConf({ a: Number.NaN }), ConfRenderError);
});
