/** What the API needs from the daemon; route modules take only this. */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/schema.js';
import type { Kind, PublicResource, ResourceStore } from '../store/resources.js';
import type { EventStore, EngineLogStore } from '../store/events.js';
import type { AdminAuth } from '../auth/admins.js';
import type { Config } from '../config.js';

export interface ResourceView {
  decorate: (items: PublicResource[]) => Promise<PublicResource[]>;
  /** JSON schema of the properties it adds, for the OpenAPI document */
  adds: Record<string, unknown>;
}

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
  /** what a subsystem adds to a kind's API answers (the sites subsystem: each site's effective values) */
  resourceViews: Partial<Record<Kind, ResourceView>>;
  /** status contributions from subsystems (engines, tunnels, sessions) */
  statusProviders: Array<() => Promise<Record<string, unknown>>>;
}
