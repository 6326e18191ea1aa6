/** The mirror check: a site connection against its peer's configuration, before anything is deployed. */
import type { Gateway, Peer, SiteConnection } from '../../../core/model/index.js';
import type { Lang } from '../../catalog/index.js';
import type { Report } from '../../logs/index.js';
import { compareEnds } from './compare.js';
import { fromCorridorSite } from './end-config.js';
import type { EndConfig } from './end-config.js';
import { parseIpsecConf } from './ipsec-conf.js';
import { fromParams } from './params.js';
import { parseSwanctlConf } from './swanctl-conf.js';

export { compareEnds, LIFETIME_RATIO } from './compare.js';
export { fromCorridorSite, pskFingerprint, PSK_FINGERPRINT_KEY } from './end-config.js';
export type { DpdAction, EndConfig, EndField } from './end-config.js';
export { parseIpsecConf } from './ipsec-conf.js';
export { fromParams, peerParamsSchema } from './params.js';
export type { PeerParams } from './params.js';
export { parseSwanctlConf } from './swanctl-conf.js';
export { SettingsSyntaxError } from './settings-syntax.js';

export interface OurSite {
  site: SiteConnection;
  peer: Peer;
  gateway: Gateway;
  /** our PSK, read from the store; only its fingerprint is used */
  psk?: string;
}

/** The peer's side as given: another Corridor gateway's site, an uploaded file, or typed-in parameters. */
export type PeerSide =
  | { format: 'corridor'; site: SiteConnection; peer: Peer; gateway: Gateway; psk?: string }
  | { format: 'swanctl' | 'ipsec'; text: string; file?: string }
  | { format: 'params'; params: unknown };

export function peerEnd(ours: OurSite, side: PeerSide): EndConfig {
  const hints = { name: ours.site.name, localSubnets: ours.site.localSubnets };
  switch (side.format) {
    case 'corridor':
      return fromCorridorSite(side.site, side.peer, side.gateway, { label: `peer site ${side.site.name}`, ...(side.psk !== undefined ? { psk: side.psk } : {}) });
    case 'swanctl':
      return parseSwanctlConf(side.text, side.file ?? 'swanctl.conf', hints).config;
    case 'ipsec':
      return parseIpsecConf(side.text, side.file ?? 'ipsec.conf', hints).config;
    case 'params':
      return fromParams(side.params);
  }
}

export function mirrorCheck(ours: OurSite, side: PeerSide, lang: Lang): Report {
  const mine = fromCorridorSite(ours.site, ours.peer, ours.gateway, ours.psk !== undefined ? { psk: ours.psk } : {});
  return { findings: compareEnds(mine, peerEnd(ours, side), lang) };
}
