/**
 * TCP and UDP reachability of a service. A socket cannot be opened in another network namespace from
 * this process (setns applies to a whole thread), so the probe runs as a tiny Node child under
 * `ip netns exec`, with host and port as argv (never interpolated into code). Without a namespace the
 * same child runs in the host namespace, so both paths are the same code.
 *
 * UDP answers are asymmetric: a reply means open; an ICMP port unreachable (ECONNREFUSED on a connected
 * socket) means closed; silence means unknown — a filter dropping it, a service ignoring malformed or
 * unauthenticated packets (OpenVPN with tls-auth/tls-crypt drops our hard reset on purpose), or loss.
 */
import { randomBytes } from 'node:crypto';
import { exec } from '../exec.js';
import { checkInt, probeTarget } from './target.js';

export type TcpState = 'open' | 'closed' | 'unreachable' | 'timeout';
export type UdpState = 'open' | 'closed' | 'unknown';

export interface PortProbeOptions {
  namespace?: string | undefined;
  /** default 2000 ms */
  timeoutMs?: number;
}

export interface UdpProbeOptions extends PortProbeOptions {
  /** packet shape to send; default 'openvpn' */
  payload?: 'ike' | 'openvpn';
}

export interface TcpProbeResult {
  host: string;
  port: number;
  state: TcpState;
  /** the socket error code, when there was one */
  error?: string;
}

export interface UdpProbeResult {
  host: string;
  port: number;
  state: UdpState;
  replyBytes?: number;
  error?: string;
}

/** IKEv2 header of an IKE_SA_INIT request (RFC 7296 §3.1) with no payloads: random SPIi, zero SPIr. */
export function ikeSaInitShaped(): Buffer {
  const b = Buffer.alloc(28);
  randomBytes(8).copy(b, 0);
  b[16] = 0; // next payload: none
  b[17] = 0x20; // version 2.0
  b[18] = 34; // IKE_SA_INIT
  b[19] = 0x08; // initiator
  b.writeUInt32BE(0, 20); // message id
  b.writeUInt32BE(28, 24); // length
  return b;
}

/** P_CONTROL_HARD_RESET_CLIENT_V2 (opcode 7, key id 0) without tls-auth: session id, empty ack array, packet id 0. */
export function openvpnHardResetShaped(): Buffer {
  return Buffer.concat([Buffer.from([7 << 3]), randomBytes(8), Buffer.from([0]), Buffer.alloc(4)]);
}

const CHILD = String.raw`
const net = require('node:net'), dgram = require('node:dgram');
const [mode, host, portText, timeoutText, payloadHex] = process.argv.slice(1);
const port = Number(portText), timeout = Number(timeoutText);
const done = (r) => { process.stdout.write(JSON.stringify(r) + '\n'); process.exit(0); };
if (mode === 'tcp') {
  const s = net.connect({ host, port });
  const timer = setTimeout(() => { s.destroy(); done({ state: 'timeout' }); }, timeout);
  s.on('connect', () => { clearTimeout(timer); s.destroy(); done({ state: 'open' }); });
  s.on('error', (e) => {
    clearTimeout(timer);
    const refused = e.code === 'ECONNREFUSED';
    done({ state: refused ? 'closed' : e.code === 'ETIMEDOUT' ? 'timeout' : 'unreachable', error: e.code || e.message });
  });
} else {
  const s = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
  const timer = setTimeout(() => { s.close(); done({ state: 'unknown' }); }, timeout);
  s.on('message', (m) => { clearTimeout(timer); s.close(); done({ state: 'open', replyBytes: m.length }); });
  s.on('error', (e) => {
    clearTimeout(timer); s.close();
    done({ state: e.code === 'ECONNREFUSED' ? 'closed' : 'unknown', error: e.code || e.message });
  });
  s.connect(port, host, () => s.send(Buffer.from(payloadHex, 'hex')));
}
`;

async function runChild(mode: 'tcp' | 'udp', host: string, port: number, opts: PortProbeOptions, payload = ''): Promise<Record<string, unknown>> {
  probeTarget(host);
  checkInt('port', port, 1, 65_535);
  const timeoutMs = checkInt('timeoutMs', opts.timeoutMs ?? 2000, 1, 120_000);
  const argv = [process.execPath, '-e', CHILD, mode, host, String(port), String(timeoutMs), payload];
  const r = await exec(argv, { namespace: opts.namespace, timeoutMs: timeoutMs + 10_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !line.startsWith('{')) throw new Error(`${mode} probe of ${host}:${port} failed: ${r.stderr.trim().slice(0, 300)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** A full TCP connect, closed at once. */
export async function tcpProbe(host: string, port: number, opts: PortProbeOptions = {}): Promise<TcpProbeResult> {
  const r = await runChild('tcp', host, port, opts);
  return { host, port, state: r.state as TcpState, ...(typeof r.error === 'string' ? { error: r.error } : {}) };
}

/** One datagram shaped like the service's first packet; see the file comment for what each state means. */
export async function udpProbe(host: string, port: number, opts: UdpProbeOptions = {}): Promise<UdpProbeResult> {
  const packet = (opts.payload ?? 'openvpn') === 'ike' ? ikeSaInitShaped() : openvpnHardResetShaped();
  const r = await runChild('udp', host, port, opts, packet.toString('hex'));
  return {
    host,
    port,
    state: r.state as UdpState,
    ...(typeof r.replyBytes === 'number' ? { replyBytes: r.replyBytes } : {}),
    ...(typeof r.error === 'string' ? { error: r.error } : {}),
  };
}
