/** API of the stability subsystem: what each DDNS provider and WAN link last did. */
import type { FastifyInstance } from 'fastify';
import type { DdnsPublisher } from './ddns/publisher.js';

export function stabilityRoutes(app: FastifyInstance, ddns: DdnsPublisher): void {
  const tags = ['ddns'];
  app.get('/api/ddns-status', { schema: { tags, summary: "Each DDNS provider's last result, and each WAN link's learnt address" } }, async () => ({
    items: ddns.statuses(),
    links: ddns.linkStatuses(),
  }));
}
