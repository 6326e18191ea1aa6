/** The README's layout lists the folders that exist, and only those. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The Layout block as entries: the folder of each line that starts one, with its (possibly wrapped) description. */
function layout(): Array<{ path: string; text: string }> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const m = /## Layout\n\n```\n([\s\S]*?)```/.exec(readme);
  assert.ok(m, 'the README has a Layout block');
  const entries: Array<{ path: string; text: string }> = [];
  for (const line of m[1]!.split('\n').filter(Boolean)) {
    const start = /^(\S+)\s+(.*)$/.exec(line);
    if (start) entries.push({ path: start[1]!, text: start[2]! });
    else entries.at(-1)!.text += ` ${line.trim()}`;
  }
  return entries;
}

const dirs = (path: string) => readdirSync(join(ROOT, path)).filter((n) => statSync(join(ROOT, path, n)).isDirectory());

test('every folder the layout names exists, and every folder of src/, test/ and bench/ is named', () => {
  const entries = layout();
  for (const e of entries) {
    assert.ok(existsSync(join(ROOT, e.path)), `${e.path} is in the layout and does not exist`);
    // subfolders named in the description ("strongswan/", "lab/") exist under the entry
    for (const m of e.text.matchAll(/(?<![\w/.-])([a-z][a-z0-9-]*)\//g)) {
      assert.ok(existsSync(join(ROOT, e.path, m[1]!)), `${join(e.path, m[1]!)}/ is in the layout and does not exist`);
    }
  }
  const paths = entries.map((e) => e.path.replace(/\/$/, ''));
  for (const d of dirs('src')) assert.ok(paths.includes(`src/${d}`), `src/${d} is missing from the layout`);
  for (const top of ['test', 'bench']) {
    const text = entries.find((e) => e.path.replace(/\/$/, '') === top)?.text ?? '';
    for (const d of dirs(top)) assert.match(text, new RegExp(`(?<![\\w-])${d}\\b`), `${top}/${d} is missing from the layout`);
  }
});
