import { LabAddressError } from './errors.js';

/**
 * The lab only ever uses 198.18.0.0/15 (RFC 2544 benchmarking space) so that no test can
 * send a packet to a real network, whatever routes the machine has.
 */
const LAB_NET = 0xc6120000; // 198.18.0.0
const LAB_MASK = 0xfffe0000; // /15

export interface Cidr {
  /** The address as written, without the prefix length. */
  readonly ip: string;
  readonly prefix: number;
  /** Numeric value of ip, unsigned. */
  readonly value: number;
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => String((value >>> shift) & 0xff)).join('.');
}

function inLabRange(value: number): boolean {
  return ((value & LAB_MASK) >>> 0) === LAB_NET;
}

/** A single address (no prefix) inside 198.18.0.0/15; returns it unchanged. */
export function labAddress(text: string): string {
  const value = parseIpv4(text);
  if (value === undefined) throw new LabAddressError(`not an IPv4 address: ${JSON.stringify(text)}`);
  if (!inLabRange(value)) throw new LabAddressError(`${text} is outside 198.18.0.0/15, the only range the lab may use`);
  return text;
}

/**
 * An interface address or network with prefix ('198.18.5.1/24'). The whole network must lie
 * inside 198.18.0.0/15: a /8 around a lab address would still route real destinations.
 */
export function labCidr(text: string): Cidr {
  const match = /^([0-9.]+)\/([0-9]{1,2})$/.exec(text);
  if (!match) throw new LabAddressError(`not an IPv4 CIDR (a.b.c.d/len): ${JSON.stringify(text)}`);
  const ip = match[1] ?? '';
  const prefix = Number(match[2]);
  const value = parseIpv4(ip);
  if (value === undefined) throw new LabAddressError(`not an IPv4 address: ${JSON.stringify(text)}`);
  if (prefix > 32) throw new LabAddressError(`prefix length out of range: ${text}`);
  if (prefix < 15 || !inLabRange(value)) {
    throw new LabAddressError(`${text} is not inside 198.18.0.0/15, the only range the lab may use`);
  }
  return { ip, prefix, value };
}

/** A route destination: 'default' (never leaves the lab, whose namespaces have no uplink) or a lab CIDR/address. */
export function labDestination(text: string): string {
  if (text === 'default') return text;
  if (text.includes('/')) {
    labCidr(text);
    return text;
  }
  return labAddress(text);
}

export function networkOf(cidr: Cidr): number {
  const mask = cidr.prefix === 0 ? 0 : (0xffffffff << (32 - cidr.prefix)) >>> 0;
  return (cidr.value & mask) >>> 0;
}

/** The n-th address of cidr's network, as 'a.b.c.d/len'; throws when the network is too small. */
export function nthHost(cidr: Cidr, n: number): string {
  const size = 2 ** (32 - cidr.prefix);
  if (n <= 0 || n >= size - 1) {
    throw new LabAddressError(`${cidr.ip}/${cidr.prefix} has no host number ${n}`);
  }
  return `${formatIpv4(networkOf(cidr) + n)}/${cidr.prefix}`;
}

/** Strips the prefix length: '198.18.5.1/24' → '198.18.5.1'. */
export function bareIp(cidrText: string): string {
  return cidrText.split('/')[0] ?? cidrText;
}
