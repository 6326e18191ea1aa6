/**
 * What the doctor must conclude for each scenario: one table, used both by the live engine runs and
 * by fixtures.test.ts over the committed captures, so the two can never drift apart.
 */
export interface OneEnd {
  code: string;
  /** The code must rank within the first `within` findings (default 1: top). */
  within?: number;
  minConfidence?: number;
}

export interface Expectation {
  /** Directory name under test/fixtures/logs/captured/. */
  name: string;
  /** Top code from both ends' logs; null: no error-severity finding at all (a healthy outcome). */
  both: string | null;
  /** What an administrator holding only one end's log is told, by end name. */
  oneEnd?: Record<string, OneEnd>;
}

const e = (name: string, both: string | null, oneEnd?: Record<string, OneEnd>): Expectation => ({ name, both, oneEnd });

export const STRONGSWAN_EXPECTATIONS = {
  psk: e('ss-wrong-psk', 'ike/authentication-fail', {
    responder: { code: 'ike/authentication-fail' },
    initiator: { code: 'ike/authentication-fail', within: 3 },
  }),
  ikeProposal: e('ss-ike-proposal', 'ike/phase1-proposal-mismatch', {
    responder: { code: 'ike/phase1-proposal-mismatch' },
    initiator: { code: 'ike/phase1-proposal-mismatch', within: 2 },
  }),
  espProposal: e('ss-esp-proposal', 'ike/phase2-proposal-or-pfs-mismatch', {
    responder: { code: 'ike/phase2-proposal-or-pfs-mismatch' },
    initiator: { code: 'ike/phase2-proposal-or-pfs-mismatch' },
  }),
  // Disjoint DH groups: charon finds no common IKE proposal, which is what the administrator must fix.
  dhDisjoint: e('ss-dh-mismatch', 'ike/phase1-proposal-mismatch', {
    responder: { code: 'ike/phase1-proposal-mismatch' },
  }),
  // The responder asks for another group it shares with the initiator: a retry, not a fault.
  dhRenegotiated: e('ss-dh-renegotiated', null),
  pfs: e('ss-pfs-mismatch', 'ike/phase2-proposal-or-pfs-mismatch', {
    responder: { code: 'ike/phase2-proposal-or-pfs-mismatch' },
    initiator: { code: 'ike/phase2-proposal-or-pfs-mismatch', within: 2 },
  }),
  ts: e('ss-ts-not-mirrored', 'ike/flow-or-peer-mismatch', {
    responder: { code: 'ike/flow-or-peer-mismatch' },
    initiator: { code: 'ike/flow-or-peer-mismatch' },
  }),
  identity: e('ss-identity-mismatch', 'ike/config-id-mismatch', {
    responder: { code: 'ike/config-id-mismatch' },
    initiator: { code: 'ike/config-id-mismatch', within: 3 },
  }),
  version: e('ss-ike-version', 'ike/version-mismatch', {
    responder: { code: 'ike/version-mismatch', within: 2 },
    initiator: { code: 'ike/version-mismatch', within: 2 },
  }),
  udpBlocked: e('ss-udp-blocked', 'ike/exchange-timeout', {
    initiator: { code: 'ike/exchange-timeout' },
  }),
  dpd: e('ss-dpd-timeout', 'ike/dpd-timeout', {
    initiator: { code: 'ike/dpd-timeout' },
    responder: { code: 'ike/dpd-timeout' },
  }),
  peerDelete: e('ss-peer-deletes-sa', 'ike/peer-request', {
    initiator: { code: 'ike/peer-request' },
  }),
  certUntrusted: e('ss-cert-untrusted', 'ike/cert-untrusted', {
    responder: { code: 'ike/cert-untrusted' },
    initiator: { code: 'ike/cert-untrusted', within: 3, minConfidence: 0.2 },
  }),
  certRevoked: e('ss-cert-revoked', 'ike/cert-revoked', {
    responder: { code: 'ike/cert-revoked' },
  }),
  certExpired: e('ss-cert-expired', 'ike/cert-expired', {
    responder: { code: 'ike/cert-expired' },
  }),
  // IKEv1 main mode: the initiator cannot decrypt the responder's notify either, then gives up
  // retransmitting; the decryption failure and the timeout rank side by side from its log alone.
  ikev1Psk: e('ss-ikev1-wrong-psk', 'ike/authentication-fail', {
    responder: { code: 'ike/authentication-fail' },
    initiator: { code: 'ike/authentication-fail', within: 2 },
  }),
  peerAddress: e('ss-peer-address', 'ike/peer-address-mismatch', {
    responder: { code: 'ike/peer-address-mismatch' },
    initiator: { code: 'ike/peer-address-mismatch', within: 2, minConfidence: 0.25 },
  }),
} satisfies Record<string, Expectation>;

export const OPENVPN_EXPECTATIONS = {
  caMismatch: e('ovpn-ca-mismatch', 'cert/wrong-ca', { client: { code: 'cert/wrong-ca' } }),
  keyMismatch: e('ovpn-key-mismatch', 'openvpn/cert-key-mismatch', { client: { code: 'openvpn/cert-key-mismatch' } }),
  serverEku: e('ovpn-server-no-eku', 'openvpn/server-cert-missing-eku', { client: { code: 'openvpn/server-cert-missing-eku' } }),
  caMissing: e('ovpn-ca-missing', 'openvpn/ca-not-loaded', { client: { code: 'openvpn/ca-not-loaded' } }),
  authFailed: e('ovpn-auth-failed', 'openvpn/auth-failed', {
    client: { code: 'openvpn/auth-failed' },
    server: { code: 'openvpn/auth-failed' },
  }),
  lockout: e('ovpn-locked-out', 'openvpn/locked-out', {
    client: { code: 'openvpn/locked-out' },
    server: { code: 'openvpn/locked-out' },
  }),
  tlsCrypt: e('ovpn-tls-crypt-mismatch', 'openvpn/tls-crypt-mismatch', {
    server: { code: 'openvpn/tls-crypt-mismatch' },
    client: { code: 'openvpn/tls-crypt-mismatch', within: 3 },
  }),
  udpBlocked: e('ovpn-udp-blocked', 'openvpn/connect-timeout', { client: { code: 'openvpn/connect-timeout' } }),
  tcpRefused: e('ovpn-tcp-refused', 'openvpn/tcp-connect-failed', { client: { code: 'openvpn/tcp-connect-failed' } }),
  clientRevoked: e('ovpn-client-revoked', 'cert/revoked', { server: { code: 'cert/revoked' } }),
  clientExpired: e('ovpn-client-expired', 'cert/expired', {
    server: { code: 'cert/expired' },
    client: { code: 'cert/expired' },
  }),
  clientNoEku: e('ovpn-client-no-eku', 'cert/no-eku', { server: { code: 'cert/no-eku' } }),
  x509Name: e('ovpn-x509-name', 'openvpn/x509-name-mismatch', { client: { code: 'openvpn/x509-name-mismatch' } }),
  cipher: e('ovpn-cipher-mismatch', 'openvpn/cipher-mismatch', {
    server: { code: 'openvpn/cipher-mismatch' },
    client: { code: 'openvpn/cipher-mismatch' },
  }),
  credentialsMissing: e('ovpn-credentials-missing', 'openvpn/credentials-missing', { server: { code: 'openvpn/credentials-missing' } }),
} satisfies Record<string, Expectation>;

export const WIREGUARD_EXPECTATIONS = {
  // b drops a's initiations (MAC made for another key) and says so; a only sees no answer, and the
  // no-handshake finding is the right one there: its catalog entry names a wrong public key as a cause.
  wrongKey: e('wg-wrong-key', 'wireguard/invalid-key', {
    b: { code: 'wireguard/invalid-key' },
    a: { code: 'wireguard/handshake-timeout' },
  }),
  udpBlocked: e('wg-udp-blocked', 'wireguard/handshake-timeout', { a: { code: 'wireguard/handshake-timeout' } }),
  allowedIps: e('wg-allowed-ips', 'wireguard/allowed-ips-mismatch', { b: { code: 'wireguard/allowed-ips-mismatch' } }),
} satisfies Record<string, Expectation>;

export const ALL_EXPECTATIONS: Expectation[] = [
  ...Object.values(STRONGSWAN_EXPECTATIONS),
  ...Object.values(OPENVPN_EXPECTATIONS),
  ...Object.values(WIREGUARD_EXPECTATIONS),
];
