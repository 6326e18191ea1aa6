/**
 * Keeps every WAN link's DDNS names on the link's current public address. Each pass learns each link's
 * address; a provider is updated when the address differs from what it last accepted, when its last
 * success is older than the refresh period (a provider may drop a record nobody touched), and never
 * before its backoff after a failure ends. Providers work independently and in parallel, so one
 * provider's outage delays nothing and leaves the others published: that is how up to four of them back
 * each other up (seed 000). Each accepted update is checked by resolving the name (verify.ts).
 */
import type { Logger } from 'pino';
import type { Gateway, WanLink } from '../../core/model/index.js';
import type { EventSink } from '../../engines/types.js';
import { exec as runCommand } from '../../net/exec.js';
import { linkAddress } from './address.js';
import { PROTOCOLS } from './protocols/index.js';
import { DdnsError, type DdnsProviderWithSecret } from './types.js';
import { verifyPublished, type Verdict } from './verify.js';
import { AddressWatcher } from './watch.js';

export type ProviderState = 'pending' | 'published' | 'verified' | 'stale' | 'failed';

export interface ProviderStatus {
  name: string;
  gateway: string;
  wanLink: string;
  kind: DdnsProviderWithSecret['kind'];
  hostname: string;
  priority: number;
  state: ProviderState;
  /** the address the provider last accepted */
  address?: string;
  lastAttempt?: string;
  lastSuccess?: string;
  lastError?: { code: string; message: string };
  /** failures in a row; the backoff doubles with each */
  failures: number;
  nextAttempt?: string;
}

export interface LinkStatus {
  gateway: string;
  wanLink: string;
  address?: string;
  error?: string;
  /** the link's providers that hold its current address (published or verified) */
  publishedBy: number;
  providers: number;
}

export interface DdnsSource {
  /** gateways, and every DDNS provider with its unsealed secret */
  load(): Promise<{ gateways: Gateway[]; providers: DdnsProviderWithSecret[] }>;
}

export interface DdnsPublisherOptions {
  source: DdnsSource;
  events: EventSink;
  log: Logger;
  exec?: typeof runCommand;
  fetch?: typeof fetch;
  /** how often links are looked at */
  pollMs?: number;
  /** an unchanged address is sent again this often */
  refreshMs?: number;
  timeoutMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** wake on interface address changes (netlink) rather than only at each poll */
  watchAddresses?: boolean;
  /**
   * Tests only: the API base URL of a provider, so a fake server on loopback stands in for a service that
   * cannot be reached from a test. It is code, not configuration: no API, file or environment sets it,
   * so nobody can point stored credentials at a plain-HTTP server (the stored `endpoint` is https only).
   */
  endpointFor?: (p: DdnsProviderWithSecret) => string | undefined;
}

interface Entry {
  status: ProviderStatus;
  nextAt: number;
  lastSuccessAt: number;
  /** the address of the last attempt: a new address is tried at once, even during a backoff */
  triedAddress?: string;
}

const SOURCE = 'ddns';

export class DdnsPublisher {
  private readonly o: Required<Omit<DdnsPublisherOptions, 'endpointFor'>> & Pick<DdnsPublisherOptions, 'endpointFor'>;
  private readonly entries = new Map<string, Entry>();
  private readonly links = new Map<string, LinkStatus>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly watcher = new AddressWatcher(() => this.wake());

  constructor(opts: DdnsPublisherOptions) {
    this.o = {
      exec: runCommand, fetch: globalThis.fetch.bind(globalThis), pollMs: 30_000, refreshMs: 6 * 3600_000, timeoutMs: 10_000,
      initialBackoffMs: 5_000, maxBackoffMs: 15 * 60_000, watchAddresses: true, ...opts,
    };
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.watcher.close();
    clearTimeout(this.timer);
    await this.running;
  }

  /** Run a pass now (a provider or gateway changed); a pass already running is followed by another. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.pass()
      .catch((e: unknown) => this.o.log.error({ err: e }, 'DDNS pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.o.pollMs);
        }
      });
  }

  statuses(): ProviderStatus[] {
    return [...this.entries.values()].map((e) => ({ ...e.status })).sort((a, b) => a.gateway.localeCompare(b.gateway) || a.wanLink.localeCompare(b.wanLink) || a.priority - b.priority || a.name.localeCompare(b.name));
  }

  linkStatuses(): LinkStatus[] {
    return [...this.links.values()].map((l) => ({ ...l }));
  }

  /** One pass over every link with providers; exported for tests, which drive passes themselves. */
  async pass(): Promise<void> {
    const { gateways, providers } = await this.o.source.load();
    for (const name of this.entries.keys()) if (!providers.some((p) => p.name === name)) this.entries.delete(name);
    const seenLinks = new Set<string>();
    const work: Array<Promise<void>> = [];
    for (const gw of gateways) {
      for (const link of gw.wanLinks) {
        const mine = providers.filter((p) => p.gateway === gw.name && p.wanLink === link.name);
        if (mine.length === 0) continue;
        const key = `${gw.name}/${link.name}`;
        seenLinks.add(key);
        work.push(this.serveLink(gw, link, key, mine));
      }
    }
    for (const key of this.links.keys()) if (!seenLinks.has(key)) this.links.delete(key);
    if (this.o.watchAddresses && !this.stopped) {
      const learnt = gateways.filter((g) => g.wanLinks.some((l) => !l.address && !l.addressProbe && seenLinks.has(`${g.name}/${l.name}`)));
      this.watcher.watch([...new Set(learnt.map((g) => g.namespace))]);
    }
    await Promise.all(work);
  }

  private async serveLink(gw: Gateway, link: WanLink, key: string, providers: DdnsProviderWithSecret[]): Promise<void> {
    const before = this.links.get(key);
    let address: string;
    try {
      address = await linkAddress({ exec: this.o.exec, fetch: this.o.fetch, timeoutMs: this.o.timeoutMs }, gw, link);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (before?.error !== error) this.o.events.record({ kind: 'ddns.address-unknown', source: SOURCE, subject: key, severity: 'warning', detail: { gateway: gw.name, wanLink: link.name, error } });
      this.links.set(key, { gateway: gw.name, wanLink: link.name, error, publishedBy: 0, providers: providers.length });
      return;
    }
    if (before?.address && before.address !== address) {
      this.o.events.record({ kind: 'wan.address-changed', source: SOURCE, subject: key, detail: { gateway: gw.name, wanLink: link.name, from: before.address, to: address } });
    }
    const now = Date.now();
    await Promise.all(providers.map((p) => this.serveProvider(gw, p, address, now)));
    const held = providers.filter((p) => {
      const s = this.entries.get(p.name)?.status;
      return s?.address === address && (s.state === 'published' || s.state === 'verified');
    }).length;
    // every backup down at once: peers dialling this link by name cannot find it any more
    if (held === 0 && (before?.publishedBy ?? 1) > 0) {
      this.o.events.record({ kind: 'ddns.link-unpublished', source: SOURCE, subject: key, severity: 'error', detail: { gateway: gw.name, wanLink: link.name, address, providers: providers.length } });
    }
    this.links.set(key, { gateway: gw.name, wanLink: link.name, address, publishedBy: held, providers: providers.length });
  }

  private entryFor(p: DdnsProviderWithSecret): Entry {
    let e = this.entries.get(p.name);
    if (!e || e.status.kind !== p.kind || e.status.hostname !== p.hostname || e.status.wanLink !== p.wanLink || e.status.gateway !== p.gateway) {
      // a new provider, or one now pointing elsewhere: it starts over
      e = { status: { name: p.name, gateway: p.gateway, wanLink: p.wanLink, kind: p.kind, hostname: p.hostname, priority: p.priority, state: 'pending', failures: 0 }, nextAt: 0, lastSuccessAt: 0 };
      this.entries.set(p.name, e);
    }
    e.status.priority = p.priority;
    return e;
  }

  private async serveProvider(gw: Gateway, p: DdnsProviderWithSecret, address: string, now: number): Promise<void> {
    const e = this.entryFor(p);
    const s = e.status;
    const changed = s.address !== address;
    if (!changed && s.state === 'stale') return this.recheck(gw, p, e, address);
    const due = changed || s.state === 'pending' || s.state === 'failed' || now - e.lastSuccessAt >= this.o.refreshMs;
    if (!due || (now < e.nextAt && e.triedAddress === address)) return;
    e.triedAddress = address;
    s.lastAttempt = new Date(now).toISOString();
    const protocol = PROTOCOLS[p.kind];
    try {
      const r = await protocol.publish({
        provider: p, address, namespace: gw.namespace, exec: this.o.exec, fetch: this.o.fetch, timeoutMs: this.o.timeoutMs,
        baseUrl: this.o.endpointFor?.(p) ?? p.endpoint ?? protocol.defaultBaseUrl,
      });
      const verdict = await verifyPublished({ exec: this.o.exec }, gw.namespace, p, address);
      s.address = address;
      s.failures = 0;
      delete s.lastError;
      delete s.nextAttempt;
      e.nextAt = 0;
      e.lastSuccessAt = Date.now();
      s.lastSuccess = new Date(e.lastSuccessAt).toISOString();
      this.settle(p, s, verdict, address, r.changed);
    } catch (err) {
      const de = err instanceof DdnsError ? err : new DdnsError('error', err instanceof Error ? err.message : String(err));
      s.failures += 1;
      const wait = Math.min(this.o.initialBackoffMs * 2 ** (s.failures - 1), this.o.maxBackoffMs);
      e.nextAt = Date.now() + wait;
      s.nextAttempt = new Date(e.nextAt).toISOString();
      s.state = 'failed';
      s.lastError = { code: de.code, message: de.message };
      this.o.log.warn({ provider: p.name, code: de.code, failures: s.failures }, `DDNS update failed: ${de.message}`);
      this.o.events.record({
        kind: 'ddns.publish-failed', source: SOURCE, subject: p.name, severity: 'warning',
        detail: { provider: p.name, kind: p.kind, hostname: p.hostname, address, code: de.code, message: de.message, failures: s.failures, retryInS: Math.round(wait / 1000) },
      });
    }
  }

  private settle(p: DdnsProviderWithSecret, s: ProviderStatus, verdict: Verdict, address: string, changed: boolean): void {
    s.state = verdict === 'stale' ? 'stale' : verdict === 'verified' ? 'verified' : 'published';
    this.o.events.record({ kind: 'ddns.published', source: SOURCE, subject: p.name, detail: { provider: p.name, kind: p.kind, hostname: p.hostname, address, changed, check: verdict } });
    if (verdict === 'stale') {
      this.o.events.record({ kind: 'ddns.stale', source: SOURCE, subject: p.name, severity: 'warning', detail: { provider: p.name, hostname: p.hostname, address } });
    }
  }

  /** A name that answered an old address right after its update is asked again on each pass. */
  private async recheck(gw: Gateway, p: DdnsProviderWithSecret, e: Entry, address: string): Promise<void> {
    if ((await verifyPublished({ exec: this.o.exec }, gw.namespace, p, address)) === 'verified') {
      e.status.state = 'verified';
      this.o.events.record({ kind: 'ddns.verified', source: SOURCE, subject: p.name, detail: { provider: p.name, hostname: p.hostname, address } });
    }
  }
}
