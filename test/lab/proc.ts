import { spawnSync } from 'node:child_process';
import { exec } from '../../src/net/exec.js';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { LabCommandError } from './errors.js';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Reject with LabCommandError unless the exit code is 0. */
  check?: boolean;
  /** Hard bound: the command is killed (SIGKILL) after this long. Default 30 s. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** src/net's exec (argv only, bounded, LC_ALL=C), with the lab's error type for `check`. */
export async function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const result = await exec(argv, { ...(opts.input !== undefined ? { input: opts.input } : {}), timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  if (opts.check && (result.code !== 0 || result.timedOut)) throw new LabCommandError(argv, result);
  return result;
}

export async function runChecked(argv: readonly string[], opts: Omit<RunOptions, 'check'> = {}): Promise<string> {
  return (await run(argv, { ...opts, check: true })).stdout;
}

/** For exit/signal handlers, where nothing asynchronous runs any more. */
export function runSync(argv: readonly string[], input?: string): RunResult {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd ?? 'false', args, { input: input ?? '', timeout: 10_000, encoding: 'utf8' });
  return {
    code: r.status,
    signal: r.signal,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    timedOut: r.error !== undefined,
  };
}

/** A zombie still answers kill(pid, 0); it is dead for our purposes (its reaper may be slow or absent). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * Field 22 of /proc/PID/stat (start time in clock ticks since boot) tells a live owner from a
 * recycled PID, which a bare PID cannot.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19];
  } catch {
    return undefined;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

const POLL_MS = 10;

/** SIGTERM, wait up to graceMs, then SIGKILL and wait up to 1 s more. */
export async function terminatePids(pids: readonly number[], graceMs = 2000): Promise<void> {
  const live = (): number[] => pids.filter(isAlive);
  for (const pid of live()) signal(pid, 'SIGTERM');
  for (let i = 0; i < Math.ceil(graceMs / POLL_MS) && live().length > 0; i++) await sleep(POLL_MS);
  for (const pid of live()) signal(pid, 'SIGKILL');
  for (let i = 0; i < 100 && live().length > 0; i++) await sleep(POLL_MS);
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Like terminatePids, but waits for our own children through their 'exit' event so they are reaped. */
export async function terminateChildren(children: readonly ChildProcess[], graceMs = 2000): Promise<void> {
  const waitAll = (ms: number): Promise<void> =>
    Promise.race([
      Promise.all(
        children.map((c) => (exited(c) ? undefined : new Promise<void>((res) => c.once('exit', () => res())))),
      ).then(() => undefined),
      sleep(ms, undefined, { ref: false }),
    ]);
  for (const c of children) if (!exited(c)) c.kill('SIGTERM');
  await waitAll(graceMs);
  for (const c of children) if (!exited(c)) c.kill('SIGKILL');
  await waitAll(1000);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function terminatePidsSync(pids: readonly number[], graceMs = 1000): void {
  const live = (): number[] => pids.filter(isAlive);
  for (const pid of live()) signal(pid, 'SIGTERM');
  for (let i = 0; i < Math.ceil(graceMs / POLL_MS) && live().length > 0; i++) sleepSync(POLL_MS);
  for (const pid of live()) signal(pid, 'SIGKILL');
}

/** Polls check() until it returns a value other than undefined; bounded by timeoutMs. */
export async function pollUntil<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
  intervalMs = POLL_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const maxRounds = Math.ceil(timeoutMs / intervalMs) + 1;
  for (let i = 0; i < maxRounds; i++) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
