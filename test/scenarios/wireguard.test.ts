/**
 * WireGuard scenarios: two wireguard-go ends, a initiating (endpoint and keepalive) and b only
 * answering (no endpoint, like a server), so which end sees what does not depend on who is faster.
 * One fault each, then the doctor's diagnosis of their logs.
 */
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../lab/index.js';
import type { Fault, Host } from '../lab/index.js';
import { assertDiagnosis, capture, waitForLine } from './support/harness.js';
import { WIREGUARD_EXPECTATIONS as X } from './support/expectations.js';
import type { Expectation } from './support/expectations.js';
import { WG_PORT, WgEnd, wgKeys } from './support/wireguard.js';

const A = '198.18.2.1';
const B = '198.18.2.2';
const RETRY = /Handshake did not complete after \d+ seconds, retrying/;

describe('WireGuard scenarios', () => {
  let lab: Lab;
  let aHost: Host;
  let bHost: Host;
  let a: WgEnd;
  let b: WgEnd;
  let root: string;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'corridor-scen-wg-'));
    lab = await Lab.create();
    [aHost, bHost] = (await lab.hosts('wga', 'wgb')) as [Host, Host];
    await lab.link(aHost, bHost, { addrA: `${A}/24`, addrB: `${B}/24` });
    a = new WgEnd(aHost, root, 'a', lab.ifname('wga'), '198.19.200.1/24');
    b = new WgEnd(bHost, root, 'b', lab.ifname('wgb'), '198.19.200.2/24');
  });

  after(async () => {
    await a?.stop();
    await b?.stop();
    await lab?.close();
    if (process.env['CORRIDOR_KEEP_SCENARIOS'] !== '1') rmSync(root, { recursive: true, force: true });
  });

  interface Run {
    aKnowsB?: string;
    /** What b allows from a (default: a's tunnel address). */
    bAllows?: string;
    fault?: () => Promise<Fault>;
    waits: Array<[WgEnd, RegExp]>;
  }

  async function scenario(exp: Expectation, o: Run): Promise<void> {
    const ka = wgKeys();
    const kb = wgKeys();
    const faults: Fault[] = [];
    try {
      if (o.fault) faults.push(await o.fault());
      await b.start(exp.name, kb, { pub: ka.pub, allowedIp: o.bAllows ?? '198.19.200.1/32' });
      await a.start(exp.name, ka, { pub: o.aKnowsB ?? kb.pub, endpoint: `${B}:${WG_PORT}`, allowedIp: '198.19.200.2/32' });
      await aHost.ping('198.19.200.2', { count: 1 });
      for (const [end, re] of o.waits) await waitForLine(end.log, re);
    } finally {
      for (const f of faults) await f.heal();
      await a.stop();
      await b.stop();
    }
    const logs = { a: a.log, b: b.log };
    capture(exp.name, logs);
    await assertDiagnosis(exp, logs);
  }

  test('wrong public key for the peer', () =>
    scenario(X.wrongKey, { aKnowsB: wgKeys().pub, waits: [[a, RETRY], [b, /invalid mac1/]] }));

  test('UDP blocked', () =>
    scenario(X.udpBlocked, {
      fault: () => bHost.drop({ proto: 'udp', port: WG_PORT, direction: 'in' }),
      waits: [[a, RETRY]],
    }));

  test('AllowedIPs on b exclude a\'s tunnel address', () =>
    scenario(X.allowedIps, { bAllows: '198.19.200.9/32', waits: [[b, /disallowed source address|unallowed src IP/]] }));
});
