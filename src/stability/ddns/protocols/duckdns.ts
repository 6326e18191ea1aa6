/**
 * Duck DNS: GET /update?domains=SUB&token=T&ip=IP, answering "OK" or "KO" (https://www.duckdns.org/spec.jsp).
 * The token travels in the query, as the service defines; the URL is never logged.
 */
import { DdnsError, needSecret, request, type DdnsProtocol, type PublishContext } from '../types.js';

async function publish(ctx: PublishContext) {
  const p = ctx.provider;
  const sub = p.hostname.replace(/\.duckdns\.org$/, '');
  const url = new URL('update', ctx.baseUrl.endsWith('/') ? ctx.baseUrl : `${ctx.baseUrl}/`);
  url.searchParams.set('domains', sub);
  url.searchParams.set('token', needSecret(p));
  url.searchParams.set(ctx.address.includes(':') ? 'ipv6' : 'ip', ctx.address);
  const res = await request(ctx, url);
  const body = (await res.text()).trim();
  if (!res.ok) throw new DdnsError(`http-${res.status}`, `the provider answered HTTP ${res.status}`);
  if (body.startsWith('OK')) return { changed: true };
  throw new DdnsError('rejected', 'Duck DNS answered KO (wrong token or domain)');
}

export const duckdns: DdnsProtocol = { defaultBaseUrl: 'https://www.duckdns.org/', publish };
