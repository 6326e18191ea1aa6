/**
 * Host checks: what must be true of this machine for the configured gateways to work. Each check takes
 * the facts it needs (read from the host by `hostChecks`, or given by a test) and returns findings in the
 * contract's shape; an empty list means nothing wrong.
 */
import type { Gateway, RaServer, World } from '../../core/model/index.js';
import type { CertificateService } from '../../certificates/service.js';
import { clockFacts, engineFacts, KernelFeatures, listeners, NftManager, pptpdPids, readForwarding } from '../../net/index.js';
import type { ClockFacts, EngineProgram, KernelReport, Listener, ProgramFacts } from '../../net/index.js';
import { inspect } from '../../pki/index.js';
import type { Lang } from '../catalog/index.js';
import type { Finding } from '../logs/index.js';
import { both, checkFinding, rankFindings } from './finding.js';

type Resources = Pick<World, 'gateways' | 'sites' | 'servers'>;

const HOST = 'host';

/** Gateways that forward traffic: those with an enabled site connection or remote-access server. */
export function servingGateways(w: Resources): Gateway[] {
  const used = new Set([...w.sites.filter((s) => s.enabled).map((s) => s.gateway), ...w.servers.filter((s) => s.enabled).map((s) => s.gateway)]);
  return w.gateways.filter((g) => used.has(g.name));
}

const where = (g: Pick<Gateway, 'name' | 'namespace'>) => (g.namespace ? `gateway ${g.name} (netns ${g.namespace})` : `gateway ${g.name}`);

/** The programs the configured resources need; every program when nothing is configured yet. */
export function neededPrograms(w: Resources): EngineProgram[] {
  const need = new Set<EngineProgram>(['nft']);
  if (w.sites.some((s) => s.enabled)) { need.add('charon-systemd'); need.add('swanctl'); }
  for (const s of w.servers.filter((x) => x.enabled)) {
    if (s.kind === 'openvpn') need.add('openvpn');
    if (s.kind === 'wireguard') { need.add('wg'); need.add('wireguard-go'); }
    if (s.kind === 'ikev2') { need.add('charon-systemd'); need.add('swanctl'); }
  }
  return [...need];
}

export function checkEngines(facts: Partial<Record<EngineProgram, ProgramFacts>>, needed: readonly EngineProgram[], lang: Lang): Finding[] {
  return needed.filter((p) => facts[p] && !facts[p]!.installed).map((p) =>
    checkFinding('host/engine-missing', lang, [{ file: HOST, line: 0, text: `${p}: not found in PATH or /usr/sbin` }], {
      detail: both(`${p} is needed by the configured connections and is not installed.`, `已配置的连接需要 ${p}，但未安装。`),
    }));
}

export function checkDataPlanes(kernel: KernelReport, w: Resources, lang: Lang): Finding[] {
  const out: Finding[] = [];
  const esp = kernel.features.esp;
  if (w.sites.some((s) => s.enabled) && kernel.dataPlanes.ipsec === 'kernel-libipsec') {
    out.push(checkFinding('host/kernel-esp-missing', lang, [{ file: HOST, line: 0, text: `kernel ${kernel.kernel}: ${esp.evidence}` }], {
      detail: both('IPsec traffic goes through charon\'s userspace ESP (kernel-libipsec): it works, with lower throughput.', 'IPsec 流量经由 charon 的用户态 ESP（kernel-libipsec）：可用，但吞吐量较低。'),
    }));
  }
  if (w.servers.some((s) => s.enabled && s.kind === 'openvpn') && kernel.dataPlanes.openvpn === 'tun') {
    out.push(checkFinding('host/ovpn-dco-missing', lang, [{ file: HOST, line: 0, text: `kernel ${kernel.kernel}: ${kernel.features.ovpnDco.evidence}` }]));
  }
  if (w.servers.some((s) => s.enabled && s.kind === 'openvpn') && kernel.dataPlanes.openvpn === 'none') {
    out.push(checkFinding('host/tun-unavailable', lang, [{ file: HOST, line: 0, text: kernel.features.tun.evidence }]));
  }
  return out;
}

export function checkForwarding(gateway: Gateway, ipv4: string | undefined, lang: Lang): Finding[] {
  if (ipv4 === '1') return [];
  return [checkFinding('host/ip-forward-off', lang, [{ file: where(gateway), line: 0, text: `net.ipv4.ip_forward = ${ipv4 ?? '(absent)'}` }])];
}

/** A masquerade rule for the pool out of the server's natInterface, in the gateway's `table inet corridor`. */
export function checkNat(server: RaServer, gateway: Gateway, listing: string | undefined, lang: Lang): Finding[] {
  if (!server.natInterface) return [];
  const rule = new RegExp(`oifname "?${escapeRe(server.natInterface)}"? ip saddr ${escapeRe(server.pool.split('/')[0] ?? '')}/\\d+ masquerade`);
  if (listing !== undefined && rule.test(listing)) return [];
  return [checkFinding('host/nat-missing', lang, [{ file: where(gateway), line: 0, text: listing === undefined ? 'nft list table inet corridor: no such table' : `no "oifname ${server.natInterface} ip saddr ${server.pool} masquerade" in table inet corridor` }], {
    detail: both(`Server ${server.name} sends clients out of ${server.natInterface} with NAT, and the rule is missing.`, `服务器 ${server.name} 经 ${server.natInterface} 做 NAT 出网，但规则缺失。`),
  })];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface ExpectedPort {
  proto: 'tcp' | 'udp';
  port: number;
  /** bound address we expect; any address when absent */
  address?: string;
  /** command names of the engine that should own the socket */
  owners: RegExp;
  what: string;
}

export function expectedPorts(gateway: Gateway, w: Resources): ExpectedPort[] {
  const ports: ExpectedPort[] = [];
  if (w.sites.some((s) => s.enabled && s.gateway === gateway.name)) {
    for (const port of [500, 4500]) ports.push({ proto: 'udp', port, owners: /^charon/, what: `charon (IKE) on UDP ${port}` });
  }
  for (const s of w.servers.filter((x) => x.enabled && x.gateway === gateway.name && x.kind === 'openvpn')) {
    ports.push({ proto: s.proto, port: s.port, ...(s.listen ? { address: s.listen } : {}), owners: /^openvpn/, what: `OpenVPN server ${s.name} on ${s.proto.toUpperCase()} ${s.port}` });
  }
  return ports;
}

const ANY = new Set(['*', '0.0.0.0', '::']);

/** Each expected port has a socket owned by its engine; a socket of another process is a conflict. */
export function checkListeners(gateway: Gateway, expected: readonly ExpectedPort[], sockets: readonly Listener[], lang: Lang): Finding[] {
  const out: Finding[] = [];
  for (const e of expected) {
    const bound = sockets.filter((l) => l.proto === e.proto && l.port === e.port && (!e.address || ANY.has(l.address) || l.address === e.address));
    const ours = bound.filter((l) => l.processes.length === 0 || l.processes.some((p) => e.owners.test(p.name)));
    const others = bound.filter((l) => !ours.includes(l));
    if (others.length > 0) {
      const who = others.flatMap((l) => l.processes.map((p) => `${p.name}[${p.pid}] on ${l.address}:${l.port}`)).join(', ');
      out.push(checkFinding('host/port-conflict', lang, [{ file: where(gateway), line: 0, text: `${e.proto.toUpperCase()} ${e.port}: ${who}` }], {
        detail: both(`${e.what}: the port is held by ${who}.`, `${e.what}：端口被 ${who} 占用。`),
      }));
    } else if (ours.length === 0) {
      out.push(checkFinding('host/port-not-listening', lang, [{ file: where(gateway), line: 0, text: `ss -lnptu: nothing on ${e.proto.toUpperCase()} ${e.address ?? '*'}:${e.port}` }], {
        detail: both(`${e.what} is expected and nothing listens there.`, `应有 ${e.what}，但该端口无监听。`),
      }));
    }
  }
  return out;
}

export function checkPptpd(pids: readonly number[], lang: Lang): Finding[] {
  if (pids.length === 0) return [];
  return [checkFinding('host/stale-pptpd', lang, [{ file: HOST, line: 0, text: `pptpd running: pid ${pids.join(', ')}` }])];
}

/** Seconds between system clock and RTC beyond which certificate validity and IKE lifetimes go wrong. */
export const CLOCK_SKEW_SECONDS = 60;

export function checkClock(c: ClockFacts, lang: Lang): Finding[] {
  const off = c.rtcOffsetSeconds;
  if (off !== undefined && Math.abs(off) > CLOCK_SKEW_SECONDS) {
    return [checkFinding('host/clock-skew', lang, [{ file: HOST, line: 0, text: `system clock ${c.systemTime}, RTC differs by ${off}s` }, { file: HOST, line: 0, text: c.ntpEvidence }])];
  }
  if (c.ntp === 'unsynchronized') {
    return [checkFinding('host/clock-skew', lang, [{ file: HOST, line: 0, text: c.ntpEvidence }], { confidence: 0.5 })];
  }
  return [];
}

const CERT_CODES = new Set(['cert/expiring', 'cert/expired', 'cert/no-eku', 'cert/revoked']);

/** Corridor's own certificates through the PKI's inspection: expiring, expired, lacking the EKU of their role. */
export async function checkCertificates(service: Pick<CertificateService, 'list' | 'get'>, lang: Lang): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const c of (await service.list()).filter((x) => !x.revokedAt)) {
    const { certPem } = await service.get(c.name);
    const role = c.kind === 'server' ? 'server' : c.kind === 'client' ? 'client' : undefined;
    const report = await inspect([{ name: `certificate ${c.name}`, data: certPem, ...(role ? { role } : {}) }]);
    for (const p of report.problems.filter((x) => CERT_CODES.has(x.code))) {
      out.push(checkFinding(p.code, lang, [{ file: `certificate ${c.name}`, line: 0, text: `${c.subject}, not after ${c.notAfter}: ${p.message}` }], { severity: p.severity }));
    }
  }
  return out;
}

export interface HostCheckDeps {
  world: Resources;
  certificates?: Pick<CertificateService, 'list' | 'get'>;
  kernel?: KernelFeatures;
  /** false when the daemon runs without engines: nothing is expected to listen then */
  enginesRunning: boolean;
}

/** Every host check against this machine; a check that cannot run is skipped, not reported as a fault. */
export async function hostChecks(d: HostCheckDeps, lang: Lang): Promise<Finding[]> {
  const w = d.world;
  const settle = async (work: () => Promise<Finding[]>): Promise<Finding[]> => work().catch(() => []);
  const gateways = servingGateways(w);
  const parts = await Promise.all([
    settle(async () => checkEngines(await engineFacts(), neededPrograms(w), lang)),
    settle(async () => checkDataPlanes(await (d.kernel ?? new KernelFeatures()).get(), w, lang)),
    ...gateways.map((g) => settle(async () => checkForwarding(g, (await readForwarding({ namespace: g.namespace })).ipv4, lang))),
    ...gateways.map((g) => settle(async () => {
      const servers = w.servers.filter((s) => s.enabled && s.gateway === g.name && s.natInterface);
      if (servers.length === 0 || !d.enginesRunning) return [];
      const listing = await NftManager.forGateway(g).listing();
      return servers.flatMap((s) => checkNat(s, g, listing, lang));
    })),
    ...(d.enginesRunning ? gateways.map((g) => settle(async () => checkListeners(g, expectedPorts(g, w), await listeners({ namespace: g.namespace }), lang))) : []),
    settle(async () => checkPptpd(await pptpdPids(), lang)),
    settle(async () => checkClock(await clockFacts(), lang)),
    ...(d.certificates ? [settle(() => checkCertificates(d.certificates!, lang))] : []),
  ]);
  return rankFindings(parts.flat());
}
