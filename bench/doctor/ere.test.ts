import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SIGNATURES } from '../../src/doctor/logs/signatures/index.js';
import { toEre } from './ere.js';

const FIX = fileURLToPath(new URL('../../test/fixtures/logs/', import.meta.url));

test('toEre rewrites the JS-only syntax and refuses lookarounds', () => {
  assert.equal(toEre(String.raw`(?:a|b)\d+\s[^\s']\/x`), String.raw`(a|b)[0-9]+[[:space:]][^[:space:]']/x`);
  assert.throws(() => toEre('a(?!b)'));
});

test('grep -E with the converted rules matches exactly the fixture lines the JS rules match', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doctor-ere-'));
  try {
    const lines: string[] = [];
    for (const d of ['strongswan', 'openvpn', 'wireguard', 'pppd', 'windows']) for (const f of readdirSync(join(FIX, d))) lines.push(...readFileSync(join(FIX, d, f), 'utf8').split('\n'));
    const file = join(dir, 'all.txt');
    writeFileSync(file, `${lines.join('\n')}\n`);
    for (const s of SIGNATURES) {
      const r = spawnSync('grep', ['-E', '-n', '-e', toEre(s.re.source), file], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
      assert.ok(r.status === 0 || r.status === 1, `${s.id}: grep rejected ${toEre(s.re.source)}: ${r.stderr}`);
      const byGrep = r.stdout.split('\n').filter(Boolean).map((l) => Number(l.slice(0, l.indexOf(':'))));
      const byJs = lines.flatMap((l, i) => (s.re.test(l) ? [i + 1] : []));
      assert.deepEqual(byGrep, byJs, s.id);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
