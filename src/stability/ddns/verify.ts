/**
 * After a provider accepted an update, the name is resolved to see that it really answers the address:
 * at the RFC 2136 server itself (authoritative, no cache in the way), or at the resolver the
 * administrator set on an HTTP provider. Without either there is nothing trustworthy to ask (a recursive
 * resolver may serve the old record until its TTL ends), and the result says "unchecked".
 */
import type { ExecOptions, ExecResult } from '../../net/exec.js';
import { recordType, type DdnsProviderWithSecret } from './types.js';

export type Verdict = 'verified' | 'stale' | 'unchecked';

export interface VerifyDeps {
  exec: (argv: readonly string[], opts?: ExecOptions) => Promise<ExecResult>;
}

export function checkServer(p: DdnsProviderWithSecret): { server: string; authoritative: boolean } | undefined {
  if (p.kind === 'rfc2136' && p.server) return { server: p.server, authoritative: true };
  if (p.resolver) return { server: p.resolver, authoritative: false };
  return undefined;
}

/** The addresses the server answers for the name (empty when it has none or does not answer). */
export async function resolveAt(d: VerifyDeps, namespace: string | undefined, server: string, authoritative: boolean, name: string, type: 'A' | 'AAAA'): Promise<string[]> {
  const argv = ['dig', '+short', '+time=2', '+tries=2', ...(authoritative ? ['+norecurse'] : []), `@${server}`, name, type];
  const r = await d.exec(argv, { namespace, timeoutMs: 10_000 });
  if (r.code !== 0) return [];
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[0-9a-fA-F.:]+$/.test(l));
}

export async function verifyPublished(d: VerifyDeps, namespace: string | undefined, p: DdnsProviderWithSecret, address: string): Promise<Verdict> {
  const at = checkServer(p);
  if (!at) return 'unchecked';
  const answers = await resolveAt(d, namespace, at.server, at.authoritative, p.hostname, recordType(address));
  return answers.includes(address) ? 'verified' : 'stale';
}
