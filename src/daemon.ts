/**
 * Composition root: configuration, store, secrets, auth, supervisor, engines, API. Engines run as
 * supervised processes that outlive the daemon; shutting down (or crashing) never drops a tunnel.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import type { MasterKey } from './secrets/master-key.js';
import { openMasterKey } from './secrets/key-file.js';
import { DataDirLock } from './data-dir/lock.js';
import { openStore, type Store } from './store/db.js';
import { ResourceStore } from './store/resources.js';
import { EngineLogStore, EventStore } from './store/events.js';
import { AdminAuth, DAEMON_ACTOR } from './auth/admins.js';
import { Supervisor } from './engines/supervisor.js';
import { buildApp } from './api/app.js';
import type { ApiContext } from './api/context.js';
import { Metrics } from './metrics/registry.js';
import { VERSION } from './version.js';
import { isEntryPoint } from './entry-point.js';
import { wireSubsystems, type Subsystems } from './subsystems.js';

export interface Daemon {
  config: Config;
  app: FastifyInstance;
  store: Store;
  supervisor: Supervisor;
  subsystems: Subsystems;
  /** bound address, e.g. http://127.0.0.1:8080 */
  url: string;
  /** graceful stop: engines keep running for the next daemon to adopt */
  close(): Promise<void>;
}

export async function startDaemon(config: Config = loadConfig(), log: Logger = createLogger({ level: config.logLevel, pretty: config.logPretty })): Promise<Daemon> {
  // everything the daemon creates (database and its WAL, run directories, rendered engine files) is private
  process.umask(0o077);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  chmodSync(config.dataDir, 0o700);
  // before the store or any engine is touched: a second daemon here would restart the engines and remove
  // the first one's sockets
  const lock = DataDirLock.acquire(config.dataDir, 'a corridor daemon');
  try {
    return await startLocked(config, log, lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function startLocked(config: Config, log: Logger, lock: DataDirLock): Promise<Daemon> {
  const store = await openStore({ url: config.databaseUrl ?? join(config.dataDir, 'corridor.db'), integrityCheck: true });
  let key: MasterKey;
  try {
    const k = await openMasterKey(config.masterKeyPath, store.db, log);
    if (k.created) log.warn({ path: config.masterKeyPath }, 'created a new master key: back it up (see README, "Backups and key rotation")');
    key = k.key;
  } catch (err) {
    await store.close();
    throw err;
  }
  const resources = new ResourceStore(store.db, key);
  const events = new EventStore(store.db);
  const engineLogs = new EngineLogStore(store.db);
  const auth = new AdminAuth(store.db, key, config.lockout, config.sessionHours);
  await ensureFirstAdmin(auth, config, log);
  await ensureCliToken(auth, config);

  const supervisor = new Supervisor({ runRoot: config.runRoot, log: log.child({ component: 'supervisor' }), logs: engineLogs });
  supervisor.on('exited', (s) => events.record({ kind: 'engine.exited', source: s.id, severity: 'warning', detail: { lastExit: s.lastExit } }));
  supervisor.on('restarted', (s) => events.record({ kind: 'engine.restarted', source: s.id, detail: { pid: s.pid, restarts: s.restarts } }));
  supervisor.on('adopted', (s) => events.record({ kind: 'engine.adopted', source: s.id, detail: { pid: s.pid } }));

  const metrics = new Metrics();
  events.subscribe((e) => metrics.events.inc({ kind: e.kind }));
  const ctx: ApiContext = { config, log, db: store.db, resources, events, engineLogs, auth, version: VERSION, plugins: [], resourceViews: {}, statusProviders: [] };
  // enginesEnabled: with CORRIDOR_ENGINES=0 no engine runs by design, which the console and CLI say instead of DOWN
  ctx.statusProviders.push(async () => ({ engines: supervisor.list(), enginesEnabled: config.engines }));
  metrics.gauge('corridor_engine_up', 'Engine process running (1) or not (0)', ['engine', 'kind'], () =>
    supervisor.list().map((s) => ({ labels: { engine: s.id, kind: s.kind }, value: s.state === 'running' ? 1 : 0 })));

  const subsystems = await wireSubsystems({ config, log, key, store, resources, events, engineLogs, supervisor, metrics, ctx, subsystems: new Map() });
  const app = await buildApp(ctx, metrics);
  const [host, port] = splitListen(config.listen);
  await app.listen({ host, port });
  const addr = app.server.address();
  const url = typeof addr === 'object' && addr ? `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}` : `http://${config.listen}`;
  log.info({ url, dataDir: config.dataDir, database: store.dialect }, 'corridor is up');
  await subsystems.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await subsystems.stop();
      supervisor.detach();
      await events.close();
      await engineLogs.close();
      await store.close();
      lock.release();
    })());
  return { config, app, store, supervisor, subsystems, url, close };
}

function splitListen(listen: string): [string, number] {
  const i = listen.lastIndexOf(':');
  return [listen.slice(0, i).replace(/^\[|\]$/g, ''), Number(listen.slice(i + 1))];
}

async function ensureFirstAdmin(auth: AdminAuth, config: Config, log: Logger): Promise<void> {
  if ((await auth.count()) > 0) return;
  const password = config.adminPassword ?? randomBytes(12).toString('base64url');
  // the printed password has been on a terminal: it opens only its own change; one the operator chose
  // (CORRIDOR_ADMIN_PASSWORD) is theirs already
  await auth.create('admin', password, DAEMON_ACTOR, { mustChangePassword: !config.adminPassword });
  if (!config.adminPassword) {
    // printed once, on the terminal, not into the JSON log
    process.stderr.write(`\n  Corridor first start: administrator "admin", one-time password: ${password}\n  Log in at http://${config.listen}/ and set your own (asked at first login).\n\n`);
  }
  log.info('created the first administrator "admin"');
}

/** The local CLI authenticates with a token readable only by root (like a control socket's permissions). */
async function ensureCliToken(auth: AdminAuth, config: Config): Promise<void> {
  const path = join(config.dataDir, 'cli.token');
  if (existsSync(path) && (await auth.token(readFileSync(path, 'utf8').trim()))) return;
  const t = await auth.createToken('admin', 'local CLI', ['admin'], DAEMON_ACTOR);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${t.token}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, path);
}

if (isEntryPoint(import.meta.url)) {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, pretty: config.logPretty });
  startDaemon(config, log).then(
    (d) => {
      const stop = (sig: string) => {
        log.info({ signal: sig }, 'shutting down; engines keep running');
        void d.close().then(() => process.exit(0));
        setTimeout(() => process.exit(1), 10_000).unref();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (err: Error) => {
      log.fatal({ err: err.message }, 'corridor failed to start');
      process.stderr.write(`corridor: ${err.message}\n`);
      process.exit(1);
    },
  );
}
