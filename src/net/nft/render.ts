/**
 * Renders Corridor's table. Deny by default for remote-access clients: every packet a client sends
 * (original direction of a connection) is checked against the policy sets, not only the first one, so
 * removing an address from a set revokes access at once, even on connections already open. Replies to
 * connections the LAN side opened, and ICMP errors related to known connections, pass.
 *
 * Client addresses are IPv4 (pools are IPv4 by schema), so IPv6 destinations cannot be granted and stay
 * denied; IPv6 from a tunnel device falls through to the final drop.
 */
import { createHash } from 'node:crypto';
import { cidrsOverlap, ipFamily, normaliseCidr, parseCidr } from '../../core/ip.js';
import type { NftRulesetSpec, PolicyRule, UntrackedSpec } from './spec.js';

export const TABLE_FAMILY = 'inet';
export const TABLE_NAME = 'corridor';
export const FILTER_CHAIN = 'ra_forward';
/** a set no rule uses: the fast writer (shell.ts) adds a marker to it last, and its echo says a write was committed */
export const WRITTEN_SET = 'written';
const HASH_COMMENT_PREFIX = 'corridor-sha256:';

const IDENT_RE = /^[a-z][a-z0-9_]{0,62}$/;
const IFNAME_RE = /^[A-Za-z0-9_.:-]{1,15}$/;

/** Identifiers in the ruleset come from schema-checked names; this refuses anything else outright. */
export function nftIdentifier(text: string): string {
  if (!IDENT_RE.test(text)) throw new Error(`not a safe nft identifier: ${JSON.stringify(text)}`);
  return text;
}

/** `pol_<name>`: resource names allow hyphens, which nft identifiers do not; underscores never occur in them. */
export function policySetName(policyName: string): string {
  return nftIdentifier(`pol_${policyName.replace(/-/g, '_')}`);
}

function quotedIfname(name: string): string {
  if (!IFNAME_RE.test(name)) throw new Error(`not an interface name: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

export function ipv4Address(text: string): string {
  if (ipFamily(text) !== 4) throw new Error(`not an IPv4 address: ${JSON.stringify(text)}`);
  return text;
}

/** Normalised, deduplicated, nested prefixes folded into their parent (nft refuses overlapping intervals). */
export function foldCidrs(cidrs: readonly string[]): string[] {
  const sorted = [...new Set(cidrs.map(normaliseCidr))].sort((a, b) => parseCidr(a).prefix - parseCidr(b).prefix);
  const kept: string[] = [];
  for (const c of sorted) if (!kept.some((k) => cidrsOverlap(k, c))) kept.push(c);
  return kept.sort();
}

/** "443,80,1000-2000,1500" -> "{ 80, 443, 1000-2000 }", overlapping ranges merged for the same reason. */
export function renderPorts(spec: string): string {
  const ranges = spec
    .split(',')
    .map((r) => {
      const [a, b] = r.split('-');
      const lo = Number(a);
      const hi = b === undefined ? lo : Number(b);
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi > 65535 || hi < lo) {
        throw new Error(`bad port range ${JSON.stringify(r)}`);
      }
      return [lo, hi] as [number, number];
    })
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of ranges) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  const items = merged.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`));
  return items.length === 1 ? (items[0] ?? '') : `{ ${items.join(', ')} }`;
}

function setLiteral(items: readonly string[]): string {
  return items.length === 1 ? (items[0] ?? '') : `{ ${items.join(', ')} }`;
}

function protocolMatch(p: PolicyRule): string {
  switch (p.protocol) {
    case 'any':
      return '';
    case 'icmp':
      return ' meta l4proto icmp';
    case 'tcp':
    case 'udp':
      return p.ports ? ` ${p.protocol} dport ${renderPorts(p.ports)}` : ` meta l4proto ${p.protocol}`;
  }
}

export function policyRule(p: PolicyRule): string | undefined {
  const v4 = foldCidrs(p.destinations.filter((d) => parseCidr(d).family === 4));
  if (v4.length === 0) return undefined;
  return `ip saddr @${policySetName(p.name)} ip daddr ${setLiteral(v4)}${protocolMatch(p)} accept`;
}

/**
 * Raw-priority chains (before conntrack) exempting from it what needs no state: a site's forwarded
 * traffic, both ways, and the gateway's own IKE/ESP/OpenVPN transport. Worth 10-12 points of site-to-site
 * throughput on a gateway whose other rules switch conntrack on (bench/throughput/RESULTS.md).
 * Remote-access traffic inside the tunnel is never listed here (spec.ts keeps pools out).
 */
export function untrackedChains(u: UntrackedSpec | undefined): string[] {
  if (!u) return [];
  const pairs = new Set<string>();
  for (const { local, remote } of u.sitePairs) {
    const [l, r] = [parseCidr(local), parseCidr(remote)];
    if (l.family !== r.family) continue;
    const ipv = l.family === 4 ? 'ip' : 'ip6';
    const [ln, rn] = [normaliseCidr(local), normaliseCidr(remote)];
    pairs.add(`${ipv} saddr ${ln} ${ipv} daddr ${rn} notrack`);
    pairs.add(`${ipv} saddr ${rn} ${ipv} daddr ${ln} notrack`);
  }
  const ports = (proto: 'udp' | 'tcp') => [...new Set(u.localPorts.filter((p) => p.proto === proto).map((p) => p.port))].sort((a, b) => a - b).map((p) => renderPorts(String(p)));
  const local: Array<[string, string]> = [];
  for (const proto of ['udp', 'tcp'] as const) {
    const list = ports(proto);
    if (list.length) local.push([`${proto} dport ${setLiteral(list)}`, `${proto} sport ${setLiteral(list)}`]);
  }
  if (u.esp) local.push(['meta l4proto esp', 'meta l4proto esp']);
  if (!pairs.size && !local.length) return [];
  return [
    '	chain raw_prerouting {',
    '		type filter hook prerouting priority raw; policy accept;',
    ...[...pairs].sort().map((r) => `		${r}`),
    // to the gateway itself only: the same port forwarded for a client keeps its state (and its NAT)
    ...local.map(([dst]) => `		${dst} fib daddr type local notrack`),
    '	}',
    ...(local.length
      ? ['	chain raw_output {', '		type filter hook output priority raw; policy accept;', ...local.map(([, src]) => `		${src} notrack`), '	}']
      : []),
  ];
}

export interface RenderOptions {
  /** current client addresses per set name, carried into the new table so sessions survive a change */
  elements?: ReadonlyMap<string, readonly string[]>;
}

/** The table's definition (no hash comment). Deterministic: the same spec gives the same text. */
export function renderTableBody(spec: NftRulesetSpec, opts: RenderOptions = {}): string[] {
  const names = new Set<string>();
  for (const p of spec.policies) {
    const set = policySetName(p.name);
    if (names.has(set)) throw new Error(`two policies named ${p.name}`);
    names.add(set);
  }
  const lines: string[] = [`\tset ${WRITTEN_SET} {`, '\t\ttype mark', '\t}'];
  const untracked = untrackedChains(spec.untracked);
  for (const p of [...spec.policies].sort((a, b) => a.name.localeCompare(b.name))) {
    const set = policySetName(p.name);
    const elems = [...new Set((opts.elements?.get(set) ?? []).map(ipv4Address))].sort();
    lines.push(`\tset ${set} {`, '\t\ttype ipv4_addr', ...(elems.length ? [`\t\telements = { ${elems.join(', ')} }`] : []), '\t}');
  }

  const nat = spec.pools
    .filter((p) => p.natInterface !== undefined)
    .map((p) => `oifname ${quotedIfname(p.natInterface ?? '')} ip saddr ${normaliseCidr(p.pool)} masquerade`);
  lines.push('\tchain postrouting {', '\t\ttype nat hook postrouting priority srcnat; policy accept;', ...[...new Set(nat)].map((r) => `\t\t${r}`), '\t}');

  const ifnames = [...new Set(spec.pools.flatMap((p) => p.interfaces))].sort().map(quotedIfname);
  const pools = foldCidrs(spec.pools.map((p) => p.pool));
  const entry = [
    ...(ifnames.length ? [`iifname ${setLiteral(ifnames)} jump ${FILTER_CHAIN}`] : []),
    ...(pools.length ? [`ip saddr ${setLiteral(pools)} jump ${FILTER_CHAIN}`] : []),
  ];
  // policy accept: this table only judges remote-access traffic; site-to-site and LAN forwarding are not ours
  lines.push('\tchain forward {', '\t\ttype filter hook forward priority filter; policy accept;', ...entry.map((r) => `\t\t${r}`), '\t}');

  const grants = [...spec.policies]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(policyRule)
    .filter((r): r is string => r !== undefined);
  lines.push(
    `\tchain ${FILTER_CHAIN} {`,
    '\t\tct direction reply accept',
    '\t\tct state related accept',
    ...grants.map((r) => `\t\t${r}`),
    '\t\tcounter drop',
    '\t}',
    ...untracked,
  );
  return lines;
}

export function rulesetHash(spec: NftRulesetSpec): string {
  return createHash('sha256').update(renderTableBody(spec).join('\n')).digest('hex');
}

/**
 * One nft transaction: create-if-missing, delete, define. nft applies a file all or nothing, so the
 * table is never half-applied and a missing table does not make the delete fail.
 */
export function renderTransaction(spec: NftRulesetSpec, opts: RenderOptions = {}): string {
  const id = `${TABLE_FAMILY} ${TABLE_NAME}`;
  return [
    `table ${id} { }`,
    `delete table ${id}`,
    `table ${id} {`,
    `\tcomment "${HASH_COMMENT_PREFIX}${rulesetHash(spec)}"`,
    ...renderTableBody(spec, opts),
    '}',
    '',
  ].join('\n');
}

/** The hash a listing of our table carries, if any. */
export function hashOfListing(listing: string): string | undefined {
  return new RegExp(`comment "${HASH_COMMENT_PREFIX}([0-9a-f]{64})"`).exec(listing)?.[1];
}
