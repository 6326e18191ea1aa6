/**
 * OpenVPN remote-access bench, one run, one lab (network namespaces, 198.18.0.0/15 only):
 *  1. median connect-to-first-ping over 20 connects: Corridor (corridor-openvpn-hook answered by the
 *     controller) against the same OpenVPN with a plain `auth-user-pass-verify` via-file shell script;
 *  2. 50 clients connecting at once, time until all are established (both setups);
 *  3. the controller's memory (VmRSS) with 1,000 users and 50 sessions;
 *  4. a client arriving while no controller listens: controller attach → tunnel up;
 *  5. the cost of asking alone: one hook run against a socket that answers at once, one plain-script run.
 * Usage: node --import tsx bench/openvpn/run.ts   (root; writes bench/openvpn/RESULTS.md)
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { hash, verify } from '@node-rs/argon2';
import type { LockoutPolicy } from '../../src/core/lockout.js';
import type { RaServer } from '../../src/core/model/index.js';
import { createOpenVpnAdapter, renderServerConfig } from '../../src/engines/openvpn/index.js';
import { hookBinary } from '../../src/engines/openvpn/hook/binary.js';
import { HookServer } from '../../src/engines/openvpn/hook/server.js';
import { OvpnLab, pollUntil, spawnChildController } from '../../test/openvpn/harness.js';
import type { TestClient } from '../../test/openvpn/harness.js';

const POLICY: LockoutPolicy = { maxFailures: 5, windowSeconds: 300, lockSeconds: 300 };
// --rounds N: more connects for a steadier median (the goal is stated over 20)
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 20;
const BURST = 50;
const WIRE_RUNS = 50;
const USERS = 1000;
const password = (i: number): string => `bench-password-${i}`;
const userName = (i: number): string => `user${String(i).padStart(2, '0')}`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

function vmRss(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN) / 1024;
}

const o = await OvpnLab.create({ lockoutPolicy: POLICY });
try {
  // 50 real users with certificates, 950 more in the store only; one argon2 hash per password
  // users 1..BURST connect; one more (no other part uses it) only warms both servers up
  const WARM_UP_USER = BURST + 1;
  for (let i = 1; i <= WARM_UP_USER; i++) {
    await o.pki.issueUser(userName(i));
    await o.store.addUser(userName(i), password(i));
  }
  const fillerHash = await hash('filler-password');
  // the floor of any decision that checks an argon2id hash: one verify, as the authoriser does it
  const verifyMs: number[] = [];
  for (let k = 0; k < 20; k++) {
    const t = performance.now();
    await verify(fillerHash, 'filler-password');
    verifyMs.push(performance.now() - t);
  }
  for (let i = WARM_UP_USER + 1; i <= USERS; i++) o.store.users.set(`filler${i}`, { username: `filler${i}`, disabled: false, passwordHash: fillerHash, groups: [] });

  // Corridor: the adapter renders the engine, the supervisor runs it, the controller runs in its own process
  const adapter = createOpenVpnAdapter(o.store.deps(POLICY));
  const { specs } = await adapter.reconcile([o.server], o.ctx);
  await adapter.close();
  const spec = specs[0];
  if (!spec) throw new Error('no engine spec');
  await o.startServer({ ...spec, ready: undefined });
  const controller = spawnChildController(o, POLICY);
  await pollUntil('controller attached', () => (controller.attachCount() > 0 ? true : undefined), 20_000, 50);
  const controllerPid = controller.child.pid ?? 0;
  const rssIdle = vmRss(controllerPid);

  // The reference: same renderer, same PKI, no management and no hook; a via-file script compares against a file.
  const plain: RaServer = { ...o.server, name: `plain${process.pid}`, port: 1195, pool: '198.19.98.0/24' };
  const plainDir = join(o.dir, 'plain');
  execFileSync('mkdir', ['-m', '0700', '-p', plainDir]);
  const passFile = join(plainDir, 'passwords');
  writeFileSync(passFile, Array.from({ length: WARM_UP_USER }, (_, k) => `${userName(k + 1)}:${password(k + 1)}`).join('\n') + '\n', { mode: 0o600 });
  const script = join(plainDir, 'verify.sh');
  writeFileSync(script, `#!/bin/sh\n{ read -r u; read -r p; } < "$1"\nexec grep -qxF "$u:$p" ${passFile}\n`, { mode: 0o700 });
  const pki = o.ctx.pki(o.server);
  const plainConf = renderServerConfig(plain, { runDir: plainDir, mgmtSocket: join(plainDir, 'mgmt.sock'), dev: o.lab.ifname('tunp'), ...pki })
    .split('\n')
    .filter((l) => !/^management/.test(l))
    .concat(['script-security 2', `auth-user-pass-verify ${script} via-file`, ''])
    .join('\n');
  writeFileSync(join(plainDir, 'server.conf'), plainConf, { mode: 0o600 });
  o.gw.spawn(['openvpn', '--cd', plainDir, '--config', join(plainDir, 'server.conf'), '--log', join(plainDir, 'openvpn.log')], { stdio: 'ignore' });
  await o.gw.waitForSocket('udp', 1195, 10_000);

  const connectToPing = async (server: RaServer, target: string, i: number): Promise<number> => {
    const t0 = performance.now();
    const c = o.client(o.c1, userName(i), password(i), ['--route-noexec'], server);
    try {
      // the log is polled every 2 ms (tests poll every 50 ms, too coarse for a 60 ms figure)
      await pollUntil('tunnel up', () => (c.log().includes('Initialization Sequence Completed') ? true : undefined), 30_000, 2);
      for (let k = 0; k < 50; k++) {
        const r = await o.c1.exec(['ping', '-n', '-c', '1', '-W', '1', target]);
        if (r.code === 0) return performance.now() - t0;
      }
      throw new Error(`no ping reply from ${target}`);
    } finally {
      await c.stop();
    }
  };

  // one unmeasured connect to each server with a user the rounds do not use: both OpenVPNs, the controller's
  // code paths and the machine's caches are warm before the first measured connect, as on a running gateway
  // (the rounds' users are still unknown to the controller: their first connects verify argon2id)
  await connectToPing(o.server, '198.19.99.1', WARM_UP_USER);
  await connectToPing(plain, '198.19.98.1', WARM_UP_USER);

  const corridorTimes: number[] = [];
  const plainTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // alternate, so drift on the machine hits both sides alike
    corridorTimes.push(await connectToPing(o.server, '198.19.99.1', 1 + (r % 5)));
    plainTimes.push(await connectToPing(plain, '198.19.98.1', 1 + (r % 5)));
  }

  const burst = async (server: RaServer): Promise<number> => {
    const t0 = performance.now();
    const clients: TestClient[] = [];
    for (let i = 1; i <= BURST; i++) clients.push(o.client(o.c1, userName(i), password(i), ['--route-noexec'], server));
    try {
      await pollUntil(
        `${BURST} clients established`,
        () => (clients.every((c) => c.log().includes('Initialization Sequence Completed')) ? true : undefined),
        120_000,
        20,
      );
      return performance.now() - t0;
    } finally {
      if (server === o.server) {
        await pollUntil('controller lists all sessions', () => (controller.latestSessions().length >= BURST ? true : undefined), 20_000, 50);
        rssBusy = vmRss(controllerPid);
      }
      await Promise.all(clients.map((c) => c.stop()));
    }
  };
  let rssBusy = NaN;
  const burstCorridor = await burst(o.server);
  const burstPlain = await burst(plain);

  // A client arriving while no controller listens: the hook defers it and keeps asking; timed from the new
  // controller's attach to the client's tunnel being up.
  const DEFERRED_TRIALS = 5;
  const deferredMs: number[] = [];
  let current = controller;
  for (let k = 0; k < DEFERRED_TRIALS; k++) {
    await current.kill9();
    const c = o.client(o.c1, userName(1), password(1), ['--route-noexec']);
    try {
      const seen = (o.serverLog().match(/deferred for username 'user01'/g) ?? []).length;
      await pollUntil('client waiting', () => ((o.serverLog().match(/deferred for username 'user01'/g) ?? []).length > seen ? true : undefined), 20_000, 20);
      current = spawnChildController(o, POLICY);
      const next = current;
      await pollUntil('controller attached', () => (next.attachCount() > 0 ? true : undefined), 20_000, 5);
      const attachedAt = performance.now();
      await c.waitFor(/Initialization Sequence Completed/, 70_000);
      deferredMs.push(performance.now() - attachedAt);
    } finally {
      await c.stop();
    }
  }

  // The cost of asking alone, without OpenVPN: the hook (fork+exec of the C program, one unix-socket round trip)
  // against a socket that allows at once, and the plain script (sh + grep), started from node alike and
  // alternating; the decision itself (the authoriser) is in neither figure.
  const credentials = join(o.dir, 'wire-credentials');
  writeFileSync(credentials, `${userName(1)}\n${password(1)}\n`, { mode: 0o600 });
  const wireSocket = join(o.dir, 'wire.sock');
  const wireServer = new HookServer(wireSocket, async () => ({ allow: true }));
  await wireServer.listen();
  const run = promisify(execFile);
  const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' };
  const hookMs: number[] = [];
  const scriptMs: number[] = [];
  try {
    for (let k = 0; k < WIRE_RUNS; k++) {
      let t = performance.now();
      await run(hookBinary(), [wireSocket, credentials], { env: { ...env, script_type: 'user-pass-verify', common_name: userName(1), username: userName(1) } });
      hookMs.push(performance.now() - t);
      t = performance.now();
      await run('/bin/sh', [script, credentials], { env });
      scriptMs.push(performance.now() - t);
    }
  } finally {
    await wireServer.close();
  }

  const figures = {
    connectMedianMs: { corridor: median(corridorTimes), plainScript: median(plainTimes) },
    // each of the 5 users' first connect verifies argon2id; later ones match a remembered password
    corridorFirstConnectsMedianMs: median(corridorTimes.slice(0, 5)),
    corridorLaterConnectsMedianMs: median(corridorTimes.slice(5)),
    ratio: median(corridorTimes) / median(plainTimes),
    connectAllMs: { corridor: corridorTimes.map(Math.round), plainScript: plainTimes.map(Math.round) },
    burst50Ms: { corridor: Math.round(burstCorridor), plainScript: Math.round(burstPlain) },
    controllerRssMiB: { users1000Sessions0: Number(rssIdle.toFixed(1)), users1000Sessions50: Number(rssBusy.toFixed(1)) },
    deferredServedAfterAttachMs: deferredMs.map(Math.round),
    argon2idVerifyMedianMs: Number(median(verifyMs).toFixed(1)),
    askAloneMedianMs: { hook: Number(median(hookMs).toFixed(2)), plainScript: Number(median(scriptMs).toFixed(2)) },
  };
  console.log(JSON.stringify(figures, null, 2));

  const machine = `${cpus().length} vCPU ${cpus()[0]?.model ?? ''}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, kernel ${execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim()}, Node ${process.version}, ${execFileSync('openvpn', ['--version'], { encoding: 'utf8' }).split('\n')[0]?.split(' ').slice(0, 2).join(' ')}`;
  const md = `# OpenVPN remote-access bench

Command: \`node --import tsx bench/openvpn/run.ts\` (as root; one lab of network namespaces, 198.18.0.0/15 only)
Date: ${new Date().toISOString()}
Machine: ${machine}

Setup: one gateway namespace running two OpenVPN servers rendered by the same renderer from the same PKI
(UDP, AES-256-GCM, tls-crypt, EC P-256): **Corridor** (\`corridor-openvpn-hook\` as auth-user-pass-verify,
answered by the controller in its own node process: CN check, CRL/revocation, lockout, password, session
limits, then the per-client config written to client-config-dir) and **plain** (\`auth-user-pass-verify
verify.sh via-file\`, a shell script comparing against a file). Clients are \`openvpn\` 2.6 in a client
namespace. Time = client process start → first ping reply from the server's tunnel address; the client log is
polled every 2 ms. One unmeasured connect to each server (with a user the rounds do not use) comes first. The
${ROUNDS} connects alternate between the two servers; 5 users take turns, so the first 5 Corridor connects
verify an argon2id hash and the later ones match a password argon2id accepted within the hour.

| figure | Corridor | plain script | ratio |
|---|---|---|---|
| median connect → first ping (${ROUNDS} connects each) | ${figures.connectMedianMs.corridor.toFixed(1)} ms | ${figures.connectMedianMs.plainScript.toFixed(1)} ms | ${figures.ratio.toFixed(2)} |
| median of each user's first connect (argon2id verified, 5) | ${figures.corridorFirstConnectsMedianMs.toFixed(1)} ms | | ${(figures.corridorFirstConnectsMedianMs / figures.connectMedianMs.plainScript).toFixed(2)} |
| median of later connects (password remembered, ${ROUNDS - 5}) | ${figures.corridorLaterConnectsMedianMs.toFixed(1)} ms | | ${(figures.corridorLaterConnectsMedianMs / figures.connectMedianMs.plainScript).toFixed(2)} |
| ${BURST} clients at once, until all established | ${figures.burst50Ms.corridor} ms | ${figures.burst50Ms.plainScript} ms | ${(figures.burst50Ms.corridor / figures.burst50Ms.plainScript).toFixed(2)} |
| controller VmRSS, ${USERS} users, 0 sessions | ${figures.controllerRssMiB.users1000Sessions0} MiB | – | |
| controller VmRSS, ${USERS} users, ${BURST} sessions | ${figures.controllerRssMiB.users1000Sessions50} MiB | – | |
| client arriving while no controller listens: controller attach → tunnel up, worst of ${DEFERRED_TRIALS} | ${Math.max(...figures.deferredServedAfterAttachMs)} ms | – | |

Every connect (ms), Corridor: ${figures.connectAllMs.corridor.join(', ')}
Every connect (ms), plain: ${figures.connectAllMs.plainScript.join(', ')}
Client arriving with no controller, attach → tunnel up (ms): ${figures.deferredServedAfterAttachMs.join(', ')} (the hook
found no socket, exited 2 and left a child asking every 200 ms; OpenVPN reads the control file it writes on its
own schedule, which backs off to seconds)

Goal: Corridor no more than 10% slower than the plain script on connect time (ratio ≤ 1.10).
${figures.ratio <= 1.1 ? '**Met**' : '**Not met**'} on the median of ${ROUNDS} connects (ratio ${figures.ratio.toFixed(2)}).

## Where the time goes

- One argon2id verification with @node-rs/argon2 defaults takes ${figures.argon2idVerifyMedianMs} ms here (median of 20): on a
  connect of ${figures.connectMedianMs.plainScript.toFixed(0)} ms that alone is more than the 10% budget, so a user's first connect (and the first
  after an hour) is slower than the plain script by about that much. The plain script compares clear text and
  has no such cost; Corridor keeps argon2id and remembers, for an hour, an HMAC of a password it accepted
  (\`VerifiedPasswords\`: a wrong password always goes to argon2id and to the lockout count).
- The hook is one fork+exec of a small C program and one unix-socket round trip: ${figures.askAloneMedianMs.hook} ms (median of
  ${WIRE_RUNS} runs against a socket that allows at once), against ${figures.askAloneMedianMs.plainScript} ms for the plain script's \`sh\` + \`grep\`
  (same ${WIRE_RUNS} rounds, alternating, both started from node; the decision itself is in neither). The per-client
  config is a client-config-dir file written by the daemon before it answers, which OpenVPN reads itself (no
  second hook call).
- Before the hook, the controller answered over the management interface (\`management-client-auth\`): 1121 ms
  median connect (stored, from this bench's run of 2026-11-22T03:59:46Z, commit 4b0a66e; that design is gone,
  so no run measures it any more), because OpenVPN 2.6 applies a deferred decision only at the client's next
  wakeup, about a second after the handshake, however fast the answer.
- In the burst, OpenVPN runs one hook (or script) at a time on its only thread; the burst ratio varies with
  the machine's load from run to run.

The controller figures are the VmRSS of a node process running the controller under tsx (TypeScript loaded at
run time), with the 1,000 users held in memory as the test store does; the daemon's real store is a database.
`;
  writeFileSync(new URL('./RESULTS.md', import.meta.url), md);
  await current.kill9();
} finally {
  await o.close();
}
