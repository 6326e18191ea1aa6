/**
 * Administrator accounts: argon2id passwords, lockout (shared rule with VPN users), optional TOTP,
 * browser sessions with a CSRF token, and API tokens with scopes. Tokens are for scripts: they keep
 * working when the admin turns TOTP on, because the admin who created one has already passed TOTP.
 * Session ids and tokens are stored only as SHA-256 hashes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword, verifyPassword } from './passwords.js';
import * as OTPAuth from 'otpauth';
import { TotpVerifier } from './totp.js';
import type { Database } from '../store/schema.js';
import type { MasterKey } from '../secrets/master-key.js';
import type { LockoutPolicy } from '../core/lockout.js';
import { LoginFailures } from '../store/login-failures.js';
import { CorridorError, conflict, notFound, validationError } from '../core/errors.js';
import { username as usernameField, password as passwordField } from '../core/fields.js';

/** read; write (includes read); secrets (profiles, one-time links, PSKs, keys); metrics; admin (everything) */
export type Scope = 'read' | 'write' | 'secrets' | 'metrics' | 'admin';
export const ALL_SCOPES: Scope[] = ['read', 'write', 'secrets', 'metrics', 'admin'];

export interface Principal {
  username: string;
  via: 'session' | 'token';
  scopes: Scope[];
  csrf?: string;
  sessionId?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const nowIso = () => new Date().toISOString();

export class AdminAuth {
  private readonly totp = new TotpVerifier();
  private readonly failures: LoginFailures;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: MasterKey,
    private readonly lockout: LockoutPolicy,
    private readonly sessionHours: number,
  ) {
    this.failures = new LoginFailures(db, lockout, 'admin');
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('admins').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async create(username: string, password: string): Promise<void> {
    const u = usernameField.safeParse(username);
    const p = passwordField.safeParse(password);
    const issues = [...(u.success ? [] : [{ path: 'username', message: u.error.issues[0]!.message }]), ...(p.success ? [] : [{ path: 'password', message: p.error.issues[0]!.message }])];
    if (issues.length) throw validationError(issues);
    const exists = await this.db.selectFrom('admins').select('username').where('username', '=', username).executeTakeFirst();
    if (exists) throw conflict(`admin "${username}" already exists`, [{ path: 'username', message: 'already exists' }]);
    await this.db.insertInto('admins').values({ username, password_hash: await hashPassword(password), totp_secret: null, totp_enabled: 0, lang: 'en', created_at: nowIso() }).execute();
  }

  async list() {
    const rows = await this.db.selectFrom('admins').select(['username', 'totp_enabled', 'lang', 'created_at']).orderBy('username').execute();
    return rows.map((r) => ({ username: r.username, totpEnabled: !!r.totp_enabled, lang: r.lang, createdAt: r.created_at }));
  }

  async remove(username: string): Promise<void> {
    if ((await this.count()) <= 1) throw conflict('cannot delete the last administrator');
    const r = await this.db.deleteFrom('admins').where('username', '=', username).executeTakeFirst();
    if (!r.numDeletedRows) throw notFound(`admin "${username}"`);
  }

  async lockoutState(username: string) {
    return this.failures.state(username);
  }

  /** Returns a new session, or throws 401/423 with a message that says exactly what happened. */
  async login(username: string, password: string, totp: string | undefined): Promise<{ sessionId: string; csrf: string; expiresAt: string }> {
    const state = await this.lockoutState(username);
    if (state.locked) {
      throw new CorridorError(423, 'locked', `too many failed logins; locked until ${state.until!.toISOString()}`, [], { until: state.until!.toISOString() });
    }
    const admin = await this.db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirst();
    // unknown users get the same answer and the same cost as a wrong password
    const ok = admin ? await verifyPassword(admin.password_hash, password) : (await hashPassword(password), false);
    if (!ok) return this.fail(username, 'invalid username or password');
    if (admin!.totp_enabled) {
      if (!totp) throw new CorridorError(401, 'totp-required', 'enter the 6-digit code from your authenticator app');
      if (!this.checkTotp(admin!.totp_secret!, admin!.username, totp)) return this.fail(username, 'wrong authenticator code');
    }
    await this.failures.clear(username);
    const sessionId = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.sessionHours * 3600_000).toISOString();
    await this.db.insertInto('admin_sessions').values({ id: sha256(sessionId), username, csrf, created_at: nowIso(), expires_at: expiresAt, last_seen: nowIso() }).execute();
    return { sessionId, csrf, expiresAt };
  }

  private async fail(username: string, message: string): Promise<never> {
    await this.failures.record(username);
    const state = await this.lockoutState(username);
    if (state.locked) {
      throw new CorridorError(423, 'locked', `too many failed logins; locked until ${state.until!.toISOString()}`, [], { until: state.until!.toISOString() });
    }
    throw new CorridorError(401, 'invalid-credentials', `${message} (${state.remaining} attempt${state.remaining === 1 ? '' : 's'} left before a ${Math.round(this.lockout.lockSeconds / 60)}-minute lock)`, [], { remaining: state.remaining });
  }

  async unlock(username: string): Promise<void> {
    await this.failures.clear(username);
  }

  async session(sessionId: string): Promise<Principal | undefined> {
    const row = await this.db.selectFrom('admin_sessions').selectAll().where('id', '=', sha256(sessionId)).executeTakeFirst();
    if (!row || row.expires_at < nowIso()) return undefined;
    return { username: row.username, via: 'session', scopes: ALL_SCOPES, csrf: row.csrf, sessionId };
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('id', '=', sha256(sessionId)).execute();
  }

  async me(username: string) {
    const a = await this.db.selectFrom('admins').select(['username', 'totp_enabled', 'lang']).where('username', '=', username).executeTakeFirstOrThrow();
    return { username: a.username, totpEnabled: !!a.totp_enabled, lang: a.lang as 'en' | 'zh-CN' };
  }

  async setLang(username: string, lang: string): Promise<void> {
    if (lang !== 'en' && lang !== 'zh-CN') throw validationError([{ path: 'lang', message: 'must be "en" or "zh-CN"' }]);
    await this.db.updateTable('admins').set({ lang }).where('username', '=', username).execute();
  }

  // --- TOTP -------------------------------------------------------------------------------------

  private totpFor(secretSealed: string, username: string) {
    const secret = this.key.openString(secretSealed, `admin:${username}:totp`);
    return new OTPAuth.TOTP({ issuer: 'Corridor', label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });
  }

  /** replay-safe: a code already used for this admin is refused within its validity */
  private checkTotp(secretSealed: string, username: string, code: string): boolean {
    return this.totp.verify(username, this.key.openString(secretSealed, `admin:${username}:totp`), code, new Date());
  }

  /** Starts enrolment: a new secret, not enforced until confirmed with a valid code. */
  async totpSetup(username: string): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    const sealed = this.key.seal(secret, `admin:${username}:totp`);
    await this.db.updateTable('admins').set({ totp_secret: sealed, totp_enabled: 0 }).where('username', '=', username).execute();
    return { secret, otpauthUrl: this.totpFor(sealed, username).toString() };
  }

  async totpEnable(username: string, code: string): Promise<void> {
    const a = await this.db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
    if (!a.totp_secret) throw validationError([{ path: 'code', message: 'start TOTP setup first' }]);
    if (!this.checkTotp(a.totp_secret, username, code)) throw validationError([{ path: 'code', message: 'code does not match; check the phone clock' }]);
    await this.db.updateTable('admins').set({ totp_enabled: 1 }).where('username', '=', username).execute();
  }

  async totpDisable(username: string, password: string): Promise<void> {
    const a = await this.db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
    if (!(await verifyPassword(a.password_hash, password))) throw validationError([{ path: 'password', message: 'wrong password' }]);
    await this.db.updateTable('admins').set({ totp_enabled: 0, totp_secret: null }).where('username', '=', username).execute();
  }

  // --- API tokens -------------------------------------------------------------------------------

  async createToken(username: string, name: string, scopes: Scope[]): Promise<{ id: string; name: string; token: string; scopes: Scope[] }> {
    if (!/^[\x20-\x7e]{1,64}$/.test(name)) throw validationError([{ path: 'name', message: '1-64 printable characters' }]);
    const bad = scopes.findIndex((s) => !ALL_SCOPES.includes(s));
    if (!scopes.length || bad >= 0) throw validationError([{ path: bad >= 0 ? `scopes.${bad}` : 'scopes', message: `scopes are ${ALL_SCOPES.join(', ')}` }]);
    const id = randomBytes(6).toString('hex');
    const token = `cor_${id}_${randomBytes(24).toString('base64url')}`;
    await this.db.insertInto('api_tokens').values({ id, name, username, token_hash: sha256(token), scopes: scopes.join(','), created_at: nowIso(), last_used_at: null }).execute();
    return { id, name, token, scopes };
  }

  async listTokens(username: string) {
    const rows = await this.db.selectFrom('api_tokens').select(['id', 'name', 'scopes', 'created_at', 'last_used_at']).where('username', '=', username).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, scopes: r.scopes.split(','), createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  async revokeToken(username: string, id: string): Promise<void> {
    const r = await this.db.deleteFrom('api_tokens').where('id', '=', id).where('username', '=', username).executeTakeFirst();
    if (!r.numDeletedRows) throw notFound(`token "${id}"`);
  }

  async token(token: string): Promise<Principal | undefined> {
    if (!/^cor_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
    const row = await this.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(sha256(token)))) return undefined;
    await this.db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
    return { username: row.username, via: 'token', scopes: row.scopes.split(',') as Scope[] };
  }
}
