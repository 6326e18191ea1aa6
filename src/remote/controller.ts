/**
 * Remote access over OpenVPN: per server, the PKI material (gateway CA, server certificate, tls-crypt
 * key, CRL) is written into its 0700 run directory, the config rendered and the engine supervised; the
 * authoriser answers every client from the store; nftables enforces access policies by tunnel address
 * (deny by default) and masquerades pools toward the WAN.
 */
import { writeFile, rename, mkdir, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ReconcileLoop } from '../reconcile/loop.js';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ResourceStore } from '../store/resources.js';
import type { EventSink } from '../engines/types.js';
import type { Supervisor } from '../engines/supervisor.js';
import type { MasterKey } from '../secrets/master-key.js';
import type { CertificateService } from '../certificates/service.js';
import { createOpenVpnAdapter, runDirFor, tunNameFor, type OpenVpnAdapter, type ServerChange } from '../engines/openvpn/index.js';
import { renderClientProfile } from '../engines/openvpn/render/client-profile.js';
import { openvpnDataPlane } from '../engines/openvpn/render/server-config.js';
import { NftManager, rulesetSpecFor, policiesForGroups } from '../net/nft/index.js';
import { enableForwarding } from '../net/sysctl.js';
import type { KernelReport } from '../net/kernel.js';
import { generateTlsCryptKey } from '../pki/index.js';
import type { Gateway, RaServer, World } from '../core/model/index.js';
import { notFound, CorridorError } from '../core/errors.js';
import { ipFamily } from '../core/ip.js';
import { UserDirectory } from './directory.js';
import { isUniqueViolation } from '../store/db.js';

export interface RemoteDeps {
  log: Logger;
  db: Kysely<Database>;
  key: MasterKey;
  events: EventSink;
  resources: ResourceStore;
  supervisor: Supervisor;
  certificates: CertificateService;
  directory: UserDirectory;
  runRoot: string;
  /** the kernel's data planes, detected once at start: OpenVPN is told to use DCO or not (none: OpenVPN decides) */
  kernel?: { get(): Promise<KernelReport> };
}

export const gatewayCa = (gateway: string) => `gw-${gateway}`;
/** the host's namespace is the empty key */
const tableKey = (namespace: string | undefined): string => namespace ?? '';
export const serverCertName = (server: string) => `openvpn-${server}`;
export const userCertName = (username: string) => `user-${username}`;

async function writeSecretFile(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

export class RemoteAccessController {
  readonly adapter: OpenVpnAdapter;
  private world: World | undefined;
  /** Corridor's nftables table per network namespace (tableKey) */
  private readonly nft = new Map<string, NftManager>();
  /** per table (namespace): the policy-set write waiting to start (changes fold into it) and the latest one */
  private readonly policySync = new Map<string, { queued?: Promise<string[]> | undefined; tail: Promise<string[]> }>();
  private readonly loop: ReconcileLoop;
  lastChanges: ServerChange[] = [];
  /** what server.conf says about DCO: shown in the status; undefined until detected, or when detection failed */
  openvpnDataPlane: 'ovpn-dco' | 'tun' | undefined;

  constructor(private readonly d: RemoteDeps) {
    this.loop = new ReconcileLoop(() => this.reconcileOnce(), (err) => d.log.error({ err: err.message }, 'remote-access reconcile failed'));
    this.adapter = createOpenVpnAdapter({
      findUser: (u) => d.directory.findUser(u),
      certificateRevoked: (serial, hex) => d.directory.certificateRevoked(serial, hex),
      lockout: d.directory,
      lockoutPolicy: d.directory.policy,
      totpSteps: d.directory.totpSteps,
      routesForGroups: (groups) => d.directory.routesFor(this.world?.policies ?? [], groups),
      events: d.events,
      onSessionChange: (server) => this.onSessionChange(server),
    });
  }

  async start(): Promise<void> {
    await this.d.directory.refreshRevoked();
    await this.loop.start();
  }

  schedule(): void {
    this.loop.schedule();
  }

  reconcile(): Promise<void> {
    return this.loop.reconcile();
  }

  private async reconcileOnce(): Promise<void> {
    const world = await this.d.resources.world();
    this.world = world;
    const servers = world.servers.filter((s) => s.kind === 'openvpn' && s.enabled);
    for (const s of servers) await this.preparePki(s);
    const nsOf = (s: RaServer) => world.gateways.find((g) => g.name === s.gateway)?.namespace;
    if (servers.length && this.d.kernel && !this.openvpnDataPlane) {
      const report = await this.d.kernel.get().catch((e: Error) => void this.d.log.warn({ err: e.message }, 'kernel data-plane detection failed; OpenVPN decides DCO itself'));
      this.openvpnDataPlane = openvpnDataPlane(report?.dataPlanes.openvpn);
    }
    const result = await this.adapter.reconcile(servers, {
      runRoot: this.d.runRoot,
      ...(this.openvpnDataPlane ? { dataPlane: this.openvpnDataPlane } : {}),
      namespace: nsOf,
      pki: (s) => {
        const dir = runDirFor(this.d.runRoot, s.name);
        return { caPath: join(dir, 'ca.crt'), certPath: join(dir, 'server.crt'), keyPath: join(dir, 'server.key'), crlPath: join(dir, 'crl.pem'), ...(s.tlsCrypt ? { tlsCryptPath: join(dir, 'tc.key') } : {}) };
      },
    });
    this.lastChanges = result.changes;
    // one nftables table per network namespace: gateways sharing one (the host's, say) share its table
    const tables = new Map<string, { namespace: string | undefined; gateways: Gateway[] }>();
    for (const gw of world.gateways) {
      const t = tables.get(tableKey(gw.namespace)) ?? { namespace: gw.namespace, gateways: [] };
      t.gateways.push(gw);
      tables.set(tableKey(gw.namespace), t);
    }
    for (const [key, { namespace, gateways }] of tables) {
      const names = new Set(gateways.map((g) => g.name));
      const mine = servers.filter((s) => names.has(s.gateway));
      if (!mine.length) {
        if (this.nft.has(key) || world.servers.some((s) => names.has(s.gateway))) await this.nftFor(namespace).remove().catch(() => undefined);
        continue;
      }
      await enableForwarding(namespace ? { namespace } : {});
      const specs = gateways.map((gw) => rulesetSpecFor({ gateway: gw, raServers: mine, policies: world.policies, sites: world.sites, interfaceOf: (s) => tunNameFor(s.name) }));
      const nft = this.nftFor(namespace);
      const untracked = specs.map((x) => x.untracked).filter((u) => u !== undefined);
      await nft.applyRuleset({
        pools: specs.flatMap((x) => x.pools),
        policies: specs[0]?.policies ?? [],
        untracked: { sitePairs: untracked.flatMap((u) => u.sitePairs), localPorts: untracked.flatMap((u) => u.localPorts), esp: untracked.some((u) => u.esp) },
      });
      nft.warmUp();
    }
    // a namespace no gateway uses any more (a gateway moved or was deleted) loses Corridor's table
    for (const [key, m] of [...this.nft]) {
      if (tables.has(key)) continue;
      await m.remove().catch(() => undefined);
      m.close();
      this.nft.delete(key);
      this.policySync.delete(key);
    }
    for (const spec of result.specs) {
      const change = result.changes.find((c) => `openvpn-${c.server}` === spec.id);
      if (change?.action === 'restart') this.d.events.record({ kind: 'server.restarted', source: spec.id, subject: change.server, severity: 'warning', detail: { reasons: change.reasons } });
      await this.d.supervisor.ensure(spec);
    }
    for (const c of result.changes.filter((x) => x.action === 'stop')) await this.d.supervisor.stop(`openvpn-${c.server}`);
    for (const key of new Set(servers.map((s) => tableKey(nsOf(s))))) await this.syncPolicySets(key);
  }

  private nftFor(namespace: string | undefined): NftManager {
    let m = this.nft.get(tableKey(namespace));
    if (!m) this.nft.set(tableKey(namespace), (m = new NftManager({ namespace })));
    return m;
  }

  /** A session changed on this server: its namespace's policy sets follow; a failed write is retried by a pass. */
  private onSessionChange(serverName: string): void {
    const gateway = this.world?.gateways.find((g) => g.name === this.world?.servers.find((s) => s.name === serverName)?.gateway);
    if (!gateway) return;
    this.syncPolicySets(tableKey(gateway.namespace)).then(
      (unknown) => {
        // a policy with no set yet: the table is older than the store; the pass applies it
        if (unknown.length) this.schedule();
      },
      (e: Error) => {
        this.d.log.error({ err: e.message }, 'nft session update failed; retried by the next pass');
        this.schedule();
      },
    );
  }

  /**
   * Policy sets hold the tunnel addresses of the users each policy grants: nothing else gets through.
   * Runs on every session change, between a client's tunnel coming up and its first packet to the LAN:
   * one nft transaction per table, and changes arriving while one runs are folded into the next run,
   * which reads the sessions as they are then (a burst of connects costs a few runs, not one each).
   * Resolves with the policies the table has no set for yet.
   */
  private syncPolicySets(key: string): Promise<string[]> {
    const q = this.policySync.get(key) ?? { tail: Promise.resolve([]) };
    this.policySync.set(key, q);
    if (q.queued) return q.queued;
    const run = q.tail.catch(() => []).then(() => {
      q.queued = undefined;
      return this.writePolicySets(key);
    });
    q.queued = run;
    q.tail = run;
    return run;
  }

  private async writePolicySets(key: string): Promise<string[]> {
    const world = this.world;
    const nft = this.nft.get(key);
    if (!world || !nft) return [];
    const gateways = new Set(world.gateways.filter((g) => tableKey(g.namespace) === key).map((g) => g.name));
    const servers = new Set(world.servers.filter((s) => gateways.has(s.gateway)).map((s) => s.name));
    // a disabled user's sessions are being killed; until they are gone they reach nothing
    const groupsOf = new Map(world.users.filter((u) => !u.disabled).map((u) => [u.username, u.groups]));
    const members = new Map<string, string[]>(world.policies.map((p) => [p.name, []]));
    // static addresses enter the sets when the client is admitted, before OpenVPN reports it established:
    // the address is that user's alone, and its first packets then pass
    for (const s of [...this.adapter.sessions(), ...this.adapter.admittedAddresses()]) {
      if (!s.tunnelAddress || !servers.has(s.server)) continue;
      for (const policy of policiesForGroups(world.policies, groupsOf.get(s.username) ?? [])) members.get(policy)?.push(s.tunnelAddress);
    }
    return (await nft.setPolicyMembers(members)).unknown;
  }

  private async preparePki(s: RaServer): Promise<void> {
    const dir = runDirFor(this.d.runRoot, s.name);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const ca = gatewayCa(s.gateway);
    await this.d.certificates.ensureCa(ca, `Corridor ${s.gateway} CA`);
    const cn = serverCommonName(s);
    const b = await this.d.certificates.ensureIssued({ name: serverCertName(s.name), ca, kind: 'server', cn, ...(s.publicAddress && ipFamily(s.publicAddress) ? { ips: [s.publicAddress] } : {}) });
    await writeSecretFile(join(dir, 'ca.crt'), b.caPem);
    await writeSecretFile(join(dir, 'server.crt'), b.certPem);
    await writeSecretFile(join(dir, 'server.key'), b.keyPem);
    await writeSecretFile(join(dir, 'crl.pem'), await this.d.certificates.crl(ca));
    if (s.tlsCrypt) await writeSecretFile(join(dir, 'tc.key'), await this.tlsCryptKey(s.name));
  }

  /** One tls-crypt key per server, sealed in the store; clients' profiles carry the same key. Created on first use unless `create` is false. */
  async tlsCryptKey(server: string, opts: { create: boolean } = { create: true }): Promise<string> {
    const key = `tls-crypt:${server}`;
    const stored = async () => {
      const row = await this.d.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? this.d.key.openString(row.value, key) : undefined;
    };
    const known = await stored();
    if (known !== undefined) return known;
    if (!opts.create) throw new CorridorError(409, 'no-tls-crypt-key', `server "${server}" has no tls-crypt key yet; ask for a new profile`);
    const fresh = generateTlsCryptKey();
    try {
      await this.d.db.insertInto('settings').values({ key, value: this.d.key.seal(fresh, key) }).execute();
      return fresh;
    } catch (e) {
      // a concurrent first use (the engine's pass and a profile download, say) stored one meanwhile: that key stands
      const winner = isUniqueViolation(e) ? await stored() : undefined;
      if (winner === undefined) throw e;
      return winner;
    }
  }

  /** A revocation reaches OpenVPN through crl-verify (re-read at every handshake) and drops live sessions. */
  async onCrlChange(ca: string, crlPem: string): Promise<void> {
    await this.d.directory.refreshRevoked();
    const world = this.world ?? (await this.d.resources.world());
    for (const s of world.servers.filter((x) => gatewayCa(x.gateway) === ca && x.kind === 'openvpn')) {
      const path = join(runDirFor(this.d.runRoot, s.name), 'crl.pem');
      await writeSecretFile(path, crlPem).catch(() => undefined);
    }
    const revokedUsers = await this.d.db.selectFrom('certificates').select('name').where('ca', '=', ca).where('revoked_at', 'is not', null).where('name', 'like', 'user-%').execute();
    for (const r of revokedUsers) {
      const username = r.name.slice(5);
      const n = await this.adapter.disconnectUser(username);
      if (n) this.d.events.record({ kind: 'session.revoked', source: 'openvpn', subject: username, severity: 'warning', detail: { sessions: n } });
    }
  }

  /**
   * A user's .ovpn for one server. `issue`: a missing, revoked or expiring client certificate (and the
   * gateway's CA, the server's tls-crypt key) is created first; this is what POST /profile and the
   * creation of a one-time link do. Without it nothing is created: the one-time link's download serves
   * what its creation prepared, or says the certificate is gone.
   */
  async profile(username: string, serverName: string, opts: { issue: boolean }): Promise<{ filename: string; text: string }> {
    const world = await this.d.resources.world();
    const server = world.servers.find((s) => s.name === serverName && s.kind === 'openvpn');
    if (!server) throw notFound(`OpenVPN server "${serverName}"`);
    const user = world.users.find((u) => u.username === username);
    if (!user) throw notFound(`user "${username}"`);
    if (user.disabled) throw new CorridorError(409, 'user-disabled', `user "${username}" is disabled`);
    // an active (confirmed) TOTP secret: the profile makes the client prompt for the code separately
    const totpPrompt = Boolean(((await this.d.resources.get('user', username)) as { totpSecretSet?: boolean }).totpSecretSet);
    const gw = world.gateways.find((g) => g.name === server.gateway);
    const publicAddress = server.publicAddress ?? server.listen ?? gw?.wanLinks[0]?.fqdn ?? gw?.wanLinks[0]?.address;
    if (!publicAddress) throw new CorridorError(409, 'no-public-address', `server "${serverName}" has no publicAddress and its gateway no WAN address: set publicAddress first`, [{ path: 'publicAddress', message: 'required for client profiles' }]);
    const b = opts.issue ? await this.issueClientCertificate(username, server.gateway) : await this.existingClientCertificate(username);
    const tlsCryptKey = server.tlsCrypt ? await this.tlsCryptKey(server.name, { create: opts.issue }) : undefined;
    const text = renderClientProfile({
      server, publicAddress, serverCommonName: serverCommonName(server), caPem: b.caPem, certPem: b.certPem, keyPem: b.keyPem, totpPrompt,
      ...(tlsCryptKey ? { tlsCryptKey } : {}),
    });
    return { filename: `${username}-${serverName}.ovpn`, text };
  }

  private async issueClientCertificate(username: string, gateway: string) {
    const ca = gatewayCa(gateway);
    await this.d.certificates.ensureCa(ca, `Corridor ${gateway} CA`);
    return this.d.certificates.ensureIssued({ name: userCertName(username), ca, kind: 'client', username });
  }

  private async existingClientCertificate(username: string) {
    const row = await this.d.certificates.find(userCertName(username));
    if (!row || row.revoked_at) throw new CorridorError(409, 'no-certificate', `user "${username}" has no valid certificate (revoked or never issued); ask for a new profile`);
    return this.d.certificates.bundle(row.name);
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.adapter.close();
    for (const m of this.nft.values()) m.close();
  }
}

export function serverCommonName(s: RaServer): string {
  return `corridor-${s.name}`;
}
