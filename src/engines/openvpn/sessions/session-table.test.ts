import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EventInput } from '../../types.js';
import { ClientEnv } from '../management/env.js';
import type { ManagementEvent } from '../management/events.js';
import { NotificationParser } from '../management/notifications.js';
import { parseStatus3 } from '../management/status.js';
import { SessionTable } from './session-table.js';
import type { Session } from './session-table.js';

function feed(table: SessionTable, transcript: string): void {
  const p = new NotificationParser();
  for (const line of transcript.trim().split('\n')) {
    const e: ManagementEvent | undefined = p.feed(line.slice(1));
    if (e) table.apply(e);
  }
}

function setup() {
  const events: EventInput[] = [];
  const changes: Session[][] = [];
  const table = new SessionTable({ events: { record: (e) => events.push(e) }, source: 'openvpn:staff', onChange: (s) => changes.push(s) });
  return { table, events, changes };
}

function hookEnv(vars: Record<string, string>): ClientEnv {
  const e = new ClientEnv();
  for (const [k, v] of Object.entries(vars)) e.add(`${k}=${v}`);
  return e;
}

test('claim, established, bytecount, disconnect hook; a reconnect admitted before the old session ends keeps both apart', () => {
  const { table, events, changes } = setup();
  table.claim('198.18.0.2:38364', 'alice');
  assert.deepEqual(table.forUser('alice'), [{ cid: undefined, realAddress: '198.18.0.2:38364' }], 'a claim counts before ESTABLISHED');
  assert.equal(table.list().length, 0, 'claims are not live sessions');
  feed(table, `
>CLIENT:ESTABLISHED,2
>CLIENT:ENV,trusted_ip=198.18.0.2
>CLIENT:ENV,trusted_port=38364
>CLIENT:ENV,common_name=alice
>CLIENT:ENV,username=alice
>CLIENT:ENV,ifconfig_pool_remote_ip=198.19.99.130
>CLIENT:ENV,END
>BYTECOUNT_CLI:2,2425,2277`);
  assert.equal(table.get(2)?.tunnelAddress, '198.19.99.130');
  assert.equal(table.get(2)?.bytesIn, 2425);
  assert.ok(table.established('198.18.0.2:38364'));
  assert.deepEqual(table.forUser('alice'), [{ cid: 2, realAddress: '198.18.0.2:38364' }], 'the claim became the session');
  assert.equal(events[0]?.kind, 'session.connect');
  table.claim('198.18.0.2:40000', 'alice');
  table.disconnected(hookEnv({ script_type: 'client-disconnect', trusted_ip: '198.18.0.2', trusted_port: '38364', time_duration: '11', bytes_sent: '2493', bytes_received: '2425' }));
  assert.deepEqual(table.forUser('alice'), [{ cid: undefined, realAddress: '198.18.0.2:40000' }]);
  assert.equal(events[1]?.kind, 'session.disconnect');
  assert.deepEqual(events[1]?.detail, { cid: 2, realAddress: '198.18.0.2:38364', tunnelAddress: '198.19.99.130', durationSeconds: 11, bytesIn: 2425, bytesOut: 2493 });
  assert.equal(changes.at(-1)?.length, 0);
});

test('the session id of a claim stays with its session (for the authoriser, not in the listed sessions)', () => {
  const { table } = setup();
  table.claim('198.18.0.2:38364', 'dave', { tunnelAddress: '198.19.99.77', sessionId: 'sidA' });
  assert.deepEqual(table.forUser('dave'), [{ cid: undefined, realAddress: '198.18.0.2:38364', sessionId: 'sidA' }]);
  feed(table, `
>CLIENT:ESTABLISHED,4
>CLIENT:ENV,trusted_ip=198.18.0.2
>CLIENT:ENV,trusted_port=38364
>CLIENT:ENV,common_name=dave
>CLIENT:ENV,username=dave
>CLIENT:ENV,END`);
  assert.deepEqual(table.forUser('dave'), [{ cid: 4, realAddress: '198.18.0.2:38364', sessionId: 'sidA' }]);
  assert.ok(!('sessionId' in (table.get(4) ?? {})), 'not part of Session');
  table.disconnected(hookEnv({ script_type: 'client-disconnect', trusted_ip: '198.18.0.2', trusted_port: '38364' }));
  assert.deepEqual(table.forUser('dave'), []);
});

test('OpenVPN gone: every session and admission ends at once, recorded as unobserved', () => {
  const { table, events, changes } = setup();
  table.claim('198.18.0.2:38364', 'dave', { tunnelAddress: '198.19.99.77', sessionId: 'sidA' });
  feed(table, `
>CLIENT:ESTABLISHED,0
>CLIENT:ENV,trusted_ip=198.18.0.2
>CLIENT:ENV,trusted_port=38364
>CLIENT:ENV,common_name=dave
>CLIENT:ENV,username=dave
>CLIENT:ENV,END`);
  table.claim('198.18.0.2:40000', 'dave', { tunnelAddress: '198.19.99.77', sessionId: 'sidB' });
  table.lost();
  assert.deepEqual(table.forUser('dave'), [], 'no stale CID left to count or kill');
  assert.deepEqual(table.admittedAddresses(), []);
  assert.equal(changes.at(-1)?.length, 0);
  const end = events.find((e) => e.kind === 'session.disconnect');
  assert.equal(end?.detail?.['cid'], 0);
  assert.equal(end?.detail?.['unobserved'], true);
});

test('a snapshot that sees an admitted client before its ESTABLISHED event keeps the claim\'s session id', () => {
  const { table } = setup();
  table.claim('198.18.0.2:38364', 'dave', { tunnelAddress: '198.19.99.77', sessionId: 'sidA' });
  table.adopt(parseStatus3([
    'HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual IPv6 Address\tBytes Received\tBytes Sent\tConnected Since\tConnected Since (time_t)\tUsername\tClient ID\tPeer ID\tData Channel Cipher',
    'CLIENT_LIST\tdave\t198.18.0.2:38364\t198.19.99.77\t\t100\t100\t2026-11-22 02:36:21\t1795314981\tdave\t4\t0\tAES-256-GCM',
  ]));
  feed(table, `
>CLIENT:ESTABLISHED,4
>CLIENT:ENV,trusted_ip=198.18.0.2
>CLIENT:ENV,trusted_port=38364
>CLIENT:ENV,common_name=dave
>CLIENT:ENV,username=dave
>CLIENT:ENV,END`);
  // without it a second device of a static-IP user behind the same NAT would take this session over
  assert.deepEqual(table.forUser('dave'), [{ cid: 4, realAddress: '198.18.0.2:38364', sessionId: 'sidA' }]);
});

test('a snapshot adopts established clients, ignores those still authenticating, ends sessions gone while detached', () => {
  const { table, events } = setup();
  const env = new ClientEnv();
  env.add('common_name=ghost');
  env.add('trusted_ip=198.18.0.9');
  env.add('trusted_port=1');
  table.apply({ type: 'client-established', cid: 9, env });
  const snap = parseStatus3([
    'HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual IPv6 Address\tBytes Received\tBytes Sent\tConnected Since\tConnected Since (time_t)\tUsername\tClient ID\tPeer ID\tData Channel Cipher',
    'CLIENT_LIST\talice\t198.18.0.2:38364\t198.19.99.2\t\t2353\t2277\t2026-11-22 02:36:21\t1795314981\talice\t2\t1\tAES-256-GCM',
    'CLIENT_LIST\tbob\t198.18.0.3:51766\t\t\t2272\t2233\t2026-11-22 02:48:15\t1795315695\tUNDEF\t4\t1\tBF-CBC',
  ]);
  table.adopt(snap);
  assert.deepEqual(table.list().map((s) => [s.cid, s.username, s.tunnelAddress]), [[2, 'alice', '198.19.99.2']]);
  assert.equal(table.get(2)?.since.getTime(), 1795314981000);
  assert.ok(events.some((e) => e.kind === 'session.disconnect' && e.subject === 'ghost' && e.detail?.['unobserved'] === true));
  assert.equal(table.holderOf('198.19.99.2')?.username, 'alice');
});

test('a client admitted with a static address is announced at once and listed until it is established; a dynamic one is not', () => {
  const { table, changes } = setup();
  table.claim('198.18.0.4:5000', 'bob');
  assert.equal(changes.length, 0, 'a dynamic admission has no address to announce');
  assert.deepEqual(table.admittedAddresses(), []);
  table.claim('198.18.0.2:38364', 'dave', { tunnelAddress: '198.19.99.77' });
  assert.equal(changes.length, 1, 'announced at admission, before ESTABLISHED');
  assert.deepEqual(table.admittedAddresses(), [{ username: 'dave', tunnelAddress: '198.19.99.77' }]);
  feed(table, `
>CLIENT:ESTABLISHED,3
>CLIENT:ENV,trusted_ip=198.18.0.2
>CLIENT:ENV,trusted_port=38364
>CLIENT:ENV,common_name=dave
>CLIENT:ENV,ifconfig_pool_remote_ip=198.19.99.77
>CLIENT:ENV,END`);
  assert.deepEqual(table.admittedAddresses(), [], 'now a session');
  assert.equal(table.holderOf('198.19.99.77')?.username, 'dave');
  table.claim('198.18.0.2:40000', 'dave', { tunnelAddress: '198.19.99.77' });
  const before = changes.length;
  table.disconnected(hookEnv({ script_type: 'client-disconnect', trusted_ip: '198.18.0.2', trusted_port: '40000' }));
  assert.deepEqual(table.admittedAddresses(), [], 'a client that ends before ESTABLISHED leaves no address behind');
  assert.equal(changes.length, before + 1, 'and that is announced');
});
