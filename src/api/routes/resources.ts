/** CRUD for every resource kind, one route set each, all backed by the same repository. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { KINDS, type Kind, type PublicResource } from '../../store/resources.js';
import { LoginFailures } from '../../store/login-failures.js';
import { actorOf } from '../auth-hooks.js';

export const ROUTE_OF: Record<Kind, string> = {
  gateway: 'gateways', peer: 'peers', site: 'sites', server: 'servers', user: 'users', group: 'groups', policy: 'policies', ddns: 'ddns',
};

type Decorate = (items: PublicResource[]) => Promise<PublicResource[]>;

/**
 * What the API adds to a kind's stored view. Users carry their VPN lockout state, read for the whole list
 * at once, so the console's users page needs no request per row.
 */
function decorators(ctx: ApiContext): Partial<Record<Kind, Decorate>> {
  const vpnFailures = new LoginFailures(ctx.db, ctx.config.lockout, 'vpn');
  return {
    user: async (items) => {
      const states = await vpnFailures.states(items.map((u) => String(u.username)));
      return items.map((u) => ({ ...u, lockout: states.get(String(u.username)) }));
    },
  };
}

export function resourceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const decorate = decorators(ctx);
  for (const [kind, path] of Object.entries(ROUTE_OF) as Array<[Kind, string]>) {
    const def = KINDS[kind];
    const body = z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' });
    const tags = [path];
    const key = def.key;
    const added = ctx.resourceViews[kind];
    const view = decorate[kind] ?? added?.decorate ?? (async (items: PublicResource[]) => items);
    const one = async (item: PublicResource) => (await view([item]))[0];
    // only what a view adds is described; the rest of the answer passes through as the store gives it
    const single = added ? { type: 'object', additionalProperties: true, properties: added.adds } : undefined;
    const response = (status: number) => (single ? { response: { [status]: single } } : {});
    const listResponse = single ? { response: { 200: { type: 'object', properties: { items: { type: 'array', items: single } } } } } : {};
    app.get(`/api/${path}`, { schema: { tags, summary: `List ${path}`, ...listResponse } }, async () => ({ items: await view(await ctx.resources.list(kind)) }));
    app.post(`/api/${path}`, { schema: { tags, summary: `Create a ${kind}`, body, ...response(201) } }, async (req, reply) => {
      reply.status(201);
      return one(await ctx.resources.create(kind, req.body, actorOf(req)));
    });
    app.get(`/api/${path}/:${key}`, { schema: { tags, ...response(200) } }, async (req) => one(await ctx.resources.get(kind, (req.params as Record<string, string>)[key]!)));
    app.put(`/api/${path}/:${key}`, { schema: { tags, summary: `Replace a ${kind}`, body, ...response(200) } }, async (req) =>
      one(await ctx.resources.update(kind, (req.params as Record<string, string>)[key]!, req.body, actorOf(req), 'replace')));
    app.patch(`/api/${path}/:${key}`, { schema: { tags, summary: `Change some fields of a ${kind}`, description: 'JSON merge patch (RFC 7396): fields left out keep their value, `null` removes an optional field (a required one answers 400, one with a default returns to it). Write-only fields cannot be removed.', ...response(200) } }, async (req) =>
      one(await ctx.resources.update(kind, (req.params as Record<string, string>)[key]!, req.body, actorOf(req), 'merge')));
    app.delete(`/api/${path}/:${key}`, { schema: { tags } }, async (req) => {
      await ctx.resources.delete(kind, (req.params as Record<string, string>)[key]!, actorOf(req));
      return { ok: true };
    });
  }
}
