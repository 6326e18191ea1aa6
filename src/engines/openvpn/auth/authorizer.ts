/**
 * Decides every CONNECT and REAUTH the management interface reports. The order of checks matters:
 * identity (certificate CN = username, certificate not revoked) before anything that costs a password
 * hash, lockout before the password (a locked user is refused even with the right one), session limits
 * last so that a refused password never reveals them.
 */
import { verify as verifyArgon2 } from '@node-rs/argon2';
import { addressCount, cidrContains, netmaskOf, nthAddress, parseCidr } from '../../../core/ip.js';
import { DEFAULT_LOCKOUT, evaluateLockout } from '../../../core/lockout.js';
import type { LockoutPolicy } from '../../../core/lockout.js';
import type { RaServer } from '../../../core/model/index.js';
import type { EventSink } from '../../types.js';
import type { ClientEnv } from '../management/env.js';
import { routePush, serverPushes } from '../render/pushes.js';
import { splitCredentials } from './credentials.js';
import { TotpVerifier } from '../../../auth/totp.js';

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
  recordFailure(username: string, at: Date): void | Promise<void>;
  failures(username: string): readonly Date[] | Promise<readonly Date[]>;
}

/** What the authoriser needs to know about live (and being-authorised) sessions. */
export interface SessionView {
  forUser(username: string): ReadonlyArray<{ cid: number; realAddress: string }>;
  /** cid holding a tunnel address, if any */
  holderOf(address: string): { cid: number; username: string } | undefined;
  /**
   * Called synchronously with an allow decision, so that decisions finishing in the same tick (argon2
   * runs off the main thread) see each other when counting sessions.
   */
  claim?(cid: number, username: string, realAddress: string): void;
}

export interface AuthorizerDeps {
  /** the server as currently stored: pushes and limits follow changes without restarting OpenVPN */
  server(): RaServer;
  findUser(username: string): VpnUserRecord | undefined | Promise<VpnUserRecord | undefined>;
  /** serial in decimal as OpenVPN prints it, and in colon-separated hex */
  certificateRevoked(serial: string, serialHex: string | undefined): boolean | Promise<boolean>;
  lockout: LockoutStore;
  lockoutPolicy?: LockoutPolicy;
  sessions: SessionView;
  /** destinations granted to these groups by access policies, pushed as routes */
  routesForGroups?(groups: readonly string[]): readonly string[];
  events: EventSink;
  /** event source, e.g. "openvpn:staff" */
  source: string;
  now?: () => Date;
}

export interface AuthRequest {
  kind: 'connect' | 'reauth';
  cid: number;
  env: ClientEnv;
}

export type AuthDecision =
  | {
      allow: true;
      username: string;
      /** client-auth config block */
      config: string[];
      /** earlier sessions of the same device to kill (static-IP reconnect seen before the old DISCONNECT) */
      replaces: number[];
    }
  | { allow: false; username: string | undefined; code: DenyCode; reason: string; clientReason: string };

export type DenyCode =
  | 'cn-mismatch'
  | 'revoked'
  | 'unknown-user'
  | 'disabled'
  | 'locked'
  | 'bad-password'
  | 'bad-code'
  | 'static-ip-in-use'
  | 'session-limit'
  | 'static-ip-outside-pool';

const GENERIC = 'Invalid username or password';

export interface Authorizer {
  decide(req: AuthRequest): Promise<AuthDecision>;
}

export function createAuthorizer(deps: AuthorizerDeps): Authorizer {
  const now = deps.now ?? (() => new Date());
  const policy = deps.lockoutPolicy ?? DEFAULT_LOCKOUT;
  const totp = new TotpVerifier();

  const deny = (username: string | undefined, code: DenyCode, reason: string, clientReason: string, cid: number): AuthDecision => {
    const failed = code === 'bad-password' || code === 'bad-code' || code === 'unknown-user';
    deps.events.record({
      kind: failed ? 'session.auth-failed' : 'session.denied',
      source: deps.source,
      ...(username ? { subject: username } : {}),
      severity: 'warning',
      detail: { code, reason, cid },
    });
    return { allow: false, username, code, reason, clientReason };
  };

  return {
    async decide({ kind, cid, env }) {
      const server = deps.server();
      const cn = env.commonName;
      const username = env.username ?? (server.passwordAuth ? undefined : cn);
      if (!cn || username !== cn) {
        return deny(username, 'cn-mismatch', `username ${JSON.stringify(username ?? '')} does not match certificate CN ${JSON.stringify(cn ?? '')}`, GENERIC, cid);
      }
      const serial = env.certificateSerial;
      if (serial === undefined || (await deps.certificateRevoked(serial, env.certificateSerialHex))) {
        return deny(username, 'revoked', 'certificate revoked', 'certificate revoked', cid);
      }
      const user = await deps.findUser(username);
      if (!user) return deny(username, 'unknown-user', 'unknown user', GENERIC, cid);
      if (user.disabled) return deny(username, 'disabled', 'user disabled', 'account disabled', cid);
      if (kind === 'reauth') {
        // TLS renegotiation: identity re-checked above; auth-nocache clients no longer hold the password
        return { allow: true, username, config: [], replaces: [] };
      }

      if (server.passwordAuth) {
        const at = now();
        const before = evaluateLockout(await deps.lockout.failures(username), at, policy);
        if (before.locked) {
          deps.events.record({
            kind: 'user.locked',
            source: deps.source,
            subject: username,
            severity: 'warning',
            detail: { until: before.until?.toISOString(), attempt: 'refused while locked', cid },
          });
          return deny(username, 'locked', `locked until ${before.until?.toISOString() ?? '?'}`, 'account temporarily locked', cid);
        }
        const { password, code } = splitCredentials(env.password() ?? '', user.totpSecret !== undefined);
        const passwordOk = user.passwordHash !== undefined && password !== '' && (await verifyArgon2(user.passwordHash, password).catch(() => false));
        const codeOk = user.totpSecret === undefined || (code !== undefined && totp.verify(username, user.totpSecret, code, at));
        if (!passwordOk || !codeOk) {
          await deps.lockout.recordFailure(username, at);
          // now(), not `at`: failures of decisions running in parallel were stamped after `at`
          const after = evaluateLockout(await deps.lockout.failures(username), now(), policy);
          const decision = deny(username, passwordOk ? 'bad-code' : 'bad-password', passwordOk ? 'wrong one-time code' : 'wrong password', GENERIC, cid);
          if (after.locked) {
            deps.events.record({
              kind: 'user.locked',
              source: deps.source,
              subject: username,
              severity: 'warning',
              detail: { until: after.until?.toISOString(), failures: policy.maxFailures, windowSeconds: policy.windowSeconds },
            });
          }
          return decision;
        }
      }

      const others = deps.sessions.forUser(username).filter((s) => s.cid !== cid);
      const config: string[] = [];
      let replaces: number[] = [];
      if (user.staticIp) {
        const pool = parseCidr(server.pool);
        // the network address, the server's own first address and the broadcast address are not for clients
        const reserved = [nthAddress(pool, 0), nthAddress(pool, 1), nthAddress(pool, Number(addressCount(pool)) - 1)];
        if (!cidrContains(pool, user.staticIp) || reserved.includes(user.staticIp)) {
          return deny(username, 'static-ip-outside-pool', `static address ${user.staticIp} is outside the pool ${server.pool}`, 'address configuration error', cid);
        }
        const fromIp = hostOf(env.realAddress);
        // a device reconnecting (new port, same address) announces itself before OpenVPN reports the old DISCONNECT
        if (others.some((s) => hostOf(s.realAddress) !== fromIp)) {
          return deny(username, 'static-ip-in-use', 'already connected (static IP)', 'already connected (static IP)', cid);
        }
        replaces = others.map((s) => s.cid);
        const holder = deps.sessions.holderOf(user.staticIp);
        if (holder && holder.username !== username) {
          return deny(username, 'static-ip-in-use', `static address ${user.staticIp} is held by ${holder.username}`, 'address in use', cid);
        }
        config.push(`ifconfig-push ${user.staticIp} ${netmaskOf(pool.prefix)}`);
      } else {
        const limit = user.maxSessions ?? server.maxSessionsPerUser;
        if (others.length >= limit) {
          return deny(username, 'session-limit', `session limit reached (${limit})`, `session limit reached (${limit})`, cid);
        }
      }
      config.push(...serverPushes(server));
      const pushed = new Set(server.routes);
      for (const dst of deps.routesForGroups?.(user.groups) ?? []) {
        if (pushed.has(dst)) continue;
        pushed.add(dst);
        const line = routePush(dst);
        if (line) config.push(line);
      }
      deps.sessions.claim?.(cid, username, env.realAddress ?? '');
      return { allow: true, username, config, replaces };
    },
  };
}

function hostOf(realAddress: string | undefined): string {
  if (!realAddress) return '';
  const colon = realAddress.lastIndexOf(':');
  return colon < 0 ? realAddress : realAddress.slice(0, colon);
}
