import type { Signature } from '../types.js';
import { GENERIC } from './generic.js';
import { OPENVPN } from './openvpn.js';
import { PPPD } from './pppd.js';
import { STRONGSWAN } from './strongswan.js';
import { WINDOWS } from './windows.js';
import { WIREGUARD } from './wireguard.js';

/** All signatures, in evaluation order (within an engine, more specific rules come first). */
export const SIGNATURES: readonly Signature[] = [...STRONGSWAN, ...OPENVPN, ...WIREGUARD, ...PPPD, ...WINDOWS, ...GENERIC];
