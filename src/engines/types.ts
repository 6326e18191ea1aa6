/**
 * What the core hands to engine adapters. Adapters know their engine; the core knows none of them.
 */
export type EngineKind = 'strongswan' | 'openvpn' | 'wireguard';

/** A stored, queryable event (connect, disconnect, auth failure, lockout, tunnel up/down, ...). */
export interface EventInput {
  /** dotted kind, e.g. "session.connect", "session.auth-failed", "user.locked", "site.child-down" */
  kind: string;
  /** engine instance or subsystem that saw it, e.g. "openvpn:staff" or "charon:hq" */
  source: string;
  /** what it is about: a user name, a site connection name, ... */
  subject?: string;
  severity?: 'info' | 'warning' | 'error';
  /** structured detail; never a secret */
  detail?: Record<string, unknown>;
}

export interface EventSink {
  record(event: EventInput): void;
}

/** Description of one supervised engine process. */
export interface EngineSpec {
  /** unique, stable instance id, also the run-directory name: "charon-hq", "openvpn-staff" */
  id: string;
  kind: EngineKind;
  /** program and arguments; not wrapped in `ip netns exec` (the supervisor does that) */
  argv: string[];
  env?: Record<string, string>;
  /** run inside this network namespace */
  namespace?: string;
  /**
   * The engine's own log file (charon filelog, openvpn --log-append) when it writes one; otherwise
   * stdout and stderr go to <runDir>/engine.log. Either way the supervisor tails it into the log store.
   */
  logFile?: string;
  /** resolves true once the engine answers on its control socket; polled after start */
  ready?: () => Promise<boolean>;
  /** maps a log line to the connection it concerns (for per-connection log queries) */
  connectionOf?: (line: string) => string | undefined;
  /** a fingerprint of argv+config; a running engine with a different one is restarted, not adopted */
  fingerprint?: string;
}
