import { ipFamily } from '../../core/ip.js';

const DNS_RE = /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?$/;

/**
 * Probe targets go into argv, never a shell; still, an IP address or DNS name is all they may be, so a
 * value like "-f" can never be read as an option.
 */
export function probeTarget(target: string): string {
  if (ipFamily(target) !== undefined || DNS_RE.test(target)) return target;
  throw new Error(`not an IP address or DNS name: ${JSON.stringify(target)}`);
}

export function checkInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer ${min}-${max}: ${value}`);
  return value;
}
