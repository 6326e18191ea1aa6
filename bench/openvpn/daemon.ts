/**
 * The whole daemon, as installed (dist/src/daemon.js, SQLite under a fresh data directory), serving one
 * OpenVPN server in a lab namespace (198.18.0.0/15 only):
 *  1. its memory (VmRSS) idle, with 1,000 users created over the API, and with 50 sessions;
 *  2. the access-policy lag: from the moment a client can send to the LAN (its pushed route exists) to its
 *     first packet the gateway lets through (the policy set learns a dynamic address when the daemon sees
 *     ESTABLISHED on the management interface), over 10 sequential connects;
 *  3. 50 clients (each its own downloaded profile) connecting at once: time until all are established, and
 *     until the daemon lists all 50 sessions.
 * bench/openvpn/run.ts measures connect times against a plain script; this one measures what the issue
 * asks of the daemon itself. Usage: npm run build && node --import tsx bench/openvpn/daemon.ts
 * (root; writes bench/openvpn/DAEMON.md)
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Lab } from '../../test/lab/index.js';
import type { Host } from '../../test/lab/index.js';
import { DaemonProcess, freePort } from '../../test/support/daemon-process.js';
import { waitFor } from '../../test/strongswan/harness.js';
import { policySetName } from '../../src/net/nft/index.js';

const USERS = 1000;
const CLIENTS = 50;
const WAN_SRV = '198.18.0.1';
const WAN_CLI = '198.18.0.2';
const LAN = '198.19.1.0/24';
const password = (i: number) => `bench-password-${i}`;
const user = (i: number) => `user${String(i).padStart(4, '0')}`;

function memory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
  return { rssMiB: Number(kb('VmRSS').toFixed(1)), peakMiB: Number(kb('VmHWM').toFixed(1)) };
}

/**
 * A UDP sender in the client's namespace (every ms, 10 s at most) and a receiver on the LAN host: the
 * lag is from the first datagram the client could send (its route to the LAN exists) to the first one
 * the LAN host got. Both stamp with CLOCK_MONOTONIC (process.hrtime), which namespaces share.
 */
async function startLagProbe(client: Host, lan: Host): Promise<{ lagMs(): Promise<number> }> {
  const receiver = lan.spawn(['node', '-e', `
    const s = require('dgram').createSocket('udp4');
    s.on('message', (m) => { process.stdout.write(m.toString() + '\\n'); process.exit(0); });
    s.bind(9999, () => process.stdout.write('ready\\n'));
    setTimeout(() => process.exit(1), 15000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const sender = client.spawn(['node', '-e', `
    const s = require('dgram').createSocket('udp4');
    let first;
    const t = setInterval(() => {
      const now = process.hrtime.bigint();
      s.send(String(now), 9999, ${JSON.stringify(lan.ip)}, (err) => { if (!err && first === undefined) first = now; });
    }, 1);
    process.stdout.write('ready\\n');
    const done = () => { clearInterval(t); process.stdout.write(String(first ?? '') + '\\n'); process.exit(0); };
    process.on('SIGTERM', done);
    setTimeout(done, 10000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = (c: ChildProcess): Promise<string[]> => {
    const out: string[] = [];
    let buf = '';
    c.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      out.push(...parts);
    });
    return new Promise((res) => c.once('exit', () => res(out)));
  };
  const received = lines(receiver);
  const sent = lines(sender);
  const ready = (c: ChildProcess) => new Promise<void>((res) => c.stdout!.once('data', () => res()));
  await Promise.all([ready(receiver), ready(sender)]);
  return {
    async lagMs() {
      const got = (await received).find((l) => /^\d+$/.test(l));
      sender.kill('SIGTERM');
      const first = (await sent).find((l) => /^\d+$/.test(l));
      if (!got || !first) throw new Error('lag probe: no datagram reached the LAN host');
      return Number((BigInt(got) - BigInt(first)) / 1000n) / 1000;
    },
  };
}

const lab = await Lab.create();
const dir = mkdtempSync(join(tmpdir(), 'corridor-bench-daemon-'));
const daemon = new DaemonProcess(join(dir, 'var'), await freePort(), { built: true });
// the API's per-client limit (600 requests a minute) would pace the 1,000 user creations: raised for the bench
mkdirSync(join(dir, 'var'), { recursive: true, mode: 0o700 });
writeFileSync(join(dir, 'var', 'corridor.json'), JSON.stringify({ rateLimit: 100_000 }), { mode: 0o600 });
const clients: ChildProcess[] = [];
try {
  const [srv, cli] = await lab.hosts('srv', 'cli');
  await lab.link(srv!, cli!, { addrA: `${WAN_SRV}/24`, addrB: `${WAN_CLI}/24` });
  const lanHost = await lab.lan(srv!, LAN);
  const c = await daemon.start();
  const pid = daemon.child!.pid!;
  const ok = async (p: Promise<{ status: number; text: string }>, status = 201) => {
    const r = await p;
    if (r.status !== status) throw new Error(`HTTP ${r.status}: ${r.text}`);
    return r;
  };
  await new Promise((r) => setTimeout(r, 2000));
  const started = memory(pid);

  await ok(c.req('POST', '/api/gateways', { name: 'office', namespace: srv!.ns, lanSubnets: [LAN], wanLinks: [{ name: 'wan', interface: 'veth0', address: WAN_SRV }] }));
  await ok(c.req('POST', '/api/groups', { name: 'staff' }));
  await ok(c.req('POST', '/api/policies', { name: 'staff-lan', group: 'staff', destinations: [LAN] }));
  await ok(c.req('POST', '/api/servers', { name: 'staff', gateway: 'office', pool: '198.19.96.0/22', port: 1194, listen: WAN_SRV, publicAddress: WAN_SRV, routes: [LAN] }));
  const t0 = performance.now();
  for (let i = 1; i <= USERS; i++) await ok(c.req('POST', '/api/users', { username: user(i), password: password(i), groups: ['staff'] }));
  const createUsersS = (performance.now() - t0) / 1000;
  for (let i = 1; i <= CLIENTS; i++) {
    const profile = await ok(c.req('POST', `/api/users/${user(i)}/profile`, { server: 'staff' }), 200);
    writeFileSync(join(dir, `${user(i)}.ovpn`), profile.text, { mode: 0o600 });
    writeFileSync(join(dir, `${user(i)}.auth`), `${user(i)}\n${password(i)}\n`, { mode: 0o600 });
  }
  await waitFor('openvpn-staff running', async () => {
    const e = (await c.req('GET', '/api/status')).json.engines as Array<{ id: string; state: string }>;
    return e.some((x) => x.id === 'openvpn-staff' && x.state === 'running') ? true : undefined;
  }, 30_000, 200);
  await new Promise((r) => setTimeout(r, 2000));
  const idle = memory(pid);

  // one more user with a static address (the lower half of the pool): admitted with its address known
  const STATIC_USER = 'static01';
  await ok(c.req('POST', '/api/users', { username: STATIC_USER, password: password(0), groups: ['staff'], staticIp: '198.19.96.20' }));
  writeFileSync(join(dir, `${STATIC_USER}.ovpn`), (await ok(c.req('POST', `/api/users/${STATIC_USER}/profile`, { server: 'staff' }), 200)).text, { mode: 0o600 });
  writeFileSync(join(dir, `${STATIC_USER}.auth`), `${STATIC_USER}\n${password(0)}\n`, { mode: 0o600 });

  const read = (f: string) => { try { return readFileSync(f, 'utf8'); } catch { return ''; } };
  const LAG_ROUNDS = 10;
  const lagMs: number[] = [];
  const staticLagMs: number[] = [];
  const connectMs: number[] = [];
  const policySet = ['nft', '-j', 'list', 'set', 'inet', 'corridor', policySetName('staff-lan')];
  for (let k = 0; k < LAG_ROUNDS + LAG_ROUNDS / 2; k++) {
    const who = k < LAG_ROUNDS ? user(1) : STATIC_USER;
    // the last round's address has left the set: a stale member would pass the first packet
    await waitFor('policy set empty', async () => (/"elem"/.test((await srv!.exec(policySet, { check: true })).stdout) ? undefined : true), 20_000, 20);
    const probe = await startLagProbe(cli!, lanHost);
    const log = join(dir, `lag${k}.log`);
    const t = performance.now();
    const p = cli!.spawn(['openvpn', '--config', join(dir, `${who}.ovpn`), '--auth-user-pass', join(dir, `${who}.auth`), '--dev', 'tunlag', '--log', log, '--connect-retry-max', '1'], { stdio: 'ignore' });
    await waitFor('tunnel up', () => (read(log).includes('Initialization Sequence Completed') ? true : undefined), 30_000, 2);
    if (who === STATIC_USER) staticLagMs.push(await probe.lagMs());
    else {
      connectMs.push(performance.now() - t);
      lagMs.push(await probe.lagMs());
    }
    p.kill('SIGTERM');
    await new Promise((res) => p.once('exit', res));
    await waitFor('session gone', async () => ((await c.req('GET', '/api/sessions')).json?.items?.length === 0 ? true : undefined), 20_000, 50);
  }

  const logs: string[] = [];
  const burstStart = performance.now();
  for (let i = 1; i <= CLIENTS; i++) {
    const log = join(dir, `${user(i)}.log`);
    logs.push(log);
    clients.push(cli!.spawn(['openvpn', '--config', join(dir, `${user(i)}.ovpn`), '--auth-user-pass', join(dir, `${user(i)}.auth`), '--dev', `tunb${i}`, '--route-noexec', '--log', log, '--connect-retry-max', '1'], { stdio: 'ignore' }));
  }
  // every client either comes up or is refused (AUTH_FAILED, or it gave up and exited)
  const settled = (i: number) => /Initialization Sequence Completed|AUTH_FAILED/.test(read(logs[i]!)) || clients[i]!.exitCode !== null;
  await waitFor(`${CLIENTS} clients settled`, () => (logs.every((_, i) => settled(i)) ? true : undefined), 180_000, 20);
  const allEstablishedMs = performance.now() - burstStart;
  const failed = logs.filter((l) => !read(l).includes('Initialization Sequence Completed')).length;
  await waitFor(`daemon lists ${CLIENTS - failed} sessions`, async () => ((await c.req('GET', '/api/sessions')).json?.items?.length === CLIENTS - failed ? true : undefined), 60_000, 50);
  const allListedMs = performance.now() - burstStart;
  await new Promise((r) => setTimeout(r, 2000));
  const busy = memory(pid);

  const figures = { lagMs, staticLagMs, connectMs: connectMs.map(Math.round), started, idle, busy, createUsersS: Number(createUsersS.toFixed(1)), allEstablishedMs: Math.round(allEstablishedMs), allListedMs: Math.round(allListedMs), authFailed: failed };
  console.log(JSON.stringify(figures, null, 2));

  const machine = `${cpus().length} vCPU ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, kernel ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, Node ${process.version}, ${execFileSync('openvpn', ['--version'], { encoding: 'utf8' }).split('\n')[0]?.split(' ').slice(0, 2).join(' ')}`;
  writeFileSync(new URL('./DAEMON.md', import.meta.url), `# The daemon serving OpenVPN: memory and 50 clients at once

Command: \`npm run build && node --import tsx bench/openvpn/daemon.ts\` (as root; lab namespaces, 198.18.0.0/15 only)
Date: ${new Date().toISOString()}
Machine: ${machine}

Setup: the installed daemon (\`node dist/src/daemon.js\`, SQLite in a fresh data directory), one gateway in a lab
namespace, one UDP OpenVPN server (pool /22, one access policy), ${USERS} users created over the API (argon2id
hashes; the API's rate limit raised in corridor.json for that), ${CLIENTS} of them with a downloaded profile.
The ${CLIENTS} clients are real \`openvpn\` processes in a client namespace, started together; memory is the
daemon process's VmRSS (VmHWM: its peak so far), read 2 s after each step settled. The daemon's own figures only: OpenVPN's memory is not counted.

| figure | value |
|---|---|
| daemon VmRSS after start, empty store | ${started.rssMiB} MiB |
| daemon VmRSS, ${USERS} users, server running, 0 sessions (after ${USERS} argon2id hashes of 19 MiB each: includes memory the allocator kept) | ${idle.rssMiB} MiB |
| daemon VmRSS, ${USERS} users, ${CLIENTS} sessions | ${busy.rssMiB} MiB (peak so far ${busy.peakMiB} MiB) |
| ${CLIENTS} clients at once: until every client is up (or refused) | ${figures.allEstablishedMs} ms |
| ${CLIENTS} clients at once: until \`GET /api/sessions\` lists all ${CLIENTS} | ${figures.allListedMs} ms |
| clients refused | ${failed} |
| access-policy lag: the client's route to the LAN exists → its first packet let through, ${LAG_ROUNDS} connects | ${lagMs.join(', ')} ms |
| the same for a user with a static address (in the sets from admission), ${LAG_ROUNDS / 2} connects | ${staticLagMs.join(', ')} ms |
| the same connects: client start → tunnel up | ${figures.connectMs.join(', ')} ms |
| creating ${USERS} users over the API, one at a time | ${figures.createUsersS} s |

The access-policy lag: a dynamic address enters the policy sets when the daemon sees \`>CLIENT:ESTABLISHED\`, which
OpenVPN sends as it pushes the client its config; the daemon then writes every policy set in one nft
transaction, through an \`nft --interactive\` it keeps running (src/net/nft/shell.ts; starting nft for each
write made this 17–35 ms: stored, from this bench's run of 2026-12-07T15:28:56Z, commit 5b04f12). A static address is known when the client is admitted, and enters the sets then. A packet the client sends before that is dropped (deny by default), so an application's very
first packet may need its retransmission. Measured with a UDP sender in the client's namespace, started
before the client, sending a datagram to the LAN host every millisecond with its send time
(CLOCK_MONOTONIC, one clock for all namespaces): sends fail until OpenVPN installs the pushed LAN route; the
lag is from the first send that left to the first one the LAN host received. Each round starts once the
previous session's address has left the set. 0 means the first packet went through.

Each of the ${CLIENTS} first connects verifies an argon2id hash while OpenVPN waits (it runs one hook at a time),
so the burst time grows with that cost; bench/openvpn/RESULTS.md compares it with a plain script.
`);
} finally {
  for (const p of clients) p.kill('SIGTERM');
  await daemon.kill('SIGTERM');
  await lab.close();
  rmSync(dir, { recursive: true, force: true });
}
