/**
 * Browser-test harness: builds the console once, starts the real daemon on a free loopback port with a
 * fresh data directory, and drives Debian's Chromium through playwright-core.
 *
 * Lab scenarios (a real openvpn client with a downloaded profile, a site connection to a peer in a
 * namespace) start the daemon with `engines: true` and use test/lab next to this harness; everything
 * here stays on 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const STARTUP_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

let built = false;
/** One production build per test process: the tests exercise exactly what the daemon serves. */
export function buildConsole(): void {
  if (built || process.env.CORRIDOR_SKIP_WEB_BUILD === '1') return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status !== 0) throw new Error(`console build failed: ${r.stderr || r.stdout}`);
  // the rest of `npm run build`'s console step: vite empties dist/web, and the daemon serves the .br/.gz
  // files beside each asset (test/api/console-assets.test.ts, run again after this in the PostgreSQL pass)
  const c = spawnSync(process.execPath, [join(ROOT, 'scripts/compress-assets.mjs'), join(ROOT, 'dist/web')], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (c.status !== 0) throw new Error(`console compression failed: ${c.stderr || c.stdout}`);
  built = true;
}

export interface DaemonHandle {
  url: string;
  dataDir: string;
  adminPassword: string;
  /** Bearer token of the local CLI (admin scope): seeds data without going through the UI. */
  token: string;
  /** JSON request with the CLI token. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export interface DaemonOptions {
  /** start engines (lab scenarios); off by default so control-plane tests need no root features */
  engines?: boolean;
  adminPassword?: string;
  env?: Record<string, string>;
  /** file-only settings (corridor.json in the data directory), e.g. { rateLimit: 100000 } for seeding */
  config?: Record<string, unknown>;
}

export async function startDaemon(opts: DaemonOptions = {}): Promise<DaemonHandle> {
  buildConsole();
  const dataDir = mkdtempSync(join(tmpdir(), 'corridor-browser-'));
  const adminPassword = opts.adminPassword ?? 'browser-test-admin-pw';
  if (opts.config) writeFileSync(join(dataDir, 'corridor.json'), JSON.stringify(opts.config), { mode: 0o600 });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/daemon.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      CORRIDOR_DATA_DIR: dataDir,
      CORRIDOR_LISTEN: '127.0.0.1:0',
      CORRIDOR_ADMIN_PASSWORD: adminPassword,
      CORRIDOR_ENGINES: opts.engines ? '1' : '0',
      CORRIDOR_LOG_LEVEL: 'info',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // a test process that dies (uncaught error, timeout) must not leave its daemon behind
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const output: string[] = [];
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`daemon did not start within ${STARTUP_TIMEOUT_MS} ms:\n${output.join('').slice(-4000)}`)), STARTUP_TIMEOUT_MS);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      output.push(chunk.toString());
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try {
          const rec = JSON.parse(line) as { msg?: string; url?: string };
          if (rec.msg === 'corridor is up' && rec.url) {
            clearTimeout(timer);
            resolveUrl(rec.url);
          }
        } catch {
          // not a JSON log line
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`daemon exited with ${code}:\n${output.join('').slice(-4000)}`));
    });
  });
  const token = readFileSync(join(dataDir, 'cli.token'), 'utf8').trim();
  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain text answers (profiles, exports) stay text
    }
    return { status: res.status, body: parsed as T };
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, dataDir, adminPassword, token, api, stop };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: install the Debian package "chromium" (scripts/test.sh does)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export async function newPage(browser: Browser, opts: { width?: number; height?: number; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1360, height: opts.height ?? 900 },
    locale: opts.locale ?? 'en-US',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function login(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url + '/');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.locator('form button[type=submit]').click();
  // the language switch of the shell: present at every width and in every language
  await page.getByTestId('lang-switch').waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
