import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import QRCode from 'qrcode';
import type { ApiContext } from '../context.js';
import { actorOf, SESSION_COOKIE } from '../auth-hooks.js';
import { CorridorError, validationError, zodIssues } from '../../core/errors.js';
import type { Scope } from '../../auth/admins.js';
import { OK, items, json, object } from '../openapi.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** open to a session whose admin must still replace a password someone else chose */
    beforePasswordChange?: boolean;
  }
}

const loginBody = z.object({ username: z.string().max(64), password: z.string().max(256), totp: z.string().max(10).optional() });
const passwordBody = z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) });
const totpSetupBody = z.object({ password: z.string().max(256).optional(), code: z.string().max(10).optional() });
const langBody = z.object({ lang: z.enum(['en', 'zh-CN']) });
const codeBody = z.object({ code: z.string().max(10).describe('a current code from the authenticator') });
const passwordOnlyBody = z.object({ password: z.string().max(256) });

const admin = object({
  username: { type: 'string' },
  totpEnabled: { type: 'boolean' },
  lang: { type: 'string', enum: ['en', 'zh-CN'] },
  passwordChangeRequired: { type: 'boolean', description: 'only POST /api/auth/password is open until the password is changed' },
}, ['username', 'totpEnabled', 'lang', 'passwordChangeRequired']);
const scopes = { type: 'array', items: { type: 'string', enum: ['read', 'write', 'secrets', 'metrics', 'admin'] } };
const enrolment = object({
  secret: { type: 'string', description: 'base32 TOTP secret, shown once' },
  otpauthUrl: { type: 'string' },
  qrDataUrl: { type: 'string', description: 'the otpauth URL as a PNG QR code (data: URL)' },
}, ['secret', 'otpauthUrl', 'qrDataUrl']);

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) throw validationError(zodIssues(r.error));
  return r.data;
}

export function authRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { auth } = ctx;
  // a password someone else chose (first start, or set by another admin) opens nothing but its own change
  app.addHook('preHandler', async (req) => {
    if (req.principal?.passwordChangeRequired && !req.routeOptions.config?.beforePasswordChange) {
      throw new CorridorError(403, 'password-change-required', 'change your password first (POST /api/auth/password): the current one was chosen by someone else');
    }
  });
  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: 'Log in; sets the session cookie and returns the CSRF token (passwordChangeRequired: only POST /api/auth/password is open until then)', body: z.toJSONSchema(loginBody), response: { 200: json('Logged in', object({ admin, csrfToken: { type: 'string', description: 'send as x-csrf-token on changes' }, passwordChangeRequired: { type: 'boolean' } }, ['admin', 'csrfToken', 'passwordChangeRequired'])) } },
  }, async (req, reply) => {
    const b = parse(loginBody, req.body);
    try {
      const s = await auth.login(b.username, b.password, b.totp, req.ip);
      reply.setCookie(SESSION_COOKIE, s.sessionId, { path: '/', httpOnly: true, sameSite: 'strict', secure: ctx.config.trustedProxies.length > 0 || req.protocol === 'https', expires: new Date(s.expiresAt) });
      ctx.events.record({ kind: 'admin.login', source: 'api', subject: b.username, detail: { ip: req.ip } });
      return { admin: await auth.me(b.username), csrfToken: s.csrf, passwordChangeRequired: s.passwordChangeRequired };
    } catch (e) {
      ctx.events.record({ kind: 'admin.login-failed', source: 'api', subject: b.username, severity: 'warning', detail: { ip: req.ip, reason: (e as Error).message } });
      throw e;
    }
  });
  // a change like any other: a cross-site page must not be able to log the admin out
  app.post('/api/auth/logout', { config: { beforePasswordChange: true }, schema: { tags: ['auth'], summary: 'End this session', response: { 200: json('Logged out', OK) } } }, async (req, reply) => {
    const sid = req.cookies[SESSION_COOKIE];
    if (sid) await auth.logout(sid);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });
  app.get('/api/auth/me', { config: { beforePasswordChange: true }, schema: { tags: ['auth'], summary: 'Who is calling, how, and with which scopes', response: { 200: json('The caller', object({ admin, csrfToken: { type: ['string', 'null'], description: 'null for an API token' }, via: { type: 'string', enum: ['session', 'token'] }, scopes }, ['admin', 'csrfToken', 'via', 'scopes'])) } } }, async (req) => ({ admin: await auth.me(req.principal!.username), csrfToken: req.principal!.csrf ?? null, via: req.principal!.via, scopes: req.principal!.scopes }));
  app.post('/api/auth/password', {
    config: { scope: 'admin', beforePasswordChange: true },
    schema: { tags: ['auth'], summary: 'Change your own password (your other sessions end)', body: z.toJSONSchema(passwordBody), response: { 200: json('Password changed', OK) } },
  }, async (req) => {
    const b = parse(passwordBody, req.body);
    await auth.changePassword(req.principal!.username, b.currentPassword, b.newPassword, actorOf(req), req.principal!.sessionId);
    return { ok: true };
  });
  app.put('/api/auth/me/lang', { schema: { tags: ['auth'], summary: 'Your console and message language', body: z.toJSONSchema(langBody), response: { 200: json('Saved', OK) } } }, async (req) => {
    await auth.setLang(req.principal!.username, String((req.body as { lang?: unknown })?.lang ?? ''));
    return { ok: true };
  });
  app.post('/api/auth/totp/setup', {
    config: { scope: 'admin' },
    schema: { tags: ['auth'], summary: 'A new TOTP secret, pending until POST /api/auth/totp/enable confirms a code for it; with TOTP on, send password and a current code', body: z.toJSONSchema(totpSetupBody), response: { 200: json('The pending secret', enrolment) } },
  }, async (req) => {
    const b = parse(totpSetupBody, req.body);
    const s = await auth.totpSetup(req.principal!.username, { ...(b.password !== undefined ? { password: b.password } : {}), ...(b.code !== undefined ? { code: b.code } : {}) }, actorOf(req));
    return { ...s, qrDataUrl: await QRCode.toDataURL(s.otpauthUrl) };
  });
  app.post('/api/auth/totp/enable', { schema: { tags: ['auth'], summary: 'Confirm the pending TOTP secret with a code for it', body: z.toJSONSchema(codeBody), response: { 200: json('TOTP on', OK) } }, config: { scope: 'admin' } }, async (req) => {
    await auth.totpEnable(req.principal!.username, String((req.body as { code?: unknown })?.code ?? ''), actorOf(req));
    return { ok: true };
  });
  app.post('/api/auth/totp/disable', { schema: { tags: ['auth'], summary: 'Turn your TOTP off (needs your password)', body: z.toJSONSchema(passwordOnlyBody), response: { 200: json('TOTP off', OK) } }, config: { scope: 'admin' } }, async (req) => {
    await auth.totpDisable(req.principal!.username, String((req.body as { password?: unknown })?.password ?? ''), actorOf(req));
    return { ok: true };
  });

  const adminBody = z.object({ username: z.string(), password: z.string() });
  app.get('/api/admins', { schema: { tags: ['admins'], summary: 'List administrators', response: { 200: json('Administrators', items(object({ ...admin.properties as object, createdAt: { type: 'string', format: 'date-time' } }))) } }, config: { scope: 'admin' } }, async () => ({ items: await auth.list() }));
  app.post('/api/admins', { schema: { tags: ['admins'], summary: 'Create an administrator (who must change the password at first login)', body: z.toJSONSchema(adminBody), response: { 201: json('Created', object({ username: { type: 'string' } }, ['username'])) } }, config: { scope: 'admin' } }, async (req, reply) => {
    const b = parse(adminBody, req.body);
    // a password chosen by another administrator is one-time: its owner sets their own at first login
    await auth.create(b.username, b.password, actorOf(req), { mustChangePassword: true });
    reply.status(201);
    return { username: b.username };
  });
  app.delete('/api/admins/:username', { schema: { tags: ['admins'], summary: 'Delete an administrator', response: { 200: json('Deleted', OK) } }, config: { scope: 'admin' } }, async (req) => {
    await auth.remove((req.params as { username: string }).username, actorOf(req));
    return { ok: true };
  });
  app.post('/api/admins/:username/unlock', { schema: { tags: ['admins'], summary: "Clear an administrator's failed logins and lock", response: { 200: json('Unlocked', OK) } }, config: { scope: 'admin' } }, async (req) => {
    await auth.unlock((req.params as { username: string }).username, actorOf(req));
    return { ok: true };
  });

  const tokenBody = z.object({ name: z.string(), scopes: z.array(z.string()).default(['read']) });
  app.get('/api/tokens', { schema: { tags: ['tokens'], summary: 'Your API tokens (never their secret)', response: { 200: json('Tokens', items(object({ id: { type: 'string' }, name: { type: 'string' }, scopes, createdAt: { type: 'string' }, lastUsedAt: { type: ['string', 'null'] } }, ['id', 'name', 'scopes']))) } }, config: { scope: 'admin' } }, async (req) => ({ items: await auth.listTokens(req.principal!.username) }));
  app.post('/api/tokens', { schema: { tags: ['tokens'], summary: 'Create an API token (its secret is shown once)', body: z.toJSONSchema(tokenBody, { io: 'input' }), response: { 201: json('Created', object({ id: { type: 'string' }, name: { type: 'string' }, token: { type: 'string', description: 'send as Authorization: Bearer <token>; shown once' }, scopes }, ['id', 'name', 'token', 'scopes'])) } }, config: { scope: 'admin' } }, async (req, reply) => {
    const b = parse(tokenBody, req.body);
    reply.status(201);
    return auth.createToken(req.principal!.username, b.name, b.scopes as Scope[], actorOf(req));
  });
  app.delete('/api/tokens/:id', { schema: { tags: ['tokens'], summary: 'Revoke one of your API tokens', response: { 200: json('Revoked', OK) } }, config: { scope: 'admin' } }, async (req) => {
    await auth.revokeToken(req.principal!.username, (req.params as { id: string }).id, actorOf(req));
    return { ok: true };
  });
}
