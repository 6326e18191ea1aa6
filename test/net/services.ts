/**
 * Tiny bounded services for the net tests, run with this Node inside lab namespaces: TCP ports answer
 * with the address they saw the client come from (to observe NAT), UDP ports echo. The server exits by
 * itself after lifetimeMs even if nobody kills it.
 */
import type { Host } from '../lab/index.js';

const SERVER = String.raw`
const net = require('node:net'), dgram = require('node:dgram');
const [ip, tcpList, udpList, lifetime] = process.argv.slice(1);
for (const p of tcpList.split(',').filter(Boolean)) {
  // probes reset the connection at once; an unhandled socket error would end the whole service
  net.createServer((s) => { s.on('error', () => {}); s.end(s.remoteAddress + '\n'); }).listen(Number(p), ip);
}
for (const p of udpList.split(',').filter(Boolean)) {
  const u = dgram.createSocket('udp4');
  u.on('message', (m, r) => u.send(m, r.port, r.address));
  u.bind(Number(p), ip);
}
setTimeout(() => process.exit(0), Number(lifetime));
`;

const CLIENT = String.raw`
const net = require('node:net');
const [ip, port, timeout] = process.argv.slice(1);
const s = net.connect({ host: ip, port: Number(port) });
let got = '';
const t = setTimeout(() => { console.log('TIMEOUT'); process.exit(0); }, Number(timeout));
s.on('data', (d) => { got += d; });
s.on('end', () => { clearTimeout(t); console.log(got.trim()); process.exit(0); });
s.on('error', (e) => { clearTimeout(t); console.log('ERROR ' + e.code); process.exit(0); });
`;

export interface ServiceOptions {
  tcp?: number[];
  udp?: number[];
  lifetimeMs?: number;
}

/** Starts the service on host at ip and waits until every socket is bound; returns the server's PID. */
export async function startServices(host: Host, ip: string, opts: ServiceOptions): Promise<number> {
  const tcp = opts.tcp ?? [];
  const udp = opts.udp ?? [];
  const child = host.spawn([process.execPath, '-e', SERVER, ip, tcp.join(','), udp.join(','), String(opts.lifetimeMs ?? 120_000)], {
    stdio: 'ignore',
  });
  for (const p of tcp) await host.waitForSocket('tcp', p);
  for (const p of udp) await host.waitForSocket('udp', p);
  if (child.pid === undefined) throw new Error('service did not start');
  return child.pid;
}

/** The client address the service at ip:port saw, or "TIMEOUT" / "ERROR <code>". */
export async function peerSeenBy(client: Host, ip: string, port: number, timeoutMs = 1500): Promise<string> {
  const r = await client.exec([process.execPath, '-e', CLIENT, ip, String(port), String(timeoutMs)], { timeoutMs: timeoutMs + 10_000 });
  return r.stdout.trim();
}
