/** What the API needs from the daemon; route modules take only this. */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/schema.js';
import type { ResourceStore } from '../store/resources.js';
import type { EventStore, EngineLogStore } from '../store/events.js';
import type { AdminAuth } from '../auth/admins.js';
import type { Config } from '../config.js';

export interface ApiContext {
  config: Config;
  log: Logger;
  db: Kysely<Database>;
  resources: ResourceStore;
  events: EventStore;
  engineLogs: EngineLogStore;
  auth: AdminAuth;
  version: string;
  /** engine-backed features register their routes here (sites actions, sessions, PKI, doctor, ...) */
  plugins: Array<(app: import('fastify').FastifyInstance, ctx: ApiContext) => void | Promise<void>>;
  /** status contributions from subsystems (engines, tunnels, sessions) */
  statusProviders: Array<() => Promise<Record<string, unknown>>>;
}
