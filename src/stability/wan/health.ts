/**
 * WAN health: every WAN link is watched for its link state, its next hop and its probe targets (ICMP echo
 * out of that interface), with loss and RTT over a sliding window of the last rounds. As seeds 002/004
 * put it, loss above 3 % is a fault: the link is "degraded"; a link that is down, a next hop that stops
 * answering, or targets that all stop answering make it "down". Every change is an event.
 */
import type { Logger } from 'pino';
import type { Gateway, WanLink } from '../../core/model/index.js';
import type { EventSink } from '../../engines/types.js';
import { exec as runCommand } from '../../net/exec.js';
import { ping as runPing, type PingStats } from '../../net/probe/index.js';

export type WanHealth = 'unknown' | 'up' | 'degraded' | 'down';

/** seeds/002 §二, seeds/004 §1.3: more than 3 % loss is a fault */
export const DEGRADED_LOSS_PERCENT = 3;

export interface WanStatus {
  gateway: string;
  wanLink: string;
  interface: string;
  health: WanHealth;
  /** why it is not up */
  reason?: string;
  linkUp: boolean;
  nextHopReachable?: boolean;
  /** over the window, percent */
  lossPercent?: number;
  /** mean of the rounds' average RTTs in the window, ms */
  rttMs?: number;
  /** echo requests in the window */
  sent: number;
  since: string;
}

export interface WanMonitorOptions {
  source: { gateways(): Promise<Gateway[]> };
  events: EventSink;
  log: Logger;
  exec?: typeof runCommand;
  ping?: typeof runPing;
  /** between rounds */
  intervalMs?: number;
  /** echo requests per target per round, and their spacing */
  count?: number;
  pingIntervalMs?: number;
  /** rounds in the sliding window */
  windowRounds?: number;
}

interface Round {
  sent: number;
  received: number;
  rtt?: number;
}

interface LinkState {
  status: WanStatus;
  window: Round[];
}

const SOURCE = 'wan';

export class WanMonitor {
  private readonly o: Required<WanMonitorOptions>;
  private readonly links = new Map<string, LinkState>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(opts: WanMonitorOptions) {
    this.o = { exec: runCommand, ping: runPing, intervalMs: 10_000, count: 5, pingIntervalMs: 200, windowRounds: 12, ...opts };
  }

  start(): void {
    this.stopped = false;
    this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private loop(): void {
    if (this.stopped || this.running) return;
    this.running = this.round()
      .catch((e: unknown) => this.o.log.error({ err: e }, 'WAN health round failed'))
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.timer = setTimeout(() => this.loop(), this.o.intervalMs);
      });
  }

  statuses(): WanStatus[] {
    return [...this.links.values()].map((l) => ({ ...l.status }));
  }

  /** One round over every WAN link; exported for tests, which drive rounds themselves. */
  async round(): Promise<void> {
    const gateways = await this.o.source.gateways();
    const seen = new Set<string>();
    const work: Array<Promise<void>> = [];
    for (const gw of gateways) {
      for (const link of gw.wanLinks) {
        const key = `${gw.name}/${link.name}`;
        seen.add(key);
        work.push(this.watch(gw, link, key));
      }
    }
    for (const key of this.links.keys()) if (!seen.has(key)) this.links.delete(key);
    await Promise.all(work);
  }

  private async linkUp(ns: string | undefined, dev: string): Promise<boolean> {
    const r = await this.o.exec(['ip', '-j', 'link', 'show', 'dev', dev], { namespace: ns, timeoutMs: 5000 });
    if (r.code !== 0) return false;
    const info = (JSON.parse(r.stdout || '[]') as Array<{ flags?: string[]; operstate?: string }>)[0];
    // veth and most NICs say UP; some drivers leave operstate UNKNOWN while carrier (LOWER_UP) is there
    return !!info && (info.flags ?? []).includes('UP') && ((info.flags ?? []).includes('LOWER_UP') || info.operstate === 'UP');
  }

  private probe(ns: string | undefined, dev: string, target: string, count: number): Promise<PingStats> {
    return this.o.ping(target, { namespace: ns, interface: dev, count, intervalMs: this.o.pingIntervalMs, timeoutS: 1 });
  }

  private async watch(gw: Gateway, link: WanLink, key: string): Promise<void> {
    const ns = gw.namespace;
    const up = await this.linkUp(ns, link.interface);
    const targets = link.probeTargets ?? [];
    const [hop, ...stats] = up
      ? await Promise.all([link.nextHop ? this.probe(ns, link.interface, link.nextHop, 3) : Promise.resolve(undefined), ...targets.map((t) => this.probe(ns, link.interface, t, this.o.count))])
      : [undefined];
    let state = this.links.get(key);
    if (!state || state.status.interface !== link.interface) {
      state = { status: { gateway: gw.name, wanLink: link.name, interface: link.interface, health: 'unknown', linkUp: up, sent: 0, since: new Date().toISOString() }, window: [] };
      this.links.set(key, state);
    }
    const probes = stats.filter((s): s is PingStats => s !== undefined);
    if (probes.length > 0) {
      const sent = probes.reduce((n, s) => n + s.transmitted, 0);
      const received = probes.reduce((n, s) => n + s.received, 0);
      const rtts = probes.map((s) => s.rtt?.avg).filter((x): x is number => x !== undefined);
      state.window.push({ sent, received, ...(rtts.length ? { rtt: rtts.reduce((a, b) => a + b, 0) / rtts.length } : {}) });
      if (state.window.length > this.o.windowRounds) state.window.shift();
    } else if (!up) {
      state.window = [];
    }
    const s = state.status;
    s.linkUp = up;
    if (hop) s.nextHopReachable = hop.received > 0;
    else delete s.nextHopReachable;
    const sentW = state.window.reduce((n, r) => n + r.sent, 0);
    const recvW = state.window.reduce((n, r) => n + r.received, 0);
    const rttW = state.window.map((r) => r.rtt).filter((x): x is number => x !== undefined);
    s.sent = sentW;
    if (sentW > 0) s.lossPercent = Math.round(((sentW - recvW) / sentW) * 1000) / 10;
    else delete s.lossPercent;
    if (rttW.length) s.rttMs = Math.round((rttW.reduce((a, b) => a + b, 0) / rttW.length) * 10) / 10;
    else delete s.rttMs;
    const lastAllLost = probes.length > 0 && probes.every((p) => p.received === 0);
    const [health, reason] = !up ? ['down', 'link down'] as const
      : hop && hop.received === 0 ? ['down', `next hop ${link.nextHop} does not answer`] as const
      : lastAllLost ? ['down', 'no probe target answers'] as const
      : s.lossPercent !== undefined && s.lossPercent > DEGRADED_LOSS_PERCENT ? ['degraded', `loss ${s.lossPercent}% over the last ${sentW} probes`] as const
      : ['up', undefined] as const;
    if (reason) s.reason = reason;
    else delete s.reason;
    if (health !== s.health) {
      const from = s.health;
      s.health = health;
      s.since = new Date().toISOString();
      this.o.events.record({
        kind: 'wan.health-changed', source: SOURCE, subject: key, severity: health === 'down' ? 'error' : health === 'degraded' ? 'warning' : 'info',
        detail: { gateway: gw.name, wanLink: link.name, from, to: health, ...(reason ? { reason } : {}), ...(s.lossPercent !== undefined ? { lossPercent: s.lossPercent } : {}), ...(s.rttMs !== undefined ? { rttMs: s.rttMs } : {}) },
      });
    }
  }
}
