/** OpenVPN server and client in lab namespaces, per engines-lab.md §3, with files written 0600 in a 0700 directory. */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Host } from '../lab/index.js';
import { pollUntil } from '../lab/proc.js';

export const TUNNEL_NET = '198.19.99.0';
export const TUNNEL_SERVER_IP = '198.19.99.1';

export interface OvpnFiles {
  ca: string;
  cert: string;
  key: string;
  tlsCrypt: string;
  crl?: string;
}

function write(dir: string, name: string, data: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, name);
  writeFileSync(path, data, { mode: 0o600 });
  return path;
}

function materialise(dir: string, f: OvpnFiles): Record<keyof OvpnFiles, string | undefined> {
  return {
    ca: write(dir, 'ca.crt', f.ca),
    cert: write(dir, 'cert.crt', f.cert),
    key: write(dir, 'cert.key', f.key),
    tlsCrypt: write(dir, 'tc.key', f.tlsCrypt),
    crl: f.crl === undefined ? undefined : write(dir, 'crl.pem', f.crl),
  };
}

export interface RunningOpenVpn {
  child: ChildProcess;
  log: string;
  dir: string;
}

export function startServer(host: Host, dir: string, files: OvpnFiles, listenIp: string): RunningOpenVpn {
  const p = materialise(dir, files);
  const conf = [
    'dev tun0', 'proto udp', `local ${listenIp}`, 'port 1194', 'topology subnet', `server ${TUNNEL_NET} 255.255.255.0`,
    `ca ${p.ca}`, `cert ${p.cert}`, `key ${p.key}`, 'dh none', `tls-crypt ${p.tlsCrypt}`,
    ...(p.crl ? [`crl-verify ${p.crl}`] : []),
    'remote-cert-tls client', 'data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305', 'keepalive 10 60', 'verb 3',
  ];
  const log = join(dir, 'server.log');
  const config = write(dir, 'server.conf', conf.join('\n') + '\n');
  const child = host.spawn(['openvpn', '--config', config, '--log', log], { stdio: 'ignore' });
  return { child, log, dir };
}

export function startClient(host: Host, dir: string, files: OvpnFiles, serverIp: string, tun = 'tun0'): RunningOpenVpn {
  const p = materialise(dir, files);
  const conf = [
    'client', `dev ${tun}`, 'proto udp', `remote ${serverIp} 1194`, 'nobind', `ca ${p.ca}`, `cert ${p.cert}`, `key ${p.key}`,
    `tls-crypt ${p.tlsCrypt}`, 'remote-cert-tls server', 'verify-x509-name server name',
    'data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305', 'connect-retry 1 1', 'verb 3',
  ];
  const log = join(dir, 'client.log');
  const config = write(dir, 'client.conf', conf.join('\n') + '\n');
  const child = host.spawn(['openvpn', '--config', config, '--log', log], { stdio: 'ignore' });
  return { child, log, dir };
}

export function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Waits (bounded) until the log has a line matching re; returns that line. */
export function waitForLog(path: string, re: RegExp, timeoutMs = 15_000): Promise<string> {
  return pollUntil(`${re} in ${path}`, () => readLog(path).split('\n').find((l) => re.test(l)), timeoutMs, 50);
}

/** SIGTERM and wait for the exit, bounded. */
export async function stop(run: RunningOpenVpn): Promise<void> {
  if (run.child.exitCode !== null || run.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => run.child.once('exit', () => resolve()));
  run.child.kill('SIGTERM');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
