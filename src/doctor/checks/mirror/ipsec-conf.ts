/**
 * The peer's configuration from a legacy ipsec.conf (stroke): `conn` sections of `key=value` lines,
 * with `conn %default` and `also=` applied. `left` is taken as the peer's own side, the convention every
 * vendor guide follows. ipsec.conf holds no PSK (that is ipsec.secrets), so the PSK is not compared.
 * Defaults are ipsec.conf(5)'s where a key is absent.
 */
import type { Evidence } from '../../logs/index.js';
import type { DpdAction, EndConfig, EndField } from './end-config.js';
import type { ParsedPeerFile, PickHints } from './swanctl-conf.js';
import { isWildcard, parseDuration, proposalList, splitList } from './values.js';

interface Entry {
  value: string;
  line: number;
  text: string;
}

type Conn = Map<string, Entry>;

export function parseIpsecConfSections(text: string): Map<string, Conn> {
  const conns = new Map<string, Conn>();
  let current: Conn | undefined;
  text.split('\n').forEach((raw, idx) => {
    const line = raw.replace(/\r$/, '');
    const body = line.replace(/(^|\s)#.*$/, '').trimEnd();
    if (!body.trim()) return;
    const header = /^(conn|config|ca)\s+(\S+)/.exec(body);
    if (header) {
      current = header[1] === 'conn' ? new Map() : undefined;
      if (current) conns.set(header[2]!, current);
      return;
    }
    if (!current || !/^\s/.test(body)) return;
    const kv = /^\s+([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(body);
    if (!kv) return;
    current.set(kv[1]!.toLowerCase(), { value: kv[2]!.trim().replace(/^"(.*)"$/, '$1'), line: idx + 1, text: line.trim() });
  });
  return conns;
}

/** A conn with %default and also= folded in (also= nests at most 8 deep, as a loop guard). */
function resolve(conns: Map<string, Conn>, name: string): Conn {
  const out: Conn = new Map(conns.get('%default') ?? []);
  const apply = (n: string, depth: number) => {
    const c = conns.get(n);
    if (!c || depth > 8) return;
    const also = c.get('also');
    if (also) for (const a of splitList(also.value)) apply(a, depth + 1);
    for (const [k, v] of c) out.set(k, v);
  };
  apply(name, 0);
  return out;
}

export function parseIpsecConf(text: string, file: string, hints: PickHints = {}): ParsedPeerFile {
  const conns = parseIpsecConfSections(text);
  const names = [...conns.keys()].filter((n) => n !== '%default');
  const ours = new Set(hints.localSubnets ?? []);
  const name =
    names.find((n) => n === hints.name) ??
    names.find((n) => splitList(resolve(conns, n).get('rightsubnet')?.value ?? '').some((s) => ours.has(s))) ??
    names.find((n) => conns.get(n)?.has('left') || conns.get(n)?.has('right'));
  if (name === undefined) throw new Error(`${file}: no conn section`);
  const c = resolve(conns, name);
  const config: EndConfig = { sources: {} };
  const at = (field: EndField, e: Entry | undefined) => {
    if (e) config.sources[field] = { file, line: e.line, text: e.text } satisfies Evidence;
  };
  const get = (k: string) => c.get(k);

  const kx = get('keyexchange');
  config.ikeVersion = kx?.value === 'ikev1' ? 1 : kx?.value === 'ike' ? 0 : 2;
  at('ikeVersion', kx);
  // without the trailing "!" charon appends its default proposals to the ones listed
  const ike = get('ike');
  const ikeList = ike ? proposalList(ike.value) : { proposals: [], strict: false };
  config.ikeProposals = ikeList.strict ? ikeList.proposals : [...ikeList.proposals, 'default'];
  at('ikeProposals', ike);
  const esp = get('esp');
  const espList = esp ? proposalList(esp.value) : { proposals: [], strict: false };
  config.espProposals = espList.strict ? espList.proposals : [...espList.proposals, 'default'];
  at('espProposals', esp);

  for (const [key, field] of [['left', 'localAddresses'], ['right', 'remoteAddresses']] as const) {
    const e = get(key);
    const list = e ? splitList(e.value).filter((a) => !isWildcard(a)) : [];
    if (e && list.length) { config[field] = list; at(field, e); }
  }
  for (const [key, field, side] of [['leftid', 'localId', 'localAddresses'], ['rightid', 'remoteId', 'remoteAddresses']] as const) {
    const e = get(key);
    if (e && !isWildcard(e.value)) { config[field] = e.value; at(field, e); }
    else if (config[side]?.[0]) { config[field] = config[side]![0]; at(field, get(key === 'leftid' ? 'left' : 'right')); }
  }
  for (const [key, field, side] of [['leftsubnet', 'localSubnets', 'localAddresses'], ['rightsubnet', 'remoteSubnets', 'remoteAddresses']] as const) {
    const e = get(key);
    config[field] = e ? splitList(e.value).map((t) => t.replace(/\[.*\]$/, '')) : (config[side] ?? []).slice(0, 1);
    at(field, e ?? get(key === 'leftsubnet' ? 'left' : 'right'));
  }
  // one conn per subnet pair (sharing the peer through also=) is how ipsec.conf carries several pairs
  // (a conn that others include with also= is a template, not a child of its own)
  const templates = new Set([...conns.values()].flatMap((x) => splitList(x.get('also')?.value ?? '')));
  const siblings = names
    .filter((n) => n === name || !templates.has(n))
    .map((n) => (n === name ? c : resolve(conns, n)))
    .filter((s) => s === c || (s.get('right')?.value === get('right')?.value && s.get('auto')?.value !== 'ignore'));
  config.pairs = siblings.flatMap((s) => {
    const l = s.get('leftsubnet');
    const r = s.get('rightsubnet');
    const subnets = (e: Entry | undefined, addrs: string[] | undefined) => (e ? splitList(e.value).map((t) => t.replace(/\[.*\]$/, '')) : (addrs ?? []).slice(0, 1));
    const ev = (e: Entry | undefined, side: 'left' | 'right') => {
      const at = e ?? s.get(side);
      return { file, line: at?.line ?? 0, text: at?.text ?? `${side}subnet (absent)` };
    };
    const localSource = ev(l, 'left');
    const remoteSource = ev(r, 'right');
    return subnets(l, config.localAddresses).flatMap((local) => subnets(r, config.remoteAddresses).map((remote) => ({ local, remote, localSource, remoteSource })));
  });
  config.localSubnets = [...new Set([...(config.localSubnets ?? []), ...config.pairs.map((p) => p.local)])];
  config.remoteSubnets = [...new Set([...(config.remoteSubnets ?? []), ...config.pairs.map((p) => p.remote)])];
  const authby = get('authby') ?? get('leftauth');
  config.auth = authby && /^(rsasig|ecdsasig|pubkey|rsa)/.test(authby.value) ? 'cert' : 'psk';
  at('auth', authby);

  const ikeLife = get('ikelifetime');
  config.ikeLifetime = parseDuration(ikeLife?.value ?? '') ?? 10800;
  at('ikeLifetime', ikeLife);
  const life = get('lifetime') ?? get('keylife');
  config.espLifetime = parseDuration(life?.value ?? '') ?? 3600;
  at('espLifetime', life);
  const dpdAction = get('dpdaction');
  const dpdDelay = get('dpddelay');
  const action = dpdAction?.value ?? 'none';
  config.dpdAction = (action === 'restart' ? 'restart' : action === 'clear' || action === 'hold' ? 'clear' : 'none') satisfies DpdAction;
  config.dpdDelay = config.dpdAction === 'none' ? 0 : parseDuration(dpdDelay?.value ?? '') ?? 30;
  at('dpdAction', dpdAction);
  at('dpdDelay', dpdDelay ?? dpdAction);
  const mtu = get('mtu');
  if (mtu && /^\d+$/.test(mtu.value)) { config.mtu = Number(mtu.value); at('mtu', mtu); }
  return { config, connection: name };
}
