/**
 * Tunnel throughput: Corridor's path against the same engine configured by hand by an expert, in one lab
 * and one invocation (network namespaces, 198.18.0.0/15 only; nothing leaves them).
 *   npm run build && node --import tsx bench/throughput/run.ts [--rounds 3] [--seconds 8] [--label text] [--daemon-stopped] [--no-write]
 *   (KEEP=1 leaves the scratch directory with every engine log and config for reading afterwards)
 * Rows: OpenVPN UDP, OpenVPN TCP, strongSwan site-to-site; iperf3 TCP, 1 stream and 4 streams (-P 4),
 * a host behind the client (the client machine itself for OpenVPN, a branch LAN host for site-to-site) to a
 * host behind the gateway. Rounds alternate which path goes first. CPU per engine process from
 * /proc/<pid>/stat (utime + stime) around each iperf3 run; TCP retransmits from iperf3's JSON.
 *
 * Corridor's path: the installed daemon (dist/src/daemon.js) configured over its API — gateway, two OpenVPN
 * servers, an access policy, a user and his downloaded profiles, a site connection — so its nftables table,
 * charon and OpenVPN run exactly as in production. The reference: the same engines with hand-written,
 * tuned configs on a second gateway namespace of the same shape (see RESULTS.md for why not the same one).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../../test/lab/index.js';
import type { Host } from '../../test/lab/index.js';
import { DaemonProcess, freePort } from '../../test/support/daemon-process.js';
import { waitFor } from '../../test/strongswan/harness.js';
import { IndependentPeer, peerConnBlock, peerSecretBlock } from '../../test/strongswan/peer.js';
import { run } from '../../test/lab/proc.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROUNDS = Math.max(1, Math.min(7, arg('--rounds', 3)));
const SECONDS = Math.max(3, Math.min(15, arg('--seconds', 8)));
const LABEL = args.includes('--label') ? (args[args.indexOf('--label') + 1] ?? '') : '';
const PSK = 'bench-throughput-psk-0123456789';
const PASSWORD = 'bench-throughput-password';
const BUF = 524288;

// addresses: gw = Corridor's gateway, ref = the expert's; br = branch gateway (site-to-site), cli = OpenVPN client
const NET = {
  gwBr: ['198.18.0.1', '198.18.0.2'],
  refBr: ['198.18.1.1', '198.18.1.2'],
  gwCli: ['198.18.2.1', '198.18.2.2'],
  refCli: ['198.18.3.1', '198.18.3.2'],
  gwLan: '198.19.1.0/24',
  brLan: '198.19.2.0/24',
  refLan: '198.19.3.0/24',
} as const;
const lanHost = (cidr: string): string => cidr.replace(/0\/24$/, '10');

const ticks = (pid: number): number => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15 of stat)
};
const HZ = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface Sample {
  mbps: number;
  retransmits: number;
  /** CPU % of one core per engine process during the run: [gateway side, client/branch side] */
  cpu: [number, number];
  /** CPU % of Corridor's daemon (node) over the same run; 0 for the reference or once it is stopped */
  daemonCpu: number;
}

/** One iperf3 run from `from` to `to`, with the engine processes' CPU over the same interval. */
async function iperf(from: Host, to: string, streams: number, pids: [number, number], daemonPid: number): Promise<Sample> {
  const alive = (p: number) => p > 0 && existsSync(`/proc/${p}`);
  const daemonBefore = alive(daemonPid) ? ticks(daemonPid) : 0;
  const before = pids.map(ticks);
  const t0 = process.hrtime.bigint();
  const r = await run(['ip', 'netns', 'exec', from.ns, 'iperf3', '-c', to, '-t', String(SECONDS), '-P', String(streams), '-J'], { timeoutMs: (SECONDS + 20) * 1000 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = pids.map((p, i) => ((ticks(p) - (before[i] ?? 0)) / HZ / secs) * 100) as [number, number];
  const daemonCpu = alive(daemonPid) && daemonBefore ? ((ticks(daemonPid) - daemonBefore) / HZ / secs) * 100 : 0;
  const j = JSON.parse(r.stdout) as { end?: { sum_sent?: { retransmits?: number }; sum_received?: { bits_per_second?: number } }; error?: string };
  if (!j.end?.sum_received?.bits_per_second) throw new Error(`iperf3 to ${to}: ${j.error ?? r.stderr}`);
  return { mbps: j.end.sum_received.bits_per_second / 1e6, retransmits: j.end.sum_sent?.retransmits ?? 0, cpu, daemonCpu };
}

/** An EC PKI for the expert's OpenVPN (engines-lab §3.2: plain openssl). */
function expertPki(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  execFileSync('sh', ['-ec', `cd ${dir}
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -x509 -new -key ca.key -sha256 -days 30 -subj "/CN=Ref CA" -out ca.crt -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
for n in server:serverAuth client:clientAuth; do c=\${n%%:*}; e=\${n##*:}
  openssl ecparam -name prime256v1 -genkey -noout -out $c.key
  openssl req -new -key $c.key -subj "/CN=$c" -out $c.csr
  printf "basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature\\nextendedKeyUsage=$e\\n" > $c.ext
  openssl x509 -req -in $c.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 -sha256 -extfile $c.ext -out $c.crt 2>/dev/null
done
openvpn --genkey tls-crypt tc.key`], { stdio: 'ignore' });
}

/** The expert's server and client: same cipher as Corridor's negotiated one, tuned for throughput. */
function expertOpenVpn(dir: string, proto: 'udp' | 'tcp', dev: string, pool: string, port: number): { server: string; client: string } {
  const tuned = [`sndbuf ${BUF}`, `rcvbuf ${BUF}`, 'txqueuelen 1000', ...(proto === 'udp' ? ['fast-io'] : [])];
  const pki = [`ca ${dir}/ca.crt`, `tls-crypt ${dir}/tc.key`, 'data-ciphers AES-256-GCM', 'verb 3'];
  const server = [
    `dev ${dev}s`, 'dev-type tun', `proto ${proto === 'udp' ? 'udp' : 'tcp-server'}`, `local ${NET.refCli[0]}`, `port ${port}`, 'topology subnet',
    `server ${pool} 255.255.255.0`, `push "route ${NET.refLan.split('/')[0]} 255.255.255.0"`, `push "sndbuf ${BUF}"`, `push "rcvbuf ${BUF}"`,
    `cert ${dir}/server.crt`, `key ${dir}/server.key`, 'dh none', 'keepalive 10 60', 'persist-key', 'persist-tun', 'disable-dco', ...tuned, ...pki,
  ];
  const client = [
    'client', `dev ${dev}c`, 'dev-type tun', `proto ${proto === 'udp' ? 'udp' : 'tcp-client'}`, `remote ${NET.refCli[0]} ${port}`, 'nobind',
    `cert ${dir}/client.crt`, `key ${dir}/client.key`, 'remote-cert-tls server', 'verify-x509-name server name', ...tuned, ...pki,
  ];
  return { server: `${server.join('\n')}\n`, client: `${client.join('\n')}\n` };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

interface Path {
  from: Host;
  to: string;
  pids: [number, number];
}
interface Row {
  name: string;
  corridor: Path;
  reference: Path;
  /** before and after the row's rounds */
  up?: () => Promise<void>;
  down?: () => Promise<void>;
}

const lab = await Lab.create();
const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-tput-'));
const daemon = new DaemonProcess(join(dir, 'var'), await freePort(), { built: true });
lab.onClose(() => daemon.kill('SIGTERM'));
const loads: number[][] = [loadavg()];
try {
  const [gw, ref, br, cli] = await lab.hosts('gw', 'ref', 'br', 'cli');
  if (!gw || !ref || !br || !cli) throw new Error('lab hosts missing');
  const gwWanBr = await lab.link(gw, br, { addrA: `${NET.gwBr[0]}/24`, addrB: `${NET.gwBr[1]}/24` });
  await lab.link(ref, br, { addrA: `${NET.refBr[0]}/24`, addrB: `${NET.refBr[1]}/24` });
  const gwWanCli = await lab.link(gw, cli, { addrA: `${NET.gwCli[0]}/24`, addrB: `${NET.gwCli[1]}/24` });
  await lab.link(ref, cli, { addrA: `${NET.refCli[0]}/24`, addrB: `${NET.refCli[1]}/24` });
  const gwLan = await lab.lan(gw, NET.gwLan);
  const refLan = await lab.lan(ref, NET.refLan);
  const brLan = await lab.lan(br, NET.brLan);
  for (const h of [gwLan, refLan]) h.spawn(['iperf3', '-s'], { stdio: 'ignore' });

  // the branch: one hand-written charon with a connection to each gateway (Corridor's initiates to it)
  const peerSide = (localAddr: string, remoteAddr: string, localId: string, remoteId: string, remoteTs: string) => ({ localAddr, remoteAddr, localId, remoteId, localTs: NET.brLan, remoteTs });
  const toGw = peerSide(NET.gwBr[1], NET.gwBr[0], 'branch.lab', 'hq.lab', NET.gwLan);
  const toRef = peerSide(NET.refBr[1], NET.refBr[0], 'branch2.lab', 'ref.lab', NET.refLan);
  const branch = new IndependentPeer(br, {
    ...toGw, dir: join(dir, 'branch'), psk: PSK,
    swanctlConf: `connections {\n${peerConnBlock('gw', 'lan', toGw)}\n${peerConnBlock('ref', 'reflan', toRef)}\n}\nsecrets {\n${peerSecretBlock('ike-gw', 'hq.lab', PSK)}\n${peerSecretBlock('ike-ref', 'ref.lab', PSK)}\n}\n`,
  });
  await branch.start();
  // the expert's gateway: the same hand-written charon, same proposals (aes256-sha256-modp2048, aes256gcm16-modp2048)
  const refGw = new IndependentPeer(ref, { localAddr: NET.refBr[0], remoteAddr: NET.refBr[1], localId: 'ref.lab', remoteId: 'branch2.lab', localTs: NET.refLan, remoteTs: NET.brLan, dir: join(dir, 'refgw'), psk: PSK });
  await refGw.start();
  await refGw.swanctl(['--initiate', '--ike', 's2s', '--child', 'lan', '--timeout', '20']);

  // Corridor: the daemon, configured over its API
  const c = await daemon.start();
  const ok = async (method: string, path: string, body?: unknown, status = 201) => {
    const r = await c.req(method, path, body);
    if (r.status !== status) throw new Error(`${method} ${path}: HTTP ${r.status}: ${r.text}`);
    return r;
  };
  await ok('POST', '/api/gateways', { name: 'hq', namespace: gw.ns, lanSubnets: [NET.gwLan], wanLinks: [{ name: 'wan', interface: gwWanBr.ifA, address: NET.gwBr[0] }, { name: 'wan2', interface: gwWanCli.ifA, address: NET.gwCli[0] }] });
  await ok('POST', '/api/groups', { name: 'staff' });
  await ok('POST', '/api/policies', { name: 'staff-lan', group: 'staff', destinations: [NET.gwLan] });
  await ok('POST', '/api/users', { username: 'alice', password: PASSWORD, groups: ['staff'] });
  await ok('POST', '/api/servers', { name: 'udp', gateway: 'hq', pool: '198.19.96.0/22', proto: 'udp', port: 1194, listen: NET.gwCli[0], publicAddress: NET.gwCli[0], routes: [NET.gwLan] });
  await ok('POST', '/api/servers', { name: 'tcp', gateway: 'hq', pool: '198.19.100.0/22', proto: 'tcp', port: 443, listen: NET.gwCli[0], publicAddress: NET.gwCli[0], routes: [NET.gwLan] });
  await ok('POST', '/api/peers', { name: 'branch', vendor: 'strongswan', addresses: [NET.gwBr[1]], identity: 'branch.lab' });
  await ok('POST', '/api/sites', {
    name: 'hq-branch', gateway: 'hq', peer: 'branch', psk: PSK, localId: 'hq.lab', remoteId: 'branch.lab',
    localSubnets: [NET.gwLan], remoteSubnets: [NET.brLan], ike: { proposals: ['aes256-sha256-modp2048'] }, esp: { proposals: ['aes256gcm16-modp2048'] },
  });
  writeFileSync(join(dir, 'alice.auth'), `alice\n${PASSWORD}\n`, { mode: 0o600 });
  for (const s of ['udp', 'tcp']) writeFileSync(join(dir, `${s}.ovpn`), (await ok('GET', `/api/users/alice/profile?server=${s}`, undefined, 200)).text, { mode: 0o600 });
  const engines = async () => (await c.req('GET', '/api/status')).json.engines as Array<{ id: string; state: string; pid: number }>;
  const enginePid = (id: string) => waitFor(`${id} running`, async () => (await engines()).find((e) => e.id === id && e.state === 'running')?.pid, 30_000, 200);
  await waitFor('site up', async () => ((await c.req('GET', '/api/sites/hq-branch/status')).json?.health === 'up' ? true : undefined), 30_000, 200);

  // OpenVPN clients in the client namespace: Corridor's profile as downloaded, the expert's own config
  const read = (f: string) => { try { return readFileSync(f, 'utf8'); } catch { return ''; } };
  const startClient = async (name: string, argv: string[]): Promise<{ child: ChildProcess; log: string }> => {
    const log = join(dir, `${name}.log`);
    const child = cli.spawn(['openvpn', ...argv, '--log', log], { stdio: 'ignore' });
    await waitFor(`${name} up`, () => (read(log).includes('Initialization Sequence Completed') ? true : undefined), 30_000, 50);
    return { child, log };
  };
  const refPki = join(dir, 'refpki');
  expertPki(refPki);
  const refPids: Record<string, number> = {};
  for (const [proto, pool, port] of [['udp', '198.19.99.0', 1194], ['tcp', '198.19.98.0', 443]] as const) {
    const conf = expertOpenVpn(refPki, proto, lab.ifname(`r${proto}`), pool, port);
    writeFileSync(join(dir, `ref-${proto}-server.conf`), conf.server, { mode: 0o600 });
    writeFileSync(join(dir, `ref-${proto}-client.conf`), conf.client, { mode: 0o600 });
    const srv = ref.spawn(['openvpn', '--config', join(dir, `ref-${proto}-server.conf`), '--log', join(dir, `ref-${proto}-server.log`)], { stdio: 'ignore' });
    refPids[proto] = srv.pid ?? 0;
    await waitFor(`ref ${proto} server`, () => (read(join(dir, `ref-${proto}-server.log`)).includes('Initialization Sequence Completed') ? true : undefined), 30_000, 50);
  }
  // `ip netns exec` execs the program: the spawned child's PID is OpenVPN's / charon's own
  const stop = async (x: { child: ChildProcess }) => {
    x.child.kill('SIGTERM');
    if (x.child.exitCode === null) await new Promise((res) => x.child.once('exit', res));
  };
  // the one charon in a namespace (Corridor's is listed by the daemon)
  const charonPid = async (h: Host): Promise<number> => {
    const pids = (await h.exec(['ip', 'netns', 'pids', h.ns], { check: true })).stdout.split('\n').map(Number).filter((p) => p > 0);
    const found = pids.filter((p) => read(`/proc/${p}/comm`).trim() === 'charon-systemd');
    if (found.length !== 1) throw new Error(`${h.ns}: ${found.length} charon processes`);
    return found[0] ?? 0;
  };
  const branchCharon = await charonPid(br);
  const refCharon = await charonPid(ref);
  const ciphers: string[] = [];
  const rows: Row[] = [];
  for (const proto of ['udp', 'tcp'] as const) {
    // one protocol's clients at a time: both Corridor servers push the same LAN route
    let clients: Array<{ child: ChildProcess; log: string }> = [];
    const row: Row = {
      name: `OpenVPN ${proto.toUpperCase()}`,
      corridor: { from: cli, to: lanHost(NET.gwLan), pids: [0, 0] },
      reference: { from: cli, to: lanHost(NET.refLan), pids: [0, 0] },
      up: async () => {
        const mine = await startClient(`corridor-${proto}`, ['--config', join(dir, `${proto}.ovpn`), '--auth-user-pass', join(dir, 'alice.auth'), '--dev', lab.ifname(`c${proto}`), '--dev-type', 'tun']);
        const theirs = await startClient(`ref-${proto}`, ['--config', join(dir, `ref-${proto}-client.conf`)]);
        clients = [mine, theirs];
        row.corridor.pids = [await enginePid(`openvpn-${proto}`), mine.child.pid ?? 0];
        row.reference.pids = [refPids[proto] ?? 0, theirs.child.pid ?? 0];
        ciphers.push(...clients.map((x) => `${x.log.split('/').pop()?.replace('.log', '')}: ${/Data Channel: cipher '([^']+)'/.exec(read(x.log))?.[1] ?? '?'}`));
      },
      down: async () => {
        for (const x of clients) await stop(x);
      },
    };
    rows.push(row);
  }
  rows.push({
    name: 'strongSwan site-to-site (kernel-libipsec)',
    corridor: { from: brLan, to: lanHost(NET.gwLan), pids: [await enginePid('charon-hq'), branchCharon] },
    reference: { from: brLan, to: lanHost(NET.refLan), pids: [refCharon, branchCharon] },
  });

  // --daemon-stopped: the daemon is killed once everything is up (its engines keep running, as after a
  // crash): tells what the control plane itself costs the data path
  const daemonPid = daemon.child?.pid ?? 0;
  // (site-to-site only: an OpenVPN client cannot connect while the daemon is away, its hook waits)
  if (args.includes('--daemon-stopped')) {
    rows.splice(0, rows.length - 1);
    await daemon.kill('SIGKILL');
  }
  const results = new Map<string, { corridor: Sample[]; reference: Sample[] }>();
  for (const row of rows) {
    await row.up?.();
    for (let r = 0; r < ROUNDS; r++) {
      for (const streams of [1, 4]) {
        const key = `${row.name}, ${streams === 1 ? '1 stream' : '4 streams'}`;
        const slot = results.get(key) ?? { corridor: [], reference: [] };
        results.set(key, slot);
        const order = r % 2 === 0 ? (['corridor', 'reference'] as const) : (['reference', 'corridor'] as const);
        for (const side of order) {
          const p = row[side];
          const s = await iperf(p.from, p.to, streams, p.pids, side === 'corridor' ? daemonPid : 0);
          slot[side].push(s);
          console.log(`round ${r + 1} ${key} ${side}: ${s.mbps.toFixed(0)} Mbit/s, ${s.retransmits} retransmits, CPU ${s.cpu.map((x) => x.toFixed(0)).join('/')} %`);
        }
      }
      loads.push(loadavg());
    }
    await row.down?.();
  }

  const fmtSide = (xs: Sample[]) => {
    const mbps = median(xs.map((x) => x.mbps));
    const cpuSum = median(xs.map((x) => x.cpu[0] + x.cpu[1]));
    return { mbps, cpuSum, daemon: median(xs.map((x) => x.daemonCpu)), retrans: median(xs.map((x) => x.retransmits)), all: xs.map((x) => x.mbps.toFixed(0)).join(', '), cpu: `${median(xs.map((x) => x.cpu[0])).toFixed(0)} / ${median(xs.map((x) => x.cpu[1])).toFixed(0)}`, perGbit: (cpuSum / mbps) * 1000 };
  };
  const table = [...results].map(([key, v]) => {
    const a = fmtSide(v.corridor);
    const b = fmtSide(v.reference);
    return `| ${key} | ${a.mbps.toFixed(0)} (${a.all}) | ${b.mbps.toFixed(0)} (${b.all}) | **${(a.mbps / b.mbps).toFixed(2)}** | ${a.retrans} / ${b.retrans} | ${a.cpu} / ${b.cpu} | ${a.perGbit.toFixed(0)} / ${b.perGbit.toFixed(0)} | ${a.daemon.toFixed(1)} |`;
  });
  const machine = `${cpus().length} vCPU ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, kernel ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, Node ${process.version}, ${execFileSync('openvpn', ['--version'], { encoding: 'utf8' }).split('\n')[0]?.split(' ').slice(0, 2).join(' ')}, strongSwan ${execFileSync('dpkg-query', ['-W', '-f=${Version}', 'charon-systemd'], { encoding: 'utf8' })}`;
  const gwTable = (await gw.exec(['nft', 'list', 'ruleset'], { check: true })).stdout;
  const report = `## Run ${new Date().toISOString()}${LABEL ? ` — ${LABEL}` : ''}

Command: \`node --import tsx bench/throughput/run.ts --rounds ${ROUNDS} --seconds ${SECONDS}${LABEL ? ` --label '${LABEL}'` : ''}\` (after \`npm run build\`)
Machine: ${machine}
Load average (1/5/15 min) at the start and after each round: ${loads.map((l) => l.map((x) => x.toFixed(1)).join('/')).join(' → ')}
Negotiated data ciphers: ${ciphers.join(', ')}

| row | Corridor Mbit/s, median (rounds) | expert Mbit/s, median (rounds) | ratio | TCP retransmits, median (Corridor / expert) | CPU % gateway / client side, median (Corridor / expert) | CPU % per Gbit/s (both engine processes added; Corridor / expert) | Corridor daemon CPU % |
|---|---|---|---|---|---|---|---|
${table.join('\n')}

Corridor's gateway ruleset during the run (\`nft list ruleset\` in its namespace):

\`\`\`
${gwTable.trim()}
\`\`\`
`;
  console.log(report);
  if (!args.includes('--no-write')) {
    const file = new URL('./RUNS.md', import.meta.url);
    writeFileSync(file, `${read(file.pathname) || '# bench/throughput: every run, newest last (RESULTS.md explains them)\n'}\n${report}`);
  }
} finally {
  await lab.close();
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
}
