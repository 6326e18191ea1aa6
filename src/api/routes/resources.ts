/** CRUD for every resource kind, one route set each, all backed by the same repository. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiContext } from '../context.js';
import { KINDS, type Kind, type PublicResource } from '../../store/resources.js';
import { LoginFailures } from '../../store/login-failures.js';
import { actorOf } from '../auth-hooks.js';
import { LOCKOUT, OK, fromZod, items, json } from '../openapi.js';

/** What the API answers for a kind: its spec without write-only fields, `<field>Set` for each of them, what a view adds. */
function publicSchema(kind: Kind, adds: Record<string, unknown>): Record<string, unknown> {
  const def = KINDS[kind];
  const spec = fromZod(def.schema);
  const writeOnly = [...def.sealed, ...def.hashed];
  const properties = Object.fromEntries(Object.entries((spec.properties ?? {}) as Record<string, unknown>).filter(([k]) => !writeOnly.includes(k)));
  for (const f of writeOnly) properties[`${f}Set`] = { type: 'boolean', description: `whether ${f} has a value (it is never returned)` };
  const required = ((spec.required ?? []) as string[]).filter((k) => !writeOnly.includes(k));
  return { ...spec, properties: { ...properties, ...adds }, required, additionalProperties: true };
}

/** A merge patch: any subset of the fields. */
function patchSchema(body: Record<string, unknown>): Record<string, unknown> {
  const { required: _all, ...rest } = body;
  return { ...rest, description: 'Any subset of the fields; null removes an optional field' };
}

const USER_ADDS = { lockout: LOCKOUT };

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
    const body = z.toJSONSchema(def.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    const tags = [path];
    const key = def.key;
    const added = ctx.resourceViews[kind];
    const view = decorate[kind] ?? added?.decorate ?? (async (items: PublicResource[]) => items);
    const one = async (item: PublicResource) => (await view([item]))[0];
    const single = publicSchema(kind, { ...(kind === 'user' ? USER_ADDS : {}), ...added?.adds });
    const response = (status: number, description: string) => ({ response: { [status]: json(description, single) } });
    const listResponse = { response: { 200: json(`Every ${kind}`, items(single)) } };
    app.get(`/api/${path}`, { schema: { tags, summary: `List ${path}`, ...listResponse } }, async () => ({ items: await view(await ctx.resources.list(kind)) }));
    app.post(`/api/${path}`, { schema: { tags, summary: `Create a ${kind}`, body, ...response(201, 'Created') } }, async (req, reply) => {
      reply.status(201);
      return one(await ctx.resources.create(kind, req.body, actorOf(req)));
    });
    app.get(`/api/${path}/:${key}`, { schema: { tags, summary: `One ${kind}`, ...response(200, `The ${kind}`) } }, async (req) => one(await ctx.resources.get(kind, (req.params as Record<string, string>)[key]!)));
    app.put(`/api/${path}/:${key}`, { schema: { tags, summary: `Replace a ${kind}`, body, ...response(200, 'Replaced') } }, async (req) =>
      one(await ctx.resources.update(kind, (req.params as Record<string, string>)[key]!, req.body, actorOf(req), 'replace')));
    app.patch(`/api/${path}/:${key}`, { schema: { tags, summary: `Change some fields of a ${kind}`, description: 'JSON merge patch (RFC 7396): fields left out keep their value, `null` removes an optional field (a required one answers 400, one with a default returns to it). Write-only fields cannot be removed.', body: patchSchema(body), ...response(200, 'Changed') } }, async (req) =>
      one(await ctx.resources.update(kind, (req.params as Record<string, string>)[key]!, req.body, actorOf(req), 'merge')));
    app.delete(`/api/${path}/:${key}`, { schema: { tags, summary: `Delete a ${kind}`, response: { 200: json('Deleted', OK) } } }, async (req) => {
      await ctx.resources.delete(kind, (req.params as Record<string, string>)[key]!, actorOf(req));
      return { ok: true };
    });
  }
}
