/**
 * Prometheus metrics. Subsystems register collectors that read their live state at scrape time, so a
 * scrape never sees a stale copy and nothing runs between scrapes.
 */
import { Registry, collectDefaultMetrics, Gauge, Counter } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({ name: 'corridor_http_requests_total', help: 'API requests by method and status class', labelNames: ['method', 'status'], registers: [this.registry] });
  readonly events = new Counter({ name: 'corridor_events_total', help: 'Stored events by kind', labelNames: ['kind'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'corridor_process_' });
  }

  /** A gauge whose values are computed at scrape time. */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<Array<{ labels: Record<string, string>; value: number }>> | Array<{ labels: Record<string, string>; value: number }>): void {
    const registry = this.registry;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        for (const s of await read()) this.set(s.labels, s.value);
      },
    });
  }
}
