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

test('claim, address, established, bytecount; reconnect CONNECT before the old DISCONNECT keeps the new session', () => {
  const { table, events, changes } = setup();
  table.claim(2, 'alice', '198.18.0.2:38364');
  feed(table, `
>CLIENT:ADDRESS,2,198.19.99.2,1
>CLIENT:ESTABLISHED,2
>CLIENT:ENV,common_name=alice
>CLIENT:ENV,ifconfig_pool_remote_ip=198.19.99.2
>CLIENT:ENV,END
>BYTECOUNT_CLI:2,2425,2277`);
  assert.equal(table.get(2)?.state, 'established');
  assert.equal(table.get(2)?.tunnelAddress, '198.19.99.2');
  assert.equal(table.get(2)?.bytesIn, 2425);
  assert.equal(events[0]?.kind, 'session.connect');
  table.claim(3, 'alice', '198.18.0.2:40000');
  feed(table, `
>CLIENT:DISCONNECT,2
>CLIENT:ENV,time_duration=11
>CLIENT:ENV,bytes_sent=2493
>CLIENT:ENV,bytes_received=2425
>CLIENT:ENV,END`);
  assert.deepEqual(table.list().map((s) => s.cid), [3]);
  assert.equal(events[1]?.kind, 'session.disconnect');
  assert.deepEqual(events[1]?.detail, { cid: 2, realAddress: '198.18.0.2:38364', tunnelAddress: '198.19.99.2', durationSeconds: 11, bytesIn: 2425, bytesOut: 2493 });
  assert.equal(changes.at(-1)?.length, 0, 'authorizing sessions are not reported as live');
});

test('a snapshot adopts established clients, reports orphans, drops sessions gone while detached', () => {
  const { table, events } = setup();
  table.claim(9, 'ghost', '198.18.0.9:1');
  const env = new ClientEnv();
  env.add('common_name=ghost');
  table.apply({ type: 'client-established', cid: 9, env });
  const snap = parseStatus3([
    'HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual IPv6 Address\tBytes Received\tBytes Sent\tConnected Since\tConnected Since (time_t)\tUsername\tClient ID\tPeer ID\tData Channel Cipher',
    'CLIENT_LIST\talice\t198.18.0.2:38364\t198.19.99.2\t\t2353\t2277\t2026-11-22 02:36:21\t1795314981\talice\t2\t1\tAES-256-GCM',
    'CLIENT_LIST\tbob\t198.18.0.3:51766\t\t\t2272\t2233\t2026-11-22 02:48:15\t1795315695\tUNDEF\t4\t1\tBF-CBC',
  ]);
  const orphans = table.adopt(snap);
  assert.deepEqual(orphans, [4]);
  assert.deepEqual(table.list().map((s) => [s.cid, s.username, s.tunnelAddress, s.state]), [[2, 'alice', '198.19.99.2', 'established']]);
  assert.equal(table.get(2)?.since.getTime(), 1795314981000);
  assert.ok(events.some((e) => e.kind === 'session.disconnect' && e.subject === 'ghost'));
  assert.equal(table.holderOf('198.19.99.2')?.username, 'alice');
});
