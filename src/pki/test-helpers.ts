/** Shared by the pki tests and the benchmark: a scratch directory and openssl as an independent verifier. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function scratchDir(t: { after(fn: () => unknown): void }, prefix = 'corridor-pki-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    paths[name] = join(dir, name);
    writeFileSync(paths[name], data, { mode: 0o600 });
  }
  return paths;
}

export interface OpensslResult {
  code: number | null;
  out: string;
}

export function openssl(args: string[], input?: string): OpensslResult {
  const r = spawnSync('openssl', args, { encoding: 'utf8', timeout: 60_000, input });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `openssl verify` over many files at once; returns per-file verdicts ("OK" or the error text). */
export function opensslVerify(caFile: string, files: string[], crlFile?: string): OpensslResult {
  const crl = crlFile ? ['-crl_check', '-CRLfile', crlFile] : [];
  return openssl(['verify', '-CAfile', caFile, ...crl, ...files]);
}
