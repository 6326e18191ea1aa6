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
  extra: Readonly<Record<string, readonly Candidate[]>> = {},
): Record<string, readonly Candidate[]> => {
  const out: Record<string, readonly Candidate[]> = { IKE_AUTH: auth, CREATE_CHILD_SA: child, QUICK_MODE: child, DPD: info, INFORMATIONAL: info, INFORMATIONAL_V1: info, ...extra };
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
  // After ss.ctx.sent on the same line: a request carrying only a Delete payload is a close, not a DPD.
  { id: 'ss.ctx.sent-delete', engine: 'strongswan', end: 'any', needles: ['generating INFORMATIONAL'],
    re: /generating INFORMATIONAL(?:_V1)? request \d+ \[ (?:HASH )?D \]/, sets: { key: 'sent', value: 'DELETE' } },
  // IKEv2 rekeying: the old IKE_SA is deleted right after "rekeyed between"; that DELETE is not the peer tearing down.
  { id: 'ss.ctx.ike-rekeyed', engine: 'strongswan', end: 'any', needles: [' rekeyed between ', 'waiting for delete for redundant IKE_SA'],
    re: /IKE_SA \S+\[\d+\] rekeyed between|IKE_SA rekey collision won, waiting for delete for redundant IKE_SA/, sets: { key: 'ikedel', value: 'rekey' } },
  // IKEv1 has no IKE_SA rekeying: a new ISAKMP SA is negotiated and the old one is deleted once the new one is
  // up, by the end that responded to the new Main Mode (adopt_children_job.c, ~10 s later), so the other end logs
  // "received DELETE for IKE_SA x[old]" after "IKE_SA x[new] established". Markers: the reauthenticating end
  // (ike_sa.c), the end adopting the CHILD_SAs, and the uniqueness check expecting a reauthentication.
  { id: 'ss.ctx.ike-reauth', engine: 'strongswan', end: 'any', needles: ['reauthenticating IKE_SA ', 'detected reauth of existing IKE_SA', 'suspected reauthentication'],
    re: /reauthenticating IKE_SA \S+\[\d+\]|detected reauth of existing IKE_SA|due to uniqueness policy and suspected reauthentication/, sets: { key: 'ikedel', value: 'rekey' } },
  // Deleting the old SA ourselves uses the expectation up (IKEv1 has no "IKE_SA deleted" line).
  { id: 'ss.ctx.ike-delete-sent', engine: 'strongswan', end: 'any', needles: ['sending DELETE for IKE_SA'],
    re: /sending DELETE for IKE_SA/, sets: { key: 'ikedel', value: '' } },
  { id: 'ss.ctx.ike-deleted', engine: 'strongswan', end: 'any', needles: ['IKE_SA deleted'],
    re: /IKE_SA deleted/, sets: { key: 'ikedel', value: '' } },
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
  // IKEv1 responder: main/aggressive mode (phase 1) and quick mode (phase 2) refusals.
  { id: 'ss.v1.no-proposal', engine: 'strongswan', end: 'responder', needles: ['no proposal found'],
    re: /\bno proposal found\s*$/, hits: [c('ike/phase1-proposal-mismatch', 0.92)], group: 'proposal', decisive: true },
  { id: 'ss.v1.qm-no-proposal', engine: 'strongswan', end: 'responder', needles: ['no matching proposal found, sending'],
    re: /no matching proposal found, sending NO_PROPOSAL_CHOSEN/, hits: [c('ike/phase2-proposal-or-pfs-mismatch', 0.92)], group: 'proposal', decisive: true },
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
    re: /no shared key found for (?:'[^']*'\S* - '[^']*'|\S+ - \S+)/,
    hits: [c('ike/config-id-mismatch', 0.75), c('ike/authentication-fail', 0.45)], group: 'auth', decisive: true },
  { id: 'ss.auth-failed-notify', engine: 'strongswan', end: 'initiator', needles: ['AUTHENTICATION_FAILED'],
    re: /received AUTHENTICATION_FAILED (?:notify|error notify)/,
    hits: [c('ike/authentication-fail', 0.6), c('ike/config-id-mismatch', 0.35), c('ike/cert-untrusted', 0.3)], group: 'auth' },
  { id: 'ss.no-peer-config', engine: 'strongswan', end: 'responder', needles: ['no matching peer config found', 'no peer config found'],
    re: /no matching peer config found|\bno peer config found\s*$/, hits: [c('ike/config-id-mismatch', 0.92)], group: 'auth', decisive: true },
  // A config was found for the IDs but the authentication method does not match it (PSK vs certificate
  // vs EAP). "constraint checking failed" and "no alternative config found" follow other, more precise
  // lines (identity, CA, revocation), so they only weakly suggest the config.
  { id: 'ss.peer-cfg-auth-method', engine: 'strongswan', end: 'responder', needles: ['peer requested EAP, config unacceptable', 'unacceptable: non-matching authentication done'],
    re: /peer requested EAP, config unacceptable|selected peer config '[^']*' unacceptable: non-matching authentication done/,
    hits: [c('ike/config-id-mismatch', 0.8), c('ike/authentication-fail', 0.3)], group: 'auth', decisive: true },
  { id: 'ss.peer-cfg-unacceptable', engine: 'strongswan', end: 'responder', needles: ['no alternative config found', 'unacceptable: constraint checking failed'],
    re: /no alternative config found|selected peer config '[^']*' unacceptable: constraint checking failed/,
    hits: [c('ike/config-id-mismatch', 0.55)], group: 'auth' },
  // IKEv1 main mode against a peer (Cisco, Azure, …) that cannot decrypt our ID/HASH: it answers an
  // unencrypted PAYLOAD_MALFORMED, which charon ignores and keeps retransmitting. Typical of a PSK mismatch.
  { id: 'ss.v1.pld-mal', engine: 'strongswan', end: 'initiator', needles: ['[ N(PLD_MAL) ]'],
    re: /parsed INFORMATIONAL_V1 request \d+ \[ N\(PLD_MAL\) \]/,
    hits: [c('ike/authentication-fail', 0.7), c('ike/malformed-message', 0.3)], group: 'auth', sets: { key: 'sent', value: 'V1_PLD_MAL' } },
  { id: 'ss.v1.hash-mismatch', engine: 'strongswan', end: 'any', needles: ['received HASH payload does not match'],
    re: /received HASH payload does not match/, hits: [c('ike/authentication-fail', 0.5), c('ike/flow-or-peer-mismatch', 0.3)], group: 'auth' },
  // IKEv1 main/aggressive mode (main_mode.c, aggressive_mode.c process_i): the ID the peer sent is not the
  // configured remote ID; typical when the peer is behind NAT and identifies with its private address.
  { id: 'ss.v1.idir-mismatch', engine: 'strongswan', end: 'any', needles: ["' does not match to '"],
    re: /IDir '[^']*' does not match to '[^']*'/, hits: [c('ike/config-id-mismatch', 0.9)], group: 'auth', decisive: true },
  { id: 'ss.id-constraint', engine: 'strongswan', end: 'initiator', needles: ['constraint check failed'],
    re: /constraint check failed: identity '[^']*' required/, hits: [c('ike/config-id-mismatch', 0.85)], group: 'auth', decisive: true },
  // Both ends log it in IKEv1 main mode: the initiator cannot decrypt the responder's notify either.
  { id: 'ss.ca-constraint', engine: 'strongswan', end: 'any', needles: ['constraint check failed: peer not authenticated'],
    re: /constraint check failed: peer not authenticated (?:by CA|with peer cert) '[^']*'/, hits: [c('ike/cert-untrusted', 0.8)], group: 'auth', decisive: true },
  { id: 'ss.revocation-constraint', engine: 'strongswan', end: 'any', needles: ['but requires at least'],
    re: /constraint check failed: RULE_(?:CRL|OCSP)_VALIDATION is \S+, but requires at least \S+/,
    hits: [c('ike/cert-status-unknown', 0.85)], group: 'auth', decisive: true },
  { id: 'ss.v1.hash-decrypt', engine: 'strongswan', end: 'any', needles: ['payload length, decryption failed?'],
    re: /invalid (?:HASH_V1|ID_V1) payload length, decryption failed\?/, hits: [c('ike/authentication-fail', 0.85)], group: 'auth', decisive: true },
  { id: 'ss.decrypt-payloads', engine: 'strongswan', end: 'any', needles: ['could not decrypt payloads'],
    re: /could not decrypt payloads/, hits: [c('ike/authentication-fail', 0.6), c('ike/malformed-payload', 0.3)], group: 'auth' },
  { id: 'ss.integrity', engine: 'strongswan', end: 'any', needles: ['integrity check failed'],
    re: /integrity check failed/, hits: [c('ike/authentication-fail', 0.4), c('ike/malformed-message', 0.3)], group: 'auth' },
  { id: 'ss.parse-failed', engine: 'strongswan', end: 'any', needles: ['message parsing failed'],
    re: /message parsing failed/, hits: [c('ike/malformed-message', 0.5)] },
  { id: 'ss.eap.failed', engine: 'strongswan', end: 'any', needles: ['EAP method ', 'EAP vendor specific method ', 'EAP_FAILURE'],
    re: /EAP (?:vendor specific )?method \S+ failed for peer|received EAP_FAILURE, EAP authentication failed/,
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
  { id: 'ss.cert.key-usage', engine: 'strongswan', end: 'any', needles: ['rejecting certificate without digitalSignature'],
    re: /rejecting certificate without digitalSignature or nonRepudiation keyUsage flags/, hits: [c('cert/no-eku', 0.8), c('ike/cert-untrusted', 0.3)], group: 'auth', decisive: true },
  { id: 'ss.cert.no-private-key', engine: 'strongswan', end: 'any', needles: ['private key found for'],
    re: /no (?:\S+ )?private key found for/, hits: [c('cert/key-mismatch', 0.8)], group: 'auth', decisive: true },

  // ── traffic selectors, virtual IPs, SPIs ──
  { id: 'ss.ts.unacceptable', engine: 'strongswan', end: 'responder', needles: [' unacceptable'],
    re: /traffic selectors .* unacceptable/, hits: [c('ike/flow-or-peer-mismatch', 0.95)], group: 'ts', decisive: true },
  { id: 'ss.ts.notify', engine: 'strongswan', end: 'initiator', needles: ['TS_UNACCEPTABLE notify'],
    re: /received TS_UNACCEPTABLE notify, no CHILD_SA built/, hits: [c('ike/flow-or-peer-mismatch', 0.85)], group: 'ts' },
  { id: 'ss.v1.ts.no-child-cfg', engine: 'strongswan', end: 'responder', needles: ['no matching CHILD_SA config found'],
    re: /no matching CHILD_SA config found/, hits: [c('ike/flow-or-peer-mismatch', 0.92)], group: 'ts', decisive: true },
  // IKEv1: Cisco, Fortinet and strongSwan answer a quick mode with unknown proxy IDs (subnets) by
  // INVALID_ID_INFORMATION; in main/aggressive mode it means the identity was refused.
  { id: 'ss.v1.invalid-id', engine: 'strongswan', end: 'initiator', needles: ['received INVALID_ID_INFORMATION'],
    re: /received INVALID_ID_INFORMATION error notify/, group: 'ts',
    byContext: { key: 'sent',
      cases: {
        QUICK_MODE: [c('ike/flow-or-peer-mismatch', 0.85)],
        ID_PROT: [c('ike/config-id-mismatch', 0.75), c('ike/flow-or-peer-mismatch', 0.2)],
        AGGRESSIVE: [c('ike/config-id-mismatch', 0.75), c('ike/flow-or-peer-mismatch', 0.2)],
      },
      otherwise: [c('ike/flow-or-peer-mismatch', 0.65), c('ike/config-id-mismatch', 0.4)] } },
  { id: 'ss.ts.initiator-refused', engine: 'strongswan', end: 'initiator', needles: ['no acceptable traffic selectors found', 'peer selected invalid traffic selectors'],
    re: /no acceptable traffic selectors found|peer selected invalid traffic selectors/, hits: [c('ike/flow-or-peer-mismatch', 0.8)], group: 'ts' },
  { id: 'ss.ts.single-pair', engine: 'strongswan', end: 'initiator', needles: ['SINGLE_PAIR_REQUIRED notify'],
    re: /received SINGLE_PAIR_REQUIRED notify/, hits: [c('ike/flow-or-peer-mismatch', 0.75)], group: 'ts' },
  { id: 'ss.no-additional-sas', engine: 'strongswan', end: 'initiator', needles: ['NO_ADDITIONAL_SAS notify'],
    re: /received NO_ADDITIONAL_SAS notify/, hits: [c('ike/ipsec-tunnel-number-reaches-limitation', 0.6)] },
  // The responder hands out addresses but the client asked for none (no `vips`/`leftsourceip=%config`).
  { id: 'ss.vip.cp-required', engine: 'strongswan', end: 'any', needles: ['FAILED_CP_REQUIRED'],
    re: /received FAILED_CP_REQUIRED notify|expected a virtual IP request, sending FAILED_CP_REQUIRED/, hits: [c('ike/ip-assigned-fail', 0.8)] },
  { id: 'ss.vip.pool-full', engine: 'strongswan', end: 'responder', needles: ["' is full, unable to assign address"],
    re: /pool '[^']*' is full, unable to assign address/, hits: [c('ike/ip-assigned-fail', 0.92)] },
  { id: 'ss.vip.cp-failed', engine: 'strongswan', end: 'initiator', needles: ['configuration payload negotiation failed'],
    re: /configuration payload negotiation failed, no CHILD_SA built/, hits: [c('ike/ip-assigned-fail', 0.7)] },
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
  // Both ends rekeying at once is resolved by the protocol: charon 6.x says who won, 5.9 just completes the rekey
  // ("IKE_SA x[n] rekeyed between", the CHILD_SA "established"); either way the collision is no longer a fault.
  { id: 'ss.rekey-done', engine: 'strongswan', end: 'any', needles: [' rekeyed between ', 'rekey collision won', 'rekey collision lost'],
    re: /IKE_SA \S+\[\d+\] rekeyed between|(?:CHILD|IKE)_SA rekey collision (?:won|lost)/, heals: ['ike/rekey-fail'] },
  { id: 'ss.libipsec.no-sa', engine: 'strongswan', end: 'any', needles: ['could not find an outbound IPsec SA'],
    re: /could not find an outbound IPsec SA for reqid/, hits: [c('ike/no-outbound-sa', 0.7)], repeat: { step: 0.02, max: 0.8 } },

  // ── kernel (SA/policy installation) ──
  { id: 'ss.kernel.sad', engine: 'strongswan', end: 'any', needles: ['IPsec SA (SAD) in kernel'],
    re: /unable to install (?:inbound and outbound |inbound |outbound )?IPsec SA \(SAD\) in kernel/, hits: [c('ike/kernel-sa-install-fail', 0.88)] },
  { id: 'ss.kernel.spd', engine: 'strongswan', end: 'any', needles: ['IPsec policies (SPD) in kernel'],
    re: /unable to install IPsec policies \(SPD\) in kernel/, hits: [c('ike/kernel-sa-install-fail', 0.8), c('ike/flow-confict', 0.3)] },
  { id: 'ss.kernel.add-sad', engine: 'strongswan', end: 'any', needles: ['unable to add SAD entry with SPI', ' not supported by kernel!'],
    re: /unable to add SAD entry with SPI|algorithm \S+ not supported by kernel!/, hits: [c('ike/kernel-sa-install-fail', 0.65)] },

  // ── liveness ──
  { id: 'ss.giving-up', engine: 'strongswan', end: 'any', needles: ['giving up after'],
    re: /giving up after \d+ retransmits/, group: 'timeout',
    byContext: { key: 'sent',
      cases: byExchange(
        [c('ike/exchange-timeout', 0.85), c('net/port-unreachable', 0.4)],
        [c('ike/exchange-timeout', 0.75), c('net/mtu-blackhole', 0.35)],
        [c('ike/exchange-timeout', 0.6), c('ike/rekey-fail', 0.4)],
        [c('ike/dpd-timeout', 0.88)],
        { DELETE: [c('ike/exchange-timeout', 0.35)], V1_PLD_MAL: [c('ike/authentication-fail', 0.6), c('ike/exchange-timeout', 0.35)] }),
      otherwise: [c('ike/exchange-timeout', 0.6), c('ike/dpd-timeout', 0.4)] } },
  // Each retransmit of a request nobody answers (IKEv2 task_manager_v2.c "retransmit N of request with message ID";
  // IKEv1 task_manager_v1.c "sending retransmit N of request message ID"). One is normal on a lossy path, so the
  // signal is weak until it repeats; a later "established" heals it. Logs cut before "giving up" are not empty.
  { id: 'ss.retransmit', engine: 'strongswan', end: 'any', needles: ['retransmit '],
    re: /(?:sending )?retransmit \d+ of request (?:with )?message ID \d+/, group: 'timeout', repeat: { step: 0.06, max: 0.7 },
    byContext: { key: 'sent',
      cases: byExchange(
        [c('ike/exchange-timeout', 0.45), c('net/port-unreachable', 0.25)],
        [c('ike/exchange-timeout', 0.4), c('net/mtu-blackhole', 0.25)],
        [c('ike/exchange-timeout', 0.3), c('ike/rekey-fail', 0.25)],
        // A DPD probe answered after a retransmit leaves no success line to heal it: only "giving up" counts there.
        [],
        { DELETE: [] }),
      otherwise: [c('ike/exchange-timeout', 0.35)] } },
  { id: 'ss.path-probing', engine: 'strongswan', end: 'any', needles: ['path probings'],
    re: /giving up after \d+ path probings/, hits: [c('ike/dpd-timeout', 0.6)], group: 'timeout' },
  { id: 'ss.peer-not-responding', engine: 'strongswan', end: 'initiator', needles: ['peer not responding'],
    re: /establishing IKE_SA failed, peer not responding|peer not responding, trying again/,
    hits: [c('ike/exchange-timeout', 0.75)], group: 'timeout' },
  { id: 'ss.rekey-not-responding', engine: 'strongswan', end: 'any', needles: ['rekeying IKE_SA failed, peer not responding'],
    re: /rekeying IKE_SA failed, peer not responding/, hits: [c('ike/exchange-timeout', 0.6), c('ike/rekey-fail', 0.45)], group: 'timeout' },
  { id: 'ss.dns', engine: 'strongswan', end: 'initiator', needles: ['unable to resolve '],
    re: /unable to resolve \S+, (?:initiate aborted|retrying in \d+s)/, hits: [c('net/ddns-stale', 0.6), c('ike/peer-address-mismatch', 0.4)] },
  { id: 'ss.socket.unreachable', engine: 'strongswan', end: 'any', needles: ['error writing to socket'],
    re: /error writing to socket: (?:Network is unreachable|No route to host)/, hits: [c('net/host-unreachable', 0.7)], final: true },
  { id: 'ss.socket.eperm', engine: 'strongswan', end: 'any', needles: ['error writing to socket'],
    re: /error writing to socket: Operation not permitted/, hits: [c('net/port-unreachable', 0.5)] },
  { id: 'ss.delete.ike', engine: 'strongswan', end: 'any', needles: ['received DELETE for IKE_SA'],
    re: /received DELETE for IKE_SA/,
    byContext: { key: 'ikedel', cases: { rekey: [] }, otherwise: [c('ike/peer-request', 0.35)] } },
  // One expected DELETE per rekey/reauthentication: a later one is the peer tearing down again.
  { id: 'ss.ctx.delete-received', engine: 'strongswan', end: 'any', needles: ['received DELETE for IKE_SA'],
    re: /received DELETE for IKE_SA/, sets: { key: 'ikedel', value: '' } },

  // ── lifecycle: who ended an SA, and why (seeds/004 disconnection table) ──
  // A CHILD_SA DELETE is the peer closing it only when it comes in a request that is not the tail of a rekey: after
  // a CHILD_SA rekey the initiator of the rekey deletes the old SA (child_rekey.c), and the answer to our own
  // DELETE carries one too. `childdel`: 'rekey' from the rekey markers until the old SA is closed, 'peer'/'own'
  // from the INFORMATIONAL carrying the DELETE.
  { id: 'ss.ctx.child-rekey', engine: 'strongswan', end: 'any', needles: ['N(REKEY_SA)', 'detected rekeying of CHILD_SA', 'rekeyed CHILD_SA', 'creating rekey job for CHILD_SA'],
    re: /parsed CREATE_CHILD_SA request \d+ \[ N\(REKEY_SA\)|detected rekeying of CHILD_SA|rekeyed CHILD_SA|creating rekey job for CHILD_SA/, sets: { key: 'childdel', value: 'rekey' } },
  { id: 'ss.ctx.child-delete-request', engine: 'strongswan', end: 'any', needles: ['parsed INFORMATIONAL'],
    re: /parsed INFORMATIONAL(?:_V1)? request \d+ \[ (?:HASH )?D(?: D)* \]/, sets: { key: 'childdel', value: 'peer', keep: ['rekey'] } },
  { id: 'ss.ctx.child-delete-response', engine: 'strongswan', end: 'any', needles: ['parsed INFORMATIONAL'],
    re: /parsed INFORMATIONAL(?:_V1)? response \d+/, sets: { key: 'childdel', value: 'own', keep: ['rekey'] } },
  { id: 'ss.child-deleted-by-peer', engine: 'strongswan', end: 'any', needles: ['received DELETE for ESP CHILD_SA', 'received DELETE for AH CHILD_SA'],
    re: /received DELETE for (?:ESP|AH) CHILD_SA with SPI [0-9a-f]+/,
    byContext: { key: 'childdel', cases: { peer: [c('ike/peer-request', 0.5)] }, otherwise: [] } },
  { id: 'ss.ctx.child-closed', engine: 'strongswan', end: 'any', needles: ['CHILD_SA closed', 'closing CHILD_SA', 'closing expired CHILD_SA'],
    re: /CHILD_SA closed|closing (?:expired )?CHILD_SA/, sets: { key: 'childdel', value: '' } },
  // child_delete.c / quick_delete.c (DBG0, so at every log level): the CHILD_SA reached its hard lifetime before
  // a rekey replaced it. Recreating it afterwards does not undo the interruption, so "established" does not heal it.
  { id: 'ss.child-hard-expiry', engine: 'strongswan', end: 'any', needles: ['closing expired CHILD_SA'],
    re: /closing expired CHILD_SA \S+\{\d+\}/, hits: [c('ike/phase2-hard-expiry', 0.8), c('ike/rekey-fail', 0.3)] },

  // child_rekey.c / ike_rekey.c: the rekey was refused (NO_PROPOSAL_CHOSEN when only the rekey carries a KE payload,
  // i.e. a PFS group one end lacks) or timed out, and charon retries until the SA's hard lifetime.
  { id: 'ss.rekey-retry', engine: 'strongswan', end: 'initiator', needles: ['rekeying failed, trying again in'],
    re: /(?:CHILD|IKE)_SA rekeying failed, trying again in \d+ seconds/, hits: [c('ike/rekey-fail', 0.5)], repeat: { step: 0.05, max: 0.65 } },

  // ── credentials: files charon or swanctl could not parse ──
  // swanctl load_creds.c: "loading '<file>' failed: parsing ANY private key failed"; charon's credential factory
  // logs "building CRED_PRIVATE_KEY - ANY failed, tried N builders" for the same file (the path only in swanctl's output).
  { id: 'ss.cred.key-unparsable', engine: 'strongswan', end: 'any', needles: ['building CRED_PRIVATE_KEY', 'private key failed'],
    re: /building CRED_PRIVATE_KEY - \S+ failed, tried \d+ builders|loading '[^']*' failed: parsing \S+ private key failed/,
    hits: [c('cert/key-unreadable', 0.85)] },

  // ── host ──
  { id: 'ss.already-running', engine: 'strongswan', end: 'any', needles: ['already running ('],
    re: /charon already running \(/, hits: [c('host/stale-pidfile', 0.9)] },
  { id: 'ss.socket.bind', engine: 'strongswan', end: 'any', needles: ['unable to bind socket: Address already in use'],
    re: /unable to bind socket: Address already in use/, hits: [c('host/port-conflict', 0.85)] },
  // charon's own SIGSEGV/SIGILL handler, and the ipsec starter reporting a dead charon.
  { id: 'ss.crash', engine: 'strongswan', end: 'any', needles: ['killing ourself, received critical signal', '(charon) has been killed by sig', 'charon has died -- restart scheduled'],
    re: /killing ourself, received critical signal|\(charon\) has been killed by sig \d+|charon has died -- restart scheduled/,
    hits: [c('host/engine-missing', 0.75)] },
  { id: 'ss.no-socket', engine: 'strongswan', end: 'any', needles: ['no socket implementation registered'],
    re: /no socket implementation registered/, hits: [c('host/engine-missing', 0.6)] },

  // ── success: heal earlier faults ──
  { id: 'ss.ike-established', engine: 'strongswan', end: 'any', needles: [' established between '],
    re: /IKE_SA \S+\[\d+\] established between/, heals: HEALED_BY_IKE },
  { id: 'ss.child-established', engine: 'strongswan', end: 'any', needles: [' established with SPIs '],
    re: /CHILD_SA \S+\{\d+\} established with SPIs/, heals: ['ike/*', '!ike/phase2-hard-expiry', 'net/*', 'cert/key-mismatch', 'host/clock-skew'] },
];
