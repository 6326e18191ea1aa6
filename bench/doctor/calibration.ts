/**
 * Confidence calibration of the log doctor: `node --import tsx bench/doctor/calibration.ts`.
 *
 * Runs the diagnosis over the project's own fixtures with a known answer: every entry of the SINGLE list
 * (test/fixtures/logs/expected.ts) and every scenario capture (test/fixtures/logs/captured/, both ends together
 * and each end alone), and reports per confidence band of the top
 * finding how often it is the expected code. Prints a Markdown table for bench/doctor/RESULTS.md; exits 1 when
 * the top band (>= 0.9) is right less than 95% of the time.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagnoseLogs } from '../../src/doctor/logs/index.js';
import { SINGLE } from '../../test/fixtures/logs/expected.js';
import { ALL_EXPECTATIONS } from '../../test/scenarios/support/expectations.js';

const FIX = fileURLToPath(new URL('../../test/fixtures/logs/', import.meta.url));
const BANDS: ReadonlyArray<readonly [string, number, number]> = [
  ['< 0.6', 0, 0.6], ['0.6 – 0.8', 0.6, 0.8], ['0.8 – 0.9', 0.8, 0.9], ['>= 0.9', 0.9, 1.01],
];
const REQUIRED_TOP_BAND_ACCURACY = 0.95;

interface Case { name: string; files: string[]; expected: string }

function cases(): Case[] {
  const out: Case[] = SINGLE.map(([file, code]) => ({ name: file, files: [join(FIX, file)], expected: code }));
  for (const exp of ALL_EXPECTATIONS) {
    const dir = join(FIX, 'captured', exp.name);
    const logs = readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
    if (exp.both) out.push({ name: `captured/${exp.name} (both ends)`, files: logs.map((f) => join(dir, f)), expected: exp.both });
    // Every end alone, including those the scenario only expects "within 3" (an end that cannot know): those
    // are the cases where a wrong top finding is expected, and its confidence should then be low.
    for (const [end, one] of Object.entries(exp.oneEnd ?? {})) {
      out.push({ name: `captured/${exp.name} (${end})`, files: [join(dir, `${end}.log`)], expected: one.code });
    }
  }
  return out;
}

const rows = BANDS.map(([label]) => ({ label, n: 0, right: 0, wrong: [] as string[] }));
let silent = 0;
const all = cases();
for (const c of all) {
  const r = await diagnoseLogs(c.files.map((path) => ({ path })), { lang: 'en' });
  const top = r.findings[0];
  if (!top) {
    silent++;
    continue;
  }
  const i = BANDS.findIndex(([, lo, hi]) => top.confidence >= lo && top.confidence < hi);
  const row = rows[i];
  if (!row) continue;
  row.n++;
  if (top.code === c.expected) row.right++;
  else row.wrong.push(`${c.name}: ${top.code} ${top.confidence} (expected ${c.expected})`);
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
console.log(`Cases: ${all.length} (SINGLE list + scenario captures); no finding at all: ${silent}\n`);
console.log('| top confidence | cases | top finding right | accuracy |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.label} | ${r.n} | ${r.right} | ${pct(r.right, r.n)} |`);
for (const r of rows) for (const w of r.wrong) console.log(`- wrong in ${r.label}: ${w}`);
const topBand = rows[rows.length - 1];
if (topBand && topBand.n > 0 && topBand.right / topBand.n < REQUIRED_TOP_BAND_ACCURACY) {
  console.error(`top band right ${pct(topBand.right, topBand.n)} < ${REQUIRED_TOP_BAND_ACCURACY * 100}%`);
  process.exitCode = 1;
}
