/**
 * Cloudflare API v4 with an API token (bearer): find the zone by name (GET /zones?name=), the record by
 * type and name (GET /zones/:zone/dns_records?type=&name=), then PATCH its content, or POST a new record.
 * https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/edit/
 * Answers are `{ success, errors: [{ code, message }], result }`.
 */
import { DdnsError, needField, needSecret, recordType, request, type DdnsProtocol, type PublishContext } from '../types.js';

interface CfAnswer<T> {
  success?: boolean;
  errors?: Array<{ code?: number; message?: string }>;
  result?: T;
}

async function call<T>(ctx: PublishContext, path: string, init: RequestInit = {}): Promise<T> {
  const url = new URL(path, ctx.baseUrl.endsWith('/') ? ctx.baseUrl : `${ctx.baseUrl}/`);
  const res = await request(ctx, url, { ...init, headers: { authorization: `Bearer ${needSecret(ctx.provider)}`, 'content-type': 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as CfAnswer<T>;
  if (res.status === 401 || res.status === 403) throw new DdnsError('badauth', 'Cloudflare rejected the API token');
  if (!res.ok || body.success !== true || body.result === undefined) {
    const e = body.errors?.[0];
    throw new DdnsError(`http-${res.status}`, `Cloudflare answered HTTP ${res.status}${e?.message ? `: ${String(e.message).slice(0, 120)}` : ''}`);
  }
  return body.result;
}

async function publish(ctx: PublishContext) {
  const p = ctx.provider;
  const type = recordType(ctx.address);
  const zones = await call<Array<{ id: string }>>(ctx, `zones?${new URLSearchParams({ name: needField(p, 'zone') })}`);
  const zone = zones[0]?.id;
  if (!zone || !/^[A-Za-z0-9]+$/.test(zone)) throw new DdnsError('nohost', `Cloudflare has no zone ${p.zone}`);
  const records = await call<Array<{ id: string; content: string }>>(ctx, `zones/${zone}/dns_records?${new URLSearchParams({ type, name: p.hostname })}`);
  const rec = records[0];
  if (rec && rec.content === ctx.address) return { changed: false };
  if (rec) {
    if (!/^[A-Za-z0-9]+$/.test(rec.id)) throw new DdnsError('bad-answer', 'Cloudflare answered a malformed record id');
    await call(ctx, `zones/${zone}/dns_records/${rec.id}`, { method: 'PATCH', body: JSON.stringify({ content: ctx.address }) });
  } else {
    await call(ctx, `zones/${zone}/dns_records`, { method: 'POST', body: JSON.stringify({ type, name: p.hostname, content: ctx.address, ttl: 60, proxied: false }) });
  }
  return { changed: true };
}

export const cloudflare: DdnsProtocol = { defaultBaseUrl: 'https://api.cloudflare.com/client/v4/', publish };
