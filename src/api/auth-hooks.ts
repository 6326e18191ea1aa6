/**
 * Authentication for every route: a session cookie (browser; mutating requests must carry the CSRF
 * token) or a bearer API token (scripts; scopes checked). The decision is made on the route that
 * matched (its config), never on the request's URL string: the router decodes and normalises the path,
 * so any test on the raw URL can be walked around by spelling it differently (`/ap%69/...`).
 * Deny by default: only routes whose config says `public: true` answer without credentials. A request
 * that matched no route runs no route code: it gets its 404 without credentials.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CorridorError } from '../core/errors.js';
import type { AdminAuth, Principal, Scope } from '../auth/admins.js';

export const SESSION_COOKIE = 'corridor_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** public route: no authentication (login, API docs, one-time links, the console's files) */
    public?: boolean;
    /** scope (or every one of several scopes) needed instead of the method's default (GET/HEAD: read, else write) */
    scope?: Scope | Scope[];
    /** a client on this host (loopback, not forwarded by a proxy) needs no credentials (/metrics) */
    loopbackOpen?: boolean;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `admin` holds every scope and `write` holds `read`; `secrets` and `metrics` are only what they say. */
export function hasScope(p: Principal, needed: Scope): boolean {
  return p.scopes.includes('admin') || p.scopes.includes(needed) || (needed === 'read' && p.scopes.includes('write'));
}

export function requireScope(req: FastifyRequest, needed: Scope): void {
  if (!req.principal || !hasScope(req.principal, needed)) throw new CorridorError(403, 'scope', `this needs the "${needed}" scope`);
}

/**
 * A client on this host: the address (after the trusted proxy's header, when one is configured) is
 * loopback and no proxy forwarded the request. A proxy on this host must send X-Forwarded-For (README).
 */
export function isLocalClient(req: FastifyRequest): boolean {
  return /^(127\.|::1$|::ffff:127\.)/.test(req.ip) && req.headers['x-forwarded-for'] === undefined;
}

export function installAuth(app: FastifyInstance, auth: AdminAuth): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const route = req.routeOptions.config ?? {};
    if (req.is404 || route.public || (route.loopbackOpen && isLocalClient(req))) return;
    const header = req.headers.authorization;
    let principal: Principal | undefined;
    if (header?.startsWith('Bearer ')) {
      principal = await auth.token(header.slice(7).trim());
      if (!principal) throw new CorridorError(401, 'unauthenticated', 'invalid or revoked API token');
    } else {
      const sid = req.cookies[SESSION_COOKIE];
      principal = sid ? await auth.session(sid) : undefined;
      if (!principal) throw new CorridorError(401, 'unauthenticated', 'log in first (POST /api/auth/login) or send an API token');
      if (!SAFE.has(req.method) && req.headers['x-csrf-token'] !== principal.csrf) {
        throw new CorridorError(403, 'csrf', 'missing or wrong x-csrf-token header');
      }
    }
    const needed = [route.scope ?? (SAFE.has(req.method) ? 'read' : 'write')].flat();
    const missing = needed.find((s) => !hasScope(principal, s));
    if (missing) throw new CorridorError(403, 'scope', `this API token lacks the "${missing}" scope`);
    req.principal = principal;
  });
}

export function actorOf(req: FastifyRequest) {
  const p = req.principal;
  return { name: p ? (p.via === 'token' ? `${p.username} (token)` : p.username) : 'anonymous', ip: req.ip };
}
