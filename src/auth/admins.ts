/**
 * Administrator accounts: argon2id passwords, lockout per account and address (shared rule with VPN
 * users), optional TOTP, browser sessions with a CSRF token, and API tokens with scopes. Tokens are for
 * scripts: they keep working when the admin turns TOTP on, because the admin who created one has already
 * passed TOTP. Session ids and tokens are stored only as SHA-256 hashes. A password someone else chose
 * (the printed first-start one, or one set by another administrator) must be changed at first login.
 * Every change to an account, a token or a second factor is written to the audit log.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword, verifyPassword } from './passwords.js';
import { matchTotp, StoredTotpSteps, TotpEnrolments, verifyTotp, type TotpEnrolment } from './totp.js';
import type { Database } from '../store/schema.js';
import type { MasterKey } from '../secrets/master-key.js';
import type { LockoutPolicy, LoginLockState } from '../core/lockout.js';
import { LoginFailures } from '../store/login-failures.js';
import { writeAudit } from '../store/audit.js';
import type { Actor } from '../store/resources.js';
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
  /** a session of an admin who must set their own password first: only the password change is open */
  passwordChangeRequired?: boolean;
  /** the administrator's language setting (error answers use it when the request names none) */
  lang?: string;
}

/** Who made a change the daemon itself made (the local CLI token), in the audit log. */
export const DAEMON_ACTOR: Actor = { name: 'corridor (daemon)' };

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const nowIso = () => new Date().toISOString();
const principalOf = (username: string) => `admin:${username}`;

function lockedError(state: LoginLockState): CorridorError {
  const until = state.until!.toISOString();
  const message = state.scope === 'account'
    ? `too many failed logins for this account from many addresses; locked until ${until} (a valid authenticator code still gets in)`
    : `too many failed logins from this address; locked until ${until}`;
  return new CorridorError(423, 'locked', message, [], { until, scope: state.scope });
}

export class AdminAuth {
  private readonly failures: LoginFailures;
  private readonly totpSteps: StoredTotpSteps;
  private readonly enrolments: TotpEnrolments;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly key: MasterKey,
    private readonly lockout: LockoutPolicy,
    private readonly sessionHours: number,
  ) {
    this.failures = new LoginFailures(db, lockout, 'admin');
    this.totpSteps = new StoredTotpSteps(db);
    this.enrolments = new TotpEnrolments(db, key, this.totpSteps);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('admins').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * `mustChangePassword`: the password was chosen by someone else (printed at first start, or set by
   * another administrator), so it opens only the password change.
   */
  async create(username: string, password: string, actor: Actor, opts: { mustChangePassword: boolean }): Promise<void> {
    const u = usernameField.safeParse(username);
    const p = passwordField.safeParse(password);
    const issues = [...(u.success ? [] : [{ path: 'username', message: u.error.issues[0]!.message }]), ...(p.success ? [] : [{ path: 'password', message: p.error.issues[0]!.message }])];
    if (issues.length) throw validationError(issues);
    const exists = await this.db.selectFrom('admins').select('username').where('username', '=', username).executeTakeFirst();
    if (exists) throw conflict(`admin "${username}" already exists`, [{ path: 'username', message: 'already exists' }]);
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('admins').values({ username, password_hash: await hashPassword(password), totp_secret: null, totp_enabled: 0, lang: 'en', created_at: nowIso(), must_change_password: opts.mustChangePassword ? 1 : 0 }).execute();
      await writeAudit(trx, { actor, action: 'create', resourceType: 'admin', resourceName: username, before: null, after: { username, passwordChangeRequired: opts.mustChangePassword }, secretsChanged: ['password'] });
    });
  }

  async list() {
    const rows = await this.db.selectFrom('admins').select(['username', 'totp_enabled', 'lang', 'created_at', 'must_change_password']).orderBy('username').execute();
    return rows.map((r) => ({ username: r.username, totpEnabled: !!r.totp_enabled, lang: r.lang, createdAt: r.created_at, passwordChangeRequired: !!r.must_change_password }));
  }

  async remove(username: string, actor: Actor): Promise<void> {
    if ((await this.count()) <= 1) throw conflict('cannot delete the last administrator');
    await this.db.transaction().execute(async (trx) => {
      const r = await trx.deleteFrom('admins').where('username', '=', username).executeTakeFirst();
      if (!r.numDeletedRows) throw notFound(`admin "${username}"`);
      await writeAudit(trx, { actor, action: 'delete', resourceType: 'admin', resourceName: username, before: { username }, after: null });
    });
  }

  /** The account as other administrators see it: locked when the account or any address is. */
  async lockoutState(username: string) {
    return this.failures.state(username);
  }

  /**
   * Returns a new session, or throws 401/423 with a message that says exactly what happened. `source` is
   * the client's address: failures lock that (account, address) pair, and only many failures from many
   * addresses lock the account. While locked, only the right password with a valid authenticator code
   * gets in, and the answer never says whether the password alone was right.
   */
  async login(username: string, password: string, totp: string | undefined, source: string): Promise<{ sessionId: string; csrf: string; expiresAt: string; passwordChangeRequired: boolean }> {
    const now = new Date();
    const state = await this.failures.stateFor(username, source, now);
    const admin = await this.db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirst();
    if (state.locked) {
      // not counted as failures: nothing here tells a guess right from wrong, and counting them would let
      // one address's hammering reach the account-wide limit
      if (!admin?.totp_enabled || !totp) throw lockedError(state);
      // the cheap check first: a guess without a valid code costs no password hash
      const secret = this.key.openString(admin.totp_secret!, `admin:${username}:totp`);
      const step = matchTotp(secret, totp, now);
      const passes = step !== undefined && (await verifyPassword(admin.password_hash, password)) && (await this.totpSteps.claim(principalOf(username), step));
      if (!passes) throw lockedError(state);
    } else {
      // unknown users get the same answer and the same cost as a wrong password
      const ok = admin ? await verifyPassword(admin.password_hash, password) : (await hashPassword(password), false);
      if (!ok) return this.fail(username, source, 'invalid username or password');
      if (admin!.totp_enabled) {
        if (!totp) throw new CorridorError(401, 'totp-required', 'enter the 6-digit code from your authenticator app');
        if (!(await this.checkTotp(admin!.totp_secret!, username, totp, now))) return this.fail(username, source, 'wrong authenticator code');
      }
      // only this address's failures: the owner logging in elsewhere must not reset an attacker's lock
      await this.failures.clear(username, source);
    }
    const sessionId = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.sessionHours * 3600_000).toISOString();
    await this.db.insertInto('admin_sessions').values({ id: sha256(sessionId), username, csrf, created_at: nowIso(), expires_at: expiresAt, last_seen: nowIso() }).execute();
    return { sessionId, csrf, expiresAt, passwordChangeRequired: !!admin!.must_change_password };
  }

  private async fail(username: string, source: string, message: string): Promise<never> {
    await this.failures.record(username, new Date(), source);
    const state = await this.failures.stateFor(username, source);
    if (state.locked) throw lockedError(state);
    throw new CorridorError(401, 'invalid-credentials', `${message} (${state.remaining} attempt${state.remaining === 1 ? '' : 's'} left before a ${Math.round(this.lockout.lockSeconds / 60)}-minute lock)`, [], { remaining: state.remaining });
  }

  /**
   * The password asked again inside a session (password change, TOTP changes): it counts toward the
   * same lock as a login from that address, so a stolen session is no way around the lockout.
   */
  private async passwordConfirms(username: string, passwordHash: string, password: string, actor: Actor): Promise<boolean> {
    const source = actor.ip ?? '';
    const state = await this.failures.stateFor(username, source);
    if (state.locked) throw lockedError(state);
    if (await verifyPassword(passwordHash, password)) return true;
    await this.failures.record(username, new Date(), source);
    return false;
  }

  async unlock(username: string, actor: Actor): Promise<void> {
    const exists = await this.db.selectFrom('admins').select('username').where('username', '=', username).executeTakeFirst();
    if (!exists) throw notFound(`admin "${username}"`);
    await this.failures.clear(username);
    await writeAudit(this.db, { actor, action: 'unlock', resourceType: 'admin', resourceName: username, before: null, after: null });
  }

  async session(sessionId: string): Promise<Principal | undefined> {
    const row = await this.db
      .selectFrom('admin_sessions')
      .innerJoin('admins', 'admins.username', 'admin_sessions.username')
      .select(['admin_sessions.username', 'admin_sessions.csrf', 'admin_sessions.expires_at', 'admins.must_change_password', 'admins.lang'])
      .where('admin_sessions.id', '=', sha256(sessionId))
      .executeTakeFirst();
    if (!row || row.expires_at < nowIso()) return undefined;
    return { username: row.username, via: 'session', scopes: ALL_SCOPES, csrf: row.csrf, sessionId, lang: row.lang, ...(row.must_change_password ? { passwordChangeRequired: true } : {}) };
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('id', '=', sha256(sessionId)).execute();
  }

  async me(username: string) {
    const a = await this.db.selectFrom('admins').select(['username', 'totp_enabled', 'lang', 'must_change_password']).where('username', '=', username).executeTakeFirstOrThrow();
    return { username: a.username, totpEnabled: !!a.totp_enabled, lang: a.lang as 'en' | 'zh-CN', passwordChangeRequired: !!a.must_change_password };
  }

  async setLang(username: string, lang: string): Promise<void> {
    if (lang !== 'en' && lang !== 'zh-CN') throw validationError([{ path: 'lang', message: 'must be "en" or "zh-CN"' }]);
    await this.db.updateTable('admins').set({ lang }).where('username', '=', username).execute();
  }

  /**
   * An administrator sets their own password: the current one proves it is them, the new one must
   * differ. Their other sessions end (a stolen session does not survive the change); `keepSession`, the
   * session making the change, stays.
   */
  async changePassword(username: string, currentPassword: string, newPassword: string, actor: Actor, keepSession?: string): Promise<void> {
    const a = await this.db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
    if (!(await this.passwordConfirms(username, a.password_hash, currentPassword, actor))) throw validationError([{ path: 'currentPassword', message: 'wrong password' }]);
    const p = passwordField.safeParse(newPassword);
    if (!p.success) throw validationError([{ path: 'newPassword', message: p.error.issues[0]!.message }]);
    if (newPassword === currentPassword) throw validationError([{ path: 'newPassword', message: 'must differ from the current password' }]);
    const hash = await hashPassword(newPassword);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('admins').set({ password_hash: hash, must_change_password: 0 }).where('username', '=', username).execute();
      let others = trx.deleteFrom('admin_sessions').where('username', '=', username);
      if (keepSession) others = others.where('id', '!=', sha256(keepSession));
      await others.execute();
      await writeAudit(trx, { actor, action: 'change-password', resourceType: 'admin', resourceName: username, before: null, after: null, secretsChanged: ['password'] });
    });
  }

  // --- TOTP -------------------------------------------------------------------------------------

  /** replay-safe: a code already used for this admin is refused, across restarts too */
  private checkTotp(secretSealed: string, username: string, code: string, now: Date): Promise<boolean> {
    return verifyTotp(this.totpSteps, principalOf(username), this.key.openString(secretSealed, `admin:${username}:totp`), code, now);
  }

  /**
   * Starts enrolment: a new secret, pending until confirmed with a code for it (totpEnable). An admin
   * who already has TOTP keeps it meanwhile, and must prove the account is theirs: password and a
   * current code.
   */
  async totpSetup(username: string, proof: { password?: string; code?: string }, actor: Actor): Promise<TotpEnrolment> {
    const a = await this.db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
    if (a.totp_enabled) {
      const issues = [];
      if (!proof.password || !(await this.passwordConfirms(username, a.password_hash, proof.password, actor))) issues.push({ path: 'password', message: proof.password ? 'wrong password' : 'TOTP is on: enter your password to replace it' });
      if (!proof.code || !(await this.checkTotp(a.totp_secret!, username, proof.code, new Date()))) issues.push({ path: 'code', message: proof.code ? 'wrong or already used code' : 'TOTP is on: enter a current code to replace it' });
      if (issues.length) throw validationError(issues);
    }
    const enrolment = await this.enrolments.start(principalOf(username), 'Corridor', username);
    await writeAudit(this.db, { actor, action: 'totp-enrol', resourceType: 'admin', resourceName: username, before: null, after: { pending: true } });
    return enrolment;
  }

  /** Confirms the pending secret with a code for it; only now does it replace the active one. */
  async totpEnable(username: string, code: string, actor: Actor): Promise<void> {
    const secret = await this.enrolments.confirm(principalOf(username), code);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('admins').set({ totp_secret: this.key.seal(secret, `admin:${username}:totp`), totp_enabled: 1 }).where('username', '=', username).execute();
      await writeAudit(trx, { actor, action: 'totp-enable', resourceType: 'admin', resourceName: username, before: null, after: { totpEnabled: true }, secretsChanged: ['totpSecret'] });
    });
  }

  async totpDisable(username: string, password: string, actor: Actor): Promise<void> {
    const a = await this.db.selectFrom('admins').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
    if (!(await this.passwordConfirms(username, a.password_hash, password, actor))) throw validationError([{ path: 'password', message: 'wrong password' }]);
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('admins').set({ totp_enabled: 0, totp_secret: null }).where('username', '=', username).execute();
      await writeAudit(trx, { actor, action: 'totp-disable', resourceType: 'admin', resourceName: username, before: { totpEnabled: !!a.totp_enabled }, after: { totpEnabled: false } });
    });
  }

  // --- API tokens -------------------------------------------------------------------------------

  async createToken(username: string, name: string, scopes: Scope[], actor: Actor): Promise<{ id: string; name: string; token: string; scopes: Scope[] }> {
    if (!/^[\x20-\x7e]{1,64}$/.test(name)) throw validationError([{ path: 'name', message: '1-64 printable characters' }]);
    const bad = scopes.findIndex((s) => !ALL_SCOPES.includes(s));
    if (!scopes.length || bad >= 0) throw validationError([{ path: bad >= 0 ? `scopes.${bad}` : 'scopes', message: `scopes are ${ALL_SCOPES.join(', ')}` }]);
    const id = randomBytes(6).toString('hex');
    const token = `cor_${id}_${randomBytes(24).toString('base64url')}`;
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('api_tokens').values({ id, name, username, token_hash: sha256(token), scopes: scopes.join(','), created_at: nowIso(), last_used_at: null }).execute();
      await writeAudit(trx, { actor, action: 'create', resourceType: 'token', resourceName: id, before: null, after: { name, owner: username, scopes } });
    });
    return { id, name, token, scopes };
  }

  async listTokens(username: string) {
    const rows = await this.db.selectFrom('api_tokens').select(['id', 'name', 'scopes', 'created_at', 'last_used_at']).where('username', '=', username).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, scopes: r.scopes.split(','), createdAt: r.created_at, lastUsedAt: r.last_used_at }));
  }

  async revokeToken(username: string, id: string, actor: Actor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('api_tokens').select(['name', 'scopes']).where('id', '=', id).where('username', '=', username).executeTakeFirst();
      if (!row) throw notFound(`token "${id}"`);
      await trx.deleteFrom('api_tokens').where('id', '=', id).execute();
      await writeAudit(trx, { actor, action: 'delete', resourceType: 'token', resourceName: id, before: { name: row.name, owner: username, scopes: row.scopes.split(',') }, after: null });
    });
  }

  async token(token: string): Promise<Principal | undefined> {
    if (!/^cor_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/.test(token)) return undefined;
    const row = await this.db.selectFrom('api_tokens').innerJoin('admins', 'admins.username', 'api_tokens.username').selectAll('api_tokens').select('admins.lang').where('token_hash', '=', sha256(token)).executeTakeFirst();
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(sha256(token)))) return undefined;
    await this.db.updateTable('api_tokens').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute();
    return { username: row.username, via: 'token', scopes: row.scopes.split(',') as Scope[], lang: row.lang };
  }
}
