/**
 * Engine-backed subsystems (site-to-site, remote access, PKI, doctor) plug in here: each gets the shared
 * services, registers its API routes and status, and starts/stops with the daemon.
 */
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { MasterKey } from './secrets/master-key.js';
import type { Store } from './store/db.js';
import type { ResourceStore } from './store/resources.js';
import type { EngineLogStore, EventStore } from './store/events.js';
import type { Supervisor } from './engines/supervisor.js';
import type { Metrics } from './metrics/registry.js';
import type { ApiContext } from './api/context.js';

export interface Services {
  config: Config;
  log: Logger;
  key: MasterKey;
  store: Store;
  resources: ResourceStore;
  events: EventStore;
  engineLogs: EngineLogStore;
  supervisor: Supervisor;
  metrics: Metrics;
  ctx: ApiContext;
}

export interface Subsystem {
  name: string;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface Subsystems {
  list: Subsystem[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

type Factory = (s: Services) => Promise<Subsystem> | Subsystem;

const FACTORIES: Factory[] = [];

export async function wireSubsystems(s: Services): Promise<Subsystems> {
  const list = await Promise.all(FACTORIES.map((f) => f(s)));
  return {
    list,
    async start() {
      if (!s.config.engines) return;
      for (const x of list) await x.start?.();
    },
    async stop() {
      for (const x of [...list].reverse()) await x.stop?.();
    },
  };
}
