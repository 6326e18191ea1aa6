/** API of the stability subsystem: each WAN link's health, and what each DDNS provider last did. */
import type { FastifyInstance } from 'fastify';
import type { DdnsPublisher } from './ddns/publisher.js';
import type { WanMonitor } from './wan/health.js';
import { items, json, object } from '../api/openapi.js';

const str = { type: 'string' };
const WAN_STATUS = object({
  gateway: str,
  wanLink: str,
  interface: str,
  health: { type: 'string', enum: ['up', 'degraded', 'down', 'unknown'] },
  reason: str,
  linkUp: { type: 'boolean' },
  nextHopReachable: { type: 'boolean' },
  lossPercent: { type: 'number', description: 'over the sliding window' },
  rttMs: { type: 'number' },
  sent: { type: 'integer' },
  since: { type: 'string', format: 'date-time' },
}, ['gateway', 'wanLink', 'interface', 'health', 'linkUp', 'sent', 'since']);
const PROVIDER_STATUS = object({
  name: str,
  gateway: str,
  wanLink: str,
  kind: str,
  hostname: str,
  priority: { type: 'integer' },
  state: str,
  address: { type: 'string', description: 'the address the provider last accepted' },
  lastAttempt: { type: 'string', format: 'date-time' },
  lastSuccess: { type: 'string', format: 'date-time' },
  lastError: object({ code: str, message: str }, ['code', 'message']),
  failures: { type: 'integer', description: 'failures in a row; the backoff doubles with each' },
}, ['name', 'gateway', 'wanLink', 'kind', 'hostname', 'state', 'failures']);
const LINK_STATUS = object({
  gateway: str,
  wanLink: str,
  address: str,
  error: str,
  publishedBy: { type: 'integer', description: "the link's providers that hold its current address" },
  providers: { type: 'integer' },
}, ['gateway', 'wanLink', 'publishedBy', 'providers']);

export function stabilityRoutes(app: FastifyInstance, ddns: DdnsPublisher, wan: WanMonitor): void {
  app.get('/api/wan-status', {
    schema: { tags: ['gateways'], summary: 'Health of every WAN link: link state, next hop, loss and RTT over the window', response: { 200: json('WAN links', items(WAN_STATUS)) } },
  }, async () => ({ items: wan.statuses() }));
  app.get('/api/ddns-status', {
    schema: {
      tags: ['ddns'],
      summary: "Each DDNS provider's last result, and each WAN link's learnt address",
      response: { 200: json('DDNS results', object({ items: { type: 'array', items: PROVIDER_STATUS }, links: { type: 'array', items: LINK_STATUS } }, ['items', 'links'])) },
    },
  }, async () => ({ items: ddns.statuses(), links: ddns.linkStatuses() }));
}
