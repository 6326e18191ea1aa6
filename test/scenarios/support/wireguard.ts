/**
 * wireguard-go + wg per engines-lab.md §5, in the foreground (our PID) with LOG_LEVEL=verbose so the
 * log shows handshake attempts; interface names from lab.ifname (the UAPI socket path is host-wide).
 */
import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Host } from '../../lab/index.js';
import { EngineEnd, waitFor } from './harness.js';

export const WG_PORT = 51820;

export interface WgKeys {
  priv: string;
  pub: string;
}

export function wgKeys(): WgKeys {
  const priv = execFileSync('wg', ['genkey'], { encoding: 'utf8' }).trim();
  const pub = execFileSync('wg', ['pubkey'], { input: priv + '\n', encoding: 'utf8' }).trim();
  return { priv, pub };
}

/** Without an endpoint the end only answers (a server waiting for its road warrior). */
export interface WgPeer {
  pub: string;
  endpoint?: string;
  allowedIp: string;
}

export class WgEnd extends EngineEnd {
  constructor(
    private readonly host: Host,
    root: string,
    end: string,
    readonly ifname: string,
    readonly tunnelCidr: string,
  ) {
    super(root, end);
  }

  get log(): string {
    return join(this.dir, 'wireguard-go.log');
  }

  async start(scenario: string, keys: WgKeys, peer: WgPeer): Promise<void> {
    this.prepare(scenario);
    const fd = openSync(this.log, 'w', 0o600);
    try {
      this.child = this.host.spawn(['env', 'WG_PROCESS_FOREGROUND=1', 'LOG_LEVEL=verbose', 'wireguard-go', this.ifname],
        { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
    const sock = `/var/run/wireguard/${this.ifname}.sock`;
    await waitFor(`${sock}`, () => (existsSync(sock) ? true : undefined), 10_000);
    const keyFile = join(this.dir, 'private.key');
    writeFileSync(keyFile, keys.priv + '\n', { mode: 0o600 });
    const initiates = peer.endpoint ? ['endpoint', peer.endpoint, 'persistent-keepalive', '25'] : [];
    await this.host.exec(['wg', 'set', this.ifname, 'private-key', keyFile, 'listen-port', String(WG_PORT),
      'peer', peer.pub, 'allowed-ips', peer.allowedIp, ...initiates], { check: true });
    await this.host.ipBatch([`addr add ${this.tunnelCidr} dev ${this.ifname}`, `link set ${this.ifname} up`]);
  }
}
