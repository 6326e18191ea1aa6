/**
 * Both ends of a strongSwan site-to-site tunnel, configured by hand as two administrators would:
 * charon-systemd per namespace with kernel-libipsec (engines-lab.md §4), fast retransmits so that
 * timeouts show within seconds, one fresh log per scenario.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../lab/index.js';
import { run } from '../../lab/proc.js';
import { labStrongswanConf } from '../../strongswan/peer.js';
import { EngineEnd, waitFor } from './harness.js';

export interface SsSide {
  version?: 1 | 2;
  addr: string;
  peerAddr: string;
  id: string;
  peerId: string;
  localTs: string;
  remoteTs: string;
  proposals?: string;
  espProposals?: string;
  /** PSK auth (default) or certificates. */
  psk?: string;
  cert?: { cert: string; key: string; ca: string; crl?: string };
  dpdDelay?: string;
}

function swanctlConf(s: SsSide): string {
  const auth = s.cert ? 'pubkey' : 'psk';
  const secrets = s.cert ? '' : `secrets {
  ike-peer {
    id-local = ${s.id}
    id-remote = ${s.peerId}
    secret = "${s.psk ?? 'lab-secret'}"
  }
}
`;
  return `connections {
  s2s {
    version = ${s.version ?? 2}
    local_addrs = ${s.addr}
    remote_addrs = ${s.peerAddr}
    proposals = ${s.proposals ?? 'aes256-sha256-modp2048'}
    dpd_delay = ${s.dpdDelay ?? '0s'}
    keyingtries = 1
    mobike = no
    local {
      auth = ${auth}
      id = ${s.id}${s.cert ? '\n      certs = me.crt' : ''}
    }
    remote {
      auth = ${auth}
      id = ${s.peerId}
    }
    children {
      lan {
        local_ts = ${s.localTs}
        remote_ts = ${s.remoteTs}
        esp_proposals = ${s.espProposals ?? 'aes256gcm16-modp2048'}
        dpd_action = clear
        start_action = none
      }
    }
  }
}
${secrets}`;
}

/** One charon-systemd in a lab host; `run(name)` starts it with a fresh directory per scenario. */
export class SsEnd extends EngineEnd {
  constructor(
    private readonly host: Host,
    root: string,
    end: string,
  ) {
    super(root, end);
  }

  get log(): string {
    return join(this.dir, 'charon.log');
  }

  async swanctl(args: string[], check = true): Promise<string> {
    const res = await run(['env', `STRONGSWAN_CONF=${this.dir}/strongswan.conf`, 'swanctl', ...args], { timeoutMs: 20_000 });
    if (check && res.code !== 0) throw new Error(`swanctl ${args.join(' ')}: ${res.stdout}${res.stderr}`);
    return res.stdout + res.stderr;
  }

  async start(scenario: string, side: SsSide): Promise<void> {
    this.prepare(scenario);
    for (const sub of ['x509', 'x509ca', 'x509crl', 'private']) mkdirSync(join(this.dir, sub), { recursive: true, mode: 0o700 });
    if (side.cert) {
      copyFileSync(side.cert.cert, join(this.dir, 'x509', 'me.crt'));
      copyFileSync(side.cert.key, join(this.dir, 'private', 'me.key'));
      copyFileSync(side.cert.ca, join(this.dir, 'x509ca', 'ca.crt'));
      if (side.cert.crl) copyFileSync(side.cert.crl, join(this.dir, 'x509crl', 'ca.crl'));
    }
    writeFileSync(join(this.dir, 'strongswan.conf'), labStrongswanConf(this.dir, 'scenario'), { mode: 0o600 });
    writeFileSync(join(this.dir, 'swanctl.conf'), swanctlConf(side), { mode: 0o600 });
    this.child = this.host.spawn(['env', `STRONGSWAN_CONF=${this.dir}/strongswan.conf`, '/usr/sbin/charon-systemd'], { stdio: 'ignore' });
    await waitFor(`charon in ${this.host.name}`, () => this.swanctl(['--stats']).then(() => true, () => undefined), 10_000);
    await this.swanctl(['--load-all', '--file', join(this.dir, 'swanctl.conf')]);
  }

  /** Initiates the CHILD_SA; its outcome is read from the logs, not from swanctl's exit code. */
  initiate(): Promise<string> {
    return this.swanctl(['--initiate', '--child', 'lan', '--timeout', '15'], false);
  }
}

/** Addresses of the strongSwan lab (engines-lab.md table): hq responds, branch initiates. */
export const HQ = '198.18.1.1';
export const BRANCH = '198.18.1.2';
export const HQ_LAN = '198.19.1.0/24';
export const BRANCH_LAN = '198.19.2.0/24';

export function hqSide(o: Partial<SsSide> = {}): SsSide {
  return { addr: HQ, peerAddr: BRANCH, id: 'hq.lab', peerId: 'branch.lab', localTs: HQ_LAN, remoteTs: BRANCH_LAN, ...o };
}

export function branchSide(o: Partial<SsSide> = {}): SsSide {
  return { addr: BRANCH, peerAddr: HQ, id: 'branch.lab', peerId: 'hq.lab', localTs: BRANCH_LAN, remoteTs: HQ_LAN, ...o };
}
