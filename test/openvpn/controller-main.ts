/**
 * The management controller as a separate process, so a test can kill -9 it like a crashed daemon.
 * argv[2]: JSON file written by the test. Prints one JSON line per change on stdout:
 * {"attached":true} and {"sessions":[{username, tunnelAddress, cid}]}. Runs until killed.
 */
import { readFileSync } from 'node:fs';
import type { LockoutPolicy, LoginFailure } from '../../src/core/lockout.js';
import { MemoryTotpSteps } from '../../src/auth/totp.js';
import type { RaServer } from '../../src/core/model/index.js';
import { createOpenVpnAdapter } from '../../src/engines/openvpn/index.js';
import type { OpenVpnPkiPaths, VpnUserRecord } from '../../src/engines/openvpn/index.js';
import { normaliseSerial } from '../../src/pki/serial.js';

export interface ChildControllerConfig {
  server: RaServer;
  runRoot: string;
  dev: string;
  pki: OpenVpnPkiPaths;
  users: VpnUserRecord[];
  revokedSerials: string[];
  lockoutPolicy: LockoutPolicy;
  routesForEng: string[];
}

const cfg = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as ChildControllerConfig;
const users = new Map(cfg.users.map((u) => [u.username, u]));
const failures = new Map<string, LoginFailure[]>();
const adapter = createOpenVpnAdapter({
  findUser: (u) => users.get(u),
  certificateRevoked: (_decimal, hex) => hex !== undefined && cfg.revokedSerials.includes(normaliseSerial(hex)),
  lockout: {
    recordFailure: (u, at, source) => void failures.set(u, [...(failures.get(u) ?? []), { at, source }]),
    failures: (u) => failures.get(u) ?? [],
  },
  lockoutPolicy: cfg.lockoutPolicy,
  totpSteps: new MemoryTotpSteps(),
  routesForGroups: (g) => (g.includes('eng') ? cfg.routesForEng : []),
  events: { record: (e) => process.stdout.write(`${JSON.stringify({ event: e.kind, subject: e.subject })}\n`) },
  statusIntervalMs: 2000,
});
const result = await adapter.reconcile([cfg.server], { runRoot: cfg.runRoot, dev: () => cfg.dev, pki: () => cfg.pki });
process.stdout.write(`${JSON.stringify({ changes: result.changes })}\n`);
let last = '';
let wasAttached = false;
// the parent kills this process; the poll only reports what changed
setInterval(() => {
  const c = adapter.controller(cfg.server.name);
  if (c?.attached && !wasAttached) process.stdout.write(`${JSON.stringify({ attached: true })}\n`);
  wasAttached = c?.attached ?? false;
  const now = JSON.stringify(adapter.sessions().map((s) => ({ username: s.username, tunnelAddress: s.tunnelAddress, cid: s.cid })));
  if (now !== last) {
    last = now;
    process.stdout.write(`{"sessions":${now}}\n`);
  }
}, 50);
