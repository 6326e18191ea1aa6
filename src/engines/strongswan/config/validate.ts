/**
 * What charon would refuse or mishandle, on the effective site (preset applied), for what the schema cannot
 * know alone. Errors block the change: the store runs this in its cross-resource check (sites/effective.ts),
 * so a site with one is a 400 naming the field and is never stored; the reconcile pass checks again for
 * sites stored before a rule existed. Warnings do not block.
 */
import { isAead, parseProposal } from '../../../core/proposals.js';
import { bigIntToIp, cidrContains, ipFamily, parseCidr } from '../../../core/ip.js';
import type { FieldIssue } from '../../../core/model/cross.js';
import type { Gateway } from '../../../core/model/gateway.js';
import type { Peer } from '../../../core/model/peer.js';
import type { SiteConnection } from '../../../core/model/site.js';
import { localIdentity, wanAddresses } from './identity.js';
import { translateProposal, type SheetVendor } from './export/vendor-names.js';

export interface EngineIssue extends FieldIssue {
  severity: 'error' | 'warning';
}

export interface ValidateOptions {
  localAddrs?: string[];
  /** subjectAltNames (and the subject DN) of our certificate when auth = cert */
  certificateIds?: string[];
}

/** Shortest lifetime for which the 10 % rekey margin still leaves charon time to rekey. */
export const MIN_LIFETIME = 120;

const SHEET_VENDOR: Partial<Record<Peer['vendor'], SheetVendor>> = {
  huawei: 'huawei', 'huawei-cloud': 'huawei', 'cisco-ios': 'cisco', 'cisco-asa': 'cisco', fortigate: 'fortigate',
};

function subnetOf(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return o.family === i.family && o.prefix <= i.prefix && cidrContains(o, bigIntToIp(i.network, i.family));
}

export function validateForEngine(site: SiteConnection, peer: Peer, gateway: Gateway, opts: ValidateOptions = {}): EngineIssue[] {
  const issues: EngineIssue[] = [];
  const error = (path: string, message: string) => issues.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string) => issues.push({ path, message, severity: 'warning' });

  site.ike.proposals.forEach((p, i) => {
    const parsed = parseProposal(p, 'ike');
    if (typeof parsed === 'string') return;
    if (site.ikeVersion === 1 && parsed.encryption.some(isAead)) {
      error(`ike.proposals.${i}`, `IKEv1 has no AEAD ciphers for the IKE SA ("${p}"); use e.g. aes256-sha256-modp2048 (AEAD stays possible in ESP)`);
    }
  });
  if (site.ikeVersion === 1 && site.mobike) error('mobike', 'MOBIKE exists only in IKEv2');
  if (site.ike.lifetime < MIN_LIFETIME) error('ike.lifetime', `at least ${MIN_LIFETIME} s, so that rekeying can finish before the SA expires`);
  if (site.esp.lifetime < MIN_LIFETIME) error('esp.lifetime', `at least ${MIN_LIFETIME} s, so that rekeying can finish before the SA expires`);

  if (site.auth === 'cert') {
    const id = localIdentity(site, opts.localAddrs ?? wanAddresses(gateway));
    if (id === undefined) {
      warn('localId', 'no local identity: charon will use the address it sends from, which the certificate must carry as subjectAltName');
    } else if (opts.certificateIds && !opts.certificateIds.includes(id)) {
      error('localId', `"${id}" is not in the certificate's subject or subjectAltNames (${opts.certificateIds.join(', ')}); the peer would refuse the authentication`);
    }
  }

  site.localSubnets.forEach((s, i) => {
    if (gateway.lanSubnets.length > 0 && !gateway.lanSubnets.some((lan) => subnetOf(lan, s))) {
      warn(`localSubnets.${i}`, `${s} is not inside any LAN of gateway "${gateway.name}" (${gateway.lanSubnets.join(', ')})`);
    }
  });

  if (!site.initiate && site.dpd.action === 'restart') {
    warn('dpd.action', 'a respond-only side clears after DPD (restart on both sides duplicates SAs); the far end restarts');
  }
  if (site.dpd.preset === 'off' && site.dpd.delay !== undefined) warn('dpd.delay', 'ignored: the DPD preset is "off"');
  if (!site.initiate && peer.addresses.every((a) => ipFamily(a) === undefined) && site.remoteId === undefined && peer.identity === undefined) {
    warn('remoteId', 'the peer is known only by DNS name; it must send that name as its IKE identity, or set remoteId');
  }

  const vendor = SHEET_VENDOR[peer.vendor];
  if (vendor) {
    for (const [kind, list] of [['ike', site.ike.proposals], ['esp', site.esp.proposals]] as const) {
      const flagged = list.map((p) => translateProposal(p, kind, vendor)).filter((t) => t.flags.length > 0);
      if (flagged.length === list.length) {
        warn(`${kind}.proposals`, `no proposal that ${peer.vendor} can do: ${flagged.flatMap((t) => t.flags).join('; ')}`);
      }
    }
  }
  return issues;
}
