/** `corridor admin password|list|unlock` and `corridor token list|create|revoke`: accounts and API tokens, from the CLI. */
import type { ExtraRegistrar } from '../cli/extra.js';
import { api, CliError } from '../cli/client.js';
import { ask } from '../cli/ask.js';
import { table } from '../cli/format.js';

export const registerAdminCommands: ExtraRegistrar = (program, _groups, target, print) => {
  const admin = program.command('admin').description('administrator accounts');
  admin.command('password').description('change your own password (the token\'s administrator; read from stdin, not from arguments)').action(async () => {
    const [currentPassword, newPassword, again] = await ask(['current password', 'new password', 'new password again']);
    if (newPassword !== again) throw new CliError('the two new passwords differ', 2);
    const r = await api(target(), 'POST', '/api/auth/password', { currentPassword, newPassword });
    print(r, () => 'password changed; your other console sessions were logged out');
  });
  admin.command('list').description('list administrators').action(async () => {
    const r = await api(target(), 'GET', '/api/admins');
    print(r, () => table(r.items, ['username', 'totpEnabled', 'passwordChangeRequired', 'createdAt']));
  });
  admin.command('unlock <username>').description('clear failed logins and every lock of an administrator').action(async (u: string) => {
    const r = await api(target(), 'POST', `/api/admins/${encodeURIComponent(u)}/unlock`);
    print(r, () => `admin "${u}" unlocked`);
  });

  // scripts get their own scoped token from the gateway's CLI token, without a password login over HTTP
  const token = program.command('token').description('API tokens of the administrator running the CLI (for scripts)');
  token.command('list').description('list your API tokens (the secrets are never shown again)').action(async () => {
    const r = await api(target(), 'GET', '/api/tokens');
    print(r, () => table(r.items, ['id', 'name', 'scopes', 'createdAt', 'lastUsedAt']));
  });
  token.command('create <name>').description('create an API token; the secret is printed once')
    .option('--scope <scope>', 'read, write, admin, ... (repeatable; default read)', (v: string, prev: string[] = []) => [...prev, v])
    .action(async (name: string, o: { scope?: string[] }) => {
      const r = await api(target(), 'POST', '/api/tokens', { name, scopes: o.scope ?? ['read'] });
      print(r, () => `token "${r.name}" (${r.id}, scopes ${r.scopes.join(',')}), shown once:\n${r.token}`);
    });
  token.command('revoke <id>').description('revoke an API token by its id (see token list)').action(async (id: string) => {
    const r = await api(target(), 'DELETE', `/api/tokens/${encodeURIComponent(id)}`);
    print(r, () => `token ${id} revoked`);
  });
};
