import type { FastifyInstance } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ResourceStore } from '../store/resources.js';
import type { RemoteAccessController } from './controller.js';
import type { UserDirectory } from './directory.js';
import { actorOf } from '../api/auth-hooks.js';
import { CorridorError, notFound, validationError } from '../core/errors.js';
import { writeAudit } from '../store/audit.js';
import type { TotpEnrolments } from '../auth/totp.js';
import { LOCKOUT, OK, error, items, json, object, text } from '../api/openapi.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** documents the body of the profile and link routes (validation is the handler's) */
const serverBody = { type: 'object', required: ['server'], properties: { server: { type: 'string', description: 'OpenVPN server name' } } };
const codeBody = { type: 'object', required: ['code'], properties: { code: { type: 'string', description: 'a current code from the new authenticator entry' } } };
const PROFILE_TYPE = 'application/x-openvpn-profile';
const session = object({
  id: { type: 'string', description: '"<server>:<cid>"' }, server: { type: 'string' }, username: { type: 'string' }, realAddress: { type: 'string' },
  tunnelAddress: { type: ['string', 'null'] }, since: { type: 'string', format: 'date-time' }, bytesIn: { type: 'integer' }, bytesOut: { type: 'integer' }, state: { type: 'string', enum: ['established'] },
}, ['id', 'server', 'username', 'realAddress', 'tunnelAddress', 'since', 'bytesIn', 'bytesOut', 'state']);
const LINK_HOURS = 24;

export function remoteRoutes(app: FastifyInstance, deps: { remote: RemoteAccessController; directory: UserDirectory; resources: ResourceStore; db: Kysely<Database>; totp: TotpEnrolments; publicUrl?: string }): void {
  const { remote, directory, resources, db, totp } = deps;
  const tags = ['remote access'];
  const username = (req: { params: unknown }) => (req.params as { username: string }).username;

  app.get('/api/sessions', { schema: { tags, summary: 'Live sessions on every server', response: { 200: json('Sessions', items(session)) } } }, async () => ({
    items: remote.adapter.sessions().map((s) => ({ id: `${s.server}:${s.cid}`, server: s.server, username: s.username, realAddress: s.realAddress, tunnelAddress: s.tunnelAddress ?? null, since: s.since.toISOString(), bytesIn: s.bytesIn, bytesOut: s.bytesOut, state: 'established' as const })),
  }));
  app.delete('/api/sessions/:id', { schema: { tags, summary: 'Disconnect a session ("server:cid")', response: { 200: json('Disconnected', OK) } } }, async (req) => {
    const id = (req.params as { id: string }).id;
    const [server, cid] = id.split(':');
    if (!server || !/^\d+$/.test(cid ?? '')) throw validationError([{ path: 'id', message: 'expected "<server>:<cid>"' }]);
    if (!remote.adapter.sessions().some((s) => s.server === server && s.cid === Number(cid))) throw notFound(`session "${id}"`);
    await remote.adapter.disconnect(server, Number(cid));
    return { ok: true };
  });
  app.get('/api/users/:username/lockout', { schema: { tags, summary: "A VPN user's failed logins and lock", response: { 200: json('Lock state', LOCKOUT) } } }, async (req) => {
    await resources.get('user', username(req));
    return directory.lockout(username(req));
  });
  app.post('/api/users/:username/unlock', { schema: { tags, summary: 'Clear failed logins and any lock', response: { 200: json('Unlocked', OK) } } }, async (req) => {
    await resources.get('user', username(req));
    await directory.unlock(username(req));
    await writeAudit(db, { actor: actorOf(req), action: 'unlock', resourceType: 'user', resourceName: username(req), before: null, after: null });
    return { ok: true };
  });
  app.post('/api/users/:username/disconnect', { schema: { tags, summary: "End every session of the user's", response: { 200: json('How many sessions ended', object({ disconnected: { type: 'integer' } }, ['disconnected'])) } } }, async (req) => ({ disconnected: await remote.adapter.disconnectUser(username(req)) }));
  // a new secret is pending until a code for it is confirmed: a half-done enrolment never locks the user
  // out, and a secret already in use keeps working meanwhile
  app.post('/api/users/:username/totp', { schema: { tags, summary: 'Start enrolling a TOTP second factor (the secret is shown once; active after POST .../totp/confirm)', response: { 200: json('The pending secret', object({ secret: { type: 'string' }, otpauthUrl: { type: 'string' }, pending: { type: 'boolean', enum: [true] }, qrDataUrl: { type: 'string', description: 'PNG QR code (data: URL)' } }, ['secret', 'otpauthUrl', 'pending', 'qrDataUrl'])) } }, config: { scope: ['write', 'secrets'] } }, async (req) => {
    await resources.get('user', username(req));
    const e = await totp.start(`vpn:${username(req)}`, 'Corridor VPN', username(req));
    await writeAudit(db, { actor: actorOf(req), action: 'totp-enrol', resourceType: 'user', resourceName: username(req), before: null, after: { pending: true } });
    return { ...e, pending: true, qrDataUrl: await QRCode.toDataURL(e.otpauthUrl) };
  });
  app.post('/api/users/:username/totp/confirm', { schema: { tags, summary: 'Activate the pending TOTP secret with a current code from the new authenticator entry', body: codeBody, response: { 200: json('TOTP active', OK) } } }, async (req) => {
    await resources.get('user', username(req));
    const secret = await totp.confirm(`vpn:${username(req)}`, String((req.body as { code?: unknown } | undefined)?.code ?? ''));
    // audited by setSecret ("reset-totpSecret", value redacted)
    await resources.setSecret('user', username(req), 'totpSecret', secret, actorOf(req));
    return { ok: true };
  });
  // a POST: it hands out a private key, and issues the user's certificate when missing, revoked or expiring
  app.post('/api/users/:username/profile', { schema: { tags, summary: 'The .ovpn profile (everything inline); issues the client certificate if needed', body: serverBody, response: { 200: text(PROFILE_TYPE, 'The .ovpn profile, as an attachment') } }, config: { scope: 'secrets' } }, async (req, reply) => {
    const server = String((req.body as { server?: unknown } | undefined)?.server ?? '');
    if (!server) throw validationError([{ path: 'server', message: 'name the server' }]);
    const p = await remote.profile(username(req), server, { issue: true });
    await writeAudit(db, { actor: actorOf(req), action: 'download-profile', resourceType: 'user', resourceName: username(req), before: null, after: { server } });
    reply.header('content-disposition', `attachment; filename="${p.filename}"`).type('application/x-openvpn-profile');
    return p.text;
  });
  app.post('/api/users/:username/profile-links', { schema: { tags, summary: 'A one-time download link, valid 24 hours; issues the client certificate if needed', body: serverBody, response: { 201: json('The link (a path on this console: prefix the console\'s public URL)', object({ url: { type: 'string', description: '/p/<token>' }, expiresAt: { type: 'string', format: 'date-time' } }, ['url', 'expiresAt'])) } }, config: { scope: 'secrets' } }, async (req, reply) => {
    const server = String((req.body as { server?: unknown } | undefined)?.server ?? '');
    await resources.get('user', username(req));
    await resources.get('server', server).catch(() => { throw validationError([{ path: 'server', message: `no server named "${server}"` }]); });
    // everything the download needs is made now, so the link's GET only reads (and a problem shows here, not to the user)
    await remote.profile(username(req), server, { issue: true });
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + LINK_HOURS * 3600_000).toISOString();
    await db.insertInto('profile_links').values({ token_hash: sha256(token), username: username(req), server, expires_at: expiresAt, used_at: null, created_at: new Date().toISOString() }).execute();
    await writeAudit(db, { actor: actorOf(req), action: 'create-profile-link', resourceType: 'user', resourceName: username(req), before: null, after: { server, expiresAt } });
    reply.status(201);
    // absolute when the console's public address is configured: the link is sent to someone outside
    return { url: `${deps.publicUrl ?? ''}/p/${token}`, expiresAt };
  });
  // one-time links are the credential themselves: no session, used once, then gone
  // logLevel silent: the URL is the credential, and the request log would keep it
  // HEAD (mail scanners, chat link previews; Fastify answers it with this handler) says whether the link
  // is still good without spending it: only a GET downloads
  app.get('/p/:token', { logLevel: 'silent', config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' }, swagger: { exposeHeadRoute: true } }, schema: {
    tags,
    summary: 'Download a profile with a one-time link (public: the token is the credential)',
    description: 'GET downloads the profile once and spends the link; HEAD answers whether the link is still good without spending it (200 with no body, or 410).',
    security: [],
    params: { type: 'object', required: ['token'], properties: { token: { type: 'string', description: 'the token from POST /api/users/{username}/profile-links' } } },
    response: {
      200: text(PROFILE_TYPE, 'The .ovpn profile, as an attachment (HEAD: no body)'),
      410: error('The link was already used or has expired (link-expired)'),
      409: error('The profile can no longer be made: the user is disabled, the certificate was revoked, or the server lacks its key or public address'),
    },
  } }, async (req, reply) => {
    const tokenHash = sha256((req.params as { token: string }).token);
    const expired = () => new CorridorError(410, 'link-expired', 'this download link was already used or has expired; ask your administrator for a new one');
    const at = new Date().toISOString();
    if (req.method === 'HEAD') {
      const row = await db.selectFrom('profile_links').select(['used_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!row || row.used_at || row.expires_at < at) throw expired();
      return reply.type('application/x-openvpn-profile').send();
    }
    // one statement claims the link: of requests racing for it (side by side on PostgreSQL) one wins
    const claimed = await db
      .updateTable('profile_links')
      .set({ used_at: at })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>=', at)
      .returning(['username', 'server'])
      .executeTakeFirst();
    if (!claimed) throw expired();
    const p = await remote.profile(claimed.username, claimed.server, { issue: false }).catch((e) => {
      throw e instanceof CorridorError ? e : notFound('profile');
    });
    reply.header('content-disposition', `attachment; filename="${p.filename}"`).type('application/x-openvpn-profile');
    return p.text;
  });
}
