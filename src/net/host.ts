/**
 * Facts about the host the doctor checks: who listens where, a stale pptpd, the clock, and which engine
 * programs are installed in which version.
 */
import { constants } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { exec } from './exec.js';
import type { ExecOptions, ExecResult } from './exec.js';

export interface ListenerProcess {
  name: string;
  pid: number;
}

export interface Listener {
  proto: 'tcp' | 'udp';
  /** bound address without brackets ("0.0.0.0", "::", "198.18.0.1"); "*" for any */
  address: string;
  port: number;
  /** "%eth0" binding, when the socket is bound to a device */
  device?: string;
  processes: ListenerProcess[];
}

/** Parses `ss -H -lnptu` (netid column first); lines of other shapes are skipped. */
export function parseSsListeners(output: string): Listener[] {
  const listeners: Listener[] = [];
  for (const line of output.split('\n')) {
    const f = line.trim().split(/\s+/);
    const [netid, , , , local] = f;
    if ((netid !== 'tcp' && netid !== 'udp') || local === undefined) continue;
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port)) continue;
    let address = local.slice(0, colon);
    let device: string | undefined;
    const pct = address.indexOf('%');
    if (pct >= 0) {
      device = address.slice(pct + 1);
      address = address.slice(0, pct);
    }
    address = address.replace(/^\[(.*)\]$/, '$1');
    const processes = [...line.matchAll(/\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=\d+\)/g)].map((m) => ({ name: m[1] ?? '', pid: Number(m[2]) }));
    listeners.push({ proto: netid, address, port, ...(device ? { device } : {}), processes });
  }
  return listeners;
}

/** TCP and UDP sockets listening (or bound, for UDP) in a namespace, with their processes. */
export async function listeners(opts: { namespace?: string | undefined } = {}): Promise<Listener[]> {
  const r = await exec(['ss', '-H', '-l', '-n', '-p', '-t', '-u'], { namespace: opts.namespace, timeoutMs: 10_000 });
  if (r.code !== 0) throw new Error(`ss failed: ${r.stderr.trim()}`);
  return parseSsListeners(r.stdout);
}

/** Processes by command name (from /proc/PID/comm), across every network namespace. */
export async function processesNamed(name: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const comm = await readFile(`/proc/${entry}/comm`, 'utf8').catch(() => undefined);
    if (comm?.trim() === name) pids.push(Number(entry));
  }
  return pids;
}

/** A running pptpd: Corridor never serves PPTP, so one found here is a leftover to migrate away from. */
export async function pptpdPids(): Promise<number[]> {
  return processesNamed('pptpd');
}

export type NtpState = 'synchronized' | 'unsynchronized' | 'unknown';

export interface ClockFacts {
  systemTime: string;
  /** system time minus RTC time, seconds; undefined when no RTC is readable */
  rtcOffsetSeconds?: number;
  ntp: NtpState;
  /** where the NTP answer came from, or why it is unknown */
  ntpEvidence: string;
}

export async function clockFacts(rtcPath = '/sys/class/rtc/rtc0/since_epoch'): Promise<ClockFacts> {
  const now = Date.now();
  const facts: ClockFacts = { systemTime: new Date(now).toISOString(), ntp: 'unknown', ntpEvidence: '' };
  const rtc = await readFile(rtcPath, 'utf8').catch(() => undefined);
  // the RTC counts whole seconds, so an offset below a second is noise
  if (rtc !== undefined && /^\d+\s*$/.test(rtc)) facts.rtcOffsetSeconds = Math.round(now / 1000 - Number(rtc));
  const r = await exec(['timedatectl', 'show'], { timeoutMs: 10_000 }).catch((e: Error) => ({ code: 127, stdout: '', stderr: e.message }));
  const synced = /^NTPSynchronized=(yes|no)$/m.exec(r.stdout)?.[1];
  if (r.code === 0 && synced) {
    facts.ntp = synced === 'yes' ? 'synchronized' : 'unsynchronized';
    facts.ntpEvidence = `timedatectl show: NTPSynchronized=${synced}`;
  } else {
    facts.ntpEvidence = `timedatectl show: ${(r.stderr || r.stdout).trim().split('\n')[0] || 'no NTPSynchronized'}`;
  }
  return facts;
}

export type EngineProgram = 'openvpn' | 'charon-systemd' | 'swanctl' | 'wireguard-go' | 'wg' | 'nft';

export interface ProgramFacts {
  installed: boolean;
  path?: string;
  version?: string;
  /** the first line the version came from */
  evidence?: string;
}

const SBIN = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export async function findProgram(name: string): Promise<string | undefined> {
  const dirs = [...new Set([...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SBIN])];
  for (const dir of dirs) {
    const path = join(dir, name);
    if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
  }
  return undefined;
}

/**
 * How each program tells its version. charon-systemd has no version flag and `swanctl --version` asks
 * the running daemon over VICI, so strongSwan's comes from the package database when there is one.
 */
const VERSION_OF: Record<EngineProgram, { argv: (path: string) => string[]; re: RegExp }> = {
  openvpn: { argv: (p) => [p, '--version'], re: /^OpenVPN (\d+\.\d+\.\d+)/m },
  'charon-systemd': { argv: () => ['dpkg-query', '-W', '-f=${Version}\\n', 'charon-systemd'], re: /^(\d+\.\d+\.\d+)/m },
  swanctl: { argv: () => ['dpkg-query', '-W', '-f=${Version}\\n', 'strongswan-swanctl'], re: /^(\d+\.\d+\.\d+)/m },
  'wireguard-go': { argv: (p) => [p, '--version'], re: /^wireguard-go v?([\w.]+)/m },
  wg: { argv: (p) => [p, '--version'], re: /^wireguard-tools v?([\w.]+)/m },
  nft: { argv: (p) => [p, '--version'], re: /^nftables v?([\w.]+)/m },
};

/** How program facts are read from the host; tests answer for it to check both outcomes. */
export interface ProgramProbes {
  findProgram(name: string): Promise<string | undefined>;
  exec(argv: readonly string[], opts: ExecOptions): Promise<ExecResult>;
}

export const HOST_PROGRAM_PROBES: ProgramProbes = { findProgram, exec };

export async function programFacts(name: EngineProgram, probes: ProgramProbes = HOST_PROGRAM_PROBES): Promise<ProgramFacts> {
  const path = await probes.findProgram(name);
  if (!path) return { installed: false };
  const how = VERSION_OF[name];
  const r = await probes.exec(how.argv(path), { timeoutMs: 10_000 }).catch(() => undefined);
  const out = r ? `${r.stdout}\n${r.stderr}` : '';
  const m = how.re.exec(out);
  const line = m ? (out.slice(m.index).split('\n')[0] ?? '') : '';
  return { installed: true, path, ...(m?.[1] ? { version: m[1], evidence: `${how.argv(path).join(' ')}: ${line}` } : {}) };
}

export async function engineFacts(probes: ProgramProbes = HOST_PROGRAM_PROBES): Promise<Record<EngineProgram, ProgramFacts>> {
  const names = Object.keys(VERSION_OF) as EngineProgram[];
  const facts = await Promise.all(names.map((n) => programFacts(n, probes)));
  return Object.fromEntries(names.map((n, i) => [n, facts[i]])) as Record<EngineProgram, ProgramFacts>;
}
