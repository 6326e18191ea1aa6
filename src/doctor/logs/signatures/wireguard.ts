import type { Candidate, Signature } from '../types.js';

/*
 * wireguard-go with LOG_LEVEL=verbose (`DEBUG: (wg0) 2026/11/22 02:39:46 peer(AbCd…wXyZ) - …`, the same text
 * in the Windows/Android apps' `[TUN] [wg0] …` logs), the Linux module's dynamic-debug lines
 * (`wireguard: wg0: Handshake for peer 1 (198.51.100.7:51820) did not complete …`), and the errors of `wg`
 * and `wg-quick`.
 * WireGuard answers nothing to a wrong key, so silence is only a weak signal until it repeats.
 *
 * NOT rules: the "Running wireguard-go is not required because this kernel has first class support
 * for WireGuard" banner (printed on kernels without the module too), "Warning: `/etc/wireguard/wg0.conf' is
 * world accessible", and the kernel's "No peer has allowed IPs matching" for multicast/broadcast
 * destinations (224.0.0.251, 239.255.255.250: mDNS/SSDP sent into the tunnel by the host).
 */
const c = (code: string, confidence: number): Candidate => ({ code, confidence });

export const WIREGUARD: Signature[] = [
  { id: 'wg.handshake-retry', engine: 'wireguard', end: 'any', needles: ['did not complete after'],
    re: /did not complete after \d+ seconds, retrying/, hits: [c('wireguard/handshake-timeout', 0.45)],
    repeat: { step: 0.08, max: 0.85 }, group: 'wg' },
  { id: 'wg.handshake-giving-up', engine: 'wireguard', end: 'any', needles: ['did not complete after'],
    re: /did not complete after \d+ attempts, giving up/, hits: [c('wireguard/handshake-timeout', 0.85)], group: 'wg' },
  // An established session whose peer went quiet (timers.c / timers.go): the tunnel is being torn down and rebuilt.
  { id: 'wg.stopped-hearing', engine: 'wireguard', end: 'any', needles: ['because we stopped hearing back after'],
    re: /Retrying handshake (?:with peer \d+ \(\S+\) )?because we stopped hearing back after \d+ seconds/,
    hits: [c('wireguard/handshake-timeout', 0.45)], repeat: { step: 0.08, max: 0.8 }, group: 'wg' },
  // A log that only shows initiations going out (cut before the first 5-second retry line) is still a handshake
  // never completing; a response or keepalive heals it, so normal re-handshakes every two minutes do not count.
  { id: 'wg.initiation-unanswered', engine: 'wireguard', end: 'initiator', needles: ['Sending handshake initiation'],
    re: /Sending handshake initiation/, hits: [c('wireguard/handshake-timeout', 0.35)], repeat: { step: 0.15, max: 0.6 }, group: 'wg' },
  { id: 'wg.invalid-mac1', engine: 'wireguard', end: 'responder', needles: ['invalid mac1', 'Invalid MAC of handshake'],
    re: /Received packet with invalid mac1|Invalid MAC of handshake/, hits: [c('wireguard/invalid-key', 0.85)], group: 'wg', decisive: true },
  { id: 'wg.invalid-initiation', engine: 'wireguard', end: 'responder', needles: ['invalid initiation message', 'Invalid handshake initiation'],
    re: /Received invalid initiation message from|Invalid handshake initiation from/, hits: [c('wireguard/unknown-peer', 0.8), c('wireguard/invalid-key', 0.3)], group: 'wg', decisive: true },
  { id: 'wg.invalid-response', engine: 'wireguard', end: 'initiator', needles: ['invalid response message', 'Invalid handshake response'],
    re: /Received invalid response message from|Invalid handshake response from/, hits: [c('wireguard/invalid-key', 0.7)], group: 'wg', decisive: true },
  // `wg setconf` given a wg-quick file (Address=, DNS=, PostUp= are wg-quick's, not wg's), or a typo.
  { id: 'wg.line-unrecognized', engine: 'wireguard', end: 'any', needles: ['Line unrecognized: '],
    re: /Line unrecognized: [`']/, hits: [c('wireguard/config-invalid', 0.88)], group: 'wg', decisive: true },
  { id: 'wg.config-missing', engine: 'wireguard', end: 'any', needles: ["' does not exist"],
    re: /wg-quick: `[^']*\.conf' does not exist/, hits: [c('wireguard/config-invalid', 0.8)] },
  // The summary line after any parse error: the line before it (bad key, unresolvable name) says why.
  { id: 'wg.parse-error', engine: 'wireguard', end: 'any', needles: ['Configuration parsing error'],
    re: /Configuration parsing error/, hits: [c('wireguard/config-invalid', 0.6)], group: 'wg' },
  { id: 'wg.bad-key-format', engine: 'wireguard', end: 'any', needles: ['Key is not the correct length or format'],
    re: /Key is not the correct length or format/, hits: [c('wireguard/invalid-key', 0.95)], decisive: true, group: 'wg' },
  // gai_strerror() of glibc, musl (Alpine, OpenWrt: "Name does not resolve", "Try again") and BSD/macOS.
  { id: 'wg.resolve', engine: 'wireguard', end: 'any',
    needles: ['Name or service not known: ', 'Temporary failure in name resolution: ', 'Name does not resolve: ', 'nor servname provided, or not known: ', 'Try again: `'],
    re: /(?:Name or service not known|Temporary failure in name resolution|Name does not resolve|nodename nor servname provided, or not known): [`']|Try again: `/, hits: [c('wireguard/endpoint-unresolved', 0.85), c('net/ddns-stale', 0.35)] },
  { id: 'wg.uapi-in-use', engine: 'wireguard', end: 'any', needles: ['UAPI listen error'],
    re: /UAPI listen error/, hits: [c('wireguard/uapi-socket-in-use', 0.9)] },
  // wg-quick on a kernel without the wireguard module (and no userspace fallback configured).
  { id: 'wg.no-module', engine: 'wireguard', end: 'any', needles: ['Unable to access interface: Protocol not supported'],
    re: /Unable to access interface: Protocol not supported/, hits: [c('host/engine-missing', 0.8), c('host/tun-unavailable', 0.3)] },
  { id: 'wg.interface-exists', engine: 'wireguard', end: 'any', needles: ["' already exists"],
    re: /wg-quick: `[^']+' already exists/, hits: [c('wireguard/uapi-socket-in-use', 0.7)] },
  // wg-quick with DNS= calls resolvconf; without it the interface is deleted again.
  { id: 'wg.resolvconf', engine: 'wireguard', end: 'any', needles: ['resolvconf: command not found', 'resolvconf: not found'],
    re: /resolvconf: (?:command )?not found/, hits: [c('wireguard/resolvconf-missing', 0.9)] },
  { id: 'wg.tun', engine: 'wireguard', end: 'any', needles: ['Failed to create TUN device'],
    re: /Failed to create TUN device/, hits: [c('host/tun-unavailable', 0.85)] },
  { id: 'wg.send-failed', engine: 'wireguard', end: 'initiator', needles: ['Failed to send handshake initiation'],
    re: /Failed to send handshake initiation:? .*(?:network is unreachable|no route to host)/, hits: [c('net/host-unreachable', 0.6)] },
  // A local firewall (nftables/iptables OUTPUT) drops the initiation before it leaves the host.
  { id: 'wg.send-eperm', engine: 'wireguard', end: 'initiator', needles: ['Failed to send handshake initiation'],
    re: /Failed to send handshake initiation:? .*operation not permitted/, hits: [c('net/port-unreachable', 0.6)], group: 'wg' },
  // The kernel has no peer whose AllowedIPs covers a destination routed into the interface (unicast only).
  { id: 'wg.no-peer-for-dst', engine: 'wireguard', end: 'any', needles: ['No peer has allowed IPs matching'],
    re: /No peer has allowed IPs matching (?:(?:[1-9]?[0-9]|1[0-9][0-9]|2[01][0-9]|22[0-3])\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}|[23][0-9a-f]{3}:)/,
    hits: [c('wireguard/allowed-ips-mismatch', 0.55)], repeat: { step: 0.02, max: 0.8 } },
  { id: 'wg.allowed-ips', engine: 'wireguard', end: 'any', needles: ['disallowed source address', 'unallowed src IP'],
    re: /packet with disallowed source address from|Packet has unallowed src IP/, hits: [c('wireguard/allowed-ips-mismatch', 0.75)],
    repeat: { step: 0.02, max: 0.85 } },
  { id: 'wg.handshake-ok', engine: 'wireguard', end: 'any',
    needles: ['Received handshake response', 'Receiving handshake response', 'Receiving keepalive packet', 'Sending handshake response', ' created for peer '],
    re: /Received handshake response|Receiving handshake response|Receiving keepalive packet|Sending handshake response|Keypair \d+ created for peer \d+/,
    heals: ['wireguard/handshake-timeout', 'wireguard/invalid-key', 'wireguard/unknown-peer', 'wireguard/endpoint-unresolved', 'net/*'] },
];
