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
import { createCertificatesSubsystem } from './certificates/subsystem.js';
import { createSitesSubsystem } from './sites/subsystem.js';
import { createRemoteSubsystem } from './remote/subsystem.js';
import { createStabilitySubsystem } from './stability/subsystem.js';
import { createDoctorSubsystem } from './doctor/surface/subsystem.js';

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
  /** subsystems created so far, by name */
  subsystems: Map<string, Subsystem>;
}

export interface Subsystem {
  name: string;
  /** other subsystems reach this one's API through here (e.g. remote access asks certificates for a server certificate) */
  api?: unknown;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export interface Subsystems {
  list: Subsystem[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

type Factory = (s: Services) => Promise<Subsystem> | Subsystem;

// order matters: certificates first (engines need them), the doctor last (it reads the others' state)
const FACTORIES: Factory[] = [createCertificatesSubsystem, createSitesSubsystem, createRemoteSubsystem, createStabilitySubsystem, createDoctorSubsystem];

export async function wireSubsystems(s: Services): Promise<Subsystems> {
  const list: Subsystem[] = [];
  // sequential, so a factory can find the subsystems created before it in s.subsystems
  for (const f of FACTORIES) {
    const sub = await f(s);
    list.push(sub);
    s.subsystems.set(sub.name, sub);
  }
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
