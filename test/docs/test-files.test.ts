/** Every test file in the repository is run by scripts/test.sh: node:test under its find roots, vitest under web/src. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
// not part of the sources: dependencies, build output, run data (.gitignore)
const SKIP = new Set(['node_modules', 'dist', 'var', 'test-artifacts', '.git']);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return testFiles(path);
    return /\.test\.tsx?$/.test(e.name) ? [relative(ROOT, path)] : [];
  });
}

test('every *.test.ts(x) is under a folder scripts/test.sh hands to node:test, or is a console test vitest runs', () => {
  const script = readFileSync(join(ROOT, 'scripts', 'test.sh'), 'utf8');
  const find = /mapfile -t files < <\(find ((?:[\w./-]+ )+)-name '\*\.test\.ts'/.exec(script);
  assert.ok(find, 'scripts/test.sh finds the node:test files with find');
  const roots = find[1]!.trim().split(/\s+/);
  const vitest = readFileSync(join(ROOT, 'web', 'vite.config.ts'), 'utf8');
  assert.match(vitest, /include: \['src\/\*\*\/\*\.test\.\{ts,tsx\}'\]/, 'vitest runs web/src/**/*.test.{ts,tsx}');
  assert.match(script, /npx vitest run --config web\/vite\.config\.ts/);

  const files = testFiles(ROOT);
  assert.ok(files.length > 50, `found ${files.length} test files`);
  const orphans = files.filter((f) => !(f.endsWith('.ts') && roots.some((r) => f.startsWith(`${r}/`))) && !f.startsWith('web/src/'));
  assert.deepEqual(orphans, []);
});
