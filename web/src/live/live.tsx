import { createContext, useCallback, useContext, useEffect, useMemo, useReducer, type ReactNode } from 'react';
import { api, seg } from '../api.js';
import type { GatewayEvent, Session, SiteStatus } from '../api-types.js';
import { actionFromMessage, initialLive, liveReducer, normalizeStatus, type LiveAction, type LiveState } from './reducer.js';

interface Live {
  state: LiveState;
  dispatch: (a: LiveAction) => void;
  /** Fetches statuses of sites not known yet (or all, when refresh), a few at a time. */
  loadStatuses: (names: string[], refresh?: boolean) => Promise<void>;
}

const LiveContext = createContext<Live>({ state: initialLive, dispatch: () => {}, loadStatuses: async () => {} });

const STATUS_CONCURRENCY = 8;
const STATUS_BATCH = 50;
const REFETCH_DELAY_MS = 300;

/**
 * Subscribes to /api/live once per login. EventSource reconnects by itself; after each (re)open the
 * snapshots are fetched again so nothing missed while disconnected stays missing.
 */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [state, dispatch] = useReducer(liveReducer, initialLive);

  const loadStatuses = useCallback(
    async (names: string[], refresh = false) => {
      const todo = refresh ? names : names.filter((n) => !(n in state.sites));
      if (todo.length === 0) return;
      // one request for all sites when the API has it; one per site otherwise
      if (todo.length > 1) {
        try {
          const all = await api.get<{ items: Array<Record<string, unknown>> }>('/api/site-status');
          dispatch({ type: 'sites-snapshot', statuses: all.items.map(normalizeStatus), at: Date.now() });
          return;
        } catch {
          // fall through to per-site requests
        }
      }
      for (let i = 0; i < todo.length; i += STATUS_BATCH) {
        const batch = todo.slice(i, i + STATUS_BATCH);
        const results: SiteStatus[] = [];
        let next = 0;
        const worker = async () => {
          while (next < batch.length) {
            const name = batch[next++]!;
            try {
              results.push(normalizeStatus(await api.get<Record<string, unknown>>(`/api/sites/${seg(name)}/status`)));
            } catch {
              // a site deleted meanwhile, or its gateway not running: no status to show
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(STATUS_CONCURRENCY, batch.length) }, worker));
        dispatch({ type: 'sites-snapshot', statuses: results, at: Date.now() });
      }
    },
    [state.sites],
  );

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/live', { withCredentials: true });
    const snapshot = () => {
      api.get<{ items: Session[] }>('/api/sessions').then((r) => dispatch({ type: 'sessions-snapshot', sessions: r.items }), () => {});
      api.get<{ items: GatewayEvent[] }>('/api/events?limit=50').then((r) => dispatch({ type: 'events-snapshot', events: r.items }), () => {});
    };
    source.onopen = () => {
      dispatch({ type: 'connection', connected: true });
      snapshot();
    };
    source.onerror = () => dispatch({ type: 'connection', connected: false });
    for (const type of ['site', 'session', 'event']) {
      source.addEventListener(type, (e) => {
        const action = actionFromMessage(type, (e as MessageEvent<string>).data, Date.now());
        if (!action) return;
        if (action.type === 'site-stale') refetchSoon(action.name);
        else dispatch(action);
      });
    }
    // bursts of events for one site (IKE up, CHILD up, rekey) collapse into one status request
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    const refetchSoon = (name: string) => {
      if (pending.has(name)) return;
      pending.set(
        name,
        setTimeout(() => {
          pending.delete(name);
          api.get<Record<string, unknown>>(`/api/sites/${seg(name)}/status`).then((s) => dispatch({ type: 'site', status: normalizeStatus(s), at: Date.now() }), () => {});
        }, REFETCH_DELAY_MS),
      );
    };
    snapshot();
    return () => {
      source.close();
      for (const t of pending.values()) clearTimeout(t);
    };
  }, []);

  const value = useMemo(() => ({ state, dispatch, loadStatuses }), [state, loadStatuses]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export const useLive = (): Live => useContext(LiveContext);
