/** 50 site connections between two namespaces: one subnet pair and one IKE identity pair each. */
import { gatewaySchema, peerSchema, siteConnectionSchema } from '../../src/core/model/index.js';
import { effectiveSite } from '../../src/engines/strongswan/config/effective.js';
import { buildConnection, buildSharedSecret, renderSwanctlConf } from '../../src/engines/strongswan/config/index.js';
import type { ConfSection, ViciConn, ViciSharedSecret } from '../../src/engines/strongswan/config/index.js';
import { peerConnBlock, peerSecretBlock } from '../../test/strongswan/peer.js';
import { BR_WAN, HQ_WAN } from '../../test/strongswan/topology.js';

export { BR_WAN, HQ_WAN };

export interface Site {
  i: number;
  name: string;
  hqId: string;
  brId: string;
  hqNet: string;
  brNet: string;
  psk: string;
}

export function sites(n: number): Site[] {
  return Array.from({ length: n }, (_, i) => ({
    i,
    name: `s2s-${i}`,
    hqId: `hq-${i}.lab`,
    brId: `br-${i}.lab`,
    hqNet: `198.19.${i}.0/24`,
    brNet: `198.19.${100 + i}.0/24`,
    psk: `bench-psk-${i}-0123456789`,
  }));
}

const gateway = gatewaySchema.parse({ name: 'hq', wanLinks: [{ name: 'wan', interface: 'wan0', address: HQ_WAN }] });

/** What Corridor loads for each site (config/ from the domain model). */
export function corridorSide(s: Site): { conn: ViciConn; secret: ViciSharedSecret } {
  const site = effectiveSite(siteConnectionSchema.parse({
    name: s.name,
    gateway: 'hq',
    peer: `br-${s.i}`,
    localId: s.hqId,
    remoteId: s.brId,
    localSubnets: [s.hqNet],
    remoteSubnets: [s.brNet],
    ike: { proposals: ['aes256-sha256-modp2048'] },
    esp: { proposals: ['aes256gcm16-modp2048'] },
  }), 'strongswan');
  const peer = peerSchema.parse({ name: `br-${s.i}`, vendor: 'strongswan', addresses: [BR_WAN], identity: s.brId });
  return { conn: buildConnection(site, peer, gateway), secret: buildSharedSecret(site, peer, s.psk, gateway) };
}

/** The same connections as a swanctl.conf, for the reference run with `swanctl --load-all`. */
export function referenceSwanctlConf(list: readonly Site[]): string {
  const connections: Record<string, ConfSection> = {};
  const secrets: Record<string, ConfSection> = {};
  for (const s of list) {
    const { conn, secret } = corridorSide(s);
    Object.assign(connections, conn as unknown as Record<string, ConfSection>);
    const ids = Object.fromEntries(secret.body.owners.map((o, k) => [`id-${k + 1}`, o]));
    secrets[`ike-${s.i}`] = { ...ids, secret: secret.body.data };
  }
  return renderSwanctlConf({ connections, secrets });
}

/** The far end, written by hand: a plain responder for every site. */
export function branchSwanctlConf(list: readonly Site[]): string {
  const conns = list.map((s) =>
    peerConnBlock(s.name, 'net', { localAddr: BR_WAN, remoteAddr: HQ_WAN, localId: s.brId, remoteId: s.hqId, localTs: s.brNet, remoteTs: s.hqNet }),
  );
  const secrets = list.map((s) => peerSecretBlock(`ike-${s.i}`, s.hqId, s.psk));
  return `connections {\n${conns.join('\n')}\n}\nsecrets {\n${secrets.join('\n')}\n}\n`;
}
