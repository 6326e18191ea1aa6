/** Exact transcripts recorded from OpenVPN 2.6.14 (engines-lab.md §3.6), fed through the parsers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import type { ManagementEvent } from './events.js';
import { NotificationParser } from './notifications.js';
import { ManagementCommandError, ReplyMatcher } from './replies.js';
import { parseStatus3 } from './status.js';
import { ManagementClient, ManagementNotAttachedError } from './client.js';

const CONNECT_WITH_PASSWORD = `>CLIENT:CONNECT,1,1
>CLIENT:ENV,n_clients=1
>CLIENT:ENV,password=s3cret
>CLIENT:ENV,untrusted_port=41874
>CLIENT:ENV,untrusted_ip=198.18.0.2
>CLIENT:ENV,common_name=client2
>CLIENT:ENV,username=alice
>CLIENT:ENV,IV_VER=2.6.14
>CLIENT:ENV,tls_serial_hex_0=04:6b:dd:af:69:61:0f:ba:04:05:ea:ed:ef:00:07:6e:4f:5c:47:6b
>CLIENT:ENV,tls_serial_0=25241454324216176278338328793042571754687186795
>CLIENT:ENV,tls_id_0=CN=client2
>CLIENT:ENV,END`;

const ESTABLISHED = `>CLIENT:ADDRESS,0,198.19.99.50,1
>CLIENT:ESTABLISHED,0
>CLIENT:ENV,n_clients=1
>CLIENT:ENV,ifconfig_pool_netmask=255.255.255.0
>CLIENT:ENV,ifconfig_pool_remote_ip=198.19.99.50
>CLIENT:ENV,time_unix=1795314946
>CLIENT:ENV,END`;

const STATUS3 = [
  'TITLE\tOpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)] [LZO] [LZ4] [EPOLL] [PKCS11] [MH/PKTINFO] [AEAD] [DCO]',
  'TIME\t2026-11-22 02:36:25\t1795314985',
  'HEADER\tCLIENT_LIST\tCommon Name\tReal Address\tVirtual Address\tVirtual IPv6 Address\tBytes Received\tBytes Sent\tConnected Since\tConnected Since (time_t)\tUsername\tClient ID\tPeer ID\tData Channel Cipher',
  'CLIENT_LIST\tclient1\t198.18.0.2:33840\t198.19.99.50\t\t3007\t2793\t2026-11-22 02:35:46\t1795314946\tUNDEF\t0\t0\tAES-256-GCM',
  'CLIENT_LIST\tclient2\t198.18.0.2:38364\t198.19.99.2\t\t2353\t2277\t2026-11-22 02:36:21\t1795314981\talice\t2\t1\tAES-256-GCM',
  'CLIENT_LIST\tclient2\t198.18.0.2:51766\t\t\t2272\t2233\t2026-11-22 02:48:15\t1795315695\tUNDEF\t1\t1\tBF-CBC',
  'HEADER\tROUTING_TABLE\tVirtual Address\tCommon Name\tReal Address\tLast Ref\tLast Ref (time_t)',
  'ROUTING_TABLE\t198.19.99.50\tclient1\t198.18.0.2:33840\t2026-11-22 02:35:54\t1795314954',
  'GLOBAL_STATS\tMax bcast/mcast queue length\t1',
  'GLOBAL_STATS\tdco_enabled\t0',
];

function feedAll(text: string): ManagementEvent[] {
  const p = new NotificationParser();
  const out: ManagementEvent[] = [];
  for (const line of text.split('\n')) {
    const e = p.feed(line.slice(1));
    if (e) out.push(e);
  }
  return out;
}

test('CONNECT block becomes one event; the password is kept apart from every rendering', () => {
  const [e, ...rest] = feedAll(CONNECT_WITH_PASSWORD);
  assert.equal(rest.length, 0);
  assert.ok(e && e.type === 'client-connect');
  assert.equal(e.cid, 1);
  assert.equal(e.kid, 1);
  assert.equal(e.env.commonName, 'client2');
  assert.equal(e.env.username, 'alice');
  assert.equal(e.env.realAddress, '198.18.0.2:41874');
  assert.equal(e.env.certificateSerial, '25241454324216176278338328793042571754687186795');
  assert.equal(e.env.password(), 's3cret');
  for (const rendering of [JSON.stringify(e), String(e.env), inspect(e, { depth: 10 }), inspect(e.env, { showHidden: true })]) {
    assert.ok(!rendering.includes('s3cret'), `password leaked into: ${rendering}`);
  }
  assert.equal(e.env.get('password'), undefined);
});

test('ADDRESS is a single line; ESTABLISHED waits for its ENV block', () => {
  const events = feedAll(ESTABLISHED);
  assert.deepEqual(events.map((e) => e.type), ['client-address', 'client-established']);
  const [addr, est] = events;
  assert.ok(addr?.type === 'client-address' && est?.type === 'client-established');
  assert.equal(addr.address, '198.19.99.50');
  assert.equal(addr.primary, true);
  assert.equal(est.env.get('ifconfig_pool_remote_ip'), '198.19.99.50');
});

test('reconnect CONNECT before the old DISCONNECT, an empty DISCONNECT block, bytecount and info', () => {
  const events = feedAll(
    [
      '>INFO:OpenVPN Management Interface Version 5 -- type \'help\' for more info',
      '>CLIENT:CONNECT,3,1',
      '>CLIENT:ENV,common_name=client2',
      '>CLIENT:ENV,END',
      '>CLIENT:DISCONNECT,2',
      '>CLIENT:ENV,time_duration=11',
      '>CLIENT:ENV,bytes_sent=2493',
      '>CLIENT:ENV,END',
      '>CLIENT:DISCONNECT,1',
      '>CLIENT:ENV,END',
      '>BYTECOUNT_CLI:2,2425,2277',
      '>HOLD:Waiting for hold release:0',
    ].join('\n'),
  );
  assert.deepEqual(
    events.map((e) => e.type),
    ['info', 'client-connect', 'client-disconnect', 'client-disconnect', 'bytecount-client', 'hold'],
  );
  const disc = events[2];
  assert.ok(disc?.type === 'client-disconnect');
  assert.equal(disc.cid, 2);
  assert.equal(disc.env.get('bytes_sent'), '2493');
  assert.deepEqual(events[4], { type: 'bytecount-client', cid: 2, bytesIn: 2425, bytesOut: 2277 });
});

test('replies are matched to commands in order, multi-line until END, ERROR rejects', async () => {
  const m = new ReplyMatcher();
  const results: Array<Promise<string[]>> = [];
  const send = (verb: string, multiline: boolean): void => {
    results.push(new Promise((resolve, reject) => m.push({ verb, multiline, resolve, reject })));
  };
  send('client-auth', false);
  send('version', true);
  send('client-kill', false);
  send('status', true);
  for (const line of [
    'SUCCESS: client-auth command succeeded',
    'OpenVPN Version: OpenVPN 2.6.14 x86_64-pc-linux-gnu',
    'Management Version: 5',
    'END',
    'ERROR: client-kill command failed',
    ...STATUS3,
    'END',
  ]) {
    assert.equal(m.feed(line), true);
  }
  const [auth, version, kill, status] = await Promise.allSettled(results);
  assert.deepEqual(auth, { status: 'fulfilled', value: ['client-auth command succeeded'] });
  assert.deepEqual(version, {
    status: 'fulfilled',
    value: ['OpenVPN Version: OpenVPN 2.6.14 x86_64-pc-linux-gnu', 'Management Version: 5'],
  });
  assert.equal(kill?.status, 'rejected');
  assert.ok(kill.status === 'rejected' && kill.reason instanceof ManagementCommandError);
  assert.equal(kill.reason.reply, 'client-kill command failed');
  assert.ok(status?.status === 'fulfilled' && status.value.length === STATUS3.length);
  assert.equal(m.feed('SUCCESS: stray'), false);
});

test('status 3: clients, pending client without address, routes', () => {
  const s = parseStatus3(STATUS3);
  assert.equal(s.clients.length, 3);
  const [c1, c2, pending] = s.clients;
  assert.equal(c1?.commonName, 'client1');
  assert.equal(c1?.username, undefined);
  assert.equal(c1?.virtualAddress, '198.19.99.50');
  assert.equal(c1?.bytesIn, 3007);
  assert.equal(c1?.connectedSince.getTime(), 1795314946000);
  assert.equal(c2?.username, 'alice');
  assert.equal(c2?.cid, 2);
  assert.equal(c2?.peerId, 1);
  assert.equal(pending?.virtualAddress, '');
  assert.equal(pending?.cipher, 'BF-CBC');
  assert.equal(s.routes[0]?.virtualAddress, '198.19.99.50');
  assert.equal(s.globalStats['dco_enabled'], '0');
  assert.equal(s.time?.getTime(), 1795314985000);
});

test('client-kill sends RESTART or HALT with a plain reason, quoted; anything that could leave the argument is refused', async () => {
  // never started: a message that passes the check meets "not attached", one that does not is refused first
  const client = new ManagementClient({ socketPath: '/nonexistent/mgmt.sock' });
  for (const ok of ['HALT', 'RESTART', 'HALT,replaced by a newer connection of the same user (static IP)']) {
    await assert.rejects(client.clientKill(3, ok), ManagementNotAttachedError, ok);
  }
  for (const bad of ['HALT,"x" injected', 'HALT,a\nclient-kill 4', 'HALT,back\\slash', 'EXIT', 'HALT,', 'halt']) {
    await assert.rejects(client.clientKill(3, bad), /client-kill: refusing message/, JSON.stringify(bad));
  }
});
