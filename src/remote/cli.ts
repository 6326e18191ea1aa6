/** `corridor user unlock|profile|link|totp|disconnect`, `corridor session list|kill`. */
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import type { ExtraRegistrar } from '../cli/extra.js';
import { api, CliError, type Target } from '../cli/client.js';
import { keyValues, table } from '../cli/format.js';
import { ask } from '../cli/ask.js';

export const registerRemoteCommands: ExtraRegistrar = (program, groups, target, print) => {
  const user = groups.get('user');
  if (user) {
    user.command('unlock <username>').description('clear failed logins and the lock').action(async (u: string) => {
      const r = await api(target(), 'POST', `/api/users/${encodeURIComponent(u)}/unlock`);
      print(r, () => `user "${u}" unlocked`);
    });
    user.command('lockout <username>').description('lock state and recent failures').action(async (u: string) => {
      const r = await api(target(), 'GET', `/api/users/${encodeURIComponent(u)}/lockout`);
      print(r, () => keyValues(r));
    });
    user.command('disable <username>').description('refuse the user\'s logins and disconnect their sessions').action(async (u: string) => {
      const r = await api(target(), 'PATCH', `/api/users/${encodeURIComponent(u)}`, { disabled: true });
      print(r, () => `user "${u}" disabled and disconnected`);
    });
    user.command('enable <username>').description('allow a disabled user to connect again').action(async (u: string) => {
      const r = await api(target(), 'PATCH', `/api/users/${encodeURIComponent(u)}`, { disabled: false });
      print(r, () => `user "${u}" enabled`);
    });
    user.command('profile <username>').description('download the .ovpn profile (issues the certificate when needed)').requiredOption('--server <name>').option('-o, --output <file>', 'write to a file (0600) instead of stdout')
      .action(async (u: string, o: { server: string; output?: string }) => {
        const text = String(await api(target(), 'POST', `/api/users/${encodeURIComponent(u)}/profile`, { server: o.server }));
        if (o.output) {
          // the profile holds a private key: 0600 even when the file already existed with looser bits
          const fd = openSync(o.output, 'w', 0o600);
          try {
            fchmodSync(fd, 0o600);
            writeSync(fd, text);
          } finally {
            closeSync(fd);
          }
          process.stderr.write(`wrote ${o.output}\n`);
        } else process.stdout.write(text);
      });
    user.command('link <username>').description('one-time profile download link (24 h) to send to the user').option('--server <name>', 'remote-access server (default: the only one)')
      .action(async (u: string, o: { server?: string }) => {
        const server = o.server ?? (await onlyServer(target()));
        const r = await api(target(), 'POST', `/api/users/${encodeURIComponent(u)}/profile-links`, { server });
        print(r, () => linkText(r, target().url));
      });
    // the new secret is active only once a code from it is confirmed: on a terminal the code is asked for at
    // once; scripts confirm with `totp-confirm`
    user.command('totp <username>').description('enrol a TOTP second factor (secret shown once; active after a code from it is confirmed)').action(async (u: string) => {
      const r = await api(target(), 'POST', `/api/users/${encodeURIComponent(u)}/totp`);
      print(r, () => `secret ${r.secret}\n${r.otpauthUrl}\npending: not active until a code from it is confirmed (corridor user totp-confirm ${u} --code NNNNNN)`);
      if (program.opts().json || !process.stdin.isTTY) return;
      const [code] = await ask(['code from the new authenticator entry']);
      await api(target(), 'POST', `/api/users/${encodeURIComponent(u)}/totp/confirm`, { code: code!.trim() });
      process.stdout.write(`TOTP active for "${u}"\n`);
    });
    user.command('totp-confirm <username>').description('activate the pending TOTP secret with a current code from it').option('--code <code>', 'the 6-digit code (asked for when absent)')
      .action(async (u: string, o: { code?: string }) => {
        const code = o.code ?? (await ask(['code from the new authenticator entry']))[0]!;
        const r = await api(target(), 'POST', `/api/users/${encodeURIComponent(u)}/totp/confirm`, { code: code.trim() });
        print(r, () => `TOTP active for "${u}"`);
      });
  }
  const session = program.command('session').description('remote-access sessions');
  session.command('list').description('connected VPN users').action(async () => {
    const r = await api(target(), 'GET', '/api/sessions');
    print(r, () => table(r.items, ['id', 'username', 'realAddress', 'tunnelAddress', 'since', 'bytesIn', 'bytesOut']));
  });
  session.command('kill <id>').description('disconnect a session ("server:cid")').action(async (id: string) => {
    const r = await api(target(), 'DELETE', `/api/sessions/${encodeURIComponent(id)}`);
    print(r, () => `session ${id} disconnected`);
  });
};

/** --server may be left out when there is exactly one remote-access server */
async function onlyServer(target: Target): Promise<string> {
  const { items } = (await api(target, 'GET', '/api/servers')) as { items: Array<{ name: string }> };
  if (items.length === 1) return items[0]!.name;
  if (!items.length) throw new CliError('no remote-access server yet: create one first (corridor server create)', 2);
  throw new CliError(`several remote-access servers (${items.map((i) => i.name).join(', ')}): choose one with --server`, 1);
}

/**
 * The daemon answers an absolute URL when `publicUrl` is configured; otherwise only the path, and the
 * CLI's own daemon address (often loopback) is no use to a remote user, so the fix is named.
 */
function linkText(r: { url: string; expiresAt: string }, daemonUrl: string): string {
  if (/^https?:\/\//.test(r.url)) return `${r.url}\n(one use, expires ${r.expiresAt})`;
  return `${daemonUrl}${r.url}\n(one use, expires ${r.expiresAt}; set "publicUrl" in corridor.json so this link names the console's public address)`;
}
