/** Subsystem: the PKI kept in the store: CAs, certificates, CRLs, inspection, easy-rsa import. */
import type { Services, Subsystem } from '../subsystems.js';
import { CertificateService } from './service.js';
import { certificateRoutes } from './routes.js';

export interface CertificatesApi {
  service: CertificateService;
}

export function createCertificatesSubsystem(s: Services): Subsystem & { api: CertificatesApi } {
  const service = new CertificateService(s.store.db, s.key);
  s.ctx.plugins.push((app) => certificateRoutes(app, service));
  service.onCrlChange((ca, _pem, serials) => s.events.record({ kind: 'pki.crl-updated', source: 'pki', subject: ca, detail: { revoked: serials.length } }));
  s.metrics.gauge('corridor_certificate_expiry_seconds', 'Seconds until a certificate expires', ['name', 'ca', 'kind'], async () =>
    (await service.list()).filter((c) => !c.revokedAt).map((c) => ({ labels: { name: c.name, ca: c.ca, kind: c.kind }, value: (Date.parse(c.notAfter) - Date.now()) / 1000 })));
  // CRLs carry a nextUpdate (7 days): engines refuse every client once it passes, so keep them fresh even
  // when nothing is revoked; crl() regenerates a CRL older than a day and the listeners hand it over
  let timer: NodeJS.Timeout | undefined;
  const refresh = async () => {
    for (const ca of await service.listCas()) await service.crl(ca.name);
  };
  return {
    name: 'certificates',
    api: { service },
    async start() {
      await refresh();
      timer = setInterval(() => void refresh().catch((e: Error) => s.log.error({ err: e.message }, 'CRL refresh failed')), 3600_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
    },
  };
}
