/**
 * Corridor's nftables table in a real gateway namespace: a client namespace whose address lies in an RA
 * pool (the veth toward it stands in for the tun device) and two LAN segments behind the gateway.
 *
 *   client 198.19.99.2 ── gw 198.19.99.1 │ gw 198.19.1.1 ── lan1 198.19.1.10   (NAT toward lan1's side)
 *                                        │ gw 198.19.2.1 ── lan2 198.19.2.10   (no NAT)
 */
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Lab } from '../lab/index.js';
import type { Host } from '../lab/index.js';
import { accessPolicySchema, gatewaySchema } from '../../src/core/model/index.js';
import { NftManager } from '../../src/net/nft/index.js';
import type { NftRulesetSpec } from '../../src/net/nft/index.js';
import { enableForwarding } from '../../src/net/sysctl.js';
import { tcpProbe } from '../../src/net/probe/index.js';
import { exec, execChecked } from '../../src/net/exec.js';
import { peerSeenBy, startServices } from './services.js';

const CLIENT = '198.19.99.2';
const LAN1 = '198.19.1.10';
const LAN2 = '198.19.2.10';

async function tableHandle(ns: string, name: string): Promise<number | undefined> {
  const doc = JSON.parse(await execChecked(['nft', '-j', 'list', 'tables'], { namespace: ns })) as {
    nftables: Array<{ table?: { name: string; handle: number } }>;
  };
  return doc.nftables.find((i) => i.table?.name === name)?.table?.handle;
}

/** Handles of every chain, set and rule of the table: a replace gives new ones, element updates do not. */
async function objectHandles(ns: string): Promise<string[]> {
  const doc = JSON.parse(await execChecked(['nft', '-j', 'list', 'table', 'inet', 'corridor'], { namespace: ns })) as {
    nftables: Array<Record<string, { handle?: number; name?: string; chain?: string }>>;
  };
  return doc.nftables.flatMap((item) =>
    Object.entries(item)
      .filter(([kind]) => kind !== 'metainfo')
      .map(([kind, o]) => `${kind}:${o.chain ?? o.name ?? ''}:${String(o.handle)}`),
  );
}

/** PIDs of `nft --echo --interactive` processes inside a namespace: the fast writer. */
async function nftShells(ns: string): Promise<number[]> {
  const pids = (await execChecked(['ip', 'netns', 'pids', ns])).split('\n').map(Number).filter((n) => n > 0);
  const shells: number[] = [];
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes('nft --echo --interactive')) shells.push(pid);
    } catch { /* gone */ }
  }
  return shells;
}

async function reaches(client: Host, dst: string): Promise<boolean> {
  const r = await client.ping(dst, { count: 2, intervalMs: 100, timeoutS: 1 });
  return r.received > 0;
}

test('nftables: NAT and deny-by-default access policies by tunnel address', async (t) => {
  const lab = await Lab.create(t);
  const [gw, client, lan1, lan2] = await lab.hosts('gw', 'client', 'lan1', 'lan2');
  if (!gw || !client || !lan1 || !lan2) throw new Error('lab hosts missing');
  const toClient = await lab.link(gw, client, { addrA: '198.19.99.1/24', addrB: `${CLIENT}/24` });
  const toLan1 = await lab.link(gw, lan1, { addrA: '198.19.1.1/24', addrB: `${LAN1}/24` });
  await lab.link(gw, lan2, { addrA: '198.19.2.1/24', addrB: `${LAN2}/24` });
  await client.route('default', '198.19.99.1');
  await lan1.route('default', '198.19.1.1');
  await lan2.route('default', '198.19.2.1');
  const before = await enableForwarding({ namespace: gw.ns });
  assert.equal(before.ipv4, '0', 'a fresh namespace starts without forwarding');
  await startServices(lan1, LAN1, { tcp: [80, 22] });
  await startServices(lan2, LAN2, { tcp: [80, 22] });

  const nft = NftManager.forGateway(gatewaySchema.parse({ name: 'gw', namespace: gw.ns }));
  const policies = [
    accessPolicySchema.parse({ name: 'lan1-all', group: 'eng', destinations: ['198.19.1.0/24'] }),
    accessPolicySchema.parse({ name: 'lan2-web', group: 'sales', destinations: ['198.19.2.0/24'], protocol: 'tcp', ports: '80' }),
  ];
  const spec: NftRulesetSpec = {
    pools: [{ server: 'staff', pool: '198.19.99.0/24', interfaces: [toClient.ifA], natInterface: toLan1.ifA }],
    policies,
  };

  // another table in the same namespace that must survive everything Corridor does
  await execChecked(['nft', '-f', '-'], { namespace: gw.ns, input: 'table inet someone_else {\n\tchain c {\n\t\ttype filter hook input priority 10; policy accept;\n\t}\n}\n' });

  await t.test('without Corridor’s table the client reaches both LANs (the lab itself is open)', async () => {
    assert.equal(await reaches(client, LAN1), true);
    assert.equal(await reaches(client, LAN2), true);
  });

  await t.test('deny by default: applied table with no client in any set reaches nothing', async () => {
    const r = await nft.applyRuleset(spec);
    assert.equal(r.changed, true);
    assert.equal(await reaches(client, LAN1), false);
    assert.equal(await reaches(client, LAN2), false);
    assert.equal((await tcpProbe(LAN2, 80, { namespace: client.ns, timeoutMs: 800 })).state, 'timeout');
  });

  await t.test('a policy granting one subnet opens it and leaves the other blocked', async () => {
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT]]]));
    assert.equal(await reaches(client, LAN1), true);
    assert.equal(await reaches(client, LAN2), false);
  });

  await t.test('a port-restricted policy allows tcp/80 but not tcp/22 nor ping', async () => {
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT]], ['lan2-web', [CLIENT]]]));
    assert.equal((await tcpProbe(LAN2, 80, { namespace: client.ns, timeoutMs: 1500 })).state, 'open');
    assert.equal((await tcpProbe(LAN2, 22, { namespace: client.ns, timeoutMs: 800 })).state, 'timeout');
    assert.equal((await tcpProbe(LAN1, 22, { namespace: client.ns, timeoutMs: 1500 })).state, 'open', 'lan1-all is any protocol');
    assert.equal(await reaches(client, LAN2), false);
  });

  await t.test('NAT: the masqueraded LAN sees the gateway, the other LAN sees the tunnel address', async () => {
    assert.equal(await peerSeenBy(client, LAN1, 80), '198.19.1.1');
    assert.equal(await peerSeenBy(client, LAN2, 80), CLIENT);
  });

  await t.test('client changes touch only set elements, not the table', async () => {
    const handle = await tableHandle(gw.ns, 'corridor');
    const objects = await objectHandles(gw.ns);
    assert.ok(objects.filter((o) => o.startsWith('rule:')).length >= 6, objects.join(' '));
    await nft.setPolicyMembers(new Map());
    assert.equal(await reaches(client, LAN1), false);
    assert.equal((await tcpProbe(LAN2, 80, { namespace: client.ns, timeoutMs: 800 })).state, 'timeout');
    assert.deepEqual(await nft.readSets(), new Map([['pol_lan1_all', []], ['pol_lan2_web', []]]));
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT, '198.19.99.3', CLIENT]]]));
    assert.equal(await reaches(client, LAN1), true);
    assert.deepEqual((await nft.readSets()).get('pol_lan1_all')?.sort(), [CLIENT, '198.19.99.3']);
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT, '198.19.99.3']], ['lan2-web', []]])); // the same again: no change
    assert.equal(await tableHandle(gw.ns, 'corridor'), handle);
    assert.deepEqual(await objectHandles(gw.ns), objects);
    // a policy the table has no set for (not applied yet) grants nothing, and the known sets are still written
    const r = await nft.setPolicyMembers(new Map([['no-such-policy', [CLIENT]], ['lan1-all', [CLIENT, '198.19.99.3']]]));
    assert.deepEqual(r.unknown, ['no-such-policy']);
    assert.deepEqual(await nft.readSets(), new Map([['pol_lan1_all', [CLIENT, '198.19.99.3']], ['pol_lan2_web', []]]));
  });

  await t.test('applying the same spec again changes nothing', async () => {
    const handle = await tableHandle(gw.ns, 'corridor');
    const listing = await nft.listing();
    const r = await nft.applyRuleset(structuredClone(spec));
    assert.equal(r.changed, false);
    assert.equal(await tableHandle(gw.ns, 'corridor'), handle);
    assert.equal(await nft.listing(), listing);
  });

  await t.test('a changed spec replaces the table and keeps session addresses', async () => {
    const handle = await tableHandle(gw.ns, 'corridor');
    const r = await nft.applyRuleset({ ...spec, policies: [...policies, accessPolicySchema.parse({ name: 'dns', group: 'eng', destinations: ['198.19.2.10/32'], protocol: 'udp', ports: '53' })] });
    assert.equal(r.changed, true);
    assert.notEqual(await tableHandle(gw.ns, 'corridor'), handle);
    assert.deepEqual((await nft.readSets()).get('pol_lan1_all')?.sort(), [CLIENT, '198.19.99.3']);
    assert.equal(await reaches(client, LAN1), true);
  });

  await t.test('session writes go through one running nft; when it dies the next write starts another', async () => {
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT]]]));
    const [shell, ...more] = await nftShells(gw.ns);
    assert.ok(shell, 'a running nft in the namespace');
    assert.deepEqual(more, []);
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT, '198.19.99.3']]]));
    assert.deepEqual(await nftShells(gw.ns), [shell], 'the same process took the second write');
    process.kill(shell, 'SIGKILL');
    await nft.setPolicyMembers(new Map([['lan1-all', ['198.19.99.3']]]));
    assert.deepEqual((await nft.readSets()).get('pol_lan1_all'), ['198.19.99.3']);
    assert.equal(await reaches(client, LAN1), false, 'the client address left the set');
    // that write found the process gone and went through `nft -f`; the next one starts a new process
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT, '198.19.99.3']]]));
    assert.equal(await reaches(client, LAN1), true);
    const [next] = await nftShells(gw.ns);
    assert.ok(next !== undefined && next !== shell, 'a new nft took over');
  });

  await t.test('session addresses are written even after another manager changed the table', async () => {
    // another daemon (or an administrator) replaced the table: the set names this manager remembers are stale
    const other = NftManager.forGateway(gatewaySchema.parse({ name: 'gw', namespace: gw.ns }));
    assert.equal((await other.applyRuleset({ ...spec, policies: [policies[0]!] })).changed, true);
    await nft.setPolicyMembers(new Map([['lan1-all', ['198.19.99.3']]]));
    assert.deepEqual(await nft.readSets(), new Map([['pol_lan1_all', ['198.19.99.3']]]));
    assert.equal(await reaches(client, LAN1), false, 'the client address left the set');
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT]]]));
    assert.equal(await reaches(client, LAN1), true);
  });

  await t.test('remove() deletes only Corridor’s table, and twice is fine', async () => {
    await nft.remove();
    await nft.remove();
    assert.equal(await nft.listing(), undefined);
    assert.equal(await tableHandle(gw.ns, 'corridor'), undefined);
    assert.notEqual(await tableHandle(gw.ns, 'someone_else'), undefined);
    assert.equal(await reaches(client, LAN2), true);
    const r = await exec(['nft', 'list', 'table', 'inet', 'someone_else'], { namespace: gw.ns });
    assert.match(r.stdout, /hook input priority filter \+ 10/);
  });
});

/** Packets the observer table counted in its forward chain as untracked / tracked. */
async function forwardCounters(ns: string): Promise<{ untracked: number; tracked: number }> {
  const listing = await execChecked(['nft', 'list', 'table', 'inet', 'observer'], { namespace: ns });
  const packets = (what: string) => Number(new RegExp(`ct state ${what} counter packets (\\d+)`).exec(listing)?.[1] ?? NaN);
  return { untracked: packets('untracked'), tracked: packets('established,related,new') };
}

test('nftables: a site’s subnet pair skips conntrack, remote access keeps NAT and its policy sets', async (t) => {
  const lab = await Lab.create(t);
  const [gw, client, lan1, site] = await lab.hosts('gw', 'client', 'lan1', 'site');
  if (!gw || !client || !lan1 || !site) throw new Error('lab hosts missing');
  // `site` stands for the far end of a site connection (its subnet 198.19.2.0/24): the rule looks only at addresses
  const toClient = await lab.link(gw, client, { addrA: '198.19.99.1/24', addrB: `${CLIENT}/24` });
  const toLan1 = await lab.link(gw, lan1, { addrA: '198.19.1.1/24', addrB: `${LAN1}/24` });
  await lab.link(gw, site, { addrA: '198.19.2.1/24', addrB: `${LAN2}/24` });
  await client.route('default', '198.19.99.1');
  await lan1.route('default', '198.19.1.1');
  await site.route('default', '198.19.2.1');
  await enableForwarding({ namespace: gw.ns });
  await startServices(lan1, LAN1, { tcp: [80] });
  const nft = NftManager.forGateway(gatewaySchema.parse({ name: 'gw', namespace: gw.ns }));
  const spec: NftRulesetSpec = {
    pools: [{ server: 'staff', pool: '198.19.99.0/24', interfaces: [toClient.ifA], natInterface: toLan1.ifA }],
    policies: [accessPolicySchema.parse({ name: 'lan1-all', group: 'eng', destinations: ['198.19.1.0/24'] })],
    untracked: { sitePairs: [{ local: '198.19.1.0/24', remote: '198.19.2.0/24' }], localPorts: [{ proto: 'udp', port: 4500 }], esp: true },
  };
  assert.equal((await nft.applyRuleset(spec)).changed, true, 'the kernel accepts the raw chains');
  await execChecked(['nft', '-f', '-'], {
    namespace: gw.ns,
    input: 'table inet observer {\n\tchain f {\n\t\ttype filter hook forward priority 10; policy accept;\n\t\tct state untracked counter\n\t\tct state established,related,new counter\n\t}\n}\n',
  });

  await t.test('traffic between the site’s subnets is forwarded untracked, both ways', async () => {
    assert.equal(await reaches(lan1, LAN2), true);
    assert.equal(await reaches(site, LAN1), true);
    const c = await forwardCounters(gw.ns);
    assert.ok(c.untracked >= 4, `untracked ${c.untracked}`);
    assert.equal(c.tracked, 0, 'no site packet was tracked');
  });

  await t.test('a client of the pool is still judged by the policy sets and masqueraded (conntrack kept)', async () => {
    assert.equal(await reaches(client, LAN1), false, 'deny by default');
    await nft.setPolicyMembers(new Map([['lan1-all', [CLIENT]]]));
    const before = await forwardCounters(gw.ns);
    assert.equal(await reaches(client, LAN1), true);
    assert.equal(await peerSeenBy(client, LAN1, 80), '198.19.1.1', 'NAT toward lan1 still applies');
    const after = await forwardCounters(gw.ns);
    assert.ok(after.tracked > before.tracked, 'the client’s packets are tracked');
    assert.equal(after.untracked, before.untracked, 'none of them untracked');
    await nft.setPolicyMembers(new Map());
    assert.equal(await reaches(client, LAN1), false, 'leaving the set revokes at once');
  });
});
