/**
 * The shape of a VICI `load-conn` body. Keys and values are exactly what charon expects (swanctl.conf uses
 * the same keys, so the exporter renders these objects too). Every value is a string or a list of strings,
 * as VICI carries them.
 */

export type YesNo = 'yes' | 'no';

export interface ViciAuth {
  auth: 'psk' | 'pubkey';
  /** omitted: charon uses the address it sends from */
  id?: string;
  /** VICI: certificate blobs (PEM); swanctl.conf: file names under x509/ */
  certs?: string[];
  /** trust anchors the peer's certificate must chain to (same encoding rule as certs) */
  cacerts?: string[];
  /** how charon treats missing revocation information for the peer's certificate (default relaxed) */
  revocation?: 'strict' | 'ifuri' | 'relaxed';
}

export interface ViciChild {
  local_ts: string[];
  remote_ts: string[];
  esp_proposals: string[];
  rekey_time: string;
  life_time: string;
  rand_time: string;
  dpd_action: 'restart' | 'clear';
  start_action: 'none';
  close_action: 'none';
  mode: 'tunnel';
}

export interface ViciConnBody {
  version: '1' | '2';
  /** omitted: %any */
  local_addrs?: string[];
  /** omitted: %any (respond-only ends that do not know the other's address) */
  remote_addrs?: string[];
  proposals: string[];
  rekey_time: string;
  /** IKEv1 only: IKEv1 has no IKE rekeying, charon reauthenticates instead */
  reauth_time?: string;
  over_time: string;
  rand_time: string;
  dpd_delay: string;
  keyingtries: string;
  mobike: YesNo;
  unique: 'replace';
  local: ViciAuth;
  remote: ViciAuth;
  children: Record<string, ViciChild>;
}

/** Keyed by the connection name, as `load-conn` wants it. */
export type ViciConn = Record<string, ViciConnBody>;

/** `load-shared` body (the message also carries `id`, which makes the secret replaceable and unloadable). */
export interface ViciSharedSecret {
  id: string;
  body: { type: 'IKE'; data: string; owners: string[] };
}
