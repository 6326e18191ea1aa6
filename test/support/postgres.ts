/**
 * A private PostgreSQL server on loopback for the store suite: its own data directory, a free port,
 * trust auth for 127.0.0.1 only, stopped when the test process ends. Needs Debian's postgresql package
 * (the test command installs it). initdb refuses to run as root, so the server runs as "postgres".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const v = versions.find((x) => existsSync(join(root, x, 'bin', 'initdb')));
  if (!v) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: run `bash scripts/test.sh` (installs postgresql)');
  return join(root, v, 'bin');
}


export interface PgServer {
  url: string;
  stop(): void;
}

export async function startPostgres(): Promise<PgServer> {
  if (process.env.CORRIDOR_TEST_DATABASE_URL) return { url: process.env.CORRIDOR_TEST_DATABASE_URL, stop: () => {} };
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'corridor-pg-'));
  chownSync(dir, uid('postgres'), gid('postgres'));
  const asPg = (cmd: string, args: string[]) => {
    const r = spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  asPg('initdb', ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  asPg('pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'server.log'), '-w', '-o', `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, 'start']);
  const stop = () => {
    spawnSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'immediate', 'stop'], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

function uid(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}
function gid(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
