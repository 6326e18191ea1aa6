/**
 * Runs engine processes so that they outlive the daemon:
 * - detached in their own process group, stdio to a file (never a pipe: a pipe to a dead daemon would
 *   SIGPIPE the engine), so `kill -9` of the daemon leaves every tunnel up;
 * - one run directory per instance (0700) holding a state file with PID + start time, so the next
 *   daemon adopts the running engine instead of starting a second one;
 * - restart with backoff when an engine dies (first retry at once, so a killed engine is back well
 *   within 2 s), reset after a stable period;
 * - its log tailed into the bounded log store, per instance and per connection.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EngineSpec } from './types.js';
import { identify, isSameProcessAlive, type ProcessIdentity } from './process-identity.js';
import { LogTail } from './log-tail.js';
import { inNamespace } from '../net/exec.js';

export interface LogSink {
  append(instance: string, line: string, connection?: string): void;
}

export type EngineState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

export interface EngineStatus {
  id: string;
  kind: EngineSpec['kind'];
  state: EngineState;
  pid?: number;
  adopted: boolean;
  restarts: number;
  since: string;
  lastExit?: { at: string; code: number | null; signal: string | null };
  runDir: string;
}

interface SavedState extends ProcessIdentity {
  fingerprint: string;
  logOffset: number;
}

interface Instance {
  spec: EngineSpec;
  status: EngineStatus;
  identity?: ProcessIdentity;
  child?: ChildProcess;
  poll?: NodeJS.Timeout;
  tail?: LogTail;
  restartTimer?: NodeJS.Timeout;
  backoffMs: number;
  stableTimer?: NodeJS.Timeout;
  stopping: boolean;
  logOffset: number;
  lastSave: number;
}

export interface SupervisorOptions {
  runRoot: string;
  log: Logger;
  logs?: LogSink;
  /** first restart delay; doubles up to maxBackoffMs */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** an engine up this long has its backoff reset */
  stableMs?: number;
  /** how often an adopted engine (not our child) is checked for life */
  pollMs?: number;
  readyTimeoutMs?: number;
  /** log files are rotated beyond this size */
  maxLogBytes?: number;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class Supervisor extends EventEmitter {
  private readonly instances = new Map<string, Instance>();
  private readonly o: Required<Omit<SupervisorOptions, 'logs'>> & { logs?: LogSink };

  constructor(opts: SupervisorOptions) {
    super();
    this.o = { initialBackoffMs: 50, maxBackoffMs: 30_000, stableMs: 60_000, pollMs: 200, readyTimeoutMs: 15_000, maxLogBytes: 32 * 1024 * 1024, ...opts };
    mkdirSync(this.o.runRoot, { recursive: true, mode: 0o700 });
    chmodSync(this.o.runRoot, 0o700);
  }

  runDirOf(id: string): string {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new Error(`bad engine id ${JSON.stringify(id)}`);
    return join(this.o.runRoot, id);
  }

  /** Makes sure the engine runs: adopts a matching running process, else starts one. Resolves when ready. */
  async ensure(spec: EngineSpec): Promise<EngineStatus> {
    const existing = this.instances.get(spec.id);
    if (existing && !existing.stopping) {
      if ((existing.spec.fingerprint ?? '') === (spec.fingerprint ?? '')) return existing.status;
      await this.stop(spec.id);
    }
    const runDir = this.runDirOf(spec.id);
    mkdirSync(runDir, { recursive: true, mode: 0o700 });
    chmodSync(runDir, 0o700);
    const saved = this.readState(spec.id);
    const inst: Instance = {
      spec,
      status: { id: spec.id, kind: spec.kind, state: 'starting', adopted: false, restarts: 0, since: new Date().toISOString(), runDir },
      backoffMs: this.o.initialBackoffMs,
      stopping: false,
      logOffset: saved?.logOffset ?? 0,
      lastSave: 0,
    };
    this.instances.set(spec.id, inst);
    if (saved && isSameProcessAlive(saved)) {
      if (saved.fingerprint === (spec.fingerprint ?? '')) {
        this.adopt(inst, saved);
        await this.waitReady(inst);
        return inst.status;
      }
      // running with an outdated configuration: replace it
      this.o.log.info({ engine: spec.id, pid: saved.pid }, 'engine configuration changed; restarting it');
      await killAndWait(saved, 5000);
    } else if (saved) {
      inst.logOffset = saved.logOffset;
    }
    this.startTail(inst);
    this.start(inst);
    await this.waitReady(inst);
    return inst.status;
  }

  /** Stops an engine for good (SIGTERM, then SIGKILL) and forgets it. */
  async stop(id: string, { removeRunDir = false } = {}): Promise<void> {
    const inst = this.instances.get(id);
    const saved = inst?.identity ?? this.readState(id);
    if (inst) {
      inst.stopping = true;
      this.unwatch(inst);
      inst.status.state = 'stopped';
    }
    if (saved && isSameProcessAlive(saved)) await killAndWait(saved, 5000);
    inst?.tail?.stop();
    this.instances.delete(id);
    rmSync(join(this.runDirOf(id), 'supervisor.json'), { force: true });
    if (removeRunDir) rmSync(this.runDirOf(id), { recursive: true, force: true });
    this.emit('stopped', id);
  }

  /** Daemon shutdown: stop watching, leave every engine running for the next daemon to adopt. */
  detach(): void {
    for (const inst of this.instances.values()) {
      inst.stopping = true;
      this.unwatch(inst);
      inst.tail?.stop();
      this.saveState(inst, true);
    }
    this.instances.clear();
  }

  list(): EngineStatus[] {
    return [...this.instances.values()].map((i) => ({ ...i.status }));
  }

  status(id: string): EngineStatus | undefined {
    const i = this.instances.get(id);
    return i ? { ...i.status } : undefined;
  }

  private start(inst: Instance): void {
    const { spec } = inst;
    const argv = inNamespace(spec.namespace, spec.argv);
    const logPath = join(inst.status.runDir, 'engine.log');
    const fd = openSync(logPath, 'a', 0o600);
    let child: ChildProcess;
    try {
      child = spawn(argv[0]!, argv.slice(1), {
        cwd: inst.status.runDir,
        detached: true,
        stdio: ['ignore', fd, fd],
        env: { PATH, ...spec.env },
      });
    } finally {
      closeSync(fd);
    }
    child.unref();
    inst.child = child;
    inst.status.state = 'starting';
    inst.status.adopted = false;
    child.once('error', (err) => this.o.log.error({ engine: spec.id, err: err.message }, 'engine failed to start'));
    child.once('exit', (code, signal) => this.onExit(inst, code, signal));
    if (child.pid) {
      inst.identity = identify(child.pid) ?? { pid: child.pid, startTicks: -1 };
      inst.status.pid = child.pid;
      this.saveState(inst, true);
      this.o.log.info({ engine: spec.id, pid: child.pid, namespace: spec.namespace }, 'engine started');
      this.emit('started', inst.status);
    }
    clearTimeout(inst.stableTimer);
    inst.stableTimer = setTimeout(() => (inst.backoffMs = this.o.initialBackoffMs), this.o.stableMs);
    inst.stableTimer.unref();
  }

  private adopt(inst: Instance, saved: SavedState): void {
    inst.identity = { pid: saved.pid, startTicks: saved.startTicks };
    inst.status.pid = saved.pid;
    inst.status.adopted = true;
    inst.status.state = 'running';
    this.o.log.info({ engine: inst.spec.id, pid: saved.pid }, 'adopted running engine');
    // not our child: no exit event, so watch /proc
    inst.poll = setInterval(() => {
      if (inst.identity && !isSameProcessAlive(inst.identity)) {
        clearInterval(inst.poll);
        this.onExit(inst, null, null);
      }
    }, this.o.pollMs);
    inst.poll.unref();
    this.startTail(inst);
    this.emit('adopted', inst.status);
  }

  private startTail(inst: Instance): void {
    if (inst.tail) return;
    const path = inst.spec.logFile ?? join(inst.status.runDir, 'engine.log');
    inst.tail = new LogTail({
      path,
      offset: inst.logOffset,
      maxBytes: this.o.maxLogBytes,
      onLine: (line) => this.o.logs?.append(inst.spec.id, line, inst.spec.connectionOf?.(line)),
      onOffset: (off) => {
        inst.logOffset = off;
        this.saveState(inst, false);
      },
    });
    inst.tail.start();
  }

  private onExit(inst: Instance, code: number | null, signal: NodeJS.Signals | null): void {
    if (inst.stopping) return;
    inst.status.lastExit = { at: new Date().toISOString(), code, signal };
    inst.status.state = 'restarting';
    inst.status.pid = undefined;
    inst.child = undefined;
    const delay = inst.backoffMs;
    inst.backoffMs = Math.min(inst.backoffMs * 2, this.o.maxBackoffMs);
    this.o.log.warn({ engine: inst.spec.id, code, signal, restartInMs: delay }, 'engine exited; restarting');
    this.emit('exited', { ...inst.status });
    inst.restartTimer = setTimeout(() => {
      if (inst.stopping) return;
      inst.status.restarts++;
      this.start(inst);
      void this.waitReady(inst).then(() => this.emit('restarted', { ...inst.status }));
    }, delay);
    inst.restartTimer.unref();
  }

  private async waitReady(inst: Instance): Promise<void> {
    const deadline = Date.now() + this.o.readyTimeoutMs;
    while (Date.now() < deadline && !inst.stopping) {
      if (inst.status.pid === undefined && inst.status.state === 'restarting') return;
      const ok = inst.spec.ready ? await inst.spec.ready().catch(() => false) : true;
      if (ok) {
        inst.status.state = 'running';
        return;
      }
      await sleep(50);
    }
    if (!inst.stopping && inst.status.state !== 'running') {
      inst.status.state = 'failed';
      this.o.log.error({ engine: inst.spec.id }, 'engine did not become ready');
    }
  }

  private unwatch(inst: Instance): void {
    clearInterval(inst.poll);
    clearTimeout(inst.restartTimer);
    clearTimeout(inst.stableTimer);
    inst.child?.removeAllListeners('exit');
  }

  private statePath(id: string): string {
    return join(this.runDirOf(id), 'supervisor.json');
  }

  private readState(id: string): SavedState | undefined {
    try {
      return JSON.parse(readFileSync(this.statePath(id), 'utf8')) as SavedState;
    } catch {
      return undefined;
    }
  }

  private saveState(inst: Instance, force: boolean): void {
    if (!inst.identity) return;
    // the log offset changes often; persist it at most once a second
    if (!force && Date.now() - inst.lastSave < 1000) return;
    inst.lastSave = Date.now();
    const s: SavedState = { ...inst.identity, fingerprint: inst.spec.fingerprint ?? '', logOffset: inst.logOffset };
    const path = this.statePath(inst.spec.id);
    if (!existsSync(inst.status.runDir)) return;
    writeFileSync(`${path}.tmp`, JSON.stringify(s), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  }
}

async function killAndWait(id: ProcessIdentity, graceMs: number): Promise<void> {
  try { process.kill(id.pid, 'SIGTERM'); } catch { return; }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isSameProcessAlive(id)) return;
    await sleep(25);
  }
  try { process.kill(id.pid, 'SIGKILL'); } catch { /* gone */ }
  for (let i = 0; i < 40 && isSameProcessAlive(id); i++) await sleep(25);
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
