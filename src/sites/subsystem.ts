/** Subsystem: site-to-site IPsec (strongSwan): charon per gateway, connections, health, actions, export. */
import type { Services, Subsystem } from '../subsystems.js';
import type { CertificatesApi } from '../certificates/subsystem.js';
import { SitesController } from './controller.js';
import { siteRoutes } from './routes.js';
import { checkPeerForEngine, checkSiteForEngine, siteView } from './effective.js';

export function createSitesSubsystem(s: Services): Subsystem & { api: SitesController } {
  const certificates = (s.subsystems.get('certificates')!.api as CertificatesApi).service;
  const sites = new SitesController({ log: s.log.child({ component: 'sites' }), events: s.events, resources: s.resources, supervisor: s.supervisor, certificates, runRoot: s.config.runRoot });
  // a renewed IKE certificate, and a new CRL (a revocation, or the daily refresh), reach charon by the next pass
  certificates.onCertificateChange((name) => sites.certificateChanged(name));
  certificates.onCrlChange(() => sites.schedule());
  s.resources.onChange((c) => {
    if (c.kind === 'site' || c.kind === 'peer' || c.kind === 'gateway') sites.schedule();
  });
  s.resources.addCheck('site', checkSiteForEngine);
  s.resources.addCheck('peer', checkPeerForEngine);
  s.ctx.resourceViews.site = siteView(s.resources);
  s.ctx.plugins.push((app) => siteRoutes(app, sites, s.resources, s.store.db));
  s.ctx.statusProviders.push(async () => {
    const all = await sites.statuses();
    const count = (h: string) => all.filter((x) => x.health === h).length;
    return { sites: { up: count('up'), degraded: count('degraded'), connecting: count('connecting'), down: count('down') }, dataPlanes: sites.dataPlanes() };
  });
  s.metrics.gauge('corridor_site_up', 'Site connection health: 1 up (IKE, every CHILD_SA and every subnet pair carried), 0.5 degraded, 0 down', ['site', 'gateway'], async () =>
    (await sites.statuses()).map((x) => ({ labels: { site: x.name, gateway: x.gateway }, value: x.health === 'up' ? 1 : x.health === 'degraded' ? 0.5 : 0 })));
  s.metrics.gauge('corridor_site_pair_up', 'Subnet pair of a site connection: 1 when an installed CHILD_SA\'s negotiated selectors carry it, 0 missing', ['site', 'local', 'remote'], async () =>
    (await sites.statuses()).flatMap((x) => x.pairs.map((p) => ({ labels: { site: x.name, local: p.local, remote: p.remote }, value: p.state === 'up' ? 1 : 0 }))));
  s.metrics.gauge('corridor_site_bytes', 'Bytes through a site connection', ['site', 'direction'], async () =>
    (await sites.statuses()).flatMap((x) => [{ labels: { site: x.name, direction: 'in' }, value: x.bytesIn }, { labels: { site: x.name, direction: 'out' }, value: x.bytesOut }]));
  return { name: 'sites', api: sites, start: () => sites.start(), stop: () => sites.stop() };
}
