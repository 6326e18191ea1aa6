/**
 * The effective configuration of a site: its stored spec with every field the user left unset taken from
 * the peer vendor's preset, then from Corridor's defaults. The one resolver behind the renderer (the
 * controller), the exports, the doctor's mirror check, the engine validation at the API and the API's
 * `effective` view, so what the API shows is what charon gets.
 *
 * Resolving at use rather than copying the preset into the stored spec at creation means a corrected
 * preset reaches every site that did not override the field, and a site moved to a peer of another
 * vendor takes that vendor's defaults.
 */
import type { PeerVendor } from '../../../core/model/peer.js';
import type { SiteConnection, SiteSpec } from '../../../core/model/site.js';
import { PRESETS } from './presets.js';
import { DPD_DELAY } from './timers.js';

/** Where an effective value came from. */
export type ValueSource = 'user' | 'preset' | 'default';

export interface EffectiveValue<T = unknown> {
  value: T;
  source: ValueSource;
}

/** The vendor-decided fields, by their API path. */
export const EFFECTIVE_FIELDS = [
  'ikeVersion', 'ike.proposals', 'ike.lifetime', 'esp.proposals', 'esp.lifetime', 'childPerSubnetPair',
  'dpd.preset', 'dpd.delay', 'dpd.action',
] as const;
export type EffectiveField = (typeof EFFECTIVE_FIELDS)[number];

export type EffectiveView = Record<EffectiveField, EffectiveValue>;

/**
 * Corridor's own choices where neither the user nor the peer's vendor decides: AEAD with ECDH first and
 * a CBC/MODP suite after it, one CHILD_SA for all subnets (IKEv2 carries several selectors per SA), and
 * the fast DPD preset, which declares a dead peer within 10 s (timers.ts).
 */
export const CORRIDOR_DEFAULTS = {
  ikeVersion: 2 as 1 | 2,
  ike: { proposals: ['aes256gcm16-prfsha256-ecp256', 'aes256-sha256-modp2048'], lifetime: 14400 },
  esp: { proposals: ['aes256gcm16-ecp256', 'aes256-sha256-modp2048'], lifetime: 3600 },
  childPerSubnetPair: false,
  dpd: { preset: 'fast' as const, action: 'restart' as const },
};

function pick<T>(user: T | undefined, preset: T | undefined, fallback: T): EffectiveValue<T> {
  if (user !== undefined) return { value: user, source: 'user' };
  if (preset !== undefined) return { value: preset, source: 'preset' };
  return { value: fallback, source: 'default' };
}

export interface ResolvedSite {
  site: SiteConnection;
  effective: EffectiveView;
}

export function resolveSite(spec: SiteSpec, vendor: PeerVendor): ResolvedSite {
  const p = PRESETS[vendor].site;
  const d = CORRIDOR_DEFAULTS;
  const ikeVersion = pick(spec.ikeVersion, p.ikeVersion, d.ikeVersion);
  const ikeProposals = pick(spec.ike?.proposals, p.ike?.proposals, d.ike.proposals);
  const ikeLifetime = pick(spec.ike?.lifetime, p.ike?.lifetime, d.ike.lifetime);
  const espProposals = pick(spec.esp?.proposals, p.esp?.proposals, d.esp.proposals);
  const espLifetime = pick(spec.esp?.lifetime, p.esp?.lifetime, d.esp.lifetime);
  const childPerSubnetPair = pick(spec.childPerSubnetPair, p.childPerSubnetPair, d.childPerSubnetPair);
  // presets never carry DPD: it is the user's or Corridor's
  const dpdPreset = pick(spec.dpd?.preset, undefined, d.dpd.preset);
  const dpdAction = pick(spec.dpd?.action, undefined, d.dpd.action);
  const dpdDelay = pick(spec.dpd?.delay, undefined, DPD_DELAY[dpdPreset.value]);

  const { ike: _ike, esp: _esp, dpd: _dpd, ikeVersion: _v, childPerSubnetPair: _c, ...rest } = spec;
  const site: SiteConnection = {
    ...rest,
    ikeVersion: ikeVersion.value,
    ike: { proposals: [...ikeProposals.value], lifetime: ikeLifetime.value },
    esp: { proposals: [...espProposals.value], lifetime: espLifetime.value },
    childPerSubnetPair: childPerSubnetPair.value,
    dpd: { preset: dpdPreset.value, action: dpdAction.value, ...(spec.dpd?.delay !== undefined ? { delay: spec.dpd.delay } : {}) },
  };
  return {
    site,
    effective: {
      ikeVersion, 'ike.proposals': ikeProposals, 'ike.lifetime': ikeLifetime, 'esp.proposals': espProposals,
      'esp.lifetime': espLifetime, childPerSubnetPair, 'dpd.preset': dpdPreset,
      'dpd.delay': dpdPreset.value === 'off' ? { value: 0, source: dpdPreset.source } : dpdDelay,
      'dpd.action': dpdAction,
    },
  };
}

/** The effective site alone, for the engine and the exports. */
export function effectiveSite(spec: SiteSpec, vendor: PeerVendor): SiteConnection {
  return resolveSite(spec, vendor).site;
}
