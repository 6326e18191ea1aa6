/**
 * SiteConnection → VICI `load-conn` body.
 *
 * Choices that are not obvious from the model:
 * - start_action is always `none`: the control plane initiates (and keyingtries = 0 keeps charon retrying
 *   forever). `start` would race the control plane, and `trap` silently drops traffic with kernel-libipsec
 *   (engines-lab.md 4.5).
 * - mobike defaults to `no`: with MOBIKE on, a gateway whose own uplink dies keeps its IKE_SA ESTABLISHED
 *   in "update deferred" and never declares the peer dead (engines-lab.md 4.7).
 * - dpd_action follows dpdAction() in timers.ts: restart where we initiate, clear where we only respond;
 *   with several CHILD_SAs under the daemon, clear on both ends and the control plane restarts (see controlPlane).
 * - IKEv1 peers negotiate one subnet pair per SA, so IKEv1 always gets one child per pair.
 */
import type { Gateway } from '../../../core/model/gateway.js';
import type { Peer } from '../../../core/model/peer.js';
import type { SiteConnection } from '../../../core/model/site.js';
import { localIdentity, remoteIdentity, wanAddresses } from './identity.js';
import { dpdAction, dpdDelay, lifetimeTimers, secs } from './timers.js';
import type { ViciAuth, ViciChild, ViciConn, ViciConnBody } from './types.js';

export interface BuildOptions {
  /** overrides the gateway's WAN addresses (e.g. learnt from the interfaces at run time) */
  localAddrs?: string[];
  /** our certificate(s) when auth = cert: PEM for VICI, file names for swanctl.conf */
  localCerts?: string[];
  /** CA(s) the peer's certificate must chain to */
  remoteCaCerts?: string[];
  /**
   * 'strict' where the caller loads the CRL of every CA in remoteCaCerts into charon (the daemon does):
   * a peer is then accepted only while a current CRL says its certificate is good. Left out of the far
   * end's exported configuration, which has no CRL of ours.
   */
  revocation?: 'strict';
  /**
   * The daemon's control plane keeps this connection up (it initiates every missing CHILD_SA by itself).
   * Then a connection with several CHILD_SAs is restarted by the control plane, not by charon: charon
   * 5.9's DPD restart of several CHILD_SAs hands two of them one reqid, and one subnet pair's traffic
   * leaves through another pair's SA (strongswan/strongswan#1855; seen here with four pairs). Not for the
   * far end's exported configuration, which has no control plane.
   */
  controlPlane?: boolean;
}

export interface ChildSpec {
  name: string;
  local: string[];
  remote: string[];
}

/** The children a site gets, in order: one with every subnet, or one per (local, remote) pair. */
export function childSpecs(site: SiteConnection): ChildSpec[] {
  if (!site.childPerSubnetPair && site.ikeVersion === 2) {
    return [{ name: site.name, local: [...site.localSubnets], remote: [...site.remoteSubnets] }];
  }
  return site.localSubnets.flatMap((l, i) =>
    site.remoteSubnets.map((r, j) => ({ name: `${site.name}-${i}-${j}`, local: [l], remote: [r] })),
  );
}

function authSection(site: SiteConnection, id: string | undefined, certs: string[] | undefined, cacerts?: string[], revocation?: 'strict'): ViciAuth {
  const a: ViciAuth = { auth: site.auth === 'cert' ? 'pubkey' : 'psk' };
  if (id !== undefined) a.id = id;
  if (site.auth === 'cert' && certs?.length) a.certs = [...certs];
  if (site.auth === 'cert' && cacerts?.length) a.cacerts = [...cacerts];
  if (site.auth === 'cert' && revocation) a.revocation = revocation;
  return a;
}

export function buildConnection(site: SiteConnection, peer: Peer, gateway: Gateway, opts: BuildOptions = {}): ViciConn {
  const localAddrs = opts.localAddrs ?? wanAddresses(gateway);
  const ike = lifetimeTimers(site.ike.lifetime);
  const esp = lifetimeTimers(site.esp.lifetime);
  const specs = childSpecs(site);
  const action = opts.controlPlane && specs.length > 1 ? 'clear' : dpdAction(site);
  const children: Record<string, ViciChild> = {};
  for (const c of specs) {
    children[c.name] = {
      local_ts: c.local,
      remote_ts: c.remote,
      esp_proposals: [...site.esp.proposals],
      rekey_time: secs(esp.rekey),
      life_time: secs(site.esp.lifetime),
      rand_time: secs(esp.rand),
      dpd_action: action,
      start_action: 'none',
      close_action: 'none',
      mode: 'tunnel',
    };
  }
  const body: ViciConnBody = {
    version: site.ikeVersion === 1 ? '1' : '2',
    proposals: [...site.ike.proposals],
    rekey_time: site.ikeVersion === 1 ? '0s' : secs(ike.rekey),
    over_time: secs(ike.over),
    rand_time: secs(ike.rand),
    dpd_delay: secs(dpdDelay(site)),
    keyingtries: site.initiate ? '0' : '1',
    mobike: site.mobike ? 'yes' : 'no',
    unique: 'replace',
    local: authSection(site, localIdentity(site, localAddrs), opts.localCerts),
    remote: authSection(site, remoteIdentity(site, peer), undefined, opts.remoteCaCerts, opts.revocation),
    children,
  };
  if (site.ikeVersion === 1) body.reauth_time = secs(ike.rekey);
  if (localAddrs.length > 0) body.local_addrs = [...localAddrs];
  if (peer.addresses.length > 0) body.remote_addrs = [...peer.addresses];
  return { [site.name]: orderKeys(body) };
}

const KEY_ORDER: (keyof ViciConnBody)[] = [
  'version', 'local_addrs', 'remote_addrs', 'proposals', 'rekey_time', 'reauth_time', 'over_time', 'rand_time',
  'dpd_delay', 'keyingtries', 'mobike', 'unique', 'local', 'remote', 'children',
];

/** Stable key order so that rendered files and fingerprints do not change when nothing changed. */
function orderKeys(body: ViciConnBody): ViciConnBody {
  const out: Record<string, unknown> = {};
  for (const k of KEY_ORDER) if (body[k] !== undefined) out[k] = body[k];
  return out as unknown as ViciConnBody;
}
