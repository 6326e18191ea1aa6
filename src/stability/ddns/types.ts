/** What every DDNS protocol gets and answers; the publisher (publisher.ts) drives them. */
import type { DdnsProvider } from '../../core/model/index.js';
import type { ExecOptions, ExecResult } from '../../net/exec.js';

/** A provider with its unsealed secret, as the store hands it to the publisher only. */
export type DdnsProviderWithSecret = DdnsProvider;

export interface PublishContext {
  provider: DdnsProviderWithSecret;
  /** the address to publish (IPv4 → A record, IPv6 → AAAA) */
  address: string;
  /** the API base URL: the provider's documented one, or its `endpoint` */
  baseUrl: string;
  fetch: typeof fetch;
  /** runs DNS tools (nsupdate, dig) in the gateway's network namespace */
  exec: (argv: readonly string[], opts?: ExecOptions) => Promise<ExecResult>;
  namespace: string | undefined;
  timeoutMs: number;
}

/** `changed` is false when the provider already held the address (dyndns2 "nochg"). */
export interface PublishResult {
  changed: boolean;
}

/** A refused or failed update; `code` is short and stable (badauth, nohost, http-503, ...), `message` has no secret. */
export class DdnsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DdnsError';
  }
}

export interface DdnsProtocol {
  /** the documented API base URL; rfc2136 has none (it talks to `server`) */
  defaultBaseUrl: string;
  publish(ctx: PublishContext): Promise<PublishResult>;
}

export const recordType = (address: string): 'A' | 'AAAA' => (address.includes(':') ? 'AAAA' : 'A');

/** The secret, or a clear failure naming what is missing (the cross check cannot see sealed fields). */
export function needSecret(p: DdnsProviderWithSecret): string {
  if (!p.secret) throw new DdnsError('no-secret', `DDNS provider "${p.name}" has no secret stored`);
  return p.secret;
}

export function needField(p: DdnsProviderWithSecret, field: 'zone' | 'server' | 'username'): string {
  const v = p[field];
  if (!v) throw new DdnsError('misconfigured', `DDNS provider "${p.name}" lacks ${field}`);
  return v;
}

/** The record's name relative to its zone ("@" at the apex), as the Alibaba and DNSPod APIs take it. */
export function relativeName(hostname: string, zone: string): string {
  if (hostname === zone) return '@';
  if (!hostname.endsWith(`.${zone}`)) throw new DdnsError('misconfigured', `${hostname} is not inside zone ${zone}`);
  return hostname.slice(0, -(zone.length + 1));
}

/** fetch with a timeout; a network failure becomes a DdnsError naming the host only (URLs may carry tokens). */
export async function request(ctx: PublishContext, url: URL, init: RequestInit = {}): Promise<Response> {
  try {
    return await ctx.fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(ctx.timeoutMs) });
  } catch (e) {
    const why = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'unreachable';
    throw new DdnsError(why === 'timed out' ? 'timeout' : 'unreachable', `${url.host} ${why}`);
  }
}
