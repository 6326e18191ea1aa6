/**
 * The decisions behind OpenVPN's two hooks, asked by corridor-openvpn-hook while OpenVPN waits:
 * - `verify` (auth-user-pass-verify, servers with passwords): identity (certificate CN = username,
 *   certificate not revoked, user known and enabled) before anything that costs a password hash, lockout
 *   before the password (per user and client address, with a slower user-wide back-off: a locked client
 *   is refused even with the right password, unless it also brings a valid one-time code), password
 *   (argon2id, or a match with one it accepted within the hour: VerifiedPasswords) and second factor
 *   (each code once: the last used step is kept in the store),
 *   then admission (static address, session limits). Admission is decided here and not at client-connect
 *   because only this hook can tell the client why (auth_failed_reason_file). A client presenting a valid
 *   session token (auth-gen-token: a renegotiation or a reconnect) skips the password: clients with
 *   `auth-nocache` no longer hold it.
 *   An allowed client gets its per-client config (static address, server pushes, the routes of its groups),
 *   which the daemon writes into OpenVPN's client-config-dir before answering.
 * - `admit` (client-connect, certificate-only servers, which have no verify step): identity, admission and
 *   the per-client config.
 */
import { netmaskOf, parseCidr } from '../../../core/ip.js';
import { DEFAULT_LOCKOUT, evaluateLoginLock } from '../../../core/lockout.js';
import type { LockoutPolicy, LoginFailure, LoginLockState } from '../../../core/lockout.js';
import { isStaticHost, poolLayout } from '../../../core/model/pool.js';
import type { RaServer } from '../../../core/model/index.js';
import type { EventSink } from '../../types.js';
import type { ClientEnv } from '../management/env.js';
import { routePush, serverPushes } from '../render/pushes.js';
import { splitCredentials } from './credentials.js';
import { VerifiedPasswords } from './verified-passwords.js';
import { hashPassword, verifyPassword } from '../../../auth/passwords.js';
import { matchTotp, type TotpSteps } from '../../../auth/totp.js';

export interface VpnUserRecord {
  username: string;
  disabled: boolean;
  /** argon2id PHC string; absent means the user cannot log in with a password */
  passwordHash?: string;
  /** base32 TOTP secret, when the user has a second factor */
  totpSecret?: string;
  staticIp?: string;
  groups: readonly string[];
  maxSessions?: number;
}

export interface LockoutStore {
  /** `source`: the client's IP address (OpenVPN's untrusted_ip), without the port */
  recordFailure(username: string, at: Date, source: string): void | Promise<void>;
  failures(username: string): readonly LoginFailure[] | Promise<readonly LoginFailure[]>;
}

/** A live (or being-admitted) session as the authoriser sees it. */
export interface SessionRef {
  cid: number | undefined;
  realAddress: string;
  /**
   * OpenVPN's `session_id` (auth-gen-token servers): the same for every reconnect that presents the
   * session's token, so it tells the same device reconnecting from another device. Unknown on
   * certificate-only servers and for sessions adopted from `status 3`.
   */
  sessionId?: string;
}

/** What an admission is claimed with: the static address, if any, and OpenVPN's session_id, if any. */
export interface ClaimDetail {
  tunnelAddress?: string | undefined;
  sessionId?: string | undefined;
}

/** What the authoriser needs to know about live (and being-admitted) sessions, keyed by real address. */
export interface SessionView {
  forUser(username: string): readonly SessionRef[];
  /** the session holding a tunnel address, if any */
  holderOf(address: string): { username: string } | undefined;
  /** whether a session at this real address is established (a token renegotiation, not a new session) */
  established?(realAddress: string): boolean;
  /**
   * Called synchronously with an admission, so that decisions finishing in the same tick see each other
   * when counting sessions.
   */
  claim?(realAddress: string, username: string, detail?: ClaimDetail): void;
}

export interface AuthorizerDeps {
  /** the server as currently stored: pushes and limits follow changes without restarting OpenVPN */
  server(): RaServer;
  findUser(username: string): VpnUserRecord | undefined | Promise<VpnUserRecord | undefined>;
  /** serial in decimal as OpenVPN prints it, and in colon-separated hex */
  certificateRevoked(serial: string, serialHex: string | undefined): boolean | Promise<boolean>;
  lockout: LockoutStore;
  lockoutPolicy?: LockoutPolicy;
  /** last used TOTP step per user (principal "vpn:<username>"), kept across restarts */
  totpSteps: TotpSteps;
  sessions: SessionView;
  /** destinations granted to these groups by access policies, pushed as routes */
  routesForGroups?(groups: readonly string[]): readonly string[];
  events: EventSink;
  /** event source, e.g. "openvpn:staff" */
  source: string;
  now?: () => Date;
}

export type Denial = { allow: false; username: string | undefined; code: DenyCode; reason: string; clientReason: string };

export type VerifyDecision =
  | {
      allow: true;
      username: string;
      /** per-client config lines (the client-config-dir file OpenVPN reads right after) */
      config: string[];
      /**
       * sessions this one replaces, to end with REPLACED_MESSAGE: the same device's earlier session (a
       * static-IP reconnect seen before the old disconnect), or one that cannot be told apart from it
       */
      replaces: number[];
    }
  | Denial;

/** Certificate-only servers have no verify step: identity and admission happen at client-connect. */
export type AdmitDecision = VerifyDecision;

export type DenyCode =
  | 'cn-mismatch'
  | 'revoked'
  | 'unknown-user'
  | 'disabled'
  | 'locked'
  | 'bad-password'
  | 'bad-code'
  | 'token-expired'
  | 'static-ip-in-use'
  | 'session-limit'
  | 'static-ip-outside-pool';

const GENERIC = 'Invalid username or password';

/**
 * Sent to a session that another one replaced (`client-kill CID "HALT,…"`): HALT, not the default RESTART,
 * so that a different device behind the same address is told why and stays off instead of coming back and
 * replacing the newer session in turn, for ever.
 */
export const REPLACED_MESSAGE = 'HALT,replaced by a newer connection of the same user (static IP)';

/** session_state values OpenVPN sets with `auth-gen-token … external-auth` */
const TOKEN_VALID = new Set(['Authenticated', 'AuthenticatedEmptyUser']);
const TOKEN_REFUSED = new Set(['Expired', 'ExpiredEmptyUser', 'Invalid']);

export interface Authorizer {
  verify(env: ClientEnv): Promise<VerifyDecision>;
  admit(env: ClientEnv): Promise<AdmitDecision>;
  /**
   * Runs one throwaway argon2id verification in the background: the first one in a process pays for
   * starting the worker threads (≈20 ms here), and that first client should not.
   */
  warmUp(): void;
}

export function createAuthorizer(deps: AuthorizerDeps): Authorizer {
  const now = deps.now ?? (() => new Date());
  const policy = deps.lockoutPolicy ?? DEFAULT_LOCKOUT;

  const deny = (username: string | undefined, code: DenyCode, reason: string, clientReason: string, env: ClientEnv): Denial => {
    const failed = code === 'bad-password' || code === 'bad-code' || code === 'unknown-user';
    deps.events.record({
      kind: failed ? 'session.auth-failed' : 'session.denied',
      source: deps.source,
      ...(username ? { subject: username } : {}),
      severity: 'warning',
      detail: { code, reason, realAddress: env.realAddress },
    });
    return { allow: false, username, code, reason, clientReason };
  };

  /** Certificate CN = username, certificate not revoked, user known and enabled. */
  async function identify(env: ClientEnv, username: string | undefined): Promise<VpnUserRecord | Denial> {
    const cn = env.commonName;
    if (!cn || username !== cn) {
      return deny(username, 'cn-mismatch', `username ${JSON.stringify(username ?? '')} does not match certificate CN ${JSON.stringify(cn ?? '')}`, GENERIC, env);
    }
    const serial = env.certificateSerial;
    if (serial === undefined || (await deps.certificateRevoked(serial, env.certificateSerialHex))) {
      return deny(username, 'revoked', 'certificate revoked', 'certificate revoked', env);
    }
    const user = await deps.findUser(username);
    if (!user) return deny(username, 'unknown-user', 'unknown user', GENERIC, env);
    if (user.disabled) return deny(username, 'disabled', 'user disabled', 'account disabled', env);
    return user;
  }

  const isDenial = (x: VpnUserRecord | Denial): x is Denial => 'allow' in x;

  const verified = new VerifiedPasswords();
  async function passwordMatches(user: VpnUserRecord, password: string, at: Date): Promise<boolean> {
    const hash = user.passwordHash;
    if (hash === undefined || password === '') return false;
    if (verified.has(user.username, hash, password, at)) return true;
    const ok = await verifyPassword(hash, password);
    if (ok) verified.remember(user.username, hash, password, at);
    return ok;
  }

  return {
    warmUp() {
      void hashPassword('warm-up')
        .then((h) => verifyPassword(h, 'warm-up'))
        .catch(() => undefined);
    },

    async verify(env) {
      const state = env.get('session_state');
      // a token client may send an empty username; the token was issued to the certificate's CN
      const username = env.username ?? (state && TOKEN_VALID.has(state) ? env.commonName : undefined);
      const user = await identify(env, username);
      if (isDenial(user)) return user;
      if (state && TOKEN_VALID.has(state)) {
        // a renegotiation of a live session is not a new session: nothing to admit
        if (deps.sessions.established?.(env.realAddress ?? '')) return { allow: true, username: user.username, config: clientConfig(deps.server(), user), replaces: [] };
        return admission(user, env);
      }
      if (state && TOKEN_REFUSED.has(state)) {
        // not a password guess: no lockout count; the client asks for the password again
        return deny(user.username, 'token-expired', `session token ${state.toLowerCase()}`, 'session expired, log in again', env);
      }
      const at = now();
      const source = hostOf(env.realAddress);
      const principal = `vpn:${user.username}`;
      const lock = evaluateLoginLock(await deps.lockout.failures(user.username), source, at, policy);
      const { password, code } = splitCredentials(env.password() ?? '', user.totpSecret !== undefined);
      const step = user.totpSecret !== undefined && code !== undefined ? matchTotp(user.totpSecret, code, at) : undefined;
      if (lock.locked) {
        // only the password with a valid one-time code gets past a lock; nothing is counted here (the answer
        // never tells a right password from a wrong one, and one address's hammering must not reach the
        // user-wide limit), and a guess without a valid code costs no password hash
        if (step !== undefined && (await passwordMatches(user, password, at)) && (await deps.totpSteps.claim(principal, step))) return admission(user, env);
        return refuseLocked(user, env, lock);
      }
      const passwordOk = await passwordMatches(user, password, at);
      const codeOk = user.totpSecret === undefined || (step !== undefined && passwordOk && (await deps.totpSteps.claim(principal, step)));
      if (passwordOk && codeOk) return admission(user, env);
      await deps.lockout.recordFailure(user.username, at, source);
      // now(), not `at`: failures of decisions running in parallel were stamped after `at`
      const after = evaluateLoginLock(await deps.lockout.failures(user.username), source, now(), policy);
      const decision = deny(user.username, passwordOk ? 'bad-code' : 'bad-password', passwordOk ? 'wrong one-time code' : 'wrong password', GENERIC, env);
      if (after.locked) {
        deps.events.record({
          kind: 'user.locked',
          source: deps.source,
          subject: user.username,
          severity: 'warning',
          detail: { until: after.until?.toISOString(), scope: after.scope, address: source, failures: policy.maxFailures, windowSeconds: policy.windowSeconds },
        });
      }
      return decision;
    },

    async admit(env) {
      // certificate-only clients are their CN, whatever username they send
      const user = await identify(env, env.commonName);
      if (isDenial(user)) return user;
      return admission(user, env);
    },
  };

  function refuseLocked(user: VpnUserRecord, env: ClientEnv, lock: LoginLockState): Denial {
    const until = lock.until?.toISOString() ?? '?';
    deps.events.record({
      kind: 'user.locked',
      source: deps.source,
      subject: user.username,
      severity: 'warning',
      detail: { until, scope: lock.scope, attempt: 'refused while locked', realAddress: env.realAddress },
    });
    const what = lock.scope === 'account' ? 'user locked (failures from many addresses)' : 'locked for this address';
    return deny(user.username, 'locked', `${what} until ${until}`, 'account temporarily locked', env);
  }

  /** Static address and session limits; an admitted client is claimed at once. */
  function admission(user: VpnUserRecord, env: ClientEnv): VerifyDecision {
    const server = deps.server();
    const realAddress = env.realAddress ?? '';
    const sessionId = env.get('session_id') || undefined;
    const others = deps.sessions.forUser(user.username).filter((s) => s.realAddress !== realAddress);
    let replaces: number[] = [];
    if (user.staticIp) {
      if (!isStaticHost(server.pool, user.staticIp)) {
        const l = poolLayout(server.pool);
        return deny(user.username, 'static-ip-outside-pool', `static address ${user.staticIp} is outside the static range ${l.staticFirst}–${l.staticLast} of ${server.pool}`, 'address configuration error', env);
      }
      const fromIp = hostOf(realAddress);
      // A device reconnecting (new port, same address) announces itself before its old session is gone: it
      // presents the old session's token, so the session ids match. A different session id from the same
      // address is another device behind the same NAT: refused, or the two would replace each other for
      // ever. Without session ids on both sides (certificate-only servers, sessions adopted from a
      // snapshot) the newcomer replaces the old session, which is halted with the reason (REPLACED_MESSAGE).
      const anotherDevice = (s: SessionRef): boolean =>
        hostOf(s.realAddress) !== fromIp || (s.sessionId !== undefined && sessionId !== undefined && s.sessionId !== sessionId);
      if (others.some(anotherDevice)) {
        return deny(user.username, 'static-ip-in-use', 'already connected (static IP)', 'already connected (static IP)', env);
      }
      replaces = others.flatMap((s) => (s.cid === undefined ? [] : [s.cid]));
      const holder = deps.sessions.holderOf(user.staticIp);
      if (holder && holder.username !== user.username) {
        return deny(user.username, 'static-ip-in-use', `static address ${user.staticIp} is held by ${holder.username}`, 'address in use', env);
      }
    } else {
      const limit = user.maxSessions ?? server.maxSessionsPerUser;
      if (others.length >= limit) {
        return deny(user.username, 'session-limit', `session limit reached (${limit})`, `session limit reached (${limit})`, env);
      }
    }
    deps.sessions.claim?.(realAddress, user.username, { tunnelAddress: user.staticIp, sessionId });
    return { allow: true, username: user.username, config: clientConfig(server, user), replaces };
  }

  function clientConfig(server: RaServer, user: VpnUserRecord): string[] {
    const config: string[] = [];
    if (user.staticIp) config.push(`ifconfig-push ${user.staticIp} ${netmaskOf(parseCidr(server.pool).prefix)}`);
    config.push(...serverPushes(server));
    const pushed = new Set(server.routes);
    for (const dst of deps.routesForGroups?.(user.groups) ?? []) {
      if (pushed.has(dst)) continue;
      pushed.add(dst);
      const line = routePush(dst);
      if (line) config.push(line);
    }
    return config;
  }
}

function hostOf(realAddress: string | undefined): string {
  if (!realAddress) return '';
  const colon = realAddress.lastIndexOf(':');
  return colon < 0 ? realAddress : realAddress.slice(0, colon);
}
