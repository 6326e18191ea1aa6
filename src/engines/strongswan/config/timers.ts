/**
 * Lifetimes and liveness timers, in the units charon wants.
 *
 * Rekeying starts at the lifetime minus a 10 % margin, and the SA dies hard at the lifetime itself
 * (IKE: rekey_time + over_time = lifetime; CHILD: life_time = lifetime). rand_time = the margin, which is
 * charon's own ratio (rand_time defaults to over_time): each side picks its rekey moment at random inside
 * [lifetime - 2 margin, lifetime - margin], so two ends with the same settings rarely rekey at the same
 * instant, which is where rekey collisions come from.
 */
import type { SiteConnection } from '../../../core/model/site.js';

export const REKEY_MARGIN = 0.1;

export interface LifetimeTimers {
  rekey: number;
  over: number;
  rand: number;
}

export function lifetimeTimers(lifetime: number): LifetimeTimers {
  const margin = Math.max(1, Math.round(lifetime * REKEY_MARGIN));
  const rekey = Math.max(1, lifetime - margin);
  return { rekey, over: lifetime - rekey, rand: Math.min(margin, Math.max(0, rekey - 1)) };
}

export const secs = (n: number): string => `${n}s`;

/** Seconds between DPD probes per preset; 0 turns DPD off. */
export const DPD_DELAY = { fast: 2, standard: 30, off: 0 } as const;

export function dpdDelay(site: Pick<SiteConnection, 'dpd'>): number {
  if (site.dpd.preset === 'off') return 0;
  return site.dpd.delay ?? DPD_DELAY[site.dpd.preset];
}

/**
 * charon's retransmit settings (global, strongswan.conf `charon { ... }`) that make the fast preset declare
 * a dead peer within 10 s: next DPD slot (0-2 s) + 1 + 1.4 + 1.96 s of retransmits. With charon's defaults
 * (5 tries, 4 s, base 1.8) the same cut takes about 166 s (measured, engines-lab.md 4.7).
 */
export const FAST_RETRANSMIT = { retransmit_tries: '2', retransmit_timeout: '1.0', retransmit_base: '1.4' } as const;

/**
 * Which end restarts after DPD declares the peer dead: the initiating end restarts, a respond-only end
 * clears. With restart on both ends, a simultaneous restart leaves two IKE_SAs and two CHILD_SAs that both
 * persist (measured, engines-lab.md 4.7). The model's dpd.action is honoured on the initiating side only.
 */
export function dpdAction(site: Pick<SiteConnection, 'initiate' | 'dpd'>): 'restart' | 'clear' {
  return site.initiate ? site.dpd.action : 'clear';
}
