/**
 * The peer's configuration from an uploaded swanctl.conf: one connection (ours by name, else the one
 * whose traffic selectors face ours, else the only one) and the IKE secret that applies to its
 * identities. Defaults are charon's where a key is absent (swanctl.conf(5)).
 */
import type { Evidence } from '../../logs/index.js';
import type { EndConfig, EndField } from './end-config.js';
import { pskFingerprint } from './end-config.js';
import { parseSettingsWithLines, sectionOf, sections, valueOf } from './settings-syntax.js';
import type { SettingSection, SettingValue } from './settings-syntax.js';
import { decodeSecret, isWildcard, parseDuration, proposalList, splitList } from './values.js';

export interface ParsedPeerFile {
  config: EndConfig;
  /** the connection the comparison used */
  connection: string;
}

export interface PickHints {
  /** our site's name: a connection of the same name is taken first */
  name?: string;
  /** our subnets: a connection whose remote_ts holds one of them is taken next */
  localSubnets?: string[];
}

export function parseSwanctlConf(text: string, file: string, hints: PickHints = {}): ParsedPeerFile {
  const root = parseSettingsWithLines(text);
  const conns = sections(sectionOf(root, 'connections'));
  const conn = pick(conns, hints);
  if (!conn) throw new Error(`${file}: no connection in the connections { } section`);
  const config: EndConfig = { sources: {} };
  const at = (field: EndField, v: SettingValue | SettingSection) => {
    config.sources[field] = { file, line: v.line, text: v.text } satisfies Evidence;
  };

  const version = valueOf(conn, 'version');
  config.ikeVersion = version && ['0', '1', '2'].includes(version.value) ? (Number(version.value) as 0 | 1 | 2) : 0;
  at('ikeVersion', version ?? conn);
  const proposals = valueOf(conn, 'proposals');
  config.ikeProposals = proposals ? proposalList(proposals.value).proposals : ['default'];
  at('ikeProposals', proposals ?? conn);

  const addr = (key: 'local_addrs' | 'remote_addrs', field: 'localAddresses' | 'remoteAddresses') => {
    const v = valueOf(conn, key);
    const list = v ? splitList(v.value).filter((a) => !isWildcard(a)) : [];
    if (v && list.length) {
      config[field] = list;
      at(field, v);
    }
  };
  addr('local_addrs', 'localAddresses');
  addr('remote_addrs', 'remoteAddresses');

  const rekey = parseDuration(valueOf(conn, 'rekey_time')?.value ?? '') ?? 14400;
  const over = parseDuration(valueOf(conn, 'over_time')?.value ?? '') ?? Math.round(rekey * 0.1);
  config.ikeLifetime = rekey + over;
  at('ikeLifetime', valueOf(conn, 'rekey_time') ?? conn);
  const dpd = valueOf(conn, 'dpd_delay');
  config.dpdDelay = parseDuration(dpd?.value ?? '') ?? 0;
  at('dpdDelay', dpd ?? conn);

  const local = authRound(conn, 'local');
  const remote = authRound(conn, 'remote');
  const localId = valueOf(local, 'id');
  const remoteId = valueOf(remote, 'id');
  if (localId && !isWildcard(localId.value)) { config.localId = localId.value; at('localId', localId); }
  else if (config.localAddresses?.[0]) { config.localId = config.localAddresses[0]; config.sources.localId = config.sources.localAddresses; }
  if (remoteId && !isWildcard(remoteId.value)) { config.remoteId = remoteId.value; at('remoteId', remoteId); }
  const auth = valueOf(local, 'auth');
  config.auth = auth && /^(pubkey|rsa|ecdsa|bliss)/.test(auth.value) ? 'cert' : 'psk';
  if (auth) at('auth', auth);

  // every child counts for the traffic selectors: a peer with one child per subnet pair is the usual case
  const children = sections(sectionOf(conn, 'children'));
  config.pairs = children.flatMap((ch) => {
    const lts = valueOf(ch, 'local_ts');
    const rts = valueOf(ch, 'remote_ts');
    const localSource = { file, line: (lts ?? ch).line, text: (lts ?? ch).text };
    const remoteSource = { file, line: (rts ?? ch).line, text: (rts ?? ch).text };
    return selectors(lts?.value, config.localAddresses).flatMap((local) =>
      selectors(rts?.value, config.remoteAddresses).map((remote) => ({ local, remote, localSource, remoteSource })));
  });
  const child = children[0];
  if (child) {
    config.localSubnets = [...new Set(config.pairs.map((p) => p.local))];
    config.remoteSubnets = [...new Set(config.pairs.map((p) => p.remote))];
    at('localSubnets', valueOf(child, 'local_ts') ?? child);
    at('remoteSubnets', valueOf(child, 'remote_ts') ?? child);
    const esp = valueOf(child, 'esp_proposals');
    config.espProposals = esp ? proposalList(esp.value).proposals : ['default'];
    at('espProposals', esp ?? child);
    const life = valueOf(child, 'life_time');
    const childRekey = parseDuration(valueOf(child, 'rekey_time')?.value ?? '') ?? 3600;
    config.espLifetime = parseDuration(life?.value ?? '') ?? Math.round(childRekey * 1.1);
    at('espLifetime', life ?? valueOf(child, 'rekey_time') ?? child);
    const action = valueOf(child, 'dpd_action');
    config.dpdAction = config.dpdDelay === 0 ? 'none' : action?.value === 'restart' ? 'restart' : action?.value === 'trap' ? 'restart' : 'clear';
    at('dpdAction', action ?? dpd ?? child);
  }

  const secret = ikeSecret(sectionOf(root, 'secrets'), [config.localId, config.remoteId]);
  if (secret) {
    config.pskFingerprint = pskFingerprint(decodeSecret(secret.value));
    // the secret's own line would quote the key: point at it without its value
    config.sources.pskFingerprint = { file, line: secret.line, text: 'secret = (not shown)' };
  }
  return { config, connection: conn.name };
}

function pick(conns: SettingSection[], hints: PickHints): SettingSection | undefined {
  const byName = conns.find((c) => c.name === hints.name);
  if (byName) return byName;
  const ours = new Set(hints.localSubnets ?? []);
  const facing = conns.find((c) =>
    sections(sectionOf(c, 'children')).some((ch) => splitList(valueOf(ch, 'remote_ts')?.value ?? '').some((t) => ours.has(t))));
  return facing ?? conns[0];
}

/** `local`, or the first `local-<suffix>` round when the file uses numbered rounds. */
function authRound(conn: SettingSection, prefix: 'local' | 'remote'): SettingSection | undefined {
  return sectionOf(conn, prefix) ?? sections(conn).find((s) => s.name.startsWith(`${prefix}-`));
}

/** Traffic selectors as subnets: `dynamic` is the end's own address; protocol/port parts are dropped. */
function selectors(value: string | undefined, addresses: string[] | undefined): string[] {
  const list = splitList(value ?? 'dynamic').map((t) => t.replace(/\[.*\]$/, ''));
  return list.flatMap((t) => (t === 'dynamic' ? (addresses ?? []).slice(0, 1) : t ? [t] : []));
}

function ikeSecret(secrets: SettingSection | undefined, ids: Array<string | undefined>): SettingValue | undefined {
  const ike = sections(secrets).filter((s) => s.name === 'ike' || s.name.startsWith('ike-') || s.name.startsWith('ike'));
  const wanted = new Set(ids.filter((x): x is string => x !== undefined).map((x) => x.replace(/^@(?!#)/, '')));
  const idsOf = (s: SettingSection) => [...s.children.entries()].filter(([k, v]) => /^id(-|$)/.test(k) && v.kind === 'value').map(([, v]) => (v as SettingValue).value.replace(/^@(?!#)/, ''));
  const matching = ike.find((s) => idsOf(s).some((id) => wanted.has(id))) ?? ike.find((s) => idsOf(s).length === 0) ?? (ike.length === 1 ? ike[0] : undefined);
  return valueOf(matching, 'secret');
}
