/**
 * OpenVPN remote-access adapter: renders one config per server into its run directory, describes the
 * engine processes for the supervisor, and runs one controller per server on its management socket.
 *
 * OpenVPN has no config reload. Routes, DNS, full tunnel and policy routes are therefore not written into
 * server.conf but pushed per client by the client-connect hook, so changing them reaches every new session
 * without a restart ('live'); anything in the file (port, proto, pool, ciphers, password authentication)
 * or a renewed certificate or key needs a restart, which drops that server's sessions ('restart': the
 * caller should warn). A new CRL needs none: OpenVPN reads crl-verify at every connection.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RaServer } from '../../core/model/index.js';
import type { EngineSpec } from '../types.js';
import { OpenVpnController } from './controller.js';
import type { OpenVpnControllerOptions } from './controller.js';
import { CCD_DIR, HOOK_SOCKET, MANAGEMENT_SOCKET } from './controller.js';
import { ensurePrivateDir, writeIfChanged } from './files.js';
import { hookBinary } from './hook/binary.js';
import { renderServerConfig } from './render/server-config.js';
import type { Session } from './sessions/session-table.js';

export interface OpenVpnPkiPaths {
  caPath: string;
  certPath: string;
  keyPath: string;
  tlsCryptPath?: string;
  crlPath?: string;
}

export interface OpenVpnReconcileContext {
  /** each server runs in <runRoot>/openvpn-<name> */
  runRoot: string;
  pki(server: RaServer): OpenVpnPkiPaths;
  /** network namespace a server's engine runs in: its gateway's (labs, several tenants); none in production */
  namespace?(server: RaServer): string | undefined;
  /** tun device name; default derived from the server name */
  dev?(server: RaServer): string;
  /** the data plane detected at start (src/net/kernel.ts), written into server.conf; absent: OpenVPN decides */
  dataPlane?: 'ovpn-dco' | 'tun';
}

export type ServerAction = 'start' | 'restart' | 'live' | 'none' | 'stop';

export interface ServerChange {
  server: string;
  action: ServerAction;
  /** what changed, for the caller's warning ("restart drops N sessions: port, data-ciphers") */
  reasons: string[];
}

export interface ReconcileResult {
  specs: EngineSpec[];
  changes: ServerChange[];
}

export type OpenVpnAdapterDeps = Omit<OpenVpnControllerOptions, 'runDir' | 'server' | 'source' | 'onSessionChange'> & {
  /** established sessions of one server changed (for nft sets keyed by tunnel address) */
  onSessionChange?: (server: string, sessions: Session[]) => void;
  /** the compiled corridor-openvpn-hook; default: dist/libexec under the package root */
  hookBinary?: string;
};

export interface ServerSession extends Session {
  server: string;
}

export interface OpenVpnAdapter {
  reconcile(servers: readonly RaServer[], ctx: OpenVpnReconcileContext): Promise<ReconcileResult>;
  sessions(): ServerSession[];
  /** admitted clients whose (static) address is known before they are established */
  admittedAddresses(): Array<{ server: string; username: string; tunnelAddress: string }>;
  disconnect(server: string, cid: number): Promise<void>;
  disconnectUser(username: string): Promise<number>;
  controller(server: string): OpenVpnController | undefined;
  /** detaches every controller; the OpenVPN processes keep running */
  close(): Promise<void>;
}

interface Instance {
  server: RaServer;
  controller: OpenVpnController;
}

const LIVE_FIELDS = ['routes', 'dns', 'fullTunnel', 'maxSessionsPerUser'] as const;

export function runDirFor(runRoot: string, serverName: string): string {
  return join(runRoot, `openvpn-${serverName}`);
}

export function createOpenVpnAdapter(deps: OpenVpnAdapterDeps): OpenVpnAdapter {
  const instances = new Map<string, Instance>();

  async function reconcileOne(server: RaServer, ctx: OpenVpnReconcileContext): Promise<{ spec: EngineSpec; change: ServerChange }> {
    const runDir = runDirFor(ctx.runRoot, server.name);
    await ensurePrivateDir(runDir);
    await ensurePrivateDir(join(runDir, 'tmp'));
    await ensurePrivateDir(join(runDir, CCD_DIR));
    const confPath = join(runDir, 'server.conf');
    const tokenSecretPath = join(runDir, 'auth-token.key');
    await ensureTokenSecret(tokenSecretPath);
    const pki = ctx.pki(server);
    const config = renderServerConfig(server, {
      runDir,
      mgmtSocket: join(runDir, MANAGEMENT_SOCKET),
      hook: { binary: deps.hookBinary ?? hookBinary(), socket: join(runDir, HOOK_SOCKET), tokenSecretPath, ccdDir: join(runDir, CCD_DIR) },
      pushes: 'hook',
      ...pki,
      ...(ctx.dev ? { dev: ctx.dev(server) } : {}),
      ...(ctx.dataPlane ? { dataPlane: ctx.dataPlane } : {}),
    });
    // OpenVPN reads its certificate and key only at start: a renewed one must restart it
    const credentials = await credentialsDigest(pki);
    const before = await readFile(confPath, 'utf8').catch(() => undefined);
    const rewritten = await writeIfChanged(confPath, config);
    const digestPath = join(runDir, 'credentials.sha256');
    const credentialsBefore = await readFile(digestPath, 'utf8').catch(() => undefined);
    const renewed = credentialsBefore !== undefined && credentialsBefore !== credentials;
    await writeIfChanged(digestPath, credentials);
    const reasons = [...(rewritten && before !== undefined ? changedDirectives(before, config) : []), ...(renewed ? ['certificate'] : [])];
    const existing = instances.get(server.name);
    let change: ServerChange;
    if (before === undefined) {
      change = { server: server.name, action: 'start', reasons: [] };
    } else if (reasons.length > 0) {
      change = { server: server.name, action: 'restart', reasons };
    } else if (!existing) {
      change = { server: server.name, action: 'none', reasons: [] };
    } else {
      const live = LIVE_FIELDS.filter((f) => JSON.stringify(existing.server[f]) !== JSON.stringify(server[f]));
      change = { server: server.name, action: live.length > 0 ? 'live' : 'none', reasons: [...live] };
    }
    if (existing) existing.server = server;
    else {
      const ref = { server };
      const controller = await new OpenVpnController({
        ...deps,
        runDir,
        source: `openvpn:${server.name}`,
        server: () => ref.server,
        onSessionChange: (s) => deps.onSessionChange?.(server.name, s),
      }).start();
      instances.set(server.name, Object.assign(ref, { controller }));
    }
    const spec: EngineSpec = {
      id: `openvpn-${server.name}`,
      kind: 'openvpn',
      argv: ['openvpn', '--cd', runDir, '--config', confPath, '--log-append', join(runDir, 'openvpn.log')],
      logFile: join(runDir, 'openvpn.log'),
      ...(ctx.namespace?.(server) ? { namespace: ctx.namespace(server)! } : {}),
      ready: async () => instances.get(server.name)?.controller.attached ?? false,
      // "alice/198.18.0.2:41874 ..." and "198.18.0.2:41874 ..." after the timestamp
      connectionOf: (line) => /^\S+ \S+ ([A-Za-z0-9._@-]+)\/[0-9a-f.:[\]]+ /.exec(line)?.[1],
      fingerprint: createHash('sha256').update(config).update(credentials).digest('hex'),
    };
    return { spec, change };
  }

  return {
    async reconcile(servers, ctx) {
      const wanted = servers.filter((s) => s.kind === 'openvpn' && s.enabled);
      const specs: EngineSpec[] = [];
      const changes: ServerChange[] = [];
      for (const server of wanted) {
        const { spec, change } = await reconcileOne(server, ctx);
        specs.push(spec);
        changes.push(change);
      }
      const names = new Set(wanted.map((s) => s.name));
      for (const [name, inst] of instances) {
        if (names.has(name)) continue;
        await inst.controller.close();
        instances.delete(name);
        changes.push({ server: name, action: 'stop', reasons: ['removed or disabled'] });
      }
      return { specs, changes };
    },
    sessions() {
      return [...instances].flatMap(([server, inst]) => inst.controller.sessions().map((s) => ({ ...s, server })));
    },
    admittedAddresses() {
      return [...instances].flatMap(([server, inst]) => inst.controller.admittedAddresses().map((a) => ({ ...a, server })));
    },
    async disconnect(server, cid) {
      const inst = instances.get(server);
      if (!inst) throw new Error(`no OpenVPN server ${server}`);
      await inst.controller.disconnect(cid);
    },
    async disconnectUser(username) {
      let n = 0;
      for (const inst of instances.values()) n += await inst.controller.disconnectUser(username);
      return n;
    },
    controller(server) {
      return instances.get(server)?.controller;
    },
    async close() {
      await Promise.all([...instances.values()].map((i) => i.controller.close()));
      instances.clear();
    },
  };
}

/** Hash of what OpenVPN loads once at start besides its config (the CRL is re-read per connection). */
async function credentialsDigest(pki: OpenVpnPkiPaths): Promise<string> {
  const h = createHash('sha256');
  for (const path of [pki.caPath, pki.certPath, pki.keyPath, pki.tlsCryptPath]) {
    h.update(path ? await readFile(path).catch(() => Buffer.alloc(0)) : Buffer.alloc(0));
    h.update('\0');
  }
  return h.digest('hex');
}

/** The key that signs session tokens: kept across restarts so that reconnecting clients keep theirs. */
async function ensureTokenSecret(path: string): Promise<void> {
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing?.includes('-----END OpenVPN auth-token server key-----')) return;
  const body = randomBytes(128).toString('base64').replace(/(.{64})/g, '$1\n').trim();
  await writeIfChanged(path, `-----BEGIN OpenVPN auth-token server key-----\n${body}\n-----END OpenVPN auth-token server key-----\n`);
}

/** Names of directives whose lines differ between two configs. */
function changedDirectives(before: string, after: string): string[] {
  const key = (l: string): string => l.split(' ')[0] ?? '';
  const a = new Set(before.split('\n'));
  const b = new Set(after.split('\n'));
  const names = new Set<string>();
  for (const l of a) if (!b.has(l)) names.add(key(l));
  for (const l of b) if (!a.has(l)) names.add(key(l));
  return [...names].filter((n) => n !== '' && !n.startsWith('#'));
}
