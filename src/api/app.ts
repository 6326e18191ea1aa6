/** The Fastify application: API, OpenAPI document and docs page, metrics, and the console's static files. */
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { dirname } from 'node:path';
import type { ApiContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { installAuth, isLocalClient } from './auth-hooks.js';
import { installJsonBodyParser } from './json-body.js';
import { installSecurityHeaders } from './security-headers.js';
import { authRoutes } from './routes/auth.js';
import { findPackageFile } from '../package-files.js';
import { resourceRoutes } from './routes/resources.js';
import { observeRoutes } from './routes/observe.js';
import type { Metrics } from '../metrics/registry.js';

/** dist/web next to the package root, whether running from src/ (tsx) or dist/src/ (compiled) */
export function consoleDir(): string | undefined {
  const index = findPackageFile('dist/web/index.html');
  return index ? dirname(index) : undefined;
}

export async function buildApp(ctx: ApiContext, metrics?: Metrics): Promise<FastifyInstance> {
  const { trustedProxies } = ctx.config;
  const app = Fastify({
    loggerInstance: ctx.log.child({ component: 'api' }) as unknown as import('fastify').FastifyBaseLogger,
    bodyLimit: 8 * 1024 * 1024,
    // X-Forwarded-For/-Proto are believed only from the configured proxies (req.ip, req.protocol)
    trustProxy: trustedProxies.length ? trustedProxies : false,
  });
  // zod schemas on routes document the API; validation happens once, in the store, with field-level errors
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  // likewise response schemas: answers are written as the handlers return them (fast-json-stringify would drop
  // every property a schema leaves out, and coerce the types it names)
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandler(app);
  installJsonBodyParser(app);
  installSecurityHeaders(app);
  await app.register(cookie);
  // a local scraper is never limited; a remote one (with its token) counts like any client
  await app.register(rateLimit, { max: ctx.config.rateLimit, timeWindow: '1 minute', allowList: (req) => req.routeOptions.url === '/metrics' && isLocalClient(req) });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Corridor API', version: ctx.version, description: 'Self-hosted VPN gateway. Authenticate with the session cookie from POST /api/auth/login (send x-csrf-token on changes) or with `Authorization: Bearer <API token>`. Token scopes: read; write (includes read); secrets (profiles, one-time links, PSKs); metrics; admin (everything).' },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'corridor_session' } } },
    },
  });
  // the API's documentation is public, like the OpenAPI document it renders
  await app.register(publicRoutes(async (docs) => {
    await docs.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
  }));
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  installAuth(app, ctx.auth);
  app.addHook('onResponse', async (req, reply) => metrics?.httpRequests.inc({ method: req.method, status: `${Math.floor(reply.statusCode / 100)}xx` }));

  authRoutes(app, ctx);
  resourceRoutes(app, ctx);
  observeRoutes(app, ctx);
  for (const p of ctx.plugins) await p(app, ctx);

  if (metrics) {
    app.get('/metrics', { config: { scope: 'metrics', loopbackOpen: ctx.config.metrics.loopback }, schema: { hide: true } }, async (_req, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  }
  const web = consoleDir();
  // the console's files are public (the data they show comes from the API); its routes are hash routes
  // ("#/sites"), so no path needs a fallback to index.html
  if (web) {
    await app.register(publicRoutes(async (files) => {
      await files.register(fastifyStatic, {
        // index as a list: with preCompressed, @fastify/static finds "/"'s index file only in a list
        root: web, prefix: '/', wildcard: false, index: ['index.html'],
        // the build writes a .br and a .gz beside each file (scripts/compress-assets.mjs)
        preCompressed: true,
        cacheControl: false,
        setHeaders: (res, path) => {
          res.setHeader('cache-control', consoleCacheControl(path));
          res.setHeader('vary', 'accept-encoding');
        },
      });
    }));
  } else {
    app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => reply.type('text/html').send('<!doctype html><title>Corridor</title><p>Corridor is running. The console is not built: run <code>npm run build</code>. API docs: <a href="/api/docs">/api/docs</a></p>'));
  }
  return app;
}

/**
 * Vite names every file under assets/ by its content hash, so a browser may keep it forever; index.html (which
 * names the current hashes) must be checked on every load so that an upgrade is seen at once.
 */
export function consoleCacheControl(path: string): string {
  return /[\\/]assets[\\/][^\\/]+$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** A plugin scope whose every route is public: for routes a third-party plugin registers (docs, static files). */
function publicRoutes(register: (scope: FastifyInstance) => Promise<void>) {
  return async (scope: FastifyInstance) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    await register(scope);
  };
}
