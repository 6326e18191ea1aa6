/** server.conf for one remote-access server. */
import { createHash } from 'node:crypto';
import { bigIntToIp, ipFamily, netmaskOf, parseCidr } from '../../../core/ip.js';
import type { RaServer } from '../../../core/model/index.js';
import { directive, pathArg, RenderError, token } from './directives.js';
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
   * 'config' writes routes/DNS/redirect-gateway pushes into the file; 'client-auth' leaves them to the
   * authoriser's per-client answer (what the adapter does, so such changes need no restart).
   */
  pushes?: 'config' | 'client-auth';
}

/** "ovpn" + 8 hex of the name's hash: fits IFNAMSIZ and is stable across restarts. */
export function tunNameFor(serverName: string): string {
  return `ovpn${createHash('sha256').update(serverName).digest('hex').slice(0, 8)}`;
}

export function renderServerConfig(server: RaServer, ctx: ServerRenderContext): string {
  const pool = parseCidr(server.pool);
  if (pool.family !== 4 || pool.prefix > 29) throw new RenderError(`pool ${server.pool}: an IPv4 prefix of /29 or larger is needed`);
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
    directive('server', bigIntToIp(pool.network, 4), netmaskOf(pool.prefix)),
    ...(ctx.pushes === 'client-auth' ? [] : serverPushes(server)),
    directive('ca', pathArg(ctx.caPath, 'ca')),
    directive('cert', pathArg(ctx.certPath, 'cert')),
    directive('key', pathArg(ctx.keyPath, 'key')),
    'dh none',
    ...tlsCrypt(server, ctx),
    ...(ctx.crlPath ? [directive('crl-verify', pathArg(ctx.crlPath, 'crl-verify'))] : []),
    directive('data-ciphers', server.ciphers.map((c) => token(c, 'cipher')).join(':')),
    'tls-version-min 1.2',
    'remote-cert-tls client',
    'keepalive 10 60',
    'persist-key',
    'persist-tun',
    // the daemon answers every CONNECT; -optional so that certificate-only clients reach it at all
    directive('management', pathArg(ctx.mgmtSocket, 'management'), 'unix'),
    'management-client-auth',
    'auth-user-pass-optional',
    directive('status', pathArg(`${ctx.runDir}/status.txt`, 'status'), 10),
    'status-version 3',
    'verb 3',
    ...(server.proto === 'udp' ? ['explicit-exit-notify 1'] : []),
  ];
  return `${lines.join('\n')}\n`;
}

function tlsCrypt(server: RaServer, ctx: ServerRenderContext): string[] {
  if (!server.tlsCrypt) return [];
  if (!ctx.tlsCryptPath) throw new RenderError('tls-crypt is on but no key path was given');
  return [directive('tls-crypt', pathArg(ctx.tlsCryptPath, 'tls-crypt'))];
}
