/** server.conf for one remote-access server. */
import { createHash } from 'node:crypto';
import { bigIntToIp, ipFamily, netmaskOf, parseCidr } from '../../../core/ip.js';
import type { RaServer } from '../../../core/model/index.js';
import { poolLayout } from '../../../core/model/pool.js';
import { commandArg, directive, pathArg, push, RenderError, socketPathArg, token } from './directives.js';
import { serverPushes } from './pushes.js';

export interface ServerRenderContext {
  runDir: string;
  caPath: string;
  certPath: string;
  keyPath: string;
  /** required when server.tlsCrypt */
  tlsCryptPath?: string;
  crlPath?: string;
  /** unix socket inside runDir (a 0700 directory: OpenVPN creates the socket 0777) */
  mgmtSocket: string;
  /** tun device name; default derived from the server name, unique host-wide */
  dev?: string;
  /**
   * corridor-openvpn-hook and its socket: every client is authenticated (auth-user-pass-verify, when the
   * server uses passwords) and admitted (client-connect) by the daemon while OpenVPN waits. Without it
   * the file has no authentication beyond certificates (tests and benches that bring their own).
   */
  hook?: { binary: string; socket: string; tokenSecretPath: string; ccdDir: string };
  /**
   * 'config' writes routes/DNS/redirect-gateway pushes into the file; 'hook' leaves them to the per-client
   * answer of the client-connect hook (what the adapter does, so such changes need no restart).
   */
  pushes?: 'config' | 'hook';
  /**
   * The data plane chosen at start from the kernel's answer (src/net/kernel.ts): 'tun' writes
   * `disable-dco`, so OpenVPN never silently switches between the two when a module appears; 'ovpn-dco'
   * leaves DCO on (OpenVPN 2.6 uses it when the module is loaded). Absent: OpenVPN decides, as before.
   */
  dataPlane?: 'ovpn-dco' | 'tun';
}

/**
 * Socket buffers for the server and, pushed, for its clients: OpenVPN 2.6 leaves the kernel default
 * (212,992 B), too small for a busy UDP socket. The kernel caps the value at net.core.[rw]mem_max.
 */
export const SOCKET_BUFFER_BYTES = 524_288;

/**
 * The kernel's answer (src/net/kernel.ts detectKernelFeatures) as the data plane server.conf names: with
 * no TUN either ('none') nothing is written, and OpenVPN fails with its own words (the doctor says why).
 */
export function openvpnDataPlane(detected: 'ovpn-dco' | 'tun' | 'none' | undefined): 'ovpn-dco' | 'tun' | undefined {
  return detected === 'ovpn-dco' || detected === 'tun' ? detected : undefined;
}

/** Options chosen for throughput; each is safe for every client (measured in bench/throughput/RESULTS.md). */
export function throughputLines(server: Pick<RaServer, 'proto'>, dataPlane?: 'ovpn-dco' | 'tun'): string[] {
  return [
    ...(dataPlane === 'tun' ? ['disable-dco'] : []),
    directive('sndbuf', SOCKET_BUFFER_BYTES),
    directive('rcvbuf', SOCKET_BUFFER_BYTES),
    // in the file even when the hook answers the pushes: they never change while the server runs
    push(`sndbuf ${SOCKET_BUFFER_BYTES}`),
    push(`rcvbuf ${SOCKET_BUFFER_BYTES}`),
    // the tun queue the kernel fills and OpenVPN drains: 500 (the kernel's default) drops bursts
    'txqueuelen 1000',
    // UDP only: write to the socket at once instead of waiting for poll to say it is writable
    ...(server.proto === 'udp' ? ['fast-io'] : []),
  ];
}

/** Session tokens (auth-gen-token) live this long: after it, clients log in with their password again. */
export const TOKEN_LIFETIME_SECONDS = 12 * 3600;

/**
 * `keepalive PING RESTART`: the server pings an idle client every PING seconds and pushes `ping PING` and
 * `ping-restart RESTART`, so a client restarts its connection after RESTART seconds without a packet from
 * the server. That is the only way a UDP client learns that OpenVPN crashed (a killed process sends no exit
 * notification and the restarted one knows nothing of the old sessions): with 2/6 a client passes traffic
 * again 6.5-7 s after a kill -9 instead of about 60 s with OpenVPN's usual 10/60 (bench/openvpn/RECOVERY.md).
 * The price is a ping every 2 s each way on an idle tunnel, about 110 bytes/s on the wire instead of 38.
 * OpenVPN itself ends a silent client after twice RESTART (12 s), which also frees a static address held
 * by a vanished device.
 */
export const KEEPALIVE = { pingSeconds: 2, restartSeconds: 6 } as const;

/** "ovpn" + 8 hex of the name's hash: fits IFNAMSIZ and is stable across restarts. */
export function tunNameFor(serverName: string): string {
  return `ovpn${createHash('sha256').update(serverName).digest('hex').slice(0, 8)}`;
}

export function renderServerConfig(server: RaServer, ctx: ServerRenderContext): string {
  const pool = parseCidr(server.pool);
  if (pool.family !== 4 || pool.prefix > 29) throw new RenderError(`pool ${server.pool}: an IPv4 prefix of /29 or larger is needed`);
  const layout = poolLayout(server.pool);
  if (!/^[A-Za-z0-9_]{1,15}$/.test(ctx.dev ?? 'x')) throw new RenderError(`dev: bad tun name ${JSON.stringify(ctx.dev)}`);
  const v6 = server.listen !== undefined && ipFamily(server.listen) === 6;
  const proto = server.proto === 'udp' ? (v6 ? 'udp6' : 'udp') : v6 ? 'tcp6-server' : 'tcp-server';
  const lines = [
    '# rendered by Corridor; edits are overwritten',
    directive('dev', ctx.dev ?? tunNameFor(server.name)),
    'dev-type tun',
    directive('proto', proto),
    directive('port', server.port),
    ...(server.listen ? [directive('local', server.listen)] : []),
    'topology subnet',
    // the lower half of the pool is for static addresses (ifconfig-push), the upper half is dynamic
    directive('server', bigIntToIp(pool.network, 4), netmaskOf(pool.prefix), 'nopool'),
    directive('ifconfig-pool', layout.dynamicFirst, layout.dynamicLast, netmaskOf(pool.prefix)),
    ...(ctx.pushes === 'hook' ? [] : serverPushes(server)),
    directive('ca', pathArg(ctx.caPath, 'ca')),
    directive('cert', pathArg(ctx.certPath, 'cert')),
    directive('key', pathArg(ctx.keyPath, 'key')),
    'dh none',
    ...tlsCrypt(server, ctx),
    ...(ctx.crlPath ? [directive('crl-verify', pathArg(ctx.crlPath, 'crl-verify'))] : []),
    directive('data-ciphers', server.ciphers.map((c) => token(c, 'cipher')).join(':')),
    'tls-version-min 1.2',
    'remote-cert-tls client',
    // A user's devices share the user's certificate: without this OpenVPN itself drops a user's earlier
    // session, silently, whenever another one of the same CN connects (the dropped device learns it at
    // ping-restart, reconnects and drops the other in turn). Session limits and static addresses are
    // decided by the daemon instead (auth/authorizer.ts).
    'duplicate-cn',
    directive('keepalive', KEEPALIVE.pingSeconds, KEEPALIVE.restartSeconds),
    'persist-key',
    'persist-tun',
    ...throughputLines(server, ctx.dataPlane),
    directive('management', socketPathArg(ctx.mgmtSocket, 'management'), 'unix'),
    ...hookLines(server, ctx),
    directive('status', pathArg(`${ctx.runDir}/status.txt`, 'status'), 10),
    'status-version 3',
    'verb 3',
    ...(server.proto === 'udp' ? ['explicit-exit-notify 1'] : []),
  ];
  return `${lines.join('\n')}\n`;
}

function hookLines(server: RaServer, ctx: ServerRenderContext): string[] {
  if (!ctx.hook) return [];
  const command = commandArg([pathArg(ctx.hook.binary, 'hook'), socketPathArg(ctx.hook.socket, 'hook socket')], 'hook command');
  return [
    'script-security 2',
    // via-file credentials and deferred-auth control files, in the 0700 run directory
    directive('tmp-dir', pathArg(`${ctx.runDir}/tmp`, 'tmp-dir')),
    ...(server.passwordAuth
      ? [
          directive('auth-user-pass-verify', command, 'via-file'),
          // renegotiations and reconnects present a token instead of the password (auth-nocache clients
          // have none left); external-auth still asks the hook, which re-checks the user
          directive('auth-gen-token', TOKEN_LIFETIME_SECONDS, 'external-auth'),
          directive('auth-gen-token-secret', pathArg(ctx.hook.tokenSecretPath, 'auth-gen-token-secret')),
          // the per-client config, written by the daemon when it admits the client: read by OpenVPN
          // itself, which spares a second hook call on every connect
          directive('client-config-dir', pathArg(ctx.hook.ccdDir, 'client-config-dir')),
        ]
      : // certificate-only clients are first seen, identified and admitted at client-connect
        [directive('client-connect', command)]),
    directive('client-disconnect', command),
  ];
}

function tlsCrypt(server: RaServer, ctx: ServerRenderContext): string[] {
  if (!server.tlsCrypt) return [];
  if (!ctx.tlsCryptPath) throw new RenderError('tls-crypt is on but no key path was given');
  return [directive('tls-crypt', pathArg(ctx.tlsCryptPath, 'tls-crypt'))];
}
