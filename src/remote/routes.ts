import type { FastifyInstance } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { ResourceStore } from '../store/resources.js';
import type { RemoteAccessController } from './controller.js';
import type { UserDirectory } from './directory.js';
import { actorOf } from '../api/auth-hooks.js';
import { CorridorError, notFound, validationError } from '../core/errors.js';
import { writeAudit } from '../store/audit.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** documents the body of the profile and link routes (validation is the handler's) */
const serverBody = { type: 'object', required: ['server'], properties: { server: { type: 'string', description: 'OpenVPN server name' } } };
const LINK_HOURS = 24;

export function remoteRoutes(app: FastifyInstance, deps: { remote: RemoteAccessController; directory: UserDirectory; resources: ResourceStore; db: Kysely<Database> }): void {
  const { remote, directory, resources, db } = deps;
  const tags = ['remote access'];
  const username = (req: { params: unknown }) => (req.params as { username: string }).username;

  app.get('/api/sessions', { schema: { tags, summary: 'Live sessions on every server' } }, async () => ({
    items: remote.adapter.sessions().map((s) => ({ id: `${s.server}:${s.cid}`, server: s.server, username: s.username, realAddress: s.realAddress, tunnelAddress: s.tunnelAddress ?? null, since: s.since.toISOString(), bytesIn: s.bytesIn, bytesOut: s.bytesOut, state: 'established' as const })),
  }));
  app.delete('/api/sessions/:id', { schema: { tags, summary: 'Disconnect a session ("server:cid")' } }, async (req) => {
    const id = (req.params as { id: string }).id;
    const [server, cid] = id.split(':');
    if (!server || !/^\d+$/.test(cid ?? '')) throw validationError([{ path: 'id', message: 'expected "<server>:<cid>"' }]);
    if (!remote.adapter.sessions().some((s) => s.server === server && s.cid === Number(cid))) throw notFound(`session "${id}"`);
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
  app.post('/api/users/:username/totp', { schema: { tags, summary: 'Enrol a TOTP second factor (the secret is shown once)' }, config: { scope: ['write', 'secrets'] } }, async (req) => {
    await resources.get('user', username(req));
    const secret = new OTPAuth.Secret({ size: 20 }).base32;
    await resources.setSecret('user', username(req), 'totpSecret', secret, actorOf(req));
    const url = new OTPAuth.TOTP({ issuer: 'Corridor VPN', label: username(req), secret: OTPAuth.Secret.fromBase32(secret) }).toString();
    return { secret, otpauthUrl: url, qrDataUrl: await QRCode.toDataURL(url) };
  });
  // a POST: it hands out a private key, and issues the user's certificate when missing, revoked or expiring
  app.post('/api/users/:username/profile', { schema: { tags, summary: 'The .ovpn profile (everything inline); issues the client certificate if needed', body: serverBody }, config: { scope: 'secrets' } }, async (req, reply) => {
    const server = String((req.body as { server?: unknown } | undefined)?.server ?? '');
    if (!server) throw validationError([{ path: 'server', message: 'name the server' }]);
    const p = await remote.profile(username(req), server, { issue: true });
    await writeAudit(db, { actor: actorOf(req), action: 'download-profile', resourceType: 'user', resourceName: username(req), before: null, after: { server } });
    reply.header('content-disposition', `attachment; filename="${p.filename}"`).type('application/x-openvpn-profile');
    return p.text;
  });
  app.post('/api/users/:username/profile-links', { schema: { tags, summary: 'A one-time download link, valid 24 hours; issues the client certificate if needed', body: serverBody }, config: { scope: 'secrets' } }, async (req, reply) => {
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
    return { url: `/p/${token}`, expiresAt };
  });
  // one-time links are the credential themselves: no session, used once, then gone
  // logLevel silent: the URL is the credential, and the request log would keep it
  // HEAD (mail scanners, chat link previews; Fastify answers it with this handler) says whether the link
  // is still good without spending it: only a GET downloads
  app.get('/p/:token', { logLevel: 'silent', config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } }, schema: { hide: true } }, async (req, reply) => {
    const tokenHash = sha256((req.params as { token: string }).token);
    const usable = <T extends { used_at: string | null; expires_at: string }>(row: T | undefined): row is T => !!row && !row.used_at && row.expires_at >= new Date().toISOString();
    const expired = () => new CorridorError(410, 'link-expired', 'this download link was already used or has expired; ask your administrator for a new one');
    if (req.method === 'HEAD') {
      const row = await db.selectFrom('profile_links').select(['used_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!usable(row)) throw expired();
      return reply.type('application/x-openvpn-profile').send();
    }
    const claimed = await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('profile_links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!usable(row)) return undefined;
      await trx.updateTable('profile_links').set({ used_at: new Date().toISOString() }).where('token_hash', '=', row.token_hash).execute();
      return row;
    });
    if (!claimed) throw expired();
    const p = await remote.profile(claimed.username, claimed.server, { issue: false }).catch((e) => {
      throw e instanceof CorridorError ? e : notFound('profile');
    });
    reply.header('content-disposition', `attachment; filename="${p.filename}"`).type('application/x-openvpn-profile');
    return p.text;
  });
}
