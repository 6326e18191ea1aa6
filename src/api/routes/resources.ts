/** CRUD for every resource kind, one route set each, all backed by the same repository. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { KINDS, type Kind } from '../../store/resources.js';
import { actorOf } from '../auth-hooks.js';

export const ROUTE_OF: Record<Kind, string> = {
  gateway: 'gateways', peer: 'peers', site: 'sites', server: 'servers', user: 'users', group: 'groups', policy: 'policies', ddns: 'ddns',
};

export function resourceRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const [kind, path] of Object.entries(ROUTE_OF) as Array<[Kind, string]>) {
    const def = KINDS[kind];
    const body = z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' });
    const tags = [path];
    const key = def.key;
    app.get(`/api/${path}`, { schema: { tags, summary: `List ${path}` } }, async () => ({ items: await ctx.resources.list(kind) }));
    app.post(`/api/${path}`, { schema: { tags, summary: `Create a ${kind}`, body } }, async (req, reply) => {
      reply.status(201);
      return ctx.resources.create(kind, req.body, actorOf(req));
    });
    app.get(`/api/${path}/:${key}`, { schema: { tags } }, async (req) => ctx.resources.get(kind, (req.params as Record<string, string>)[key]!));
    app.put(`/api/${path}/:${key}`, { schema: { tags, summary: `Replace a ${kind}`, body } }, async (req) =>
      ctx.resources.update(kind, (req.params as Record<string, string>)[key]!, req.body, actorOf(req), 'replace'));
    app.patch(`/api/${path}/:${key}`, { schema: { tags, summary: `Change some fields of a ${kind}`, description: 'JSON merge patch (RFC 7396): fields left out keep their value, `null` removes an optional field (a required one answers 400, one with a default returns to it). Write-only fields cannot be removed.' } }, async (req) =>
      ctx.resources.update(kind, (req.params as Record<string, string>)[key]!, req.body, actorOf(req), 'merge'));
    app.delete(`/api/${path}/:${key}`, { schema: { tags } }, async (req) => {
      await ctx.resources.delete(kind, (req.params as Record<string, string>)[key]!, actorOf(req));
      return { ok: true };
    });
  }
}
