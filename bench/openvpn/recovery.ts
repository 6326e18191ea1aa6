/**
 * OpenVPN recovery bench: how long a real client's tunnel is dead after the server process is killed and
 * the engine supervisor restarts it. One lab (network namespaces, 198.18.0.0/15 only), the server rendered
 * by the adapter and run by the supervisor, the controller in this process, a stock `openvpn` client.
 *
 * Per round: the client's tunnel passes traffic; the engine has run for the supervisor's stability window
 * (60 s: crashes closer together are a crash loop and meet its doubling back-off, which `--loop` measures
 * instead); after a random 0–2 s more (the phase of the keepalive pings matters) the server gets the signal; a `ping -D -i 0.1` to the server's tunnel address runs in the client
 * namespace throughout, and the figure is the first reply after the signal. Then the idle cost: bytes and
 * packets on the client's WAN link over 20 s of an idle tunnel (keepalive pings both ways).
 *
 * Usage (root): node --import tsx bench/openvpn/recovery.ts [--proto udp|tcp] [--signal KILL|TERM]
 *   [--rounds N] [--loop] [--keepalive PING,RESTART]   (the last appends `--keepalive` to the server's command line,
 *   after --config, to measure other values against the rendered ones). Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LockoutPolicy } from '../../src/core/lockout.js';
import { createOpenVpnAdapter } from '../../src/engines/openvpn/index.js';
import { OvpnLab, pollUntil } from '../../test/openvpn/harness.js';

const POLICY: LockoutPolicy = { maxFailures: 5, windowSeconds: 300, lockSeconds: 300 };
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const proto = arg('proto', 'udp');
const signal = arg('signal', 'KILL');
const rounds = Number(arg('rounds', '5'));
const keepalive = arg('keepalive', '');
const loop = process.argv.includes('--loop');
// the supervisor resets its restart back-off after an engine has run this long (supervisor.ts stableMs)
const STABLE_MS = 61_000;
if (proto !== 'udp' && proto !== 'tcp') throw new Error('--proto udp|tcp');
if (signal !== 'KILL' && signal !== 'TERM') throw new Error('--signal KILL|TERM');
if (!(Number.isInteger(rounds) && rounds >= 1 && rounds <= 20)) throw new Error('--rounds 1..20');
if (keepalive && !/^\d{1,3},\d{1,3}$/.test(keepalive)) throw new Error('--keepalive PING,RESTART');
const SERVER_TUNNEL = '198.19.99.1';
// bounds: OpenVPN's usual 60 s ping-restart plus reconnect, with room
const ROUND_LIMIT_MS = 120_000;

const o = await OvpnLab.create({ lockoutPolicy: POLICY, server: { proto } });
const adapter = createOpenVpnAdapter(o.store.deps(POLICY));
try {
  await o.store.addUser('alice', 'alice-password-1');
  await o.pki.issueUser('alice');
  const { specs } = await adapter.reconcile([o.server], o.ctx);
  const spec = specs[0];
  if (!spec) throw new Error('no engine spec');
  const [ping, restart] = keepalive.split(',');
  await o.startServer(keepalive ? { ...spec, argv: [...spec.argv, '--keepalive', ping ?? '', restart ?? ''] } : spec);
  await adapter.controller(o.server.name)?.management.waitAttached(10_000);

  const client = o.client(o.c1, 'alice', 'alice-password-1');
  const completed = (): number => (client.log().match(/Initialization Sequence Completed/g) ?? []).length;
  await pollUntil('connected', () => (completed() >= 1 ? true : undefined), 20_000, 20);
  const pushed = /PUSH_REPLY,[^']*?(ping \d+,ping-restart \d+)/.exec(client.log())?.[1] ?? '?';

  const idle = await idleCost();
  const recoveries: number[] = [];
  let startedAt = Date.now();
  for (let r = 0; r < rounds; r++) {
    await pollUntil('tunnel passes traffic', async () => ((await o.c1.ping(SERVER_TUNNEL, { count: 1, timeoutS: 1 })).received === 1 ? true : undefined), 30_000, 200);
    if (!loop && r > 0) await sleep(Math.max(0, startedAt + STABLE_MS - Date.now()));
    await sleep(Math.random() * 2000);
    startedAt = Date.now();
    recoveries.push(await measureRound());
  }
  const sorted = [...recoveries].sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({ proto, signal, loop, keepalive: keepalive || 'rendered', pushed, recoveriesMs: recoveries, minMs: sorted[0], medianMs: sorted[Math.floor(sorted.length / 2)], maxMs: sorted.at(-1), idle20s: idle })}\n`,
  );
  await client.stop();

  /** kill → first ping reply through the tunnel, from a continuous 10/s ping in the client namespace */
  async function measureRound(): Promise<number> {
    const pinger = o.c1.spawn(['ping', '-n', '-D', '-i', '0.1', '-W', '1', '-w', String(ROUND_LIMIT_MS / 1000), SERVER_TUNNEL]);
    try {
      await sleep(300);
      const pid = o.serverPid;
      if (!pid) throw new Error('no server pid');
      const t0 = Date.now();
      process.kill(pid, `SIG${signal}`);
      return await new Promise<number>((resolve, reject) => {
        let buf = '';
        const timer = setTimeout(() => reject(new Error('no reply within the round limit')), ROUND_LIMIT_MS);
        pinger.stdout?.setEncoding('utf8');
        pinger.stdout?.on('data', (chunk: string) => {
          buf += chunk;
          for (const m of buf.matchAll(/^\[(\d+\.\d+)\] \d+ bytes from/gm)) {
            const at = Number(m[1]) * 1000;
            if (at > t0) {
              clearTimeout(timer);
              resolve(Math.round(at - t0));
              return;
            }
          }
          buf = buf.slice(buf.lastIndexOf('\n') + 1);
        });
        pinger.once('exit', () => reject(new Error('ping ended without a reply after the signal')));
      });
    } finally {
      pinger.kill('SIGTERM');
    }
  }

  /** bytes and packets both ways on the client's WAN interfaces over 20 s of an idle tunnel */
  async function idleCost(): Promise<{ packets: number; bytes: number }> {
    const sample = async (): Promise<{ packets: number; bytes: number }> => {
      const links = JSON.parse(await o.c1.ipCmd(['-j', '-s', 'link', 'show'])) as Array<{
        ifname: string;
        stats64?: { rx: { bytes: number; packets: number }; tx: { bytes: number; packets: number } };
      }>;
      let packets = 0;
      let bytes = 0;
      for (const l of links) {
        if (l.ifname === 'lo' || l.ifname.startsWith('tun') || !l.stats64) continue;
        packets += l.stats64.rx.packets + l.stats64.tx.packets;
        bytes += l.stats64.rx.bytes + l.stats64.tx.bytes;
      }
      return { packets, bytes };
    };
    await sleep(2000);
    const a = await sample();
    await sleep(20_000);
    const b = await sample();
    return { packets: b.packets - a.packets, bytes: b.bytes - a.bytes };
  }
} finally {
  await adapter.close();
  await o.close();
  // the kernel and OpenVPN version, for the record
  process.stderr.write(`${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()}\n`);
}
