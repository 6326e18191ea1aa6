/** Parser for `status 3` (tab-separated, headers named in HEADER lines, so column order is not assumed). */

export interface StatusClient {
  commonName: string;
  /** "ip:port" */
  realAddress: string;
  /** empty while the client is still waiting for authorisation */
  virtualAddress: string;
  virtualIpv6: string;
  bytesIn: number;
  bytesOut: number;
  connectedSince: Date;
  /** undefined when OpenVPN prints UNDEF */
  username: string | undefined;
  cid: number;
  peerId: number;
  cipher: string;
}

export interface StatusRoute {
  virtualAddress: string;
  commonName: string;
  realAddress: string;
  lastRef: Date;
}

export interface StatusSnapshot {
  title: string;
  time: Date | undefined;
  clients: StatusClient[];
  routes: StatusRoute[];
  globalStats: Record<string, string>;
}

export function parseStatus3(lines: readonly string[]): StatusSnapshot {
  const headers = new Map<string, string[]>();
  const snap: StatusSnapshot = { title: '', time: undefined, clients: [], routes: [], globalStats: {} };
  for (const line of lines) {
    const cells = line.split('\t');
    const [kind = '', ...rest] = cells;
    if (kind === 'TITLE') snap.title = rest.join('\t');
    else if (kind === 'TIME') snap.time = unixDate(rest[1]);
    else if (kind === 'HEADER') headers.set(rest[0] ?? '', rest.slice(1));
    else if (kind === 'GLOBAL_STATS') snap.globalStats[rest[0] ?? ''] = rest[1] ?? '';
    else if (kind === 'CLIENT_LIST' || kind === 'ROUTING_TABLE') {
      const names = headers.get(kind) ?? [];
      const row = (name: string): string => rest[names.indexOf(name)] ?? '';
      if (kind === 'CLIENT_LIST') {
        const user = row('Username');
        snap.clients.push({
          commonName: row('Common Name'),
          realAddress: row('Real Address'),
          virtualAddress: row('Virtual Address'),
          virtualIpv6: row('Virtual IPv6 Address'),
          bytesIn: Number(row('Bytes Received')) || 0,
          bytesOut: Number(row('Bytes Sent')) || 0,
          connectedSince: unixDate(row('Connected Since (time_t)')) ?? new Date(0),
          username: user === '' || user === 'UNDEF' ? undefined : user,
          cid: Number(row('Client ID')),
          peerId: Number(row('Peer ID')),
          cipher: row('Data Channel Cipher'),
        });
      } else {
        snap.routes.push({
          virtualAddress: row('Virtual Address'),
          commonName: row('Common Name'),
          realAddress: row('Real Address'),
          lastRef: unixDate(row('Last Ref (time_t)')) ?? new Date(0),
        });
      }
    }
  }
  return snap;
}

function unixDate(text: string | undefined): Date | undefined {
  const n = Number(text);
  return text && Number.isFinite(n) ? new Date(n * 1000) : undefined;
}
