/**
 * Test harness for charon instances in lab namespaces, standing in for the engine supervisor:
 * start from the EngineSpec, wait for ready, kill by PID, restart.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestContextLike } from '../lab/index.js';
import type { Host } from '../lab/index.js';
import { charonInstance, writeCharonConf } from '../../src/engines/strongswan/charon/index.js';
import type { CharonInstance, CharonInstanceOptions, DataPlane } from '../../src/engines/strongswan/charon/index.js';
import { probeDataPlane } from '../../src/engines/strongswan/charon/index.js';

export function tempRunRoot(t: TestContextLike): string {
  const dir = mkdtempSync(join(tmpdir(), 'cor-ss-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls fn every intervalMs until it returns a value other than undefined, at most timeoutMs. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; i < 100_000; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export class RunningCharon {
  child: ChildProcess | undefined;

  constructor(
    readonly host: Host,
    readonly inst: CharonInstance,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    await writeCharonConf(this.inst);
    const env = Object.entries(this.inst.spec.env ?? {}).map(([k, v]) => `${k}=${v}`);
    this.child = this.host.spawn(['env', ...env, ...this.inst.spec.argv], { stdio: 'ignore' });
    const ready = this.inst.spec.ready;
    await waitFor(`${this.inst.id} to answer on VICI`, async () => ((await ready?.()) ? true : undefined), 15_000, 50);
  }

  /** Waits for the process to be gone (bounded). */
  async exited(timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await Promise.race([
      new Promise<void>((resolve) => child.once('exit', () => resolve())),
      sleep(timeoutMs).then(() => {
        throw new Error(`${this.inst.id} (pid ${child.pid}) did not exit within ${timeoutMs} ms`);
      }),
    ]);
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child?.pid !== undefined && this.child.exitCode === null) process.kill(this.child.pid, signal);
    await this.exited();
  }
}

let dataPlane: DataPlane | undefined;

export async function startCharon(
  host: Host,
  runRoot: string,
  gateway: string,
  extra: Partial<CharonInstanceOptions> = {},
): Promise<RunningCharon> {
  dataPlane ??= (await probeDataPlane()).dataPlane;
  const inst = charonInstance({ gateway, runRoot, namespace: host.ns, dataPlane, ...extra });
  const c = new RunningCharon(host, inst);
  await c.start();
  return c;
}
