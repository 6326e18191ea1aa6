/**
 * The daemon as a separate process, for tests that kill it with SIGKILL and start another one on the
 * same data directory (what a crash and a restart look like in production).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, ADMIN_PASSWORD } from './daemon.js';
export { freePort } from './ports.js';

const DAEMON = fileURLToPath(new URL('../../src/daemon.ts', import.meta.url));
const BUILT_DAEMON = fileURLToPath(new URL('../../dist/src/daemon.js', import.meta.url));


export class DaemonProcess {
  child: ChildProcess | undefined;
  output = '';
  /**
   * `built`: the compiled daemon (dist/src/daemon.js, as installed) instead of the sources under tsx;
   * `databaseUrl`: PostgreSQL instead of SQLite in the data directory
   */
  constructor(readonly dataDir: string, readonly port: number, private readonly opts: { built?: boolean; databaseUrl?: string } = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // generous: the sources run under tsx, whose first compile on a loaded 2-core machine took over 30 s
  async start(timeoutMs = 90_000): Promise<Client> {
    this.child = spawn(process.execPath, this.opts.built ? [BUILT_DAEMON] : ['--import', 'tsx', DAEMON], {
      env: { ...process.env, CORRIDOR_DATA_DIR: this.dataDir, CORRIDOR_LISTEN: `127.0.0.1:${this.port}`, CORRIDOR_ADMIN_PASSWORD: ADMIN_PASSWORD, CORRIDOR_LOG_LEVEL: 'info', CORRIDOR_LOG_PRETTY: '0', ...(this.opts.databaseUrl ? { CORRIDOR_DATABASE_URL: this.opts.databaseUrl } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => (this.output += d));
    this.child.stderr!.on('data', (d) => (this.output += d));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`daemon exited: ${this.output.slice(-2000)}`);
      try {
        const r = await fetch(`${this.url}/api/openapi.json`);
        if (r.ok) return new Client(this.url, readFileSync(join(this.dataDir, 'cli.token'), 'utf8').trim());
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`daemon did not come up: ${this.output.slice(-2000)}`);
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  }
}
