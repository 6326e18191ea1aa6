import { spawn } from 'node:child_process';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { execChecked } from '../../net/exec.js';
import type { LogInput } from './types.js';

/*
 * What users attach to tickets: a directory, a .tar.gz/.tgz/.tar or a .zip of logs, besides plain files. Archive
 * members are never written to disk: each is streamed from `tar -xO` / `unzip -p` straight into the scanner, one
 * after the other, so nothing in an archive can land outside a directory and memory stays that of one chunk.
 * Still refused, with the offending name: members with an absolute path or a `..` step (an archive built to
 * overwrite files elsewhere is not a log bundle), more than MAX_MEMBERS files, and members larger than
 * MAX_MEMBER_BYTES once decompressed (checked on the bytes actually read, not on the header's claim).
 */

export const MAX_MEMBERS = 1000;
export const MAX_MEMBER_BYTES = 1 << 30;
const MAX_DEPTH = 8;

export class LogInputError extends Error {}

type Kind = 'tar.gz' | 'tar' | 'zip';

function archiveKind(path: string): Kind | undefined {
  const p = path.toLowerCase();
  if (p.endsWith('.tar.gz') || p.endsWith('.tgz')) return 'tar.gz';
  if (p.endsWith('.tar')) return 'tar';
  if (p.endsWith('.zip')) return 'zip';
  return undefined;
}

/** Turn command-line paths (files, directories, archives) into the scanner's inputs, in a stable order. */
export async function collectLogInputs(paths: readonly string[], limits: { maxMemberBytes?: number } = {}): Promise<LogInput[]> {
  const maxBytes = limits.maxMemberBytes ?? MAX_MEMBER_BYTES;
  const out: LogInput[] = [];
  const add = (i: LogInput) => {
    out.push(i);
    if (out.length > MAX_MEMBERS) throw new LogInputError(`more than ${MAX_MEMBERS} log files`);
  };
  for (const p of paths) await collect(p, 0, add, maxBytes);
  return out;
}

async function collect(path: string, depth: number, add: (i: LogInput) => void, maxBytes: number): Promise<void> {
  let st;
  try {
    // A path given on the command line may be a link; links found inside a directory are not followed (a bundle
    // has no reason to point outside itself).
    st = depth === 0 ? statSync(path) : lstatSync(path);
  } catch {
    throw new LogInputError(`${path}: not a readable file or directory`);
  }
  if (st.isDirectory()) {
    if (depth >= MAX_DEPTH) throw new LogInputError(`${path}: directories nested more than ${MAX_DEPTH} deep`);
    for (const name of readdirSync(path).sort()) await collect(join(path, name), depth + 1, add, maxBytes);
    return;
  }
  if (!st.isFile()) return;
  const kind = archiveKind(path);
  if (!kind) return add({ path });
  for (const member of await listArchive(path, kind)) add({ name: `${path}:${member}`, stream: memberStream(path, kind, member, maxBytes) });
}

/** Member names of the regular files in an archive; refuses the archive if a name could escape a directory. */
export async function listArchive(path: string, kind: Kind): Promise<string[]> {
  let listing: string;
  try {
    const argv = kind === 'zip' ? ['unzip', '-Z1', path] : ['tar', kind === 'tar.gz' ? '-tzf' : '-tf', path];
    listing = await execChecked(argv, { timeoutMs: 120_000 });
  } catch (e) {
    throw new LogInputError(`${path}: not a readable ${kind} archive (${(e as Error).message.split('\n')[0]})`);
  }
  const names = listing.split('\n').filter((n) => n.length > 0);
  for (const n of names) {
    if (n.startsWith('/') || /^[A-Za-z]:/.test(n) || n.split(/[\\/]/).includes('..')) {
      throw new LogInputError(`${path}: refused, member "${n}" points outside the archive`);
    }
  }
  // Directories end with '/'; tar -t lists symlinks and devices by name too, but `tar -xO` only ever outputs
  // regular files, so they read as empty.
  const files = names.filter((n) => !n.endsWith('/'));
  if (files.length > MAX_MEMBERS) throw new LogInputError(`${path}: more than ${MAX_MEMBERS} files`);
  return files;
}

/** unzip treats member arguments as wildcard patterns: a literal *, ? or [ is written as a one-character class. */
function zipLiteral(name: string): string {
  return name.replace(/[*?[]/g, (c) => `[${c}]`);
}

/** A stream of one member's bytes, started only when the scanner reaches it. */
function memberStream(path: string, kind: Kind, member: string, maxBytes: number): NodeJS.ReadableStream {
  const args = kind === 'zip'
    ? ['-p', path, zipLiteral(member)]
    : [kind === 'tar.gz' ? '-xzOf' : '-xOf', path, '--no-wildcards', '--', member];
  const cmd = kind === 'zip' ? 'unzip' : 'tar';
  return Readable.from((async function* () {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 2000) stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let bytes = 0;
    try {
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > maxBytes) throw new LogInputError(`${path}:${member}: larger than ${maxBytes} bytes once unpacked, refused`);
        yield chunk;
      }
    } finally {
      if (child.exitCode === null) child.kill();
    }
    const code = await exited;
    if (code !== 0) throw new LogInputError(`${path}:${member}: ${cmd} failed (${stderr.trim().split('\n')[0] ?? code})`);
  })());
}
