/**
 * Forwarding switches, per network namespace. `/proc/sys/net` shows the namespace of the reader, so
 * values are read and written with `sysctl` run inside the namespace rather than through our own /proc.
 * The values found before Corridor turned forwarding on are returned for the caller to keep (in the
 * store), so that removal restores the host as it was even after a daemon restart.
 */
import { exec, execChecked } from './exec.js';

export const IPV4_FORWARD = 'net.ipv4.ip_forward';
export const IPV6_FORWARD = 'net.ipv6.conf.all.forwarding';

const KEY_RE = /^[a-z0-9_]+(?:\.[a-z0-9_-]+)+$/;
const VALUE_RE = /^[0-9]{1,10}$/;

export interface SysctlOptions {
  namespace?: string | undefined;
}

/** The value, or undefined when the key does not exist here (IPv6 disabled, for one). */
export async function readSysctl(key: string, opts: SysctlOptions = {}): Promise<string | undefined> {
  if (!KEY_RE.test(key)) throw new Error(`not a sysctl key: ${JSON.stringify(key)}`);
  const r = await exec(['sysctl', '-n', key], { namespace: opts.namespace, timeoutMs: 10_000 });
  if (r.code !== 0) {
    if (/cannot stat|No such file/.test(r.stderr)) return undefined;
    throw new Error(`sysctl -n ${key} failed: ${r.stderr.trim()}`);
  }
  return r.stdout.trim();
}

export async function writeSysctl(key: string, value: string, opts: SysctlOptions = {}): Promise<void> {
  if (!KEY_RE.test(key)) throw new Error(`not a sysctl key: ${JSON.stringify(key)}`);
  if (!VALUE_RE.test(value)) throw new Error(`not a numeric sysctl value: ${JSON.stringify(value)}`);
  await execChecked(['sysctl', '-q', '-w', `${key}=${value}`], { namespace: opts.namespace, timeoutMs: 10_000 });
}

/** Values before Corridor changed them; undefined = key absent (nothing to restore). */
export interface ForwardingState {
  ipv4?: string | undefined;
  ipv6?: string | undefined;
}

export async function readForwarding(opts: SysctlOptions = {}): Promise<ForwardingState> {
  const [ipv4, ipv6] = await Promise.all([readSysctl(IPV4_FORWARD, opts), readSysctl(IPV6_FORWARD, opts)]);
  return { ipv4, ipv6 };
}

/** Turns forwarding on (IPv6 too when asked and present) and returns what was there before. */
export async function enableForwarding(opts: SysctlOptions & { ipv6?: boolean } = {}): Promise<ForwardingState> {
  const before = await readForwarding(opts);
  if (before.ipv4 !== '1') await writeSysctl(IPV4_FORWARD, '1', opts);
  if (opts.ipv6 && before.ipv6 !== undefined && before.ipv6 !== '1') await writeSysctl(IPV6_FORWARD, '1', opts);
  return before;
}

/** Puts back what enableForwarding() found. */
export async function restoreForwarding(previous: ForwardingState, opts: SysctlOptions = {}): Promise<void> {
  if (previous.ipv4 !== undefined) await writeSysctl(IPV4_FORWARD, previous.ipv4, opts);
  if (previous.ipv6 !== undefined && (await readSysctl(IPV6_FORWARD, opts)) !== previous.ipv6) {
    await writeSysctl(IPV6_FORWARD, previous.ipv6, opts);
  }
}
