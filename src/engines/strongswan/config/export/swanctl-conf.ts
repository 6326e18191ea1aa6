/**
 * A complete swanctl.conf for a strongSwan peer at the far end: the mirror of our site (mirror.ts)
 * rendered through the same builder that feeds our own charon, so both ends cannot drift apart.
 */
import type { Gateway } from '../../../../core/model/gateway.js';
import type { Peer } from '../../../../core/model/peer.js';
import type { SiteConnection } from '../../../../core/model/site.js';
import { buildConnection } from '../connection.js';
import { mirrorSite } from '../mirror.js';
import { buildSharedSecret } from '../shared-secret.js';
import { renderSwanctlConf, type ConfSection } from './swanctl-render.js';

export interface SwanctlExportOptions {
  /** the PSK, or 'placeholder' / absent to leave a value the administrator replaces */
  psk?: string | 'placeholder';
  /** our WAN addresses when the gateway learns them at run time */
  localAddrs?: string[];
  /** certificate file names (under swanctl/x509/) the far end uses when auth = cert */
  peerCertFile?: string;
  caCertFile?: string;
}

export const PSK_PLACEHOLDER = 'REPLACE-WITH-THE-PRE-SHARED-KEY';

/** `0s` + base64: swanctl decodes it, and no character of the key can reach the file's syntax. */
export function encodeSecret(psk: string): string {
  return `0s${Buffer.from(psk, 'utf8').toString('base64')}`;
}

export function exportSwanctlConf(site: SiteConnection, peer: Peer, gateway: Gateway, opts: SwanctlExportOptions = {}): string {
  const far = mirrorSite(site, peer, gateway, opts.localAddrs ? { localAddrs: opts.localAddrs } : {});
  const conn = buildConnection(far.site, far.peer, far.gateway, {
    localAddrs: far.localAddrs,
    ...(site.auth === 'cert' ? { localCerts: [opts.peerCertFile ?? `${peer.name}.crt`] } : {}),
    ...(site.auth === 'cert' && opts.caCertFile ? { remoteCaCerts: [opts.caCertFile] } : {}),
  });
  const root: Record<string, ConfSection> = { connections: conn as unknown as ConfSection };
  const placeholder = opts.psk === undefined || opts.psk === 'placeholder';
  if (site.auth === 'psk') {
    const secret = buildSharedSecret(far.site, far.peer, placeholder ? PSK_PLACEHOLDER : opts.psk!, far.gateway, { localAddrs: far.localAddrs });
    const ids: Record<string, string> = {};
    secret.body.owners.forEach((o, i) => (ids[`id-${i + 1}`] = o));
    root.secrets = { [`ike-${site.name}`]: { ...ids, secret: placeholder ? PSK_PLACEHOLDER : encodeSecret(opts.psk!) } };
  }
  const header = [
    `swanctl.conf for "${peer.name}": the far end of Corridor site connection "${site.name}" (gateway "${gateway.name}").`,
    site.initiate ? 'This end only responds; Corridor initiates and restarts after DPD.' : 'This end initiates; load it, then: swanctl --initiate --child <child>.',
    ...(site.auth === 'psk' && placeholder ? [`Replace ${PSK_PLACEHOLDER} with the pre-shared key (write it as 0s<base64> or in quotes).`] : []),
    ...(site.auth === 'cert' ? ['Put this end\'s certificate in swanctl/x509/, its key in swanctl/private/ and the CA in swanctl/x509ca/.'] : []),
    'Load with: swanctl --load-all',
  ];
  return renderSwanctlConf(root, { header });
}
