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

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const LINK_HOURS = 24;

export function remoteRoutes(app: FastifyInstance, deps: { remote: RemoteAccessController; directory: UserDirectory; resources: ResourceStore; db: Kysely<Database>; totp: TotpEnrolments; publicUrl?: string }): void {
  const { remote, directory, resources, db, totp } = deps;
  const tags = ['remote access'];
  const username = (req: { params: unknown }) => (req.params as { username: string }).username;

  app.get('/api/sessions', { schema: { tags, summary: 'Live sessions on every server' } }, async () => ({
    items: remote.adapter.sessions().map((s) => ({ id: `${s.server}:${s.cid}`, server: s.server, username: s.username, realAddress: s.realAddress, tunnelAddress: s.tunnelAddress ?? null, since: s.since.toISOString(), bytesIn: s.bytesIn, bytesOut: s.bytesOut, state: 'established' as const })),
  }));
  app.delete('/api/sessions/:id', { schema: { tags, summary: 'Disconnect a session ("server:cid")' } }, async (req) => {
    const [server, cid] = (req.params as { id: string }).id.split(':');
    if (!server || !/^\d+$/.test(cid ?? '')) throw validationError([{ path: 'id', message: 'expected "<server>:<cid>"' }]);
    await remote.adapter.disconnect(server, Number(cid));
    return { ok: true };
  });
  app.get('/api/users/:username/lockout', { schema: { tags } }, async (req) => {
    await resources.get('user', username(req));
    return directory.lockout(username(req));
  });
  app.post('/api/users/:username/unlock', { schema: { tags, summary: 'Clear failed logins and any lock' } }, async (req) => {
    await resources.get('user', username(req));
    await directory.unlock(username(req));
    await writeAudit(db, { actor: actorOf(req), action: 'unlock', resourceType: 'user', resourceName: username(req), before: null, after: null });
    return { ok: true };
  });
  app.post('/api/users/:username/disconnect', { schema: { tags } }, async (req) => ({ disconnected: await remote.adapter.disconnectUser(username(req)) }));
  // a new secret is pending until a code for it is confirmed: a half-done enrolment never locks the user
  // out, and a secret already in use keeps working meanwhile
  app.post('/api/users/:username/totp', { schema: { tags, summary: 'Start enrolling a TOTP second factor (the secret is shown once; active after POST .../totp/confirm)' } }, async (req) => {
    await resources.get('user', username(req));
    const e = await totp.start(`vpn:${username(req)}`, 'Corridor VPN', username(req));
    await writeAudit(db, { actor: actorOf(req), action: 'totp-enrol', resourceType: 'user', resourceName: username(req), before: null, after: { pending: true } });
    return { ...e, pending: true, qrDataUrl: await QRCode.toDataURL(e.otpauthUrl) };
  });
  app.post('/api/users/:username/totp/confirm', { schema: { tags, summary: 'Activate the pending TOTP secret with a current code from the new authenticator entry' } }, async (req) => {
    await resources.get('user', username(req));
    const secret = await totp.confirm(`vpn:${username(req)}`, String((req.body as { code?: unknown } | undefined)?.code ?? ''));
    // audited by setSecret ("reset-totpSecret", value redacted)
    await resources.setSecret('user', username(req), 'totpSecret', secret, actorOf(req));
    return { ok: true };
  });
  app.get('/api/users/:username/profile', { schema: { tags, summary: 'Download the .ovpn profile (everything inline)' } }, async (req, reply) => {
    const server = (req.query as { server?: string }).server;
    if (!server) throw validationError([{ path: 'server', message: 'name the server (?server=...)' }]);
    const p = await remote.profile(username(req), server);
    await writeAudit(db, { actor: actorOf(req), action: 'download-profile', resourceType: 'user', resourceName: username(req), before: null, after: { server } });
    reply.header('content-disposition', `attachment; filename="${p.filename}"`).type('application/x-openvpn-profile');
    return p.text;
  });
  app.post('/api/users/:username/profile-links', { schema: { tags, summary: 'A one-time download link, valid 24 hours' } }, async (req, reply) => {
    const server = String((req.body as { server?: unknown } | undefined)?.server ?? '');
    await resources.get('user', username(req));
    await resources.get('server', server).catch(() => { throw validationError([{ path: 'server', message: `no server named "${server}"` }]); });
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
  app.get('/p/:token', { logLevel: 'silent', config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { hide: true } }, async (req, reply) => {
    const token = (req.params as { token: string }).token;
    const claimed = await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('profile_links').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
      if (!row || row.used_at || row.expires_at < new Date().toISOString()) return undefined;
      await trx.updateTable('profile_links').set({ used_at: new Date().toISOString() }).where('token_hash', '=', row.token_hash).execute();
      return row;
    });
    if (!claimed) throw new CorridorError(410, 'link-expired', 'this download link was already used or has expired; ask your administrator for a new one');
    const p = await remote.profile(claimed.username, claimed.server).catch((e) => {
      throw e instanceof CorridorError ? e : notFound('profile');
    });
    reply.header('content-disposition', `attachment; filename="${p.filename}"`).type('application/x-openvpn-profile');
    return p.text;
  });
}
