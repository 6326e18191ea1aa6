/** Subsystem: the doctor's surfaces: gateway checks, connection diagnosis, log diagnosis (API and CLI). */
import type { Services, Subsystem } from '../../subsystems.js';
import type { CertificatesApi } from '../../certificates/subsystem.js';
import type { SitesView } from '../checks/connection.js';
import type { DdnsView } from '../checks/ddns.js';
import type { WanView } from '../checks/wan.js';
import { Doctor } from './doctor.js';
import { doctorRoutes } from './routes.js';

export function createDoctorSubsystem(s: Services): Subsystem & { api: Doctor } {
  const doctor = new Doctor({
    resources: s.resources,
    engineLogs: s.engineLogs,
    supervisor: s.supervisor,
    sites: s.subsystems.get('sites')?.api as SitesView | undefined,
    certificates: (s.subsystems.get('certificates')?.api as CertificatesApi | undefined)?.service,
    ddns: (s.subsystems.get('stability')?.api as { ddns: DdnsView } | undefined)?.ddns,
    wan: (s.subsystems.get('stability')?.api as { wan: WanView } | undefined)?.wan,
    enginesRunning: s.config.engines,
  });
  s.ctx.plugins.push((app) => doctorRoutes(app, doctor));
  s.ctx.statusProviders.push(async () => ({ findings: await doctor.errorCount() }));
  s.metrics.gauge('corridor_doctor_findings', 'Error findings of the last gateway check (refreshed at most once a minute)', [], async () => [{ labels: {}, value: await doctor.errorCount() }]);
  return { name: 'doctor', api: doctor };
}
