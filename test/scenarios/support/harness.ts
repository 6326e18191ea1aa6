/**
 * What every scenario does around its engines: wait (bounded) for the line that shows the failure,
 * keep the captured logs as fixtures when asked to, stop processes it started, and judge the doctor.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { diagnoseLogs } from '../../../src/doctor/logs/index.js';
import type { Finding } from '../../../src/doctor/logs/index.js';
import type { Expectation } from './expectations.js';

export const CAPTURED_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'logs', 'captured');

const POLL_MS = 100;

/** Polls until `check` returns a value; rejects after `timeoutMs` with what was awaited. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const rounds = Math.ceil(timeoutMs / POLL_MS);
  for (let i = 0; i < rounds; i++) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Waits until the log at `path` has a line matching `re` (the failure has shown). */
export async function waitForLine(path: string, re: RegExp, timeoutMs = 20_000): Promise<void> {
  await waitFor(`${re} in ${path}`, () => (re.test(readLog(path)) ? true : undefined), timeoutMs);
}

/** SIGTERM by PID, SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess | undefined, graceMs = 3000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Logs of one run, by end name (`initiator`, `responder`, `client`, `server`, `a`, `b`). */
export type Logs = Record<string, string>;

/** With CORRIDOR_CAPTURE_FIXTURES=1, copies each end's log to captured/<scenario>/<end>.log. */
export function capture(scenario: string, logs: Logs): void {
  if (process.env['CORRIDOR_CAPTURE_FIXTURES'] !== '1') return;
  const dir = join(CAPTURED_DIR, scenario);
  mkdirSync(dir, { recursive: true });
  for (const [end, path] of Object.entries(logs)) if (existsSync(path)) copyFileSync(path, join(dir, `${end}.log`));
}

export async function diagnose(paths: string[]): Promise<Finding[]> {
  return (await diagnoseLogs(paths.map((path) => ({ path })), { lang: 'en' })).findings;
}

function summary(findings: Finding[]): string {
  return findings.slice(0, 5).map((f) => `${f.code} (${f.confidence.toFixed(2)})`).join(', ') || 'no findings';
}

/**
 * Asserts what the doctor says about a scenario's logs: the top code from both ends, and for each
 * one-end case that the expected code is among the first `within` candidates with at least
 * `minConfidence`. `logs` maps end names to files (live run or committed capture).
 */
export async function assertDiagnosis(exp: Expectation, logs: Logs): Promise<void> {
  const both = await diagnose(Object.values(logs));
  if (exp.both === null) {
    const errors = both.filter((f) => f.severity === 'error');
    assert.deepEqual(errors.map((f) => f.code), [], `${exp.name}: no fault expected, got ${summary(both)}`);
  } else {
    assert.equal(both[0]?.code, exp.both, `${exp.name} (both ends): got ${summary(both)}`);
    assert.ok((both[0]?.evidence.length ?? 0) > 0, `${exp.name}: top finding has evidence`);
  }
  for (const [end, one] of Object.entries(exp.oneEnd ?? {})) {
    const path = logs[end];
    assert.ok(path, `${exp.name}: no ${end} log`);
    const findings = await diagnose([path]);
    const rank = findings.findIndex((f) => f.code === one.code);
    const within = one.within ?? 1;
    assert.ok(rank >= 0 && rank < within, `${exp.name} (${end} only): ${one.code} not in top ${within}: ${summary(findings)}`);
    assert.ok(findings[rank]!.confidence >= (one.minConfidence ?? 0.3),
      `${exp.name} (${end} only): ${one.code} confidence ${findings[rank]!.confidence} too low`);
  }
}

/** One engine process of one end: a fresh directory per scenario and a stop by PID. */
export abstract class EngineEnd {
  protected child: ChildProcess | undefined;
  dir = '';

  constructor(
    protected readonly root: string,
    readonly end: string,
  ) {}

  /** Empties and returns this end's directory for `scenario` (0700: keys and credentials live there). */
  prepare(scenario: string): string {
    this.dir = join(this.root, scenario, this.end);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return this.dir;
  }

  async stop(): Promise<void> {
    await stopProcess(this.child);
    this.child = undefined;
  }
}
