import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, processStartTime, run, terminatePids } from './proc.js';

/**
 * One JSON file per live lab. Written before the first namespace exists, so every namespace a lab
 * ever created has an owner on record, even after a SIGKILL.
 */
export const STATE_DIR = '/run/corridor-lab';

/** 'cl' + 4 base-36 characters: short, because interface names are limited to 15 characters. */
export const PREFIX_RE = /^cl[0-9a-z]{4}$/;

export interface LabState {
  prefix: string;
  pid: number;
  /** /proc start time of pid, so a recycled PID is not mistaken for the owner. */
  pidStart: string;
  createdAt: string;
  namespaces: string[];
}

export function statePath(prefix: string): string {
  return join(STATE_DIR, `${prefix}.json`);
}

export async function listNetns(): Promise<string[]> {
  const res = await run(['ip', 'netns', 'list'], { check: true });
  return res.stdout
    .split('\n')
    .map((l) => l.trim().split(' ')[0] ?? '')
    .filter((n) => n !== '');
}

function randomPrefix(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  return 'cl' + [...randomBytes(4)].map((b) => alphabet[b % 36]).join('');
}

/** Claims a prefix no other lab holds: O_EXCL on the state file, and no namespace already using it. */
export async function reservePrefix(): Promise<LabState> {
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  const existing = await listNetns();
  for (let attempt = 0; attempt < 20; attempt++) {
    const prefix = randomPrefix();
    if (existing.some((n) => n.startsWith(`${prefix}-`))) continue;
    const state: LabState = {
      prefix,
      pid: process.pid,
      pidStart: processStartTime(process.pid) ?? '',
      createdAt: new Date().toISOString(),
      namespaces: [],
    };
    try {
      writeFileSync(statePath(prefix), JSON.stringify(state), { flag: 'wx', mode: 0o600 });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    return state;
  }
  throw new Error('could not find a free lab prefix in 20 attempts');
}

export function saveState(state: LabState): void {
  const tmp = `${statePath(state.prefix)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 });
  renameSync(tmp, statePath(state.prefix));
}

export function removeState(prefix: string): void {
  rmSync(statePath(prefix), { force: true });
}

export function readStates(): LabState[] {
  let files: string[];
  try {
    files = readdirSync(STATE_DIR);
  } catch {
    return [];
  }
  const states: LabState[] = [];
  for (const f of files) {
    if (!f.endsWith('.json')) continue;
    try {
      const s = JSON.parse(readFileSync(join(STATE_DIR, f), 'utf8')) as LabState;
      // An empty or half-written file belongs to a lab being created right now: leave it alone.
      if (PREFIX_RE.test(s.prefix) && `${s.prefix}.json` === f && Number.isInteger(s.pid)) states.push(s);
    } catch {
      continue;
    }
  }
  return states;
}

export function ownerAlive(state: LabState): boolean {
  if (!isAlive(state.pid)) return false;
  return state.pidStart === '' || processStartTime(state.pid) === state.pidStart;
}

export async function netnsPids(ns: string): Promise<number[]> {
  const res = await run(['ip', 'netns', 'pids', ns]);
  if (res.code !== 0) return [];
  return res.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 0 && n !== process.pid);
}

/** Kills what still runs inside the namespaces, then deletes them; returns what is still there. */
export async function destroyNamespaces(namespaces: readonly string[]): Promise<string[]> {
  const present = new Set(await listNetns());
  const targets = namespaces.filter((n) => present.has(n));
  if (targets.length === 0) return [];
  const pids = (await Promise.all(targets.map(netnsPids))).flat();
  await terminatePids(pids);
  await run(['ip', '-force', '-batch', '-'], { input: targets.map((n) => `netns del ${n}`).join('\n') + '\n' });
  const after = new Set(await listNetns());
  return targets.filter((n) => after.has(n));
}

/**
 * Removes the namespaces (and the processes in them) of every lab whose creating process is gone,
 * e.g. after a SIGKILL or a crash, then its state file. Returns the namespaces removed.
 */
export async function sweepStale(): Promise<string[]> {
  const removed: string[] = [];
  const all = await listNetns();
  for (const state of readStates()) {
    if (ownerAlive(state)) continue;
    const namespaces = [...new Set([...state.namespaces, ...all.filter((n) => n.startsWith(`${state.prefix}-`))])];
    const left = await destroyNamespaces(namespaces);
    const gone = namespaces.filter((n) => all.includes(n) && !left.includes(n));
    removed.push(...gone);
    if (left.length === 0) removeState(state.prefix);
  }
  return removed;
}
