/**
 * The dyndns2 protocol (DynDNS "Remote Access API", also spoken by No-IP, Google Domains, many routers):
 * GET /nic/update?hostname=H&myip=IP with HTTP basic auth; the body's first word is the answer:
 * "good"/"nochg" succeed, the rest ("badauth", "nohost", "notfqdn", "abuse", "badagent", "!donator",
 * "numhost", "dnserr", "911") refuse. https://help.dyn.com/remote-access-api/perform-update/ and
 * https://help.dyn.com/remote-access-api/return-codes/
 */
import { VERSION } from '../../../version.js';
import { DdnsError, needField, needSecret, request, type DdnsProtocol, type PublishContext } from '../types.js';

async function publish(ctx: PublishContext) {
  const p = ctx.provider;
  const url = new URL('nic/update', ctx.baseUrl.endsWith('/') ? ctx.baseUrl : `${ctx.baseUrl}/`);
  url.searchParams.set('hostname', p.hostname);
  url.searchParams.set('myip', ctx.address);
  const auth = Buffer.from(`${needField(p, 'username')}:${needSecret(p)}`).toString('base64');
  // the protocol asks clients to name themselves: "company-product-version"
  const res = await request(ctx, url, { headers: { authorization: `Basic ${auth}`, 'user-agent': `Corridor-Gateway-${VERSION}` } });
  const body = (await res.text()).trim();
  const word = body.split(/\s+/)[0] ?? '';
  if (res.status === 401 || word === 'badauth') throw new DdnsError('badauth', 'the provider rejected the username or password');
  if (!res.ok) throw new DdnsError(`http-${res.status}`, `the provider answered HTTP ${res.status}`);
  if (word === 'good') return { changed: true };
  if (word === 'nochg') return { changed: false };
  throw new DdnsError(/^[!a-z0-9]{2,12}$/.test(word) ? word : 'bad-answer', `the provider answered "${body.slice(0, 80)}"`);
}

export const dyndns2: DdnsProtocol = { defaultBaseUrl: 'https://members.dyndns.org/', publish };
/** No-IP speaks dyndns2 at its own host: https://www.noip.com/integrate/request */
export const noip: DdnsProtocol = { defaultBaseUrl: 'https://dynupdate.no-ip.com/', publish };
