import type { Candidate, Signature } from '../types.js';

/*
 * strongSwan charon 5.x/6.x, both ends. Messages are matched anywhere in the line, so the filelog
 * format (`Nov 22 02:37:58 12[IKE] <s2s|1> …`), syslog/journal (`charon-systemd[2440]: …`) and the
 * swanctl/VICI control-log (`[IKE] …`) all work. Texts are strongSwan's own DBG1 strings.
 *
 * Deliberately NOT rules: "remote host is behind NAT" (kernel-libipsec fakes NAT detection, so it is
 * always logged), "local host is behind NAT, sending keep alives", "sending DPD request" alone.
 */
const c = (code: string, confidence: number): Candidate => ({ code, confidence });

const IKE_PHASE1 = ['IKE_SA_INIT', 'ID_PROT', 'AGGRESSIVE'];
const byExchange = (
  p1: readonly Candidate[], auth: readonly Candidate[], child: readonly Candidate[], info: readonly Candidate[],
): Record<string, readonly Candidate[]> => {
  const out: Record<string, readonly Candidate[]> = { IKE_AUTH: auth, CREATE_CHILD_SA: child, QUICK_MODE: child, DPD: info, INFORMATIONAL: info, INFORMATIONAL_V1: info };
  for (const x of IKE_PHASE1) out[x] = p1;
  return out;
};

/** Codes an established IKE_SA disproves (the CHILD_SA may still be missing, so not the phase-2 ones). */
const HEALED_BY_IKE = [
  'ike/phase1-proposal-mismatch', 'ike/authentication-fail', 'ike/config-id-mismatch', 'ike/peer-address-mismatch',
  'ike/version-mismatch', 'ike/responder-dh-mismatch', 'ike/initiator-dh-mismatch', 'ike/exchange-timeout',
  'ike/dpd-timeout', 'ike/peer-request', 'ike/exchange-mode-mismatch', 'ike/malformed-message', 'ike/malformed-payload',
  'ike/cert-untrusted', 'ike/cert-expired', 'ike/rekey-fail', 'net/*',
];

export const STRONGSWAN: Signature[] = [
  // ── context: which exchange / which proposal list the following lines belong to ──
  // `sent`: the request this end is waiting an answer for (what a retransmit timeout is about);
  // `recv`: the request this end is answering (what a responder's refusal is about).
  { id: 'ss.ctx.sent', engine: 'strongswan', end: 'any', needles: ['generating '],
    re: /generating (IKE_SA_INIT|IKE_AUTH|CREATE_CHILD_SA|INFORMATIONAL_V1|INFORMATIONAL|ID_PROT|AGGRESSIVE|QUICK_MODE|TRANSACTION) request/,
    sets: { key: 'sent', fromGroup: 1 } },
  { id: 'ss.ctx.recv', engine: 'strongswan', end: 'any', needles: ['parsed '],
    re: /parsed (IKE_SA_INIT|IKE_AUTH|CREATE_CHILD_SA|INFORMATIONAL_V1|INFORMATIONAL|ID_PROT|AGGRESSIVE|QUICK_MODE|TRANSACTION) request/,
    sets: { key: 'recv', fromGroup: 1 } },
  { id: 'ss.ctx.dpd', engine: 'strongswan', end: 'any', needles: ['sending DPD request'],
    re: /sending DPD request/, sets: { key: 'sent', value: 'DPD' } },
  { id: 'ss.ctx.proposals', engine: 'strongswan', end: 'responder', needles: ['received proposals: '],
    re: /received proposals: (IKE|ESP|AH):/, sets: { key: 'proposal', fromGroup: 1 } },

  // ── proposals ──
  { id: 'ss.p1.unacceptable', engine: 'strongswan', end: 'responder', needles: ['received proposals unacceptable'],
    re: /received proposals unacceptable/, hits: [c('ike/phase1-proposal-mismatch', 0.95)], group: 'proposal', decisive: true },
  { id: 'ss.p1.no-proposal-notify', engine: 'strongswan', end: 'initiator', needles: ['NO_PROPOSAL_CHOSEN notify error'],
    re: /received NO_PROPOSAL_CHOSEN notify error/,
    hits: [c('ike/phase1-proposal-mismatch', 0.8), c('ike/peer-address-mismatch', 0.3), c('ike/version-mismatch', 0.2)], group: 'proposal' },
  // An IKEv1 request refused for want of a config is most often an IKEv2-only peer (and vice versa
  // for IKE_SA_INIT), but the log cannot tell that apart from unknown addresses: both are offered.
  { id: 'ss.no-ike-config', engine: 'strongswan', end: 'responder', needles: ['no IKE config found for'],
    re: /no IKE config found for \S+\.\.\.\S+, sending NO_PROPOSAL_CHOSEN/, group: 'proposal', decisive: true,
    byContext: { key: 'recv',
      cases: { ID_PROT: [c('ike/version-mismatch', 0.6), c('ike/peer-address-mismatch', 0.5)], AGGRESSIVE: [c('ike/version-mismatch', 0.6), c('ike/peer-address-mismatch', 0.5)] },
      otherwise: [c('ike/peer-address-mismatch', 0.8), c('ike/version-mismatch', 0.35)] } },
  { id: 'ss.no-acceptable-proposal', engine: 'strongswan', end: 'responder', needles: ['no acceptable proposal found'],
    re: /no acceptable proposal found/, group: 'proposal', decisive: true,
    byContext: { key: 'proposal',
      cases: { IKE: [c('ike/phase1-proposal-mismatch', 0.92)], ESP: [c('ike/phase2-proposal-or-pfs-mismatch', 0.93)], AH: [c('ike/phase2-proposal-or-pfs-mismatch', 0.93)] },
      otherwise: [c('ike/phase2-proposal-or-pfs-mismatch', 0.7), c('ike/phase1-proposal-mismatch', 0.35)] } },
  { id: 'ss.p2.no-proposal-notify', engine: 'strongswan', end: 'initiator', needles: ['NO_PROPOSAL_CHOSEN notify, no CHILD_SA built'],
    re: /received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built/, hits: [c('ike/phase2-proposal-or-pfs-mismatch', 0.88)], group: 'proposal' },
  { id: 'ss.v1.no-proposal-notify', engine: 'strongswan', end: 'initiator', needles: ['NO_PROPOSAL_CHOSEN error notify'],
    re: /received NO_PROPOSAL_CHOSEN error notify/, group: 'proposal',
    byContext: { key: 'sent',
      cases: {
        QUICK_MODE: [c('ike/phase2-proposal-or-pfs-mismatch', 0.8)],
        ID_PROT: [c('ike/phase1-proposal-mismatch', 0.55), c('ike/version-mismatch', 0.35), c('ike/peer-address-mismatch', 0.3)],
        AGGRESSIVE: [c('ike/phase1-proposal-mismatch', 0.55), c('ike/version-mismatch', 0.35), c('ike/peer-address-mismatch', 0.3)],
      },
      otherwise: [c('ike/phase1-proposal-mismatch', 0.5), c('ike/phase2-proposal-or-pfs-mismatch', 0.45)] } },
  { id: 'ss.dh.responder', engine: 'strongswan', end: 'responder', needles: [' unacceptable, requesting '],
    re: /DH group \S+ unacceptable, requesting \S+/, hits: [c('ike/responder-dh-mismatch', 0.5)] },
  { id: 'ss.dh.initiator', engine: 'strongswan', end: 'initiator', needles: ["peer didn't accept DH group"],
    re: /peer didn't accept DH group \S+, it requested \S+/, hits: [c('ike/initiator-dh-mismatch', 0.5)] },

  // ── authentication and identities ──
  { id: 'ss.psk.mac-mismatch', engine: 'strongswan', end: 'any', needles: ['but MAC mismatched'],
    re: /tried \d+ shared keys? for '[^']*' - '[^']*', but MAC mismatched/,
    hits: [c('ike/authentication-fail', 0.97)], group: 'auth', decisive: true },
  { id: 'ss.psk.not-found', engine: 'strongswan', end: 'any', needles: ['no shared key found for'],
    re: /no shared key found for '[^']*' - '[^']*'/,
    hits: [c('ike/config-id-mismatch', 0.75), c('ike/authentication-fail', 0.45)], group: 'auth', decisive: true },
  { id: 'ss.auth-failed-notify', engine: 'strongswan', end: 'initiator', needles: ['AUTHENTICATION_FAILED'],
    re: /received AUTHENTICATION_FAILED (?:notify|error notify)/,
    hits: [c('ike/authentication-fail', 0.6), c('ike/config-id-mismatch', 0.35), c('ike/cert-untrusted', 0.3)], group: 'auth' },
  { id: 'ss.no-peer-config', engine: 'strongswan', end: 'responder', needles: ['no matching peer config found'],
    re: /no matching peer config found/, hits: [c('ike/config-id-mismatch', 0.92)], group: 'auth', decisive: true },
  { id: 'ss.id-constraint', engine: 'strongswan', end: 'initiator', needles: ['constraint check failed'],
    re: /constraint check failed: identity '[^']*' required/, hits: [c('ike/config-id-mismatch', 0.85)], group: 'auth', decisive: true },
  // Both ends log it in IKEv1 main mode: the initiator cannot decrypt the responder's notify either.
  { id: 'ss.v1.hash-decrypt', engine: 'strongswan', end: 'any', needles: ['payload length, decryption failed?'],
    re: /invalid (?:HASH_V1|ID_V1) payload length, decryption failed\?/, hits: [c('ike/authentication-fail', 0.85)], group: 'auth', decisive: true },
  { id: 'ss.decrypt-payloads', engine: 'strongswan', end: 'any', needles: ['could not decrypt payloads'],
    re: /could not decrypt payloads/, hits: [c('ike/authentication-fail', 0.6), c('ike/malformed-payload', 0.3)], group: 'auth' },
  { id: 'ss.integrity', engine: 'strongswan', end: 'any', needles: ['integrity check failed'],
    re: /integrity check failed/, hits: [c('ike/authentication-fail', 0.4), c('ike/malformed-message', 0.3)], group: 'auth' },
  { id: 'ss.parse-failed', engine: 'strongswan', end: 'any', needles: ['message parsing failed'],
    re: /message parsing failed/, hits: [c('ike/malformed-message', 0.5)] },
  { id: 'ss.eap.failed', engine: 'strongswan', end: 'any', needles: ['EAP method ', 'EAP_FAILURE'],
    re: /EAP method \S+ failed for peer|received EAP_FAILURE, EAP authentication failed/,
    hits: [c('ike/eap-authentication-fail', 0.9)], group: 'auth', decisive: true },
  { id: 'ss.xauth.failed', engine: 'strongswan', end: 'any', needles: ['XAuth authentication of'],
    re: /XAuth authentication of '[^']*' (?:\(myself\) )?failed/, hits: [c('ike/xauth-authentication-fail', 0.9)], group: 'auth', decisive: true },
  { id: 'ss.aggressive-psk', engine: 'strongswan', end: 'responder', needles: ['Aggressive Mode PSK disabled'],
    re: /Aggressive Mode PSK disabled for security reasons/, hits: [c('ike/exchange-mode-mismatch', 0.85)], group: 'auth', decisive: true },

  // ── certificates ──
  { id: 'ss.cert.untrusted', engine: 'strongswan', end: 'any', needles: ['public key found for'],
    re: /no trusted \S+ public key found for '[^']*'/, hits: [c('ike/cert-untrusted', 0.85), c('ike/config-id-mismatch', 0.2)], group: 'auth', decisive: true },
  { id: 'ss.cert.no-issuer', engine: 'strongswan', end: 'any', needles: ['no issuer certificate found for'],
    re: /no issuer certificate found for/, hits: [c('ike/cert-untrusted', 0.8)], group: 'auth', decisive: true },
  { id: 'ss.cert.revoked', engine: 'strongswan', end: 'any', needles: ['certificate was revoked on'],
    re: /certificate was revoked on/, hits: [c('ike/cert-revoked', 0.95)], group: 'auth', decisive: true, final: true },
  // charon's only validity message (credential_manager.c check_lifetime). OpenSSL's "certificate has
  // expired" is OpenVPN's wording (VERIFY ERROR, "WARNING: Your certificate has expired!"): matching it
  // here turned an OpenVPN log into an IKE finding.
  { id: 'ss.cert.validity', engine: 'strongswan', end: 'any', needles: ['certificate invalid (valid from'],
    re: /certificate invalid \(valid from .* to .*\)/,
    hits: [c('ike/cert-expired', 0.92), c('host/clock-skew', 0.25)], group: 'auth', decisive: true },
  { id: 'ss.cert.signature', engine: 'strongswan', end: 'any', needles: ['signature validation failed'],
    re: /signature validation failed, looking for another key/, hits: [c('ike/cert-untrusted', 0.45)], group: 'auth' },
  { id: 'ss.cert.no-private-key', engine: 'strongswan', end: 'any', needles: ['no private key found for'],
    re: /no private key found for/, hits: [c('cert/key-mismatch', 0.8)], group: 'auth', decisive: true },

  // ── traffic selectors, virtual IPs, SPIs ──
  { id: 'ss.ts.unacceptable', engine: 'strongswan', end: 'responder', needles: [' unacceptable'],
    re: /traffic selectors .* unacceptable/, hits: [c('ike/flow-or-peer-mismatch', 0.95)], group: 'ts', decisive: true },
  { id: 'ss.ts.notify', engine: 'strongswan', end: 'initiator', needles: ['TS_UNACCEPTABLE notify'],
    re: /received TS_UNACCEPTABLE notify, no CHILD_SA built/, hits: [c('ike/flow-or-peer-mismatch', 0.85)], group: 'ts' },
  { id: 'ss.vip.failed', engine: 'strongswan', end: 'any', needles: ['INTERNAL_ADDRESS_FAILURE', 'no virtual IP found'],
    re: /received INTERNAL_ADDRESS_FAILURE notify|sending INTERNAL_ADDRESS_FAILURE|no virtual IP found/, hits: [c('ike/ip-assigned-fail', 0.9)] },
  { id: 'ss.invalid-spi', engine: 'strongswan', end: 'any', needles: ['INVALID_SPI notify'],
    re: /received INVALID_SPI notify/, hits: [c('ike/receive-invalid-spi-notify', 0.55)] },
  { id: 'ss.critical', engine: 'strongswan', end: 'any', needles: ['UNSUPPORTED_CRITICAL_PAYLOAD'],
    re: /UNSUPPORTED_CRITICAL_PAYLOAD/, hits: [c('ike/critical-drop', 0.8)] },
  { id: 'ss.major-version', engine: 'strongswan', end: 'any', needles: ['INVALID_MAJOR_VERSION'],
    re: /INVALID_MAJOR_VERSION/, hits: [c('ike/version-mismatch', 0.8)] },
  { id: 'ss.collision', engine: 'strongswan', end: 'any', needles: [' collision with '],
    re: /detected \S+ collision with \S+/, hits: [c('ike/rekey-fail', 0.3)] },
  { id: 'ss.libipsec.no-sa', engine: 'strongswan', end: 'any', needles: ['could not find an outbound IPsec SA'],
    re: /could not find an outbound IPsec SA for reqid/, hits: [c('ike/no-outbound-sa', 0.7)], repeat: { step: 0.02, max: 0.8 } },

  // ── liveness ──
  { id: 'ss.giving-up', engine: 'strongswan', end: 'any', needles: ['giving up after'],
    re: /giving up after \d+ retransmits/, group: 'timeout',
    byContext: { key: 'sent',
      cases: byExchange(
        [c('ike/exchange-timeout', 0.85), c('net/port-unreachable', 0.4)],
        [c('ike/exchange-timeout', 0.75), c('net/mtu-blackhole', 0.35)],
        [c('ike/exchange-timeout', 0.6), c('ike/rekey-fail', 0.4)],
        [c('ike/dpd-timeout', 0.88)]),
      otherwise: [c('ike/exchange-timeout', 0.6), c('ike/dpd-timeout', 0.4)] } },
  { id: 'ss.path-probing', engine: 'strongswan', end: 'any', needles: ['path probings'],
    re: /giving up after \d+ path probings/, hits: [c('ike/dpd-timeout', 0.6)], group: 'timeout' },
  { id: 'ss.peer-not-responding', engine: 'strongswan', end: 'initiator', needles: ['peer not responding'],
    re: /establishing IKE_SA failed, peer not responding|peer not responding, trying again/,
    hits: [c('ike/exchange-timeout', 0.75)], group: 'timeout' },
  { id: 'ss.socket.unreachable', engine: 'strongswan', end: 'any', needles: ['error writing to socket'],
    re: /error writing to socket: Network is unreachable/, hits: [c('net/host-unreachable', 0.7)], final: true },
  { id: 'ss.socket.eperm', engine: 'strongswan', end: 'any', needles: ['error writing to socket'],
    re: /error writing to socket: Operation not permitted/, hits: [c('net/port-unreachable', 0.5)] },
  { id: 'ss.delete.ike', engine: 'strongswan', end: 'any', needles: ['received DELETE for IKE_SA'],
    re: /received DELETE for IKE_SA/, hits: [c('ike/peer-request', 0.35)] },

  // ── host ──
  { id: 'ss.already-running', engine: 'strongswan', end: 'any', needles: ['already running ('],
    re: /charon already running \(/, hits: [c('host/stale-pidfile', 0.9)] },
  { id: 'ss.no-socket', engine: 'strongswan', end: 'any', needles: ['no socket implementation registered'],
    re: /no socket implementation registered/, hits: [c('host/engine-missing', 0.6)] },

  // ── success: heal earlier faults ──
  { id: 'ss.ike-established', engine: 'strongswan', end: 'any', needles: [' established between '],
    re: /IKE_SA \S+\[\d+\] established between/, heals: HEALED_BY_IKE },
  { id: 'ss.child-established', engine: 'strongswan', end: 'any', needles: [' established with SPIs '],
    re: /CHILD_SA \S+\{\d+\} established with SPIs/, heals: ['ike/*', 'net/*', 'cert/key-mismatch', 'host/clock-skew'] },
];
