/**
 * `corridor`: start the daemon (`up`), see its state (`status`), and manage every resource through the
 * API (tables by default, --json for scripts). Exit codes: 0 ok, 1 usage or connection error,
 * 2 rejected by the daemon, 3 not found.
 */
import { Command, CommanderError } from 'commander';
import { api, CliError, resolveTarget, type Target } from './client.js';
import { table } from './format.js';
import { formatStatus } from './status.js';
import { registerResourceCommands } from './resources.js';
import { registerExtraCommands } from './extra.js';
import { VERSION } from '../version.js';
import { isEntryPoint } from '../entry-point.js';

/** The whole command tree (exported so a test can check every command has help text). */
export function buildProgram(): Command {
  const program = new Command('corridor')
    .version(VERSION)
    .description('Corridor VPN gateway')
    .option('--json', 'print JSON (for scripts)')
    .option('--url <url>', 'daemon URL (default CORRIDOR_URL or http://127.0.0.1:8080)')
    .option('--token <token>', 'API token (default CORRIDOR_TOKEN or ./var/cli.token)')
    .option('--data-dir <dir>', 'data directory of a local daemon (default ./var)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const target = (): Target => resolveTarget(program.opts());
  const print = (value: unknown, human: () => string) => {
    process.stdout.write(`${program.opts().json ? JSON.stringify(value, null, 2) : human()}\n`);
  };

  program.command('up').description('start the gateway daemon in the foreground').action(async () => {
    const { loadConfig } = await import('../config.js');
    const { createLogger } = await import('../logger.js');
    const { startDaemon } = await import('../daemon.js');
    const config = loadConfig();
    const log = createLogger({ level: config.logLevel, pretty: config.logPretty });
    const d = await startDaemon(config, log);
    await new Promise<void>((resolve) => {
      const stop = () => void d.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });

  const key = program.command('key').description('the master key that seals every secret at rest');
  key.command('rotate')
    .description('new master key, every sealed value re-sealed in one transaction; offline: stop the daemon first')
    .action(async () => {
      const { loadConfig } = await import('../config.js');
      const { rotateMasterKey } = await import('../secrets/rotate.js');
      const dataDir = program.opts().dataDir as string | undefined;
      const config = loadConfig(dataDir ? { ...process.env, CORRIDOR_DATA_DIR: dataDir } : process.env);
      const r = await rotateMasterKey(config);
      print(r, () => `master key rotated: ${r.oldKeyId} -> ${r.newKeyId}; re-sealed ${r.count} value${r.count === 1 ? '' : 's'}${r.count ? ` (${r.resealed})` : ''}.\n` +
        `Back up ${config.masterKeyPath} now; database backups taken before the rotation open only with the old key ${r.oldKeyId}.`);
    });

  program.command('status').description('daemon, engines, tunnels and sessions at a glance').action(async () => {
    const s = await api(target(), 'GET', '/api/status');
    print(s, () => formatStatus(s));
  });

  const groups = registerResourceCommands(program, target, print);
  registerExtraCommands(program, groups, target, print);

  program.command('events').description('stored events, newest first')
    .option('--kind <kind>').option('--subject <name>').option('--limit <n>', 'rows', '50')
    .action(async (o: { kind?: string; subject?: string; limit: string }) => {
      const q = new URLSearchParams({ limit: o.limit, ...(o.kind ? { kind: o.kind } : {}), ...(o.subject ? { subject: o.subject } : {}) });
      const r = await api(target(), 'GET', `/api/events?${q}`);
      print(r, () => table(r.items, ['at', 'severity', 'kind', 'source', 'subject', 'detail']));
    });
  program.command('audit').description('audit log, newest first')
    .option('--resource <type>').option('--name <name>').option('--actor <actor>').option('--limit <n>', 'rows', '50')
    .action(async (o: Record<string, string | undefined>) => {
      const q = new URLSearchParams(Object.entries(o).filter(([, v]) => v !== undefined) as Array<[string, string]>);
      const r = await api(target(), 'GET', `/api/audit?${q}`);
      print(r, () => table(r.items, ['at', 'actor', 'action', 'resourceType', 'resourceName']));
    });
  return program;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 1;
    if (e instanceof CliError) {
      process.stderr.write(`corridor: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof SyntaxError) {
      process.stderr.write(`corridor: bad JSON: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`corridor: ${(e as Error).message}\n`);
    return 1;
  }
}

if (isEntryPoint(import.meta.url)) void runCli(process.argv.slice(2)).then((code) => process.exit(code));
