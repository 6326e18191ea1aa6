/**
 * Doctor log-diagnosis bench: `node --import tsx bench/doctor/run.ts [--size-mb N]`.
 *
 * Builds a mixed log of N MB (default 1024) by repeating the real engine output of
 * test/fixtures/logs/ (all engines interleaved), runs diagnoseLogs over it in a child process
 * (lines/s, peak RSS), runs `grep -E -c -f` with every signature converted to ERE over the same file,
 * and prints one Markdown row for bench/doctor/RESULTS.md.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIGNATURES } from '../../src/doctor/logs/signatures/index.js';
import { toEre } from './ere.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const work = join(root, 'bench', 'work');
const sizeArg = process.argv.indexOf('--size-mb');
const sizeMb = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1024;
if (!Number.isFinite(sizeMb) || sizeMb <= 0) throw new Error('--size-mb needs a positive number');

mkdirSync(work, { recursive: true });
const logFile = join(work, `doctor-mixed-${sizeMb}mb.txt`);
const patFile = join(work, 'doctor-signatures.ere');
const needleFile = join(work, 'doctor-needles.txt');

async function generate(): Promise<void> {
  try {
    if (statSync(logFile).size >= sizeMb * 1024 * 1024) return;
  } catch {
    // not there yet
  }
  const fixtures = join(root, 'test', 'fixtures', 'logs');
  let block = '';
  for (const dir of ['openvpn', 'pppd', 'strongswan', 'windows', 'wireguard']) {
    for (const f of readdirSync(join(fixtures, dir)).sort()) {
      if (f === 'SOURCES.txt') continue;
      const text = readFileSync(join(fixtures, dir, f), 'utf8');
      block += text.endsWith('\n') ? text : `${text}\n`;
    }
  }
  // Repeat the block up to ~8 MB per write so generation is not the bottleneck.
  const big = block.repeat(Math.max(1, Math.floor((8 << 20) / block.length)));
  const out = createWriteStream(logFile);
  let written = 0;
  const target = sizeMb * 1024 * 1024;
  while (written < target) {
    if (!out.write(big)) await new Promise<void>((r) => out.once('drain', () => r()));
    written += Buffer.byteLength(big);
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
}

await generate();
writeFileSync(patFile, `${SIGNATURES.map((s) => toEre(s.re.source)).join('\n')}\n`);
// A second, stricter reference: the literals alone (what the doctor's own prefilter searches for).
writeFileSync(needleFile, `${[...new Set(SIGNATURES.flatMap((s) => s.needles))].join('\n')}\n`);
const bytes = statSync(logFile).size;

const child = spawnSync(process.execPath, [...process.execArgv, join(here, 'child.ts'), logFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
if (child.status !== 0) throw new Error(`diagnosis failed: ${child.stderr}`);
const d = JSON.parse(child.stdout) as { ms: number; lines: number; maxRssKb: number; findings: number; top: string[] };

const g0 = process.hrtime.bigint();
const grep = spawnSync('grep', ['-E', '-c', '-f', patFile, logFile], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
const grepMs = Number(process.hrtime.bigint() - g0) / 1e6;
if (grep.status !== 0 && grep.status !== 1) throw new Error(`grep failed: ${grep.stderr}`);

const f0 = process.hrtime.bigint();
const grepF = spawnSync('grep', ['-F', '-c', '-f', needleFile, logFile], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
const grepFMs = Number(process.hrtime.bigint() - f0) / 1e6;
if (grepF.status !== 0 && grepF.status !== 1) throw new Error(`grep -F failed: ${grepF.stderr}`);

const doctorLps = d.lines / (d.ms / 1000);
const grepLps = d.lines / (grepMs / 1000);
const mb = (bytes / 1024 / 1024).toFixed(0);
console.error(`machine: ${cpus().length} vCPU ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.error(`signatures: ${SIGNATURES.length}; grep -E matched lines: ${grep.stdout.trim()}; grep -F (needles only) matched lines: ${grepF.stdout.trim()} in ${(grepFMs / 1000).toFixed(2)} s; doctor findings: ${d.findings} (${d.top.join(', ')})`);
console.log('| date | log size | lines | doctor time | doctor lines/s | doctor peak RSS | grep -E -f time | grep lines/s | doctor/grep speed | grep -F needles time | doctor/grep -F speed |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
console.log(`| ${new Date().toISOString().slice(0, 10)} | ${mb} MB | ${d.lines.toLocaleString('en')} | ${(d.ms / 1000).toFixed(2)} s | ${Math.round(doctorLps).toLocaleString('en')} | ${(d.maxRssKb / 1024).toFixed(0)} MB | ${(grepMs / 1000).toFixed(2)} s | ${Math.round(grepLps).toLocaleString('en')} | ${(doctorLps / grepLps).toFixed(2)} | ${(grepFMs / 1000).toFixed(2)} s | ${(grepFMs / d.ms).toFixed(2)} |`);
