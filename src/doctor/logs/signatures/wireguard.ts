import type { Candidate, Signature } from '../types.js';

/*
 * wireguard-go with LOG_LEVEL=verbose (`DEBUG: (wg0) 2026/11/22 02:39:46 peer(AbCd…wXyZ) - …`), the
 * Linux module's dynamic-debug lines (`wireguard: wg0: …`), and the `wg` tool's errors.
 * WireGuard answers nothing to a wrong key, so silence is only a weak signal until it repeats.
 *
 * NOT a rule: the "Running wireguard-go is not required because this kernel has first class support
 * for WireGuard" banner (printed on kernels without the module too).
 */
const c = (code: string, confidence: number): Candidate => ({ code, confidence });

export const WIREGUARD: Signature[] = [
  { id: 'wg.handshake-retry', engine: 'wireguard', end: 'any', needles: ['did not complete after'],
    re: /did not complete after \d+ seconds, retrying/, hits: [c('wireguard/handshake-timeout', 0.45)],
    repeat: { step: 0.08, max: 0.85 }, group: 'wg' },
  { id: 'wg.handshake-giving-up', engine: 'wireguard', end: 'any', needles: ['did not complete after'],
    re: /did not complete after \d+ attempts, giving up/, hits: [c('wireguard/handshake-timeout', 0.85)], group: 'wg' },
  { id: 'wg.invalid-mac1', engine: 'wireguard', end: 'responder', needles: ['invalid mac1', 'Invalid MAC of handshake'],
    re: /Received packet with invalid mac1|Invalid MAC of handshake/, hits: [c('wireguard/invalid-key', 0.85)], group: 'wg', decisive: true },
  { id: 'wg.invalid-initiation', engine: 'wireguard', end: 'responder', needles: ['invalid initiation message', 'Invalid handshake initiation'],
    re: /Received invalid initiation message from|Invalid handshake initiation from/, hits: [c('wireguard/unknown-peer', 0.8), c('wireguard/invalid-key', 0.3)], group: 'wg', decisive: true },
  { id: 'wg.invalid-response', engine: 'wireguard', end: 'initiator', needles: ['invalid response message', 'Invalid handshake response'],
    re: /Received invalid response message from|Invalid handshake response from/, hits: [c('wireguard/invalid-key', 0.7)], group: 'wg', decisive: true },
  { id: 'wg.bad-key-format', engine: 'wireguard', end: 'any', needles: ['Key is not the correct length or format'],
    re: /Key is not the correct length or format/, hits: [c('wireguard/invalid-key', 0.95)], decisive: true, group: 'wg' },
  { id: 'wg.resolve', engine: 'wireguard', end: 'any', needles: ['Name or service not known: `', 'Temporary failure in name resolution: `'],
    re: /(?:Name or service not known|Temporary failure in name resolution): `/, hits: [c('wireguard/endpoint-unresolved', 0.85), c('net/ddns-stale', 0.35)] },
  { id: 'wg.uapi-in-use', engine: 'wireguard', end: 'any', needles: ['UAPI listen error'],
    re: /UAPI listen error/, hits: [c('wireguard/uapi-socket-in-use', 0.9)] },
  { id: 'wg.tun', engine: 'wireguard', end: 'any', needles: ['Failed to create TUN device'],
    re: /Failed to create TUN device/, hits: [c('host/tun-unavailable', 0.85)] },
  { id: 'wg.send-failed', engine: 'wireguard', end: 'initiator', needles: ['Failed to send handshake initiation'],
    re: /Failed to send handshake initiation:? .*(?:network is unreachable|no route to host)/, hits: [c('net/host-unreachable', 0.6)] },
  { id: 'wg.allowed-ips', engine: 'wireguard', end: 'any', needles: ['disallowed source address', 'unallowed src IP'],
    re: /packet with disallowed source address from|Packet has unallowed src IP/, hits: [c('wireguard/allowed-ips-mismatch', 0.75)],
    repeat: { step: 0.02, max: 0.85 } },
  { id: 'wg.handshake-ok', engine: 'wireguard', end: 'any',
    needles: ['Received handshake response', 'Receiving handshake response', 'Receiving keepalive packet', 'Sending handshake response'],
    re: /Received handshake response|Receiving handshake response|Receiving keepalive packet|Sending handshake response/,
    heals: ['wireguard/handshake-timeout', 'wireguard/invalid-key', 'wireguard/unknown-peer', 'wireguard/endpoint-unresolved', 'net/*'] },
];
