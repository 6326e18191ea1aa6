/**
 * A WAN link's current public address: the address configured on the link, else what its
 * what-is-my-address probe answers (behind NAT), else the first global address of its interface in the
 * gateway's network namespace.
 */
import type { Gateway, WanLink } from '../../core/model/index.js';
import { ipFamily } from '../../core/ip.js';
import type { ExecOptions, ExecResult } from '../../net/exec.js';

export interface AddressDeps {
  exec: (argv: readonly string[], opts?: ExecOptions) => Promise<ExecResult>;
  fetch: typeof fetch;
  timeoutMs: number;
}

export class AddressUnknown extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressUnknown';
  }
}

interface IpAddrJson {
  addr_info?: Array<{ family?: string; local?: string; scope?: string }>;
}

/** First global-scope address of the interface (IPv4 first: most DDNS names are A records). */
export async function interfaceAddress(d: AddressDeps, namespace: string | undefined, dev: string): Promise<string> {
  const r = await d.exec(['ip', '-j', 'addr', 'show', 'dev', dev], { namespace, timeoutMs: d.timeoutMs });
  if (r.code !== 0) throw new AddressUnknown(`interface ${dev} not found${namespace ? ` in netns ${namespace}` : ''}`);
  const infos = ((JSON.parse(r.stdout || '[]') as IpAddrJson[])[0]?.addr_info ?? []).filter((a) => a.scope === 'global' && a.local);
  const pick = infos.find((a) => a.family === 'inet') ?? infos.find((a) => a.family === 'inet6');
  if (!pick?.local) throw new AddressUnknown(`interface ${dev} has no global address`);
  return pick.local;
}

/** The probe answers the address as plain text (ip.sb, ifconfig.me, icanhazip style); nothing else is accepted. */
export async function probeAddress(d: AddressDeps, url: string): Promise<string> {
  let res: Response;
  try {
    res = await d.fetch(url, { redirect: 'error', signal: AbortSignal.timeout(d.timeoutMs) });
  } catch {
    throw new AddressUnknown(`address probe ${new URL(url).host} unreachable`);
  }
  const text = (await res.text()).slice(0, 100).trim();
  if (!res.ok || !ipFamily(text)) throw new AddressUnknown(`address probe ${new URL(url).host} did not answer an address`);
  return text;
}

export function linkAddress(d: AddressDeps, gateway: Pick<Gateway, 'namespace'>, link: WanLink): Promise<string> {
  if (link.address) return Promise.resolve(link.address);
  if (link.addressProbe) return probeAddress(d, link.addressProbe);
  return interfaceAddress(d, gateway.namespace, link.interface);
}
