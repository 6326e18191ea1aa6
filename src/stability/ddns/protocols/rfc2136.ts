/**
 * RFC 2136 dynamic update signed with TSIG (RFC 8945, hmac-sha256), sent by BIND's `nsupdate` inside the
 * gateway's network namespace (so it leaves by the gateway's routes, like its WAN traffic). The key goes
 * to nsupdate's standard input, never into argv (argv is world-readable in /proc). Every value written
 * there is validated first (names by the schema, the key as base64 here), so none can add a command.
 */
import { DdnsError, needField, needSecret, recordType, type DdnsProtocol, type PublishContext } from '../types.js';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const KEY_NAME = /^[A-Za-z0-9._-]{1,200}$/;

/** The nsupdate script: replace every record of this type at the name by the one address. */
export function nsupdateScript(ctx: Pick<PublishContext, 'provider' | 'address'>, ttl = 60): string {
  const p = ctx.provider;
  const keyName = needField(p, 'username');
  const secret = needSecret(p);
  if (!KEY_NAME.test(keyName)) throw new DdnsError('misconfigured', 'the TSIG key name has characters other than letters, digits, . _ -');
  if (!BASE64.test(secret)) throw new DdnsError('misconfigured', 'the TSIG key is not base64');
  const type = recordType(ctx.address);
  return [
    `server ${needField(p, 'server')} 53`,
    `zone ${needField(p, 'zone')}.`,
    `key hmac-sha256:${keyName} ${secret}`,
    `update delete ${p.hostname}. ${type}`,
    `update add ${p.hostname}. ${ttl} ${type} ${ctx.address}`,
    'send',
    '',
  ].join('\n');
}

/** nsupdate's messages, mapped to the short codes events and the console show. */
function failure(output: string): DdnsError {
  const text = output.replace(/key hmac-sha256:\S+ \S+/g, 'key (hidden)').trim();
  if (/BADSIG|BADKEY|BADTIME|tsig verify failure|NOTAUTH/i.test(text)) return new DdnsError('badauth', 'the server rejected the TSIG key');
  if (/REFUSED/.test(text)) return new DdnsError('refused', 'the server refused the update (zone not open to this key?)');
  if (/NOTZONE/.test(text)) return new DdnsError('nohost', 'the name is not in the zone the server holds');
  if (/timed out|could not reach|connection refused|network unreachable/i.test(text)) return new DdnsError('unreachable', 'the DNS server did not answer');
  return new DdnsError('rejected', `nsupdate: ${text.split('\n').filter(Boolean).slice(-1)[0]?.slice(0, 160) ?? 'failed'}`);
}

async function publish(ctx: PublishContext) {
  const input = nsupdateScript(ctx);
  // -t: overall timeout in seconds; -v: TCP, so a large signed answer is never truncated
  const r = await ctx.exec(['nsupdate', '-v', '-t', String(Math.max(1, Math.ceil(ctx.timeoutMs / 1000)))], { namespace: ctx.namespace, input, timeoutMs: ctx.timeoutMs + 2000 });
  if (r.code !== 0 || r.timedOut) throw failure(`${r.stdout}\n${r.stderr}`);
  return { changed: true };
}

export const rfc2136: DdnsProtocol = { defaultBaseUrl: '', publish };
