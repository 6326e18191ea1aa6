import type { GatewayEvent, Session, SiteStatus } from '../api-types.js';

/** One traffic sample per site status update: counters as reported, the chart derives rates. */
export interface TrafficSample {
  t: number;
  bytesIn: number;
  bytesOut: number;
}

export interface LiveState {
  connected: boolean;
  sites: Record<string, SiteStatus>;
  traffic: Record<string, TrafficSample[]>;
  sessions: Record<string, Session>;
  /** newest first */
  events: GatewayEvent[];
}

export type LiveAction =
  | { type: 'connection'; connected: boolean }
  | { type: 'site'; status: SiteStatus; at: number }
  /** the feed said something changed on a site without sending its status: the provider fetches it */
  | { type: 'site-stale'; name: string }
  | { type: 'sites-snapshot'; statuses: SiteStatus[]; at: number }
  | { type: 'session'; change: 'connect' | 'disconnect'; session: Session }
  | { type: 'sessions-snapshot'; sessions: Session[] }
  | { type: 'event'; event: GatewayEvent }
  | { type: 'events-snapshot'; events: GatewayEvent[] };

export const MAX_EVENTS = 200;
export const MAX_SAMPLES = 360;

export const initialLive: LiveState = { connected: false, sites: {}, traffic: {}, sessions: {}, events: [] };

function addSample(samples: TrafficSample[] | undefined, s: SiteStatus, at: number): TrafficSample[] {
  const list = samples ?? [];
  const last = list[list.length - 1];
  // A counter that went backwards means the SA was re-established: start the series again.
  const restarted = last !== undefined && (s.bytesIn < last.bytesIn || s.bytesOut < last.bytesOut);
  const base = restarted ? [] : last !== undefined && last.t >= at ? list.slice(0, -1) : list;
  const next = [...base, { t: at, bytesIn: s.bytesIn, bytesOut: s.bytesOut }];
  return next.length > MAX_SAMPLES ? next.slice(next.length - MAX_SAMPLES) : next;
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case 'connection':
      return state.connected === action.connected ? state : { ...state, connected: action.connected };
    case 'site-stale':
      return state;
    case 'site':
      return {
        ...state,
        sites: { ...state.sites, [action.status.name]: action.status },
        traffic: { ...state.traffic, [action.status.name]: addSample(state.traffic[action.status.name], action.status, action.at) },
      };
    case 'sites-snapshot': {
      const sites = { ...state.sites };
      const traffic = { ...state.traffic };
      for (const s of action.statuses) {
        sites[s.name] = s;
        traffic[s.name] = addSample(traffic[s.name], s, action.at);
      }
      return { ...state, sites, traffic };
    }
    case 'session': {
      const sessions = { ...state.sessions };
      if (action.change === 'connect') sessions[action.session.id] = action.session;
      else delete sessions[action.session.id];
      return { ...state, sessions };
    }
    case 'sessions-snapshot':
      return { ...state, sessions: Object.fromEntries(action.sessions.map((s) => [s.id, s])) };
    case 'event': {
      if (state.events.some((e) => e.id === action.event.id)) return state;
      return { ...state, events: [action.event, ...state.events].slice(0, MAX_EVENTS) };
    }
    case 'events-snapshot': {
      const known = new Set(state.events.map((e) => e.id));
      const merged = [...state.events, ...action.events.filter((e) => !known.has(e.id))];
      merged.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      return { ...state, events: merged.slice(0, MAX_EVENTS) };
    }
  }
}

/** Turns one SSE message into an action; unknown or malformed messages are dropped, never thrown. */
export function actionFromMessage(type: string, data: string, at: number): LiveAction | undefined {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (!payload || typeof payload !== 'object') return undefined;
  const p = payload as Record<string, unknown>;
  if (type === 'site' && typeof p.name === 'string') {
    return typeof p.health === 'string' ? { type: 'site', status: normalizeStatus(p), at } : { type: 'site-stale', name: p.name };
  }
  if (type === 'session' && (p.type === 'connect' || p.type === 'disconnect') && p.session && typeof p.session === 'object') {
    const session = p.session as Session;
    if (typeof session.id !== 'string' && typeof session.id !== 'number') return undefined;
    return { type: 'session', change: p.type, session: { ...session, id: String(session.id) } };
  }
  if (type === 'event' && (typeof p.id === 'string' || typeof p.id === 'number')) return { type: 'event', event: p as unknown as GatewayEvent };
  return undefined;
}

/**
 * The console's view of a site's status. The API gives either `ike`/`child` objects or the engine's
 * lists (`ikeSas`, `children`, `missingChildren`); both become one IKE and one CHILD state to show.
 */
export function normalizeStatus(raw: Record<string, unknown>): SiteStatus {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const stateOf = (v: unknown) => (v && typeof v === 'object' && typeof (v as { state?: unknown }).state === 'string' ? (v as { state: string }).state : undefined);
  const ikeSas = Array.isArray(raw.ikeSas) ? raw.ikeSas : [];
  const children = Array.isArray(raw.children) ? raw.children : [];
  const missing = Array.isArray(raw.missingChildren) ? raw.missingChildren.length : 0;
  const ike = stateOf(raw.ike) ?? stateOf(ikeSas[0]) ?? '';
  const child = stateOf(raw.child) ?? (missing > 0 && children.length > 0 ? `${children.length}/${children.length + missing}` : stateOf(children[0])) ?? '';
  const last = raw.lastChange as { at?: unknown; reason?: unknown } | undefined;
  const pairs = Array.isArray(raw.pairs) ? (raw.pairs as Array<{ local?: unknown; remote?: unknown; state?: unknown }>) : [];
  const missingPairs = pairs.filter((p) => p.state === 'missing').map((p) => `${String(p.local)} <-> ${String(p.remote)}`);
  return {
    name: String(raw.name),
    health: (raw.enabled === false ? 'disabled' : raw.health) as SiteStatus['health'],
    ike: { state: ike },
    child: { state: child },
    bytesIn: num(raw.bytesIn),
    bytesOut: num(raw.bytesOut),
    packetsIn: num(raw.packetsIn),
    packetsOut: num(raw.packetsOut),
    lastChange: last && last.at ? { at: String(last.at), reason: String(last.reason ?? '') } : undefined,
    ...(missingPairs.length > 0 ? { missingPairs } : {}),
  };
}

/** Byte rates between consecutive samples, for the traffic chart: [t (s), in B/s, out B/s]. */
export function rates(samples: readonly TrafficSample[]): [number[], number[], number[]] {
  const t: number[] = [];
  const rin: number[] = [];
  const rout: number[] = [];
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const dt = (b.t - a.t) / 1000;
    if (dt <= 0) continue;
    t.push(b.t / 1000);
    rin.push(Math.max(0, (b.bytesIn - a.bytesIn) / dt));
    rout.push(Math.max(0, (b.bytesOut - a.bytesOut) / dt));
  }
  return [t, rin, rout];
}
