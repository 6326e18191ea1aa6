/**
 * Subsystem: stability (DESIGN.md "stability/"): today the DDNS publishers, which keep each WAN link's
 * names on its current public address.
 */
import type { Services, Subsystem } from '../subsystems.js';
import type { DdnsProvider, Gateway } from '../core/model/index.js';
import { DdnsPublisher } from './ddns/publisher.js';
import { stabilityRoutes } from './routes.js';

export function createStabilitySubsystem(s: Services): Subsystem & { api: { ddns: DdnsPublisher } } {
  const ddns = new DdnsPublisher({
    log: s.log.child({ component: 'ddns' }),
    events: s.events,
    source: {
      async load() {
        const world = await s.resources.world();
        const providers = await Promise.all(world.ddns.map(async (d) => (await s.resources.getWithSecrets('ddns', d.name)) as unknown as DdnsProvider));
        return { gateways: world.gateways as Gateway[], providers };
      },
    },
  });
  s.resources.onChange((c) => {
    if (c.kind === 'ddns' || c.kind === 'gateway') ddns.wake();
  });
  s.ctx.plugins.push((app) => stabilityRoutes(app, ddns));
  s.ctx.statusProviders.push(() => {
    const all = ddns.statuses();
    const count = (...states: string[]) => all.filter((x) => states.includes(x.state)).length;
    return Promise.resolve({ ddns: { published: count('published', 'verified'), stale: count('stale'), failed: count('failed'), pending: count('pending') } });
  });
  s.metrics.gauge('corridor_ddns_published', 'DDNS provider holds the WAN link\'s current address: 1 published (or checked), 0 failed, stale or pending', ['provider', 'gateway', 'wan_link'], () =>
    Promise.resolve(ddns.statuses().map((x) => ({ labels: { provider: x.name, gateway: x.gateway, wan_link: x.wanLink }, value: x.state === 'published' || x.state === 'verified' ? 1 : 0 }))));
  return { name: 'stability', api: { ddns }, start: () => Promise.resolve(ddns.start()), stop: () => ddns.stop() };
}
