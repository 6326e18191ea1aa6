/** API of the stability subsystem: each WAN link's health, and what each DDNS provider last did. */
import type { FastifyInstance } from 'fastify';
import type { DdnsPublisher } from './ddns/publisher.js';
import type { WanMonitor } from './wan/health.js';

export function stabilityRoutes(app: FastifyInstance, ddns: DdnsPublisher, wan: WanMonitor): void {
  app.get('/api/wan-status', { schema: { tags: ['gateways'], summary: 'Health of every WAN link: link state, next hop, loss and RTT over the window' } }, async () => ({
    items: wan.statuses(),
  }));
  const tags = ['ddns'];
  app.get('/api/ddns-status', { schema: { tags, summary: "Each DDNS provider's last result, and each WAN link's learnt address" } }, async () => ({
    items: ddns.statuses(),
    links: ddns.linkStatuses(),
  }));
}
