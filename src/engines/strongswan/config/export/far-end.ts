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
  /** the CHILD_SAs (or phase 2 entries / ACL rules) the peer should have */
  children: ChildSpec[];
  dpdDelay: number;
  dpdAction: 'restart' | 'clear';
  initiates: boolean;
}

export function farEndParams(
  site: SiteConnection,
  peer: Peer,
  gateway: Gateway,
  vendor: SheetVendor,
  opts: { localAddrs?: string[] } = {},
): FarEndParams {
  const far = mirrorSite(site, peer, gateway, opts);
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
    ike: site.ike.proposals.map((p) => translateProposal(p, 'ike', vendor)),
    esp: site.esp.proposals.map((p) => translateProposal(p, 'esp', vendor)),
    ikeLifetime: site.ike.lifetime,
    espLifetime: site.esp.lifetime,
    localSubnets: far.site.localSubnets,
    remoteSubnets: far.site.remoteSubnets,
    children: childSpecs(far.site),
    dpdDelay: dpdDelay(far.site),
    dpdAction: dpdAction(far.site),
    initiates: far.site.initiate,
  };
}
