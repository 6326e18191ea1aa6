/** `corridor admin password|list|unlock`: an administrator's own account, from the CLI. */
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
  admin.command('list').action(async () => {
    const r = await api(target(), 'GET', '/api/admins');
    print(r, () => table(r.items, ['username', 'totpEnabled', 'passwordChangeRequired', 'createdAt']));
  });
  admin.command('unlock <username>').description('clear failed logins and every lock of an administrator').action(async (u: string) => {
    const r = await api(target(), 'POST', `/api/admins/${encodeURIComponent(u)}/unlock`);
    print(r, () => `admin "${u}" unlocked`);
  });
};
