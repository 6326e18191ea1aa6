/**
 * engines-lab §4.1: hq-lan -- hq == WAN == branch -- branch-lan, 198.18/15 only.
 * Without the tunnel the LAN hosts cannot reach each other, so a LAN ping proves the tunnel.
 */
import { Lab } from '../lab/index.js';
import type { Host, Link, TestContextLike } from '../lab/index.js';
import type { ViciInput } from '../../src/engines/strongswan/vici/index.js';

export const HQ_WAN = '198.18.1.1';
export const BR_WAN = '198.18.1.2';
export const HQ_LAN = '198.19.1.0/24';
export const BR_LAN = '198.19.2.0/24';
export const HQ_LAN_HOST = '198.19.1.10';
export const BR_LAN_HOST = '198.19.2.10';

export interface SiteLab {
  lab: Lab;
  hq: Host;
  branch: Host;
  hqLan: Host;
  brLan: Host;
  wan: Link;
}

export async function siteLab(t: TestContextLike): Promise<SiteLab> {
  const lab = await Lab.create(t);
  const [hq, branch] = await lab.hosts('hq', 'branch');
  if (!hq || !branch) throw new Error('lab hosts missing');
  const wan = await lab.link(hq, branch, { addrA: `${HQ_WAN}/24`, addrB: `${BR_WAN}/24` });
  const hqLan = await lab.lan(hq, HQ_LAN);
  const brLan = await lab.lan(branch, BR_LAN);
  return { lab, hq, branch, hqLan, brLan, wan };
}

export interface ConnSide {
  name?: string;
  localAddr: string;
  remoteAddr: string;
  localId: string;
  remoteId: string;
  localTs: string;
  remoteTs: string;
  dpdAction: 'restart' | 'clear';
  child?: string;
  espProposals?: string;
}

/** A load-conn body written by hand (the shape config/ produces). */
export function handConn(s: ConnSide): ViciInput {
  return {
    [s.name ?? 's2s']: {
      version: '2',
      local_addrs: [s.localAddr],
      remote_addrs: [s.remoteAddr],
      proposals: ['aes256-sha256-modp2048'],
      dpd_delay: '2s',
      keyingtries: '0',
      mobike: 'no',
      local: { auth: 'psk', id: s.localId },
      remote: { auth: 'psk', id: s.remoteId },
      children: {
        [s.child ?? 'lan']: {
          local_ts: [s.localTs],
          remote_ts: [s.remoteTs],
          esp_proposals: [s.espProposals ?? 'aes256gcm16-modp2048'],
          dpd_action: s.dpdAction,
          start_action: 'none',
        },
      },
    },
  };
}

export const HQ_SIDE: ConnSide = {
  localAddr: HQ_WAN,
  remoteAddr: BR_WAN,
  localId: 'hq.lab',
  remoteId: 'branch.lab',
  localTs: HQ_LAN,
  remoteTs: BR_LAN,
  dpdAction: 'restart',
};

export const BRANCH_SIDE: ConnSide = {
  localAddr: BR_WAN,
  remoteAddr: HQ_WAN,
  localId: 'branch.lab',
  remoteId: 'hq.lab',
  localTs: BR_LAN,
  remoteTs: HQ_LAN,
  dpdAction: 'clear',
};
