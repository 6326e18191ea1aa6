/**
 * An OpenVPN 2.6 server and client written by hand (engines-lab.md §3), run in the foreground so the
 * PIDs are ours, with the client's timeouts shortened so every failure shows within seconds.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../../lab/index.js';
import { EngineEnd } from './harness.js';

export const SERVER = '198.18.0.1';
export const CLIENT = '198.18.0.2';
export const PORT = 1194;

export interface OvpnPki {
  ca: string;
  cert: string;
  key: string;
  tlsCrypt: string;
}

export function serverConf(dir: string, p: OvpnPki, extra: string[] = []): string {
  return [
    'dev tun', 'proto udp', `local ${SERVER}`, `port ${PORT}`, 'topology subnet', 'server 198.19.99.0 255.255.255.0',
    `ca ${p.ca}`, `cert ${p.cert}`, `key ${p.key}`, 'dh none', `tls-crypt ${p.tlsCrypt}`,
    'data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305', 'keepalive 10 60', `tmp-dir ${dir}`, 'verb 3', ...extra,
  ].join('\n') + '\n';
}

/** `ca: null` leaves the CA out, as a hand-edited profile might. */
export function clientConf(p: Omit<OvpnPki, 'ca'> & { ca: string | null }, extra: string[] = []): string {
  return [
    'client', 'dev tun', 'proto udp', `remote ${SERVER} ${PORT}`, 'nobind',
    ...(p.ca === null ? [] : [`ca ${p.ca}`]), `cert ${p.cert}`, `key ${p.key}`, `tls-crypt ${p.tlsCrypt}`,
    'remote-cert-tls server', 'data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305',
    'connect-retry-max 1', 'hand-window 5', 'server-poll-timeout 5', 'connect-timeout 5', 'verb 3', ...extra,
  ].join('\n') + '\n';
}

/** One openvpn process in a lab host with its own directory per scenario. */
export class OvpnEnd extends EngineEnd {
  constructor(
    private readonly host: Host,
    root: string,
    end: 'server' | 'client',
  ) {
    super(root, end);
  }

  get log(): string {
    return join(this.dir, `${this.end}.log`);
  }

  /** Writes a file into this end's directory (mode 0600: credentials and keys live here). */
  file(name: string, content: string, mode = 0o600): string {
    const path = join(this.dir, name);
    writeFileSync(path, content, { mode });
    chmodSync(path, mode);
    return path;
  }

  start(conf: string): void {
    const path = this.file(`${this.end}.conf`, conf);
    this.child = this.host.spawn(['openvpn', '--config', path, '--log', this.log], { stdio: 'ignore' });
  }
}
