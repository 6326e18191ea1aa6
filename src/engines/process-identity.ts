/**
 * Identifies a process across daemon restarts: a PID alone can be reused, PID + start time (in clock
 * ticks since boot, /proc/<pid>/stat field 22) cannot.
 */
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  startTicks: number;
}

interface StatFields {
  state: string;
  startTicks: number;
}

function readStat(pid: number): StatFields | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may contain spaces and parentheses: parse after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '?', startTicks: Number(rest[19]) };
  } catch {
    return undefined;
  }
}

export function identify(pid: number): ProcessIdentity | undefined {
  const s = readStat(pid);
  return s ? { pid, startTicks: s.startTicks } : undefined;
}

/** Alive and the same process; a zombie counts as dead (nobody may reap an adopted engine's corpse). */
export function isSameProcessAlive(id: ProcessIdentity): boolean {
  const s = readStat(id.pid);
  return !!s && s.state !== 'Z' && s.state !== 'X' && s.startTicks === id.startTicks;
}
