/** `corridor <resource> list|show|create|update|delete`, mapped one to one onto the API. */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { api, CliError, type Target } from './client.js';
import { keyValues, table } from './format.js';

interface ResourceCli {
  command: string;
  path: string;
  noun: string;
  /** plural when not noun + s */
  nouns?: string;
  columns: string[];
}

export const RESOURCES: ResourceCli[] = [
  { command: 'gateway', path: 'gateways', noun: 'gateway', columns: ['name', 'lanSubnets', 'wanLinks', 'namespace'] },
  { command: 'peer', path: 'peers', noun: 'peer', columns: ['name', 'vendor', 'addresses', 'identity'] },
  { command: 'site', path: 'sites', noun: 'site connection', columns: ['name', 'gateway', 'peer', 'ikeVersion', 'auth', 'localSubnets', 'remoteSubnets', 'enabled'] },
  { command: 'server', path: 'servers', noun: 'remote-access server', columns: ['name', 'gateway', 'kind', 'proto', 'port', 'pool', 'enabled'] },
  { command: 'user', path: 'users', noun: 'user', columns: ['username', 'disabled', 'groups', 'staticIp', 'lockout.locked'] },
  { command: 'group', path: 'groups', noun: 'group', columns: ['name', 'description'] },
  { command: 'policy', path: 'policies', noun: 'access policy', nouns: 'access policies', columns: ['name', 'group', 'destinations', 'protocol', 'ports'] },
  { command: 'ddns', path: 'ddns', noun: 'DDNS provider', columns: ['name', 'gateway', 'wanLink', 'kind', 'hostname', 'priority'] },
];

/** --file spec.json, --data '{...}' and repeated --set a.b=value (value parsed as JSON when it is JSON) */
export function bodyFrom(opts: { file?: string; data?: string; set?: string[] }): Record<string, unknown> {
  let body: Record<string, unknown> = {};
  if (opts.file) body = JSON.parse(readFileSync(opts.file === '-' ? 0 : opts.file, 'utf8')) as Record<string, unknown>;
  if (opts.data) body = { ...body, ...(JSON.parse(opts.data) as Record<string, unknown>) };
  for (const kv of opts.set ?? []) {
    const i = kv.indexOf('=');
    if (i < 1) throw new CliError(`--set expects key=value, got "${kv}"`);
    const path = kv.slice(0, i).split('.');
    let value: unknown = kv.slice(i + 1);
    try { value = JSON.parse(value as string); } catch { /* plain string */ }
    let o = body;
    for (const k of path.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[path.at(-1)!] = value;
  }
  return body;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** A resource's fields; a site's effective values follow, one per line with where each came from. */
function showResource(res: Record<string, unknown>): string {
  const { effective, ...rest } = res as { effective?: Record<string, { value: unknown; source: string }> };
  if (!effective) return keyValues(res);
  const lines = Object.fromEntries(Object.entries(effective).map(([k, e]) => [k, `${Array.isArray(e.value) ? e.value.join(',') : String(e.value)}  (${e.source})`]));
  return `${keyValues(rest)}\n\neffective:\n${keyValues(lines)}`;
}

export function registerResourceCommands(program: Command, target: () => Target, print: (v: unknown, human: () => string) => void): Map<string, Command> {
  const byName = new Map<string, Command>();
  for (const r of RESOURCES) {
    const cmd = program.command(r.command).description(`manage ${r.nouns ?? `${r.noun}s`}`);
    byName.set(r.command, cmd);
    cmd.command('list').description(`list ${r.nouns ?? `${r.noun}s`}`).action(async () => {
      const res = await api(target(), 'GET', `/api/${r.path}`);
      print(res, () => table(res.items, r.columns));
    });
    cmd.command('show <name>').description(`show one ${r.noun}`).action(async (name: string) => {
      const res = await api(target(), 'GET', `/api/${r.path}/${encodeURIComponent(name)}`);
      print(res, () => showResource(res));
    });
    for (const [verb, method] of [['create', 'POST'], ['update', 'PATCH'], ['replace', 'PUT']] as const) {
      const c = cmd.command(verb === 'create' ? `create [name]` : `${verb} <name>`)
        .description(`${verb} a ${r.noun} from --file/--data/--set`)
        .option('-f, --file <path>', 'JSON body (- for stdin)')
        .option('-d, --data <json>', 'JSON body inline')
        .option('-s, --set <key=value>', 'set one field (dotted path; JSON values allowed), repeatable', collect);
      c.action(async (name: string | undefined, opts: { file?: string; data?: string; set?: string[] }) => {
        const body = bodyFrom(opts);
        const key = r.command === 'user' ? 'username' : 'name';
        if (verb === 'create' && name) body[key] = name;
        const res = verb === 'create'
          ? await api(target(), 'POST', `/api/${r.path}`, body)
          : await api(target(), method, `/api/${r.path}/${encodeURIComponent(name!)}`, body);
        print(res, () => `${r.noun} "${String(res[key])}" ${verb === 'create' ? 'created' : 'updated'}`);
      });
    }
    cmd.command('delete <name>').description(`delete a ${r.noun}`).action(async (name: string) => {
      const res = await api(target(), 'DELETE', `/api/${r.path}/${encodeURIComponent(name)}`);
      print(res, () => `${r.noun} "${name}" deleted`);
    });
  }
  return byName;
}
