/**
 * Diagnosis of one connection (a site connection or an OpenVPN server) and of the whole gateway: state
 * from the subsystems, the engine's recent log lines through the log diagnosis, and, for one connection,
 * probes from the gateway's namespace.
 */
import { Readable } from 'node:stream';
import type { Gateway, Peer, SiteConnection, World } from '../../core/model/index.js';
import type { ConnectionStatus } from '../../engines/strongswan/health/index.js';
import { childIsUp } from '../../engines/strongswan/health/status.js';
import { listeners } from '../../net/index.js';
import { ipFamily } from '../../core/ip.js';
import { notFound } from '../../core/errors.js';
import type { AuthMethod, Lang } from '../catalog/index.js';
import { diagnoseLogs } from '../logs/index.js';
import type { Finding, Report } from '../logs/index.js';
import { probePeer, probeTunnelMtu } from '../probes/path.js';
import { both, checkFinding, mergeFindings } from './finding.js';
import { checkListeners, expectedPorts } from './host.js';

/** What the doctor reads from the sites subsystem (SitesController satisfies it). */
export interface SitesView {
  site(name: string): Promise<{ site: SiteConnection; peer: Peer; gateway: Gateway }>;
  status(name: string): Promise<ConnectionStatus & { enabled: boolean }>;
  /** every site at once (one read, not one per site) */
  statuses(): Promise<Array<ConnectionStatus & { enabled: boolean }>>;
  dataPlanes(): Array<{ gateway: string; engine: string }>;
}

export interface LogRow {
  id: number;
  instance: string;
  connection: string | null;
  line: string;
}

export interface LogSource {
  query(q: { instance?: string; connection?: string; limit?: number }): Promise<LogRow[]>;
}

export interface ConnectionDeps {
  world: () => Promise<World>;
  engineLogs: LogSource;
  sites?: SitesView | undefined;
  /** run probes and listener checks: false when the daemon runs without engines */
  enginesRunning: boolean;
}

/** Recent lines per instance fed to the log diagnosis; bounded so a check stays quick. */
export const LOG_LINES = 1000;

export function openVpnInstance(server: string): string {
  return `openvpn-${server}`;
}

/** Stored log rows as one log file for diagnoseLogs (engine detected from the lines, as for an upload). */
export async function diagnoseRows(name: string, rows: readonly LogRow[], lang: Lang, auth?: AuthMethod): Promise<Finding[]> {
  if (rows.length === 0) return [];
  const text = rows.map((r) => r.line).join('\n') + '\n';
  return (await diagnoseLogs([{ name, stream: Readable.from([text]) }], { lang, ...(auth ? { auth } : {}) })).findings;
}

/** The health of a site as findings: IKE up without its CHILD_SAs, or a subnet pair no installed CHILD_SA carries. */
export function judgeSiteState(st: ConnectionStatus & { enabled: boolean }, lang: Lang): Finding[] {
  if (!st.enabled || st.health !== 'degraded') return [];
  const out: Finding[] = [];
  const installed = (name: string | undefined) => st.children.find((c) => c.name === name && childIsUp(c.state));
  const missingPairs = st.pairs.filter((p) => p.state === 'missing');
  const shared = missingPairs.filter((p) => p.reason === 'reqid-shared');
  const narrowed = missingPairs.filter((p) => installed(p.child) && p.reason !== 'reqid-shared');
  const unbuilt = missingPairs.filter((p) => !installed(p.child));
  if (st.missingChildren.length > 0 || missingPairs.length === 0) {
    const missing = st.missingChildren.join(', ') || '(all)';
    const pairs = unbuilt.map((p) => `${p.local} <-> ${p.remote}`).join(', ');
    // charon's TS_UNACCEPTABLE: the peer has no ACL rule (phase-2 entry) for the pair
    const refused = st.lastChange?.reason === 'traffic selectors unacceptable';
    out.push(checkFinding(refused ? 'ike/flow-or-peer-mismatch' : 'ike/phase2-proposal-or-pfs-mismatch', lang, [{ file: `site ${st.name}`, line: 0, text: `health degraded: IKE ${st.ikeSas.map((i) => i.state).join(',') || 'none'}, missing CHILD_SA ${missing}${pairs ? ` (pairs ${pairs})` : ''}${st.lastChange ? `; last change ${st.lastChange.reason}` : ''}` }], {
      confidence: refused ? 0.9 : 0.7,
      detail: refused
        ? both(`The peer answered TS_UNACCEPTABLE for CHILD_SA ${missing}: it has no ACL rule for ${pairs || 'its subnets'}.`, `对端对 CHILD_SA ${missing} 回复了 TS_UNACCEPTABLE：对端没有 ${pairs || '这些网段'} 的 ACL 规则。`)
        : both(`IKE is up but CHILD_SA ${missing} is not installed.`, `IKE 已建立，但 CHILD_SA ${missing} 未安装。`),
    }));
  }
  if (narrowed.length > 0) {
    const evidence = narrowed.map((p) => {
      const c = installed(p.child)!;
      const configured = st.pairs.filter((q) => q.child === p.child);
      return { file: `site ${st.name}`, line: 0, text: `pair ${p.local} <-> ${p.remote} missing: CHILD_SA ${c.name} is installed with negotiated local-ts ${c.localTs.join(',') || '-'} remote-ts ${c.remoteTs.join(',') || '-'}, configured ${configured.map((q) => `${q.local} <-> ${q.remote}`).join(', ')}` };
    });
    const pairs = narrowed.map((p) => `${p.local} <-> ${p.remote}`).join(', ');
    // one child proposing several pairs is narrowed again on every re-initiation: only one child per pair helps
    const severalPairs = narrowed.some((p) => st.pairs.filter((q) => q.child === p.child).length > 1);
    out.push(checkFinding('ike/ts-narrowed', lang, evidence, {
      confidence: 0.95,
      detail: severalPairs
        ? both(`The peer narrowed the CHILD_SA proposing several subnet pairs to part of them: ${pairs} has no SA, and re-initiating the same CHILD_SA narrows it again. Set childPerSubnetPair: true.`,
          `对端把包含多个网段对的 CHILD_SA 缩小为其中一部分：${pairs} 没有 SA，重新发起同一个 CHILD_SA 仍会被缩小。请设置 childPerSubnetPair: true。`)
        : both(`The peer accepted narrower selectors than configured for ${pairs}: its ACL rule for this pair is missing or narrower.`,
          `对端为 ${pairs} 接受的流量选择器比配置的更窄：对端缺少该网段对的 ACL 规则，或其规则更窄。`),
    }));
  }
  if (shared.length > 0) {
    const evidence = shared.map((p) => {
      const c = installed(p.child)!;
      return { file: `site ${st.name}`, line: 0, text: `pair ${p.local} <-> ${p.remote}: CHILD_SA ${c.name} reqid ${c.reqid ?? '?'} is shared with ${st.children.filter((o) => o.reqid === c.reqid && o.uniqueid !== c.uniqueid).map((o) => o.name).join(', ')}` };
    });
    out.push(checkFinding('ike/reqid-shared', lang, evidence, { confidence: 0.9 }));
  }
  return out;
}

/** The site's charon log lines, read knowing the site's authentication method (a PSK site has no certificate faults). */
async function siteLogs(name: string, gateway: string, auth: AuthMethod, d: ConnectionDeps, lang: Lang): Promise<Finding[]> {
  const engine = d.sites?.dataPlanes().find((p) => p.gateway === gateway)?.engine;
  const own = await d.engineLogs.query({ connection: name, limit: LOG_LINES });
  const recent = engine ? await d.engineLogs.query({ instance: engine, limit: LOG_LINES }) : [];
  // the charon lines not tied to a connection (proposal or auth failures often are not) belong to every site
  const rows = [...new Map([...own, ...recent.filter((r) => r.connection === null || r.connection === name)].map((r) => [r.id, r])).values()].sort((a, b) => a.id - b.id);
  return diagnoseRows(`${engine ?? 'charon'} (${name})`, rows, lang, auth);
}

export async function diagnoseSite(name: string, d: ConnectionDeps, lang: Lang): Promise<Report> {
  if (!d.sites) throw new Error('the sites subsystem is not running');
  const { site, peer, gateway } = await d.sites.site(name);
  const status = await d.sites.status(name);
  const parts: Finding[][] = [judgeSiteState(status, lang), await siteLogs(name, site.gateway, site.auth, d, lang)];
  if (d.enginesRunning) {
    const ns = { namespace: gateway.namespace };
    const address = peer.addresses.find((a) => ipFamily(a) !== undefined);
    if (address) parts.push(await probePeer(address, lang, ns).catch(() => []));
    const remote = site.remoteSubnets.find((c) => ipFamily(c.split('/')[0] ?? '') === 4);
    if (status.health === 'up' && remote) parts.push(await probeTunnelMtu(remote, site.mtu ?? 1280, lang, ns).catch(() => []));
  }
  return { findings: mergeFindings(parts) };
}

export async function diagnoseServer(name: string, d: ConnectionDeps, lang: Lang): Promise<Report> {
  const world = await d.world();
  const server = world.servers.find((s) => s.name === name);
  if (!server) throw notFound(`site connection or server "${name}"`);
  const parts: Finding[][] = [await diagnoseRows(openVpnInstance(name), await d.engineLogs.query({ instance: openVpnInstance(name), limit: LOG_LINES }), lang)];
  const gateway = world.gateways.find((g) => g.name === server.gateway);
  if (d.enginesRunning && gateway && server.enabled) {
    const only = { ...world, sites: [], servers: [server] };
    parts.push(checkListeners(gateway, expectedPorts(gateway, only), await listeners({ namespace: gateway.namespace }), lang));
  }
  return { findings: mergeFindings(parts) };
}

/** A site connection by that name, else a remote-access server. */
export async function diagnoseConnection(name: string, d: ConnectionDeps, lang: Lang): Promise<Report> {
  const world = await d.world();
  if (world.sites.some((s) => s.name === name)) return diagnoseSite(name, d, lang);
  return diagnoseServer(name, d, lang);
}

/** Every site's state and every engine instance's recent log lines (no probes: the gateway view stays quick). */
export async function connectionsOverview(d: ConnectionDeps, instances: readonly string[], lang: Lang): Promise<Finding[]> {
  const parts: Finding[][] = [];
  if (d.sites) for (const st of await d.sites.statuses()) parts.push(judgeSiteState(st, lang));
  for (const instance of instances) parts.push(await diagnoseRows(instance, await d.engineLogs.query({ instance, limit: LOG_LINES }), lang));
  return mergeFindings(parts);
}
