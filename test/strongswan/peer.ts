/**
 * An independent strongSwan peer: its strongswan.conf and swanctl.conf are written here by hand
 * (not by Corridor) and loaded with swanctl, the way an administrator of the far end would.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { Host } from '../lab/index.js';
import { run } from '../lab/proc.js';
import { waitFor } from './harness.js';
import type { ConnSide } from './topology.js';

/** Addresses, ids and selectors as the peer sees them (its local is our remote). */
export interface PeerOptions extends Pick<ConnSide, 'localAddr' | 'remoteAddr' | 'localId' | 'remoteId' | 'localTs' | 'remoteTs'> {
  dir: string;
  psk: string;
  /** a whole swanctl.conf written by the caller instead of the single-connection one */
  swanctlConf?: string;
}

/**
 * strongswan.conf for a charon run by a test (a peer, a scenario end, a PKI check): everything in `dir`,
 * kernel-libipsec (no ESP in this kernel), short retransmits so that failures show within seconds, and a
 * file log named `logName` in the format the doctor reads.
 */
export function labStrongswanConf(dir: string, logName: string, opts: { appendLog?: boolean } = {}): string {
  return `charon {
  retransmit_tries = 2
  retransmit_timeout = 1.0
  retransmit_base = 1.4
  load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey curve25519 sha1 sha2 hmac aes gcm kdf kernel-libipsec kernel-netlink socket-default vici updown
  filelog {
    ${logName} {
      path = ${dir}/charon.log
      time_format = %b %e %T
      ike_name = yes${opts.appendLog ? '\n      append = yes' : ''}
      default = 1
      flush_line = yes
    }
  }
  plugins {
    vici {
      socket = unix://${dir}/charon.vici
    }
  }
}
swanctl {
  socket = unix://${dir}/charon.vici
}
`;
}

export type PeerSide = Pick<PeerOptions, 'localAddr' | 'remoteAddr' | 'localId' | 'remoteId' | 'localTs' | 'remoteTs'>;

/** One responder connection (dpd_action clear: Corridor's side restarts) in swanctl.conf syntax. */
export function peerConnBlock(name: string, child: string, o: PeerSide): string {
  return `  ${name} {
    version = 2
    local_addrs = ${o.localAddr}
    remote_addrs = ${o.remoteAddr}
    proposals = aes256-sha256-modp2048
    dpd_delay = 2s
    keyingtries = 0
    mobike = no
    local {
      auth = psk
      id = ${o.localId}
    }
    remote {
      auth = psk
      id = ${o.remoteId}
    }
    children {
      ${child} {
        local_ts = ${o.localTs}
        remote_ts = ${o.remoteTs}
        esp_proposals = aes256gcm16-modp2048
        dpd_action = clear
        start_action = none
      }
    }
  }`;
}

export function peerSecretBlock(name: string, remoteId: string, psk: string): string {
  return `  ${name} {\n    id = ${remoteId}\n    secret = "${psk}"\n  }`;
}

function swanctlConf(o: PeerOptions): string {
  return `connections {\n${peerConnBlock('s2s', 'lan', o)}\n}\nsecrets {\n${peerSecretBlock('ike-peer', o.remoteId, o.psk)}\n}\n`;
}

export class IndependentPeer {
  private child: ChildProcess | undefined;

  constructor(
    private readonly host: Host,
    private readonly o: PeerOptions,
  ) {}

  get conf(): string {
    return `${this.o.dir}/strongswan.conf`;
  }

  async swanctl(args: string[]): Promise<string> {
    const res = await run(['env', `STRONGSWAN_CONF=${this.conf}`, 'swanctl', ...args], { timeoutMs: 20_000 });
    if (res.code !== 0) throw new Error(`swanctl ${args.join(' ')}: ${res.stdout}${res.stderr}`);
    return res.stdout;
  }

  async start(): Promise<void> {
    mkdirSync(this.o.dir, { recursive: true, mode: 0o700 });
    writeFileSync(this.conf, labStrongswanConf(this.o.dir, 'peer', { appendLog: true }), { mode: 0o600 });
    writeFileSync(`${this.o.dir}/swanctl.conf`, this.o.swanctlConf ?? swanctlConf(this.o), { mode: 0o600 });
    this.child = this.host.spawn(['env', `STRONGSWAN_CONF=${this.conf}`, '/usr/sbin/charon-systemd'], { stdio: 'ignore' });
    await waitFor('peer charon', () => this.swanctl(['--stats']).then(() => true, () => undefined));
    await this.swanctl(['--load-all', '--file', `${this.o.dir}/swanctl.conf`]);
  }

  /** A dead peer: charon killed with SIGKILL (no DELETE sent), waited for; start() brings a fresh one. */
  async kill(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await exited;
  }

  /** Changes the PSK in swanctl.conf and replaces the loaded credentials, as an administrator would. */
  async setPsk(psk: string): Promise<void> {
    this.o.psk = psk;
    writeFileSync(`${this.o.dir}/swanctl.conf`, swanctlConf(this.o), { mode: 0o600 });
    await this.swanctl(['--load-creds', '--clear', '--file', `${this.o.dir}/swanctl.conf`]);
  }
}
