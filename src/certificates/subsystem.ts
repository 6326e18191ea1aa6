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
  return { name: 'certificates', api: { service } };
}
