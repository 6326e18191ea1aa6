import { scanLogs } from '../../src/doctor/logs/diagnose.js';
import { correlate } from '../../src/doctor/logs/correlate.js';

// Runs in its own process so that peak RSS is the diagnosis's alone, not the generator's.
const file = process.argv[2];
if (!file) throw new Error('usage: child.ts FILE');
const t0 = process.hrtime.bigint();
const { scans } = await scanLogs([{ path: file }]);
const findings = correlate(scans, 'en', 5);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
process.stdout.write(JSON.stringify({
  ms,
  lines: scans.reduce((n, s) => n + s.lines, 0),
  maxRssKb: process.resourceUsage().maxRSS,
  findings: findings.length,
  top: findings.slice(0, 3).map((f) => `${f.code} ${f.confidence}`),
}));
