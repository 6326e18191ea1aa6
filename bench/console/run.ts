/**
 * Console benchmark: bundle size, and time to first render of the dashboard (navigation start → the
 * tunnels table is in the DOM with its rows) against the real daemon seeded with 500 site connections
 * and 1,000 users, in Debian's Chromium. Usage: node --import tsx bench/console/run.ts [runs]
 */
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildConsole, launchBrowser, newPage, ROOT, startDaemon, type DaemonHandle } from '../../test/browser/harness.js';
import { measureBundle } from './bundle-size.js';

const SITES = 500;
const USERS = 1000;
const CONCURRENCY = 8;
const RUNS = Math.max(1, Math.min(20, Number(process.argv[2] ?? 5)));

async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function must(d: DaemonHandle, path: string, body: unknown): Promise<void> {
  const r = await d.api('POST', path, body);
  if (r.status !== 201 && r.status !== 200) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.body)}`);
}

async function seed(d: DaemonHandle): Promise<number> {
  const t0 = performance.now();
  await must(d, '/api/gateways', { name: 'hq', lanSubnets: ['198.18.0.0/24'] });
  await inParallel(SITES, async (i) => {
    const name = `branch-${String(i).padStart(3, '0')}`;
    // remote subnets: 198.19.(i/256).(i%256 * ...) — /30s carved from 198.19.0.0/16, never overlapping
    const third = Math.floor(i / 64);
    const fourth = (i % 64) * 4;
    await must(d, '/api/peers', { name, vendor: i % 3 === 0 ? 'huawei' : i % 3 === 1 ? 'cisco-ios' : 'strongswan', addresses: [`198.18.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`] });
    await must(d, '/api/sites', { name, gateway: 'hq', peer: name, psk: `bench-psk-${i}-0123456789`, localSubnets: ['198.18.0.0/24'], remoteSubnets: [`198.19.${third}.${fourth}/30`] });
  });
  await inParallel(USERS, async (i) => {
    await must(d, '/api/users', { username: `user${String(i).padStart(4, '0')}`, displayName: `User ${i}` });
  });
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  buildConsole();
  const bundle = measureBundle(join(ROOT, 'dist/web'));
  // seeding sends 2,000 requests in seconds: above the default per-address rate limit
  const daemon = await startDaemon({ config: { rateLimit: 1_000_000 } });
  const browser = await launchBrowser();
  try {
    const seedMs = await seed(daemon);
    const cold: number[] = [];
    const warm: number[] = [];
    const users: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { context, page } = await newPage(browser);
      const login = await fetch(`${daemon.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: daemon.adminPassword }),
      });
      const cookie = /corridor_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
      if (!cookie) throw new Error(`login failed: ${login.status}`);
      await context.addCookies([{ name: 'corridor_session', value: cookie, url: daemon.url }]);
      const renderTime = async () => {
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid="dashboard-tunnels"] tbody tr').length === n, SITES, { timeout: 30_000 });
        return page.evaluate(() => performance.getEntriesByName('corridor:dashboard-rendered')[0]?.startTime ?? Number.NaN);
      };
      // each load starts with an idle daemon: /api/status (asked after the table renders) takes the server
      // ≈0.85 s with 500 sites, and a reload during it would measure that request instead of the console
      const statusDone = () => page.waitForResponse((r) => r.url().endsWith('/api/status'), { timeout: 30_000 });
      let idle = statusDone();
      await page.goto(`${daemon.url}/#/dashboard`);
      cold.push(await renderTime());
      await idle;
      idle = statusDone();
      await page.reload();
      warm.push(await renderTime());
      await idle;
      const t0 = await page.evaluate(() => performance.now());
      await page.evaluate(() => (window.location.hash = '#/users'));
      // the users table shows its first page (PAGE_SIZE rows) of the 1,000
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="table-users"] tbody tr').length === 50, undefined, { timeout: 30_000 });
      users.push((await page.evaluate(() => performance.now())) - t0);
      await context.close();
    }
    const result = {
      date: new Date().toISOString(),
      machine: `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
      runs: RUNS,
      bundle,
      seed: { sites: SITES, users: USERS, ms: Math.round(seedMs) },
      dashboardColdMs: { median: Math.round(median(cold)), all: cold.map(Math.round) },
      dashboardWarmMs: { median: Math.round(median(warm)), all: warm.map(Math.round) },
      usersPageMs: { median: Math.round(median(users)), all: users.map(Math.round) },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    await daemon.stop();
  }
}

await main();
