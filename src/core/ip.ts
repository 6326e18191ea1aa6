/**
 * IPv4/IPv6 addresses and CIDR prefixes as numbers, so that normalising and overlap tests are exact
 * (string comparisons of CIDRs are how pools end up overlapping LANs in hand-written configs).
 */
import { isIPv4, isIPv6 } from 'node:net';

export type Family = 4 | 6;

export interface Cidr {
  family: Family;
  /** network address with host bits cleared */
  network: bigint;
  prefix: number;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

export function ipFamily(text: string): Family | undefined {
  if (isIPv4(text)) return 4;
  if (isIPv6(text)) return 6;
  return undefined;
}

export function ipToBigInt(text: string): { family: Family; value: bigint } {
  const family = ipFamily(text);
  if (family === 4) {
    const value = text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
    return { family, value };
  }
  if (family === 6) {
    let t = text;
    // an embedded IPv4 tail (::ffff:198.18.0.1) becomes two hextets
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
    if (v4?.[1]) {
      const n = ipToBigInt(v4[1]).value;
      t = t.slice(0, -v4[1].length) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head = '', tail] = t.split('::') as [string, string | undefined];
    const headParts = head ? head.split(':') : [];
    const tailParts = tail ? tail.split(':') : [];
    const missing = 8 - headParts.length - tailParts.length;
    const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
    const value = parts.reduce((acc, h) => (acc << 16n) | BigInt(parseInt(h || '0', 16)), 0n);
    return { family, value };
  }
  throw new Error(`not an IP address: ${JSON.stringify(text)}`);
}

export function bigIntToIp(value: bigint, family: Family): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 0xffn).toString()).join('.');
  }
  const hextets: string[] = [];
  for (let i = 7; i >= 0; i--) hextets.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // RFC 5952: compress the longest run of zero hextets (length >= 2)
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (hextets[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && hextets[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestStart < 0) return hextets.join(':');
  return `${hextets.slice(0, bestStart).join(':')}::${hextets.slice(bestStart + bestLen).join(':')}`;
}

export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const { family, value } = ipToBigInt(addr);
  const bits = BITS[family];
  const prefixText = slash < 0 ? String(bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) throw new Error(`bad prefix length in ${JSON.stringify(text)}`);
  const prefix = Number(prefixText);
  if (prefix > bits) throw new Error(`prefix /${prefix} too long for IPv${family}`);
  return { family, network: value & maskOf(family, prefix), prefix };
}

export function isCidr(text: string): boolean {
  try { parseCidr(text); return true; } catch { return false; }
}

function maskOf(family: Family, prefix: number): bigint {
  const bits = BigInt(BITS[family]);
  const all = (1n << bits) - 1n;
  return prefix === 0 ? 0n : (all << (bits - BigInt(prefix))) & all;
}

export function formatCidr(c: Cidr): string {
  return `${bigIntToIp(c.network, c.family)}/${c.prefix}`;
}

/** "198.18.1.7/24" -> "198.18.1.0/24"; a bare address gets its host prefix. */
export function normaliseCidr(text: string): string {
  return formatCidr(parseCidr(text));
}

export function cidrsOverlap(a: string | Cidr, b: string | Cidr): boolean {
  const x = typeof a === 'string' ? parseCidr(a) : a;
  const y = typeof b === 'string' ? parseCidr(b) : b;
  if (x.family !== y.family) return false;
  const p = Math.min(x.prefix, y.prefix);
  const m = maskOf(x.family, p);
  return (x.network & m) === (y.network & m);
}

export function cidrContains(outer: string | Cidr, ip: string): boolean {
  const c = typeof outer === 'string' ? parseCidr(outer) : outer;
  const { family, value } = ipToBigInt(ip);
  return family === c.family && (value & maskOf(family, c.prefix)) === c.network;
}

/** Dotted netmask of an IPv4 prefix, as OpenVPN wants it. */
export function netmaskOf(prefix: number): string {
  return bigIntToIp(maskOf(4, prefix), 4);
}

/** The n-th address of a prefix (0 = network address). */
export function nthAddress(cidr: string | Cidr, n: number): string {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  return bigIntToIp(c.network + BigInt(n), c.family);
}

export function addressCount(cidr: string | Cidr): bigint {
  const c = typeof cidr === 'string' ? parseCidr(cidr) : cidr;
  return 1n << BigInt(BITS[c.family] - c.prefix);
}
