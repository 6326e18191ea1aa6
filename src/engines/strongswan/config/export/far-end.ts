/**
 * The far end's parameters, read once from the mirrored site: what the parameter sheet lists and the
 * vendor snippets type in. Everything here is from the peer's point of view.
 */
import type { Gateway } from '../../../../core/model/gateway.js';
import type { Peer } from '../../../../core/model/peer.js';
import type { SiteConnection } from '../../../../core/model/site.js';
import { childSpecs, type ChildSpec } from '../connection.js';
import { identityType, localIdentity, remoteIdentity, type IdentityType } from '../identity.js';
import { mirrorSite } from '../mirror.js';
import { dpdAction, dpdDelay } from '../timers.js';
import { translateProposal, type SheetVendor, type VendorProposal } from './vendor-names.js';
import type { SheetLang } from './sheet-text.js';

export interface FarEndParams {
  siteName: string;
  /** what the peer dials: our WAN addresses or DNS names */
  remoteGateways: string[];
  /** the peer's own addresses */
  localAddresses: string[];
  localId: string | undefined;
  localIdType: IdentityType | undefined;
  remoteId: string | undefined;
  remoteIdType: IdentityType | undefined;
  auth: 'psk' | 'cert';
  ikeVersion: 1 | 2;
  ike: VendorProposal[];
  esp: VendorProposal[];
  ikeLifetime: number;
  espLifetime: number;
  localSubnets: string[];
  remoteSubnets: string[];
  /** the CHILD_SAs (or phase 2 entries / ACL rules) the peer should have: exactly the SAs our site negotiates */
  children: ChildSpec[];
  /** the DPD interval the device is set to: ours, raised to the device's shortest one (0 = off) */
  dpdDelay: number;
  /** our own probing interval, which decides how fast Corridor declares the peer dead */
  corridorDpdDelay: number;
  dpdAction: 'restart' | 'clear';
  initiates: boolean;
}

/**
 * The shortest DPD interval each device family takes: Huawei `dpd idle-time` and Cisco `dpd` start at 10 s,
 * FortiGate's `dpd-retryinterval` at 1 s. The sheet row and the snippet both use the raised value, so they
 * cannot disagree; Corridor's own probing (and its 10 s detection) does not depend on it.
 */
export const DEVICE_DPD_MIN: Record<SheetVendor, number> = { huawei: 10, cisco: 10, fortigate: 1, generic: 1 };

export function farEndParams(
  site: SiteConnection,
  peer: Peer,
  gateway: Gateway,
  vendor: SheetVendor,
  opts: { localAddrs?: string[]; lang?: SheetLang } = {},
): FarEndParams {
  const far = mirrorSite(site, peer, gateway, opts.localAddrs ? { localAddrs: opts.localAddrs } : {});
  const lang = opts.lang ?? 'en';
  const ours = dpdDelay(far.site);
  const localId = localIdentity(far.site, far.localAddrs);
  const remoteId = remoteIdentity(far.site, far.peer);
  return {
    siteName: site.name,
    remoteGateways: far.peer.addresses,
    localAddresses: [...peer.addresses],
    localId,
    localIdType: localId === undefined ? undefined : identityType(localId),
    remoteId,
    remoteIdType: remoteId === undefined ? undefined : identityType(remoteId),
    auth: site.auth,
    ikeVersion: site.ikeVersion,
    ike: site.ike.proposals.map((p) => translateProposal(p, 'ike', vendor, lang)),
    esp: site.esp.proposals.map((p) => translateProposal(p, 'esp', vendor, lang)),
    ikeLifetime: site.ike.lifetime,
    espLifetime: site.esp.lifetime,
    localSubnets: far.site.localSubnets,
    remoteSubnets: far.site.remoteSubnets,
    children: childSpecs(far.site),
    dpdDelay: ours === 0 ? 0 : Math.max(ours, DEVICE_DPD_MIN[vendor]),
    corridorDpdDelay: ours,
    dpdAction: dpdAction(far.site),
    initiates: far.site.initiate,
  };
}
