/**
 * strongSwan scenarios: hq (responder) and branch (initiator), each a charon-systemd configured by
 * hand in its own namespace. Each scenario injects one fault and asserts the doctor's diagnosis.
 * One lab for all of them; charons are restarted per scenario with fresh logs.
 */
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lab } from '../lab/index.js';
import type { Fault, Host } from '../lab/index.js';
import { assertDiagnosis, capture, waitForLine } from './support/harness.js';
import { STRONGSWAN_EXPECTATIONS as X } from './support/expectations.js';
import type { Expectation } from './support/expectations.js';
import { createCa, issue, revoke } from './support/pki.js';
import type { LabCa } from './support/pki.js';
import { BRANCH, BRANCH_LAN, HQ, HQ_LAN, SsEnd, branchSide, hqSide } from './support/strongswan.js';
import type { SsSide } from './support/strongswan.js';

const AUTH_FAILED = /AUTHENTICATION_FAILED/;
const IKE_PORTS = [500, 4500];

describe('strongSwan scenarios', () => {
  let lab: Lab;
  let hqHost: Host;
  let branchHost: Host;
  let hq: SsEnd;
  let branch: SsEnd;
  let root: string;
  let caA: LabCa;
  let caB: LabCa;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'corridor-scen-ss-'));
    lab = await Lab.create();
    [hqHost, branchHost] = (await lab.hosts('hq', 'branch')) as [Host, Host];
    await lab.link(hqHost, branchHost, { addrA: `${HQ}/24`, addrB: `${BRANCH}/24` });
    // charon installs each CHILD_SA's route with a source address from its local LAN; without one the
    // responder answers TS_UNACCEPTABLE ("error installing route with policy"), so both LANs exist.
    await lab.lan(hqHost, HQ_LAN);
    await lab.lan(branchHost, BRANCH_LAN);
    hq = new SsEnd(hqHost, root, 'responder');
    branch = new SsEnd(branchHost, root, 'initiator');
    caA = createCa(join(root, 'ca-a'), 'Lab IKE CA');
    caB = createCa(join(root, 'ca-b'), 'Other IKE CA');
  });

  after(async () => {
    await hq?.stop();
    await branch?.stop();
    await lab?.close();
    if (process.env['CORRIDOR_KEEP_SCENARIOS'] !== '1') rmSync(root, { recursive: true, force: true });
  });

  interface Run {
    hq?: Partial<SsSide>;
    branch?: Partial<SsSide>;
    /** Between start and the wait: initiate, inject the fault, etc. Returns faults to heal. */
    act?: () => Promise<Fault[] | void>;
    /** The line that shows the failure, and in which end's log. */
    waitIn?: 'initiator' | 'responder';
    failure: RegExp;
  }

  async function scenario(exp: Expectation, r: Run): Promise<void> {
    const faults: Fault[] = [];
    try {
      await hq.start(exp.name, hqSide(r.hq));
      await branch.start(exp.name, branchSide(r.branch));
      faults.push(...((await (r.act ?? (() => branch.initiate().then(() => undefined)))()) ?? []));
      await waitForLine(r.waitIn === 'responder' ? hq.log : branch.log, r.failure);
    } finally {
      for (const f of faults) await f.heal();
      await branch.stop();
      await hq.stop();
    }
    const logs = { initiator: branch.log, responder: hq.log };
    capture(exp.name, logs);
    await assertDiagnosis(exp, logs);
  }

  function certs(ca: LabCa, name: string, o: { startdate?: string; enddate?: string } = {}): { cert: string; key: string } {
    return issue(ca, name, { eku: 'serverAuth,clientAuth', san: `DNS:${name}`, ...o });
  }

  async function established(): Promise<void> {
    await branch.initiate();
    await waitForLine(branch.log, /CHILD_SA lan\{\d+\} established/);
  }

  test('wrong PSK', () => scenario(X.psk, { hq: { psk: 'hq-secret' }, branch: { psk: 'branch-secret' }, failure: AUTH_FAILED }));

  test('IKE proposal mismatch', () =>
    scenario(X.ikeProposal, { branch: { proposals: 'aes128-sha1-modp2048' }, failure: /NO_PROPOSAL_CHOSEN/ }));

  test('ESP proposal mismatch', () =>
    scenario(X.espProposal, { branch: { espProposals: 'aes128-sha1-modp2048' }, failure: /NO_PROPOSAL_CHOSEN/ }));

  test('DH group mismatch (IKE, no common group)', () =>
    scenario(X.dhDisjoint, { branch: { proposals: 'aes256-sha256-modp3072' }, failure: /NO_PROPOSAL_CHOSEN/ }));

  test('DH group renegotiated (INVALID_KE_PAYLOAD, then established): not a fault', () =>
    scenario(X.dhRenegotiated, {
      branch: { proposals: 'aes256-sha256-modp3072-modp2048' },
      failure: /CHILD_SA lan\{\d+\} established/,
    }));

  test('PFS on one side only (fails at rekey)', () =>
    scenario(X.pfs, {
      branch: { espProposals: 'aes256gcm16' },
      act: async () => {
        await established();
        await branch.swanctl(['--rekey', '--child', 'lan'], false);
      },
      failure: /NO_PROPOSAL_CHOSEN/,
    }));

  test('traffic selectors not mirrored', () =>
    scenario(X.ts, { hq: { remoteTs: '198.19.3.0/24' }, failure: /TS_UNACCEPTABLE/ }));

  test('identity mismatch', () => scenario(X.identity, { branch: { id: 'branch2.lab' }, failure: AUTH_FAILED }));

  test('IKE version mismatch (v1 initiator, v2 responder)', () =>
    scenario(X.version, { branch: { version: 1 }, failure: /NO_PROPOSAL_CHOSEN|giving up|failed/ }));

  test('UDP 500/4500 blocked', () =>
    scenario(X.udpBlocked, {
      act: async () => {
        const drop = await hqHost.drop({ proto: 'udp', port: IKE_PORTS, direction: 'in' });
        await branch.initiate();
        return [drop];
      },
      failure: /establishing IKE_SA failed|giving up after/,
    }));

  test('DPD timeout (path cut after establishment)', () =>
    scenario(X.dpd, {
      hq: { dpdDelay: '2s' },
      branch: { dpdDelay: '2s' },
      act: async () => {
        await established();
        const cut = [
          await hqHost.drop({ proto: 'udp', port: IKE_PORTS, direction: 'in' }),
          await branchHost.drop({ proto: 'udp', port: IKE_PORTS, direction: 'in' }),
        ];
        await waitForLine(hq.log, /giving up after/);
        return cut;
      },
      failure: /giving up after/,
    }));

  test('peer deletes the SA', () =>
    scenario(X.peerDelete, {
      act: async () => {
        await established();
        await hq.swanctl(['--terminate', '--ike', 's2s', '--timeout', '5'], false);
      },
      failure: /received DELETE for IKE_SA/,
    }));

  test('certificate from an untrusted CA', () => {
    const mine = certs(caA, 'hq.lab');
    const theirs = certs(caB, 'branch.lab');
    return scenario(X.certUntrusted, {
      hq: { cert: { ...mine, ca: caA.cert } },
      branch: { cert: { ...theirs, ca: caA.cert } },
      failure: AUTH_FAILED,
    });
  });

  test('certificate revoked (CRL loaded)', () => {
    const mine = certs(caA, 'hq.lab');
    const theirs = certs(caA, 'branch.lab');
    const crl = join(root, 'ca-a.crl');
    revoke(caA, theirs.cert, crl);
    return scenario(X.certRevoked, {
      hq: { cert: { ...mine, ca: caA.cert, crl } },
      branch: { cert: { ...theirs, ca: caA.cert } },
      failure: AUTH_FAILED,
    });
  });

  test('certificate expired', () => {
    const mine = certs(caA, 'hq.lab');
    const theirs = certs(caA, 'branch.lab', { startdate: '20200101000000Z', enddate: '20210101000000Z' });
    return scenario(X.certExpired, {
      hq: { cert: { ...mine, ca: caA.cert } },
      branch: { cert: { ...theirs, ca: caA.cert } },
      failure: AUTH_FAILED,
    });
  });

  test('IKEv1 main mode, wrong PSK', () =>
    scenario(X.ikev1Psk, {
      hq: { version: 1, psk: 'hq-secret' },
      branch: { version: 1, psk: 'branch-secret' },
      failure: /AUTHENTICATION_FAILED|giving up|failed/,
    }));

  test('responder configured for another peer address', () =>
    scenario(X.peerAddress, { hq: { peerAddr: '198.18.1.99' }, failure: /NO_PROPOSAL_CHOSEN|giving up|failed/ }));
});
