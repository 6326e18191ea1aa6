/**
 * Site-to-site control loop: one charon per gateway that has site connections, supervised; desired
 * connections and secrets rendered from the store and reconciled over VICI (idempotent: the adapter
 * fingerprints what it loaded). Changes to sites, peers or gateways trigger a debounced reconcile.
 */
import type { Logger } from 'pino';
import { ReconcileLoop } from '../reconcile/loop.js';
import type { ResourceStore } from '../store/resources.js';
import type { EventSink } from '../engines/types.js';
import type { Supervisor } from '../engines/supervisor.js';
import type { CertificateService } from '../certificates/service.js';
import { createStrongSwanAdapter, type StrongSwanAdapter, type ReconcileAction, type SecretBody } from '../engines/strongswan/adapter.js';
import { buildConnection } from '../engines/strongswan/config/connection.js';
import { buildSharedSecret } from '../engines/strongswan/config/shared-secret.js';
import { validateForEngine } from '../engines/strongswan/config/validate.js';
import { effectiveSite } from '../engines/strongswan/config/effective.js';
import type { ConnectionStatus } from '../engines/strongswan/health/index.js';
import { ViciCommandError } from '../engines/strongswan/vici/index.js';
import type { Gateway, Peer, SiteConnection, SiteSpec } from '../core/model/index.js';
import { CorridorError } from '../core/errors.js';
import { subjectAltNameValues } from '../pki/index.js';

/** charon's refusal is the answer the administrator needs: a 502 carrying charon's own words. */
async function engineCall(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (e instanceof CorridorError) throw e;
    const msg = e instanceof ViciCommandError ? e.errmsg : (e as Error).message;
    throw new CorridorError(502, 'engine-refused', `charon: ${msg}`);
  }
}

/** A site whose charon is not running: down, every configured subnet pair missing. */
function notRunning(site: Pick<SiteSpec, 'name' | 'localSubnets' | 'remoteSubnets'>): ConnectionStatus {
  const pairs = site.localSubnets.flatMap((local) => site.remoteSubnets.map((remote) => ({ local, remote, state: 'missing' as const })));
  return { name: site.name, health: 'down', ikeSas: [], children: [], missingChildren: [], pairs, bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 };
}

export interface SitesControllerDeps {
  log: Logger;
  events: EventSink;
  resources: ResourceStore;
  supervisor: Supervisor;
  certificates: CertificateService;
  runRoot: string;
}

export class SitesController {
  private readonly adapters = new Map<string, StrongSwanAdapter>();
  private readonly loop: ReconcileLoop;
  /** certificates renewed or revoked since the last pass; the revoked ones' peers lose their SAs in it */
  private readonly changedCerts = new Set<string>();
  lastActions: ReconcileAction[] = [];

  constructor(private readonly d: SitesControllerDeps) {
    this.loop = new ReconcileLoop(() => this.reconcileOnce(), (err) => d.log.error({ err: err.message }, 'site reconcile failed'));
    // the adapter restores connections, PSKs, keys, CAs and CRLs itself when a restarted charon answers
    // again; a pass also picks up whatever changed while it was down
    d.supervisor.on('restarted', (st: { kind: string }) => {
      if (st.kind === 'strongswan') this.schedule();
    });
  }

  async start(): Promise<void> {
    await this.loop.start();
  }

  schedule(): void {
    this.loop.schedule();
  }

  /** A certificate was renewed or revoked: the next pass loads it (or the new CRL) and, if revoked, ends its peers' SAs. */
  certificateChanged(name: string): void {
    this.changedCerts.add(name);
    this.schedule();
  }

  reconcile(): Promise<void> {
    return this.loop.reconcile();
  }

  private async reconcileOnce(): Promise<void> {
    // taken before the CRLs are read: revoke() publishes the CRL before it reports the certificate, so
    // this pass loads a CRL that lists every certificate taken here (later ones wait for the next pass)
    const changedCerts = [...this.changedCerts];
    this.changedCerts.clear();
    try {
      await this.reconcileWith(changedCerts);
    } catch (e) {
      for (const n of changedCerts) this.changedCerts.add(n);
      throw e;
    }
  }

  private async reconcileWith(changedCerts: readonly string[]): Promise<void> {
    const world = await this.d.resources.world();
    const byGateway = new Map<string, SiteSpec[]>();
    for (const s of world.sites) byGateway.set(s.gateway, [...(byGateway.get(s.gateway) ?? []), s]);
    const actions: ReconcileAction[] = [];
    const crls = await this.currentCrls();
    const credsLoaded = new Set<string>();
    for (const gw of world.gateways) {
      const sites = byGateway.get(gw.name) ?? [];
      if (!sites.length) {
        await this.retire(gw.name);
        continue;
      }
      const adapter = await this.adapterFor(gw);
      const connections = [];
      const secrets: SecretBody[] = [];
      const initiate: string[] = [];
      const keys = new Set<string>();
      const cas = new Set<string>();
      for (const spec of sites.filter((s) => s.enabled)) {
        const peer = world.peers.find((p) => p.name === spec.peer);
        if (!peer) continue;
        const site = effectiveSite(spec, peer.vendor);
        const bad = validateForEngine(site, peer, gw).filter((i) => i.severity !== 'warning');
        if (bad.length) {
          this.d.log.warn({ site: site.name, issues: bad }, 'site connection not loaded: invalid for the engine');
          continue;
        }
        const certs = site.auth === 'cert' && site.certificate ? await this.d.certificates.bundle(site.certificate) : undefined;
        if (certs) {
          keys.add(certs.keyPem);
          cas.add(certs.caPem);
        }
        connections.push(buildConnection(site, peer, gw, { controlPlane: true, ...(certs ? { localCerts: [certs.certPem], remoteCaCerts: [certs.caPem], revocation: 'strict' } : {}) }));
        if (site.auth === 'psk') {
          const full = await this.d.resources.getWithSecrets('site', site.name);
          if (typeof full.psk === 'string') secrets.push(buildSharedSecret(site, peer, full.psk, gw) as SecretBody);
        }
        if (site.initiate) initiate.push(site.name);
      }
      const credentials = { keys: [...keys], cas: [...cas], crls };
      const done = await adapter.reconcile({ connections, secrets, initiate, credentials });
      if (!done.some((a) => a.kind === 'load-creds' && !a.ok)) credsLoaded.add(gw.name);
      actions.push(...done);
    }
    for (const name of [...this.adapters.keys()]) if (!world.gateways.some((g) => g.name === name)) await this.retire(name);
    await this.dropRevokedPeers(changedCerts, credsLoaded);
    this.lastActions = actions;
    for (const a of actions.filter((x) => !x.ok)) {
      this.d.events.record({ kind: 'site.load-failed', source: 'sites', subject: a.name, severity: 'error', detail: { action: a.kind, error: a.error } });
    }
  }

  /**
   * charon checks a certificate against the CRL at IKE_AUTH only, and IKEv2 rekeying never authenticates
   * again: an SA whose peer identified itself with an identity of a revoked certificate is deleted, so
   * that its next IKE_AUTH (the control plane's or the peer's) meets the new CRL. Only on charons that
   * hold that CRL now: elsewhere the certificate stays pending and the next pass tries again.
   */
  private async dropRevokedPeers(names: readonly string[], credsLoaded: ReadonlySet<string>): Promise<void> {
    for (const name of names) {
      const cert = await this.d.certificates.get(name).catch(() => undefined);
      if (!cert?.revokedAt) continue;
      const ids = new Set(subjectAltNameValues(cert.certPem));
      for (const [gateway, a] of this.adapters) {
        if (!credsLoaded.has(gateway)) {
          this.changedCerts.add(name);
          continue;
        }
        for (const st of a.statuses()) {
          if (!st.ikeSas.some((i) => i.remoteId !== undefined && ids.has(i.remoteId))) continue;
          this.d.log.warn({ gateway, site: st.name, certificate: name }, 'peer certificate revoked: ending its SAs');
          await a.drop(st.name).catch((e: Error) => this.d.log.error({ site: st.name, err: e.message }, 'could not end the SAs of a revoked peer'));
        }
      }
    }
  }

  /**
   * Every CA's current CRL goes to every charon: which CA a peer's certificate chains to is charon's
   * business, and a CRL of a CA nobody trusts costs nothing. crl() regenerates one older than a day.
   */
  private async currentCrls(): Promise<string[]> {
    const out: string[] = [];
    for (const ca of await this.d.certificates.listCas()) out.push(await this.d.certificates.crl(ca.name));
    return out;
  }

  private async adapterFor(gw: Gateway): Promise<StrongSwanAdapter> {
    let a = this.adapters.get(gw.name);
    if (a) return a;
    a = await createStrongSwanAdapter({ log: this.d.log.child({ engine: `charon-${gw.name}` }), events: this.d.events, runRoot: this.d.runRoot, gateway: gw.name, ...(gw.namespace ? { namespace: gw.namespace } : {}) });
    await this.d.supervisor.ensure(a.instance.spec);
    await a.start();
    this.adapters.set(gw.name, a);
    return a;
  }

  private async retire(gateway: string): Promise<void> {
    const a = this.adapters.get(gateway);
    if (!a) return;
    this.adapters.delete(gateway);
    await a.close();
    await this.d.supervisor.stop(a.instance.id);
  }

  private adapterOf(gateway: string): StrongSwanAdapter {
    const a = this.adapters.get(gateway);
    if (!a) throw new CorridorError(409, 'engine-not-running', `charon for gateway "${gateway}" is not running (engines disabled or gateway has no enabled connections)`);
    return a;
  }

  async site(name: string): Promise<{ site: SiteConnection; peer: Peer; gateway: Gateway }> {
    // three rows, not the whole store: status and actions are asked for often
    const spec = (await this.d.resources.get('site', name)) as unknown as SiteSpec;
    const [peer, gateway] = await Promise.all([this.d.resources.get('peer', spec.peer), this.d.resources.get('gateway', spec.gateway)]);
    return { site: effectiveSite(spec, (peer as unknown as Peer).vendor), peer: peer as unknown as Peer, gateway: gateway as unknown as Gateway };
  }

  async status(name: string): Promise<ConnectionStatus & { enabled: boolean; dataPlane?: string }> {
    const { site } = await this.site(name);
    const a = this.adapters.get(site.gateway);
    if (!a) return { ...notRunning(site), enabled: site.enabled };
    return { ...a.status(name), enabled: site.enabled, dataPlane: a.dataPlane };
  }

  async statuses(): Promise<Array<ConnectionStatus & { gateway: string; enabled: boolean }>> {
    const out: Array<ConnectionStatus & { gateway: string; enabled: boolean }> = [];
    // polled by the status page and every metrics scrape: read the sites table only
    for (const s of (await this.d.resources.list('site')) as unknown as SiteSpec[]) {
      const a = this.adapters.get(s.gateway);
      out.push({ ...(a ? a.status(s.name) : notRunning(s)), gateway: s.gateway, enabled: s.enabled });
    }
    return out;
  }

  async history(name: string) {
    const { site } = await this.site(name);
    return this.adapters.get(site.gateway)?.history(name) ?? [];
  }

  async initiate(name: string) {
    const { site } = await this.site(name);
    await engineCall(() => this.adapterOf(site.gateway).initiate(name));
  }

  async terminate(name: string) {
    const { site } = await this.site(name);
    await engineCall(() => this.adapterOf(site.gateway).terminate(name));
  }

  async reset(name: string) {
    const { site } = await this.site(name);
    await engineCall(() => this.adapterOf(site.gateway).reset(name));
  }

  /** After the store holds the new PSK: load it and re-establish the connection with it. */
  async applyPsk(name: string) {
    const { site, peer, gateway } = await this.site(name);
    const a = this.adapters.get(site.gateway);
    if (!a) return;
    const full = await this.d.resources.getWithSecrets('site', name);
    await a.resetPsk(name, buildSharedSecret(site, peer, String(full.psk), gateway) as SecretBody);
  }

  dataPlanes(): Array<{ gateway: string; engine: string; dataPlane: string }> {
    return [...this.adapters.entries()].map(([gateway, a]) => ({ gateway, engine: a.instance.id, dataPlane: a.dataPlane }));
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    // detach only: charon keeps every tunnel up while the daemon is away
    for (const a of this.adapters.values()) await a.close();
    this.adapters.clear();
  }
}
