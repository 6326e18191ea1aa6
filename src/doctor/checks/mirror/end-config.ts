/**
 * One end of a tunnel described the same way whatever the source (a Corridor site, an uploaded
 * swanctl.conf or ipsec.conf, typed-in parameters), always from that end's own point of view: its
 * local is the other end's remote. Undefined fields are unknown and are not compared.
 */
import { createHmac } from 'node:crypto';
import type { Gateway, Peer, SiteConnection } from '../../../core/model/index.js';
import { childSpecs } from '../../../engines/strongswan/config/connection.js';
import { localIdentity, remoteIdentity, wanAddresses, wanDialTargets } from '../../../engines/strongswan/config/identity.js';
import { dpdAction, dpdDelay } from '../../../engines/strongswan/config/timers.js';
import type { Evidence } from '../../logs/index.js';

export type DpdAction = 'restart' | 'clear' | 'none';

/** One (local, remote) subnet pair a child (CHILD_SA, phase 2 entry, ACL rule) covers, from that end's side. */
export interface SubnetPair {
  local: string;
  remote: string;
  /** where its local and its remote side were read (the same child line for our site) */
  localSource: Evidence;
  remoteSource: Evidence;
}

export interface EndConfig {
  ikeVersion?: 0 | 1 | 2;
  ikeProposals?: string[];
  espProposals?: string[];
  auth?: 'psk' | 'cert';
  localId?: string;
  remoteId?: string;
  localSubnets?: string[];
  remoteSubnets?: string[];
  /** every pair of every child: the file's children, or our site's children (one SA may cover several) */
  pairs?: SubnetPair[];
  localAddresses?: string[];
  remoteAddresses?: string[];
  pskFingerprint?: string;
  ikeLifetime?: number;
  espLifetime?: number;
  dpdAction?: DpdAction;
  /** seconds; 0 = DPD off */
  dpdDelay?: number;
  mtu?: number;
  /** where each field was read: the evidence line a finding quotes */
  sources: Partial<Record<EndField, Evidence>>;
}

export type EndField = Exclude<keyof EndConfig, 'sources'>;

/**
 * A keyed hash, so two ends (or an administrator with `openssl dgst -sha256 -hmac corridor-psk-fingerprint`)
 * can compare keys without either side revealing its PSK; the fixed key only separates this use of SHA-256.
 */
export const PSK_FINGERPRINT_KEY = 'corridor-psk-fingerprint';

export function pskFingerprint(psk: string | Buffer): string {
  return createHmac('sha256', PSK_FINGERPRINT_KEY).update(psk).digest('hex');
}

/** Our side of a site connection, with evidence naming the resource field. */
export function fromCorridorSite(site: SiteConnection, peer: Peer, gateway: Gateway, opts: { psk?: string; label?: string } = {}): EndConfig {
  const file = opts.label ?? `site ${site.name}`;
  const localAddresses = wanDialTargets(gateway);
  const end: EndConfig = {
    ikeVersion: site.ikeVersion,
    ikeProposals: [...site.ike.proposals],
    espProposals: [...site.esp.proposals],
    auth: site.auth,
    ...optional('localId', localIdentity(site, wanAddresses(gateway))),
    ...optional('remoteId', remoteIdentity(site, peer)),
    localSubnets: [...site.localSubnets],
    remoteSubnets: [...site.remoteSubnets],
    pairs: childSpecs(site).flatMap((c) => {
      const source = { file, line: 0, text: `child ${c.name}: ${c.local.join(', ')} === ${c.remote.join(', ')}` };
      return c.local.flatMap((local) => c.remote.map((remote) => ({ local, remote, localSource: source, remoteSource: source })));
    }),
    localAddresses,
    remoteAddresses: [...peer.addresses],
    ...optional('pskFingerprint', site.auth === 'psk' && opts.psk !== undefined ? pskFingerprint(opts.psk) : undefined),
    ikeLifetime: site.ike.lifetime,
    espLifetime: site.esp.lifetime,
    dpdAction: dpdDelay(site) === 0 ? 'none' : dpdAction(site),
    dpdDelay: dpdDelay(site),
    ...optional('mtu', site.mtu),
    sources: {},
  };
  const show: Partial<Record<EndField, string>> = {
    ikeVersion: `ikeVersion: ${site.ikeVersion}`,
    ikeProposals: `ike.proposals: ${site.ike.proposals.join(', ')}`,
    espProposals: `esp.proposals: ${site.esp.proposals.join(', ')}`,
    auth: `auth: ${site.auth}`,
    localId: `localId: ${end.localId ?? '(our address)'}`,
    remoteId: `remoteId: ${end.remoteId ?? '%any'}`,
    localSubnets: `localSubnets: ${site.localSubnets.join(', ')}`,
    remoteSubnets: `remoteSubnets: ${site.remoteSubnets.join(', ')}`,
    localAddresses: `gateway ${gateway.name} WAN: ${localAddresses.join(', ') || '(learnt at run time)'}`,
    remoteAddresses: `peer ${peer.name} addresses: ${peer.addresses.join(', ')}`,
    pskFingerprint: 'psk: set (compared by fingerprint, never shown)',
    ikeLifetime: `ike.lifetime: ${site.ike.lifetime}s`,
    espLifetime: `esp.lifetime: ${site.esp.lifetime}s`,
    dpdAction: `dpd: preset ${site.dpd.preset}, action ${end.dpdAction}${site.initiate ? '' : ' (respond-only end clears)'}`,
    dpdDelay: `dpd: delay ${end.dpdDelay}s`,
    mtu: `mtu: ${site.mtu ?? ''}`,
  };
  for (const [field, text] of Object.entries(show) as Array<[EndField, string]>) {
    if (end[field] !== undefined) end.sources[field] = { file, line: 0, text };
  }
  return end;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}
