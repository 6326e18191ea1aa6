/**
 * How an OpenVPN server's subnet pool is shared: the network address, the server's own first address and
 * the broadcast address are reserved; the lower half is for users' static addresses, the upper half is
 * OpenVPN's dynamic pool (`ifconfig-pool`). Keeping them apart means a dynamic client can never hold the
 * address a static user is entitled to.
 */
import { addressCount, cidrContains, ipToBigInt, nthAddress, parseCidr } from '../ip.js';

export interface PoolLayout {
  server: string;
  staticFirst: string;
  staticLast: string;
  dynamicFirst: string;
  dynamicLast: string;
}

/** For an IPv4 pool of /29 or larger. */
export function poolLayout(pool: string): PoolLayout {
  const c = parseCidr(pool);
  const count = Number(addressCount(c));
  const half = count / 2;
  return {
    server: nthAddress(c, 1),
    staticFirst: nthAddress(c, 2),
    staticLast: nthAddress(c, half - 1),
    dynamicFirst: nthAddress(c, half),
    dynamicLast: nthAddress(c, count - 2),
  };
}

/** Whether `ip` may be a user's static address in this pool. */
export function isStaticHost(pool: string, ip: string): boolean {
  const c = parseCidr(pool);
  if (c.family !== 4 || c.prefix > 29 || !cidrContains(c, ip)) return false;
  const l = poolLayout(pool);
  const v = ipToBigInt(ip).value;
  return v >= ipToBigInt(l.staticFirst).value && v <= ipToBigInt(l.staticLast).value;
}
