import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { test } from 'node:test';
import { LabCommandError } from './errors.js';
import { Lab } from './lab.js';
import { pollUntil } from './proc.js';

const FAST = { count: 3, intervalMs: 20, timeoutS: 1 } as const;

test('two hosts ping each other over a veth link', async (t) => {
  const lab = await Lab.create(t);
  const [a, b] = await lab.hosts('a', 'b');
  assert.ok(a && b);
  const link = await lab.link(a, b, { addrA: '198.18.5.1/24', addrB: '198.18.5.2/24' });
  assert.ok(link.ifA.startsWith(lab.prefix) && link.ifA.length <= 15);
  assert.equal(b.ip, '198.18.5.2');
  const r = await a.ping(b.ip, FAST);
  assert.equal(r.transmitted, 3);
  assert.equal(r.received, 3);
  assert.equal(r.loss, 0);
  assert.ok(r.rtt && r.rtt.min <= r.rtt.avg && r.rtt.avg <= r.rtt.max);
  // Nothing answers an address not on the link.
  const none = await a.ping('198.18.5.99', { count: 1, timeoutS: 0.3 });
  assert.equal(none.received, 0);
  assert.equal(none.loss, 100);
  assert.equal(none.rtt, undefined);
});

test('a LAN host is reachable through a forwarding gateway, and not without forwarding', async (t) => {
  const lab = await Lab.create(t);
  const [gw, remote] = await lab.hosts('gw', 'remote');
  assert.ok(gw && remote);
  await lab.link(gw, remote, { addrA: '198.18.5.1/24', addrB: '198.18.5.2/24' });
  const lanHost = await lab.lan(gw, '198.19.1.0/24');
  assert.equal(lanHost.ip, '198.19.1.10');
  assert.match(await lanHost.ipCmd(['route', 'show', 'default']), /default via 198\.19\.1\.1 /);
  await remote.route('198.19.1.0/24', '198.18.5.1');

  assert.equal((await remote.ping('198.19.1.10', FAST)).loss, 0);
  assert.equal((await lanHost.ping('198.18.5.2', FAST)).loss, 0);

  await gw.forwarding(false);
  const blocked = await remote.ping('198.19.1.10', { count: 2, intervalMs: 20, timeoutS: 0.3 });
  assert.equal(blocked.received, 0);
  // The gateway itself still answers on the LAN: only forwarding is off.
  assert.equal((await remote.ping('198.19.1.1', FAST)).loss, 0);

  await gw.forwarding(true);
  assert.equal((await remote.ping('198.19.1.10', FAST)).loss, 0);
});

test('link down stops traffic, up restores it, including routes the kernel flushed', async (t) => {
  const lab = await Lab.create(t);
  const [gw, remote] = await lab.hosts('gw', 'remote');
  assert.ok(gw && remote);
  const wan = await lab.link(gw, remote, { addrA: '198.18.5.1/24', addrB: '198.18.5.2/24' });
  const lanHost = await lab.lan(gw, '198.19.1.0/24');
  await remote.route('198.19.1.0/24', '198.18.5.1');
  const lanLink = lanHost.links[0];
  assert.ok(lanLink);

  for (const side of ['a', 'b', 'both'] as const) {
    const fault = await wan.down(side);
    const r = await remote.ping('198.18.5.1', { count: 2, intervalMs: 20, timeoutS: 0.3 });
    assert.equal(r.received, 0, `down(${side})`);
    await fault.heal();
    assert.equal((await remote.ping('198.18.5.1', FAST)).loss, 0, `healed ${side}`);
  }

  // Downing the LAN host's end deletes its default route; up() must put it back.
  const fault = await lanLink.down('b');
  assert.doesNotMatch(await lanHost.ipCmd(['route', 'show', 'default']), /default/);
  await fault.heal();
  await fault.heal(); // idempotent
  assert.match(await lanHost.ipCmd(['route', 'show', 'default']), /default via 198\.19\.1\.1 /);
  assert.equal((await lanHost.ping('198.18.5.2', FAST)).loss, 0);
  // The remote's static route survived a down of the gateway's WAN end too.
  await (await wan.down('b')).heal();
  assert.match(await remote.ipCmd(['route', 'show', '198.19.1.0/24']), /via 198\.18\.5\.1/);
  assert.equal((await remote.ping('198.19.1.10', FAST)).loss, 0);
});

test('exec reports exit codes and, with check, rejects with stderr', async (t) => {
  const lab = await Lab.create(t);
  const h = await lab.host('h');
  const ok = await h.exec(['sh', '-c', 'echo hi; ip -o link show | wc -l']);
  assert.equal(ok.code, 0);
  // Only lo exists in a fresh namespace: we really are inside it.
  assert.deepEqual(ok.stdout.trim().split('\n'), ['hi', '1']);
  const failed = await h.exec(['sh', '-c', 'echo oops >&2; exit 3']);
  assert.equal(failed.code, 3);
  assert.equal(failed.stderr, 'oops\n');
  await assert.rejects(h.exec(['sh', '-c', 'echo oops >&2; exit 3'], { check: true }), (e: unknown) => {
    assert.ok(e instanceof LabCommandError);
    assert.match(e.message, /exit 3/);
    assert.match(e.message, /oops/);
    assert.equal(e.result.code, 3);
    return true;
  });
  const input = await h.exec(['cat'], { input: 'piped' });
  assert.equal(input.stdout, 'piped');
});

test('spawn returns the real program, running inside the namespace', async (t) => {
  const lab = await Lab.create(t);
  const h = await lab.host('h');
  const child = h.spawn(['sleep', '30'], { stdio: 'ignore' });
  const pid = child.pid;
  assert.ok(pid);
  // The PID is ip's until it has entered the namespace and exec'd the program; same PID after.
  const comm = await pollUntil('exec of sleep', () => {
    const c = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    return c === 'ip' ? undefined : c;
  });
  assert.equal(comm, 'sleep');
  // Same network namespace inode as the one `ip netns` mounted.
  const nsInode = statSync(`/run/netns/${h.ns}`).ino;
  assert.equal(statSync(`/proc/${pid}/ns/net`).ino, nsInode);
  child.kill('SIGTERM');
  const [, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  assert.equal(signal, 'SIGTERM');
});

test('ifname gives unique names of at most 15 characters', async (t) => {
  const lab = await Lab.create(t);
  const first = lab.ifname('wg0');
  const second = lab.ifname('wg0');
  assert.equal(first, `${lab.prefix}wg0`);
  assert.notEqual(first, second);
  assert.ok(second.startsWith(lab.prefix) && second.length <= 15);
  assert.throws(() => lab.ifname('muchtoolongname'), /at most 15/);
  assert.throws(() => lab.ifname('bad/name'), /ifname base/);
  const other = await Lab.create(t);
  assert.notEqual(other.prefix, lab.prefix);
  assert.notEqual(other.ifname('wg0'), first);
});
