import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const ENTRY = fileURLToPath(new URL('./entry-point.ts', import.meta.url));
// the scripts live in a temporary directory, where `--import tsx` would not find the package
const TSX = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

test('isEntryPoint: true for the started file (direct, through a symlink, without its extension), false for an import', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-entry-'));
  // main.js imports other.js; each says whether it is the entry point
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(join(dir, 'other.js'), `import { isEntryPoint } from ${JSON.stringify(ENTRY)};\nexport const other = isEntryPoint(import.meta.url);\n`);
  writeFileSync(join(dir, 'main.js'), `import { isEntryPoint } from ${JSON.stringify(ENTRY)};\nimport { other } from './other.js';\nconsole.log(JSON.stringify([isEntryPoint(import.meta.url), other]));\n`);
  symlinkSync(join(dir, 'main.js'), join(dir, 'link.js'));
  const started = async (path: string) => JSON.parse((await run(process.execPath, ['--import', TSX, path], { cwd: dir })).stdout) as [boolean, boolean];
  assert.deepEqual(await started(join(dir, 'main.js')), [true, false]);
  assert.deepEqual(await started('main.js'), [true, false], 'a relative path');
  assert.deepEqual(await started(join(dir, 'link.js')), [true, false], 'a symlink');
  assert.deepEqual(await started(join(dir, 'main')), [true, false], 'node adds .js, argv keeps the name without it');
});
