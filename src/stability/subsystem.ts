/**
 * Subsystem: stability (DESIGN.md "stability/"): today WAN health (each WAN link watched) and the DDNS
 * publishers, which keep each WAN link's names on its current public address.
 */
import type { Services, Subsystem } from '../subsystems.js';
import type { DdnsProvider, Gateway } from '../core/model/index.js';
import { DdnsPublisher } from './ddns/publisher.js';
import { stabilityRoutes } from './routes.js';
import { WanMonitor } from './wan/health.js';

export function createStabilitySubsystem(s: Services): Subsystem & { api: { ddns: DdnsPublisher; wan: WanMonitor } } {
  const wan = new WanMonitor({
    log: s.log.child({ component: 'wan' }),
    events: s.events,
    source: { gateways: async () => (await s.resources.world()).gateways as Gateway[] },
  });
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
  s.ctx.plugins.push((app) => stabilityRoutes(app, ddns, wan));
  s.ctx.statusProviders.push(() => {
    const all = ddns.statuses();
    const count = (...states: string[]) => all.filter((x) => states.includes(x.state)).length;
    const links = wan.statuses();
    const wanCount = (h: string) => links.filter((x) => x.health === h).length;
    return Promise.resolve({
      ddns: { published: count('published', 'verified'), stale: count('stale'), failed: count('failed'), pending: count('pending') },
      wan: { up: wanCount('up'), degraded: wanCount('degraded'), down: wanCount('down'), links },
    });
  });
  const wanLabels = (x: { gateway: string; wanLink: string }) => ({ gateway: x.gateway, wan_link: x.wanLink });
  s.metrics.gauge('corridor_wan_up', 'WAN link health: 1 up, 0.5 degraded (loss above 3 %), 0 down', ['gateway', 'wan_link'], () =>
    wan.statuses().filter((x) => x.health !== 'unknown').map((x) => ({ labels: wanLabels(x), value: x.health === 'up' ? 1 : x.health === 'degraded' ? 0.5 : 0 })));
  s.metrics.gauge('corridor_wan_loss_percent', 'Probe loss through a WAN link over the sliding window', ['gateway', 'wan_link'], () =>
    wan.statuses().flatMap((x) => (x.lossPercent === undefined ? [] : [{ labels: wanLabels(x), value: x.lossPercent }])));
  s.metrics.gauge('corridor_wan_rtt_ms', 'Mean probe round-trip time through a WAN link over the sliding window', ['gateway', 'wan_link'], () =>
    wan.statuses().flatMap((x) => (x.rttMs === undefined ? [] : [{ labels: wanLabels(x), value: x.rttMs }])));
  s.metrics.gauge('corridor_ddns_published', 'DDNS provider holds the WAN link\'s current address: 1 published (or checked), 0 failed, stale or pending', ['provider', 'gateway', 'wan_link'], () =>
    Promise.resolve(ddns.statuses().map((x) => ({ labels: { provider: x.name, gateway: x.gateway, wan_link: x.wanLink }, value: x.state === 'published' || x.state === 'verified' ? 1 : 0 }))));
  return {
    name: 'stability',
    api: { ddns, wan },
    start: () => {
      wan.start();
      ddns.start();
      return Promise.resolve();
    },
    stop: async () => {
      await Promise.all([ddns.stop(), wan.stop()]);
    },
  };
}
