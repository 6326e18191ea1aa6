/** `corridor status` for people: a summary block and one row per engine, with the data plane of each charon. */
import { keyValues, table } from './format.js';

interface StatusBody {
  version?: string;
  enginesEnabled?: boolean;
  sites?: { up: number; degraded: number; connecting: number; down: number };
  sessions?: number;
  findings?: number;
  engines?: Array<{ id: string; kind: string; state: string; pid?: number; adopted: boolean; restarts: number; since?: string }>;
  dataPlanes?: Array<{ gateway: string; engine: string; dataPlane: string }>;
}

export function formatStatus(s: StatusBody): string {
  const sites = s.sites ? `${s.sites.up} up, ${s.sites.degraded} degraded, ${s.sites.connecting} connecting, ${s.sites.down} down` : '-';
  const summary = keyValues({
    version: s.version,
    engines: s.enginesEnabled === false ? 'switched off (CORRIDOR_ENGINES=0: control plane only)' : `${s.engines?.length ?? 0} running or supervised`,
    sites,
    sessions: s.sessions,
    findings: s.findings,
  });
  if (s.enginesEnabled === false || !s.engines?.length) return summary;
  // the data plane is known per charon (kernel XFRM or libipsec); OpenVPN rows have none
  const planes = new Map((s.dataPlanes ?? []).map((p) => [p.engine, p]));
  const rows = s.engines.map((e) => ({ ...e, gateway: planes.get(e.id)?.gateway, dataPlane: planes.get(e.id)?.dataPlane, adopted: e.adopted ? 'yes' : 'no' }));
  return [summary, '', table(rows, ['id', 'kind', 'state', 'pid', 'gateway', 'dataPlane', 'restarts', 'adopted', 'since'])].join('\n');
}
