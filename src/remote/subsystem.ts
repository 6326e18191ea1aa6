/** Subsystem: remote access (OpenVPN): servers, authorisation, sessions, access policies, profiles. */
import type { Services, Subsystem } from '../subsystems.js';
import type { CertificatesApi } from '../certificates/subsystem.js';
import { RemoteAccessController } from './controller.js';
import { UserDirectory } from './directory.js';
import { remoteRoutes } from './routes.js';
import { TotpEnrolments } from '../auth/totp.js';
import { KernelFeatures } from '../net/index.js';

export function createRemoteSubsystem(s: Services): Subsystem & { api: RemoteAccessController } {
  const certificates = (s.subsystems.get('certificates')!.api as CertificatesApi).service;
  const directory = new UserDirectory(s.store.db, s.resources, s.config.lockout);
  const remote = new RemoteAccessController({ log: s.log.child({ component: 'remote-access' }), db: s.store.db, key: s.key, events: s.events, resources: s.resources, supervisor: s.supervisor, certificates, directory, runRoot: s.config.runRoot, kernel: new KernelFeatures() });
  // a renewed server certificate is written to the run directory and OpenVPN restarted with it
  certificates.onCertificateChange(() => remote.schedule());
  certificates.onCrlChange((ca, pem) => void remote.onCrlChange(ca, pem).catch((e: Error) => s.log.error({ err: e.message }, 'CRL hand-over failed')));
  s.resources.onChange((c) => {
    // sites too: their subnet pairs skip conntrack in the gateway's table
    if (['server', 'gateway', 'policy', 'group', 'user', 'site'].includes(c.kind)) remote.schedule();
    // a disabled or deleted user loses live sessions at once, not at the next handshake
    if (c.kind === 'user') {
      void s.resources.get('user', c.name).then(
        (u) => (u.disabled ? remote.adapter.disconnectUser(c.name) : 0),
        () => remote.adapter.disconnectUser(c.name),
      ).catch(() => undefined);
    }
  });
  const totp = new TotpEnrolments(s.store.db, s.key, directory.totpSteps);
  s.ctx.plugins.push((app) => remoteRoutes(app, { remote, directory, resources: s.resources, db: s.store.db, totp, publicUrl: s.config.publicUrl }));
  s.ctx.statusProviders.push(async () => ({ sessions: remote.adapter.sessions().length, openvpnDataPlane: remote.openvpnDataPlane ?? null }));
  s.metrics.gauge('corridor_ra_sessions', 'Established remote-access sessions per server', ['server'], () => {
    const by = new Map<string, number>();
    for (const x of remote.adapter.sessions()) by.set(x.server, (by.get(x.server) ?? 0) + 1);
    return [...by].map(([server, value]) => ({ labels: { server }, value }));
  });
  return { name: 'remote', api: remote, start: () => remote.start(), stop: () => remote.stop() };
}
