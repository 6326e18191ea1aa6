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
  lastActions: ReconcileAction[] = [];

  constructor(private readonly d: SitesControllerDeps) {
    this.loop = new ReconcileLoop(() => this.reconcileOnce(), (err) => d.log.error({ err: err.message }, 'site reconcile failed'));
    // the adapter restores connections and PSKs itself when a restarted charon answers again, but the
    // private keys and CAs of certificate sites are loaded here: a pass puts them back
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

  reconcile(): Promise<void> {
    return this.loop.reconcile();
  }

  private async reconcileOnce(): Promise<void> {
    const world = await this.d.resources.world();
    const byGateway = new Map<string, SiteSpec[]>();
    for (const s of world.sites) byGateway.set(s.gateway, [...(byGateway.get(s.gateway) ?? []), s]);
    const actions: ReconcileAction[] = [];
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
      for (const spec of sites.filter((s) => s.enabled)) {
        const peer = world.peers.find((p) => p.name === spec.peer);
        if (!peer) continue;
        const site = effectiveSite(spec, peer.vendor);
        const bad = validateForEngine(site, peer, gw).filter((i) => i.severity !== 'warning');
        if (bad.length) {
          this.d.log.warn({ site: site.name, issues: bad }, 'site connection not loaded: invalid for the engine');
          continue;
        }
        const certs = site.auth === 'cert' && site.certificate ? await this.loadCertificate(adapter, site.certificate) : undefined;
        connections.push(buildConnection(site, peer, gw, certs ? { localCerts: [certs.certPem], remoteCaCerts: [certs.caPem] } : {}));
        if (site.auth === 'psk') {
          const full = await this.d.resources.getWithSecrets('site', site.name);
          if (typeof full.psk === 'string') secrets.push(buildSharedSecret(site, peer, full.psk, gw) as SecretBody);
        }
        if (site.initiate) initiate.push(site.name);
      }
      actions.push(...(await adapter.reconcile({ connections, secrets, initiate })));
    }
    for (const name of [...this.adapters.keys()]) if (!world.gateways.some((g) => g.name === name)) await this.retire(name);
    this.lastActions = actions;
    for (const a of actions.filter((x) => !x.ok)) {
      this.d.events.record({ kind: 'site.load-failed', source: 'sites', subject: a.name, severity: 'error', detail: { action: a.kind, error: a.error } });
    }
  }

  private async loadCertificate(adapter: StrongSwanAdapter, name: string) {
    const b = await this.d.certificates.bundle(name);
    await adapter.vici.loadKey('any', b.keyPem);
    await adapter.vici.loadCert('X509', 'CA', b.caPem);
    return b;
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
    if (!a) return { name, health: 'down', ikeSas: [], children: [], missingChildren: [], bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0, enabled: site.enabled };
    return { ...a.status(name), enabled: site.enabled, dataPlane: a.dataPlane };
  }

  async statuses(): Promise<Array<ConnectionStatus & { gateway: string; enabled: boolean }>> {
    const out: Array<ConnectionStatus & { gateway: string; enabled: boolean }> = [];
    // polled by the status page and every metrics scrape: read the sites table only
    for (const s of (await this.d.resources.list('site')) as unknown as SiteSpec[]) {
      const a = this.adapters.get(s.gateway);
      out.push({ ...(a ? a.status(s.name) : { name: s.name, health: 'down' as const, ikeSas: [], children: [], missingChildren: [], bytesIn: 0, bytesOut: 0, packetsIn: 0, packetsOut: 0 }), gateway: s.gateway, enabled: s.enabled });
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
