/**
 * The doctor as the daemon runs it: whole-gateway check, one connection, pasted logs, mirror check,
 * catalog. Routes and status call this; it holds only the cached error count.
 */
import { Readable } from 'node:stream';
import type { Gateway, Peer, SiteSpec } from '../../core/model/index.js';
import { effectiveSite } from '../../engines/strongswan/config/effective.js';
import type { ResourceStore } from '../../store/resources.js';
import type { CertificateService } from '../../certificates/service.js';
import type { Supervisor } from '../../engines/supervisor.js';
import { KernelFeatures } from '../../net/index.js';
import { CATALOG, getEntry } from '../catalog/index.js';
import type { Lang, LocalizedEntry } from '../catalog/index.js';
import { diagnoseLogs } from '../logs/index.js';
import type { Report } from '../logs/index.js';
import { connectionsOverview, diagnoseConnection } from '../checks/connection.js';
import type { LogSource, SitesView } from '../checks/connection.js';
import { mergeFindings } from '../checks/finding.js';
import { hostChecks } from '../checks/host.js';
import { checkDdns, type DdnsView } from '../checks/ddns.js';
import { checkWan, type WanView } from '../checks/wan.js';
import { mirrorCheck } from '../checks/mirror/index.js';
import type { PeerSide } from '../checks/mirror/index.js';

export interface DoctorDeps {
  resources: ResourceStore;
  engineLogs: LogSource;
  supervisor: Pick<Supervisor, 'list'>;
  sites?: SitesView | undefined;
  certificates?: Pick<CertificateService, 'list' | 'get'> | undefined;
  /** the DDNS publishers' last results (stability subsystem) */
  ddns?: DdnsView | undefined;
  /** WAN links' health (stability subsystem) */
  wan?: WanView | undefined;
  enginesRunning: boolean;
}

/** How long the status's error count is reused: the gateway check runs commands and reads every log. */
export const FINDINGS_CACHE_MS = 60_000;

export class Doctor {
  private readonly kernel = new KernelFeatures();
  private cached: { at: number; errors: Promise<number> } | undefined;

  constructor(private readonly d: DoctorDeps) {}

  private connectionDeps() {
    return { world: () => this.d.resources.world(), engineLogs: this.d.engineLogs, sites: this.d.sites, enginesRunning: this.d.enginesRunning };
  }

  async gateway(lang: Lang): Promise<Report> {
    const world = await this.d.resources.world();
    const [host, connections] = await Promise.all([
      hostChecks({ world, kernel: this.kernel, enginesRunning: this.d.enginesRunning, ...(this.d.certificates ? { certificates: this.d.certificates } : {}) }, lang),
      connectionsOverview(this.connectionDeps(), this.d.supervisor.list().map((i) => i.id), lang),
    ]);
    const report = { findings: mergeFindings([host, connections, this.d.ddns ? checkDdns(this.d.ddns, lang) : [], this.d.wan ? checkWan(this.d.wan, lang) : []]) };
    this.cached = { at: Date.now(), errors: Promise.resolve(report.findings.filter((f) => f.severity === 'error').length) };
    return report;
  }

  connection(name: string, lang: Lang): Promise<Report> {
    return diagnoseConnection(name, this.connectionDeps(), lang);
  }

  logs(files: ReadonlyArray<{ name: string; text: string }>, lang: Lang): Promise<Report> {
    return diagnoseLogs(files.map((f) => ({ name: f.name, stream: Readable.from([f.text]) })), { lang });
  }

  async mirror(siteName: string, side: PeerSide, lang: Lang): Promise<Report> {
    const spec = (await this.d.resources.get('site', siteName)) as unknown as SiteSpec;
    const [peer, gateway] = (await Promise.all([this.d.resources.get('peer', spec.peer), this.d.resources.get('gateway', spec.gateway)])) as unknown as [Peer, Gateway];
    // the mirror check compares what charon really gets: the site with its vendor preset applied
    const site = effectiveSite(spec, peer.vendor);
    const psk = site.auth === 'psk' ? (await this.d.resources.getWithSecrets('site', siteName)).psk : undefined;
    return mirrorCheck({ site, peer, gateway, ...(typeof psk === 'string' ? { psk } : {}) }, side, lang);
  }

  catalog(lang: Lang): LocalizedEntry[] {
    return CATALOG.map((e) => getEntry(e.code, lang)!);
  }

  /**
   * Error findings of the last gateway check. Older than a minute, a new check starts in the background
   * and the previous count is answered meanwhile, so a status poll never waits for the host checks.
   */
  async errorCount(): Promise<number> {
    if (!this.cached || Date.now() - this.cached.at > FINDINGS_CACHE_MS) {
      const previous = this.cached?.errors;
      const errors = this.gateway('en').then((r) => r.findings.filter((f) => f.severity === 'error').length);
      this.cached = { at: Date.now(), errors };
      if (previous) {
        errors.catch(() => undefined);
        return previous;
      }
    }
    return this.cached.errors;
  }
}
