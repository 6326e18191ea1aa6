/**
 * Authentication for every /api route except login: a session cookie (browser; mutating requests must
 * carry the CSRF token) or a bearer API token (scripts; scopes checked).
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
    /** public route: no authentication */
    public?: boolean;
    /** scope needed beyond the method's default (GET: read, else write) */
    scope?: Scope;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuth(app: FastifyInstance, auth: AdminAuth): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    const url = req.url.split('?')[0]!;
    // the API's own documentation is public, like the OpenAPI document it renders
    if (!url.startsWith('/api/') || url.startsWith('/api/docs') || req.routeOptions.config?.public) return;
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
    const needed: Scope = req.routeOptions.config?.scope ?? (SAFE.has(req.method) ? 'read' : 'write');
    if (!principal.scopes.includes(needed) && !principal.scopes.includes('admin')) {
      throw new CorridorError(403, 'scope', `this API token lacks the "${needed}" scope`);
    }
    req.principal = principal;
  });
}

export function actorOf(req: FastifyRequest) {
  const p = req.principal;
  return { name: p ? (p.via === 'token' ? `${p.username} (token)` : p.username) : 'anonymous', ip: req.ip };
}
