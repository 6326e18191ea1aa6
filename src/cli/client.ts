/** The CLI's HTTP client: finds the daemon and its token, turns API errors into clear messages. */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export interface Target {
  url: string;
  token?: string;
}

export function resolveTarget(opts: { url?: string; token?: string; dataDir?: string }): Target {
  const dataDir = resolve(opts.dataDir ?? process.env.CORRIDOR_DATA_DIR ?? './var');
  const url = (opts.url ?? process.env.CORRIDOR_URL ?? `http://${process.env.CORRIDOR_LISTEN ?? '127.0.0.1:8080'}`).replace(/\/$/, '');
  let token = opts.token ?? process.env.CORRIDOR_TOKEN;
  const local = join(dataDir, 'cli.token');
  if (!token && existsSync(local)) token = readFileSync(local, 'utf8').trim();
  return { url, token };
}

export async function api(target: Target, method: string, path: string, body?: unknown): Promise<any> {
  let res: Response;
  try {
    res = await fetch(target.url + path, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(target.token ? { authorization: `Bearer ${target.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new CliError(`cannot reach the Corridor daemon at ${target.url} (${(e as Error).cause ? String((e as { cause: Error }).cause.message) : (e as Error).message}); start it with "corridor up"`);
  }
  const text = await res.text();
  const json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  if (!res.ok) {
    if (res.status === 401 && !target.token) throw new CliError('not authenticated: run on the gateway as root (uses ./var/cli.token) or set CORRIDOR_TOKEN');
    const j = json as { message?: string; issues?: Array<{ path: string; message: string }> };
    const lines = [`error (${res.status}): ${j?.message ?? text}`];
    if (j?.issues?.length) lines.length = 0, lines.push(`error (${res.status}): invalid input`, ...j.issues.map((i) => `  ${i.path || '(body)'}: ${i.message}`));
    throw new CliError(lines.join('\n'), res.status === 404 ? 3 : 2);
  }
  return json;
}
