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

export interface EasyRsaRun {
  /** the easy-rsa directory made by make-cadir; the PKI is in <dir>/pki */
  dir: string;
  run(args: string[], env?: Record<string, string>): void;
}

/**
 * A fresh easy-rsa 3 directory from Debian's make-cadir, EC P-256. EASYRSA_REQ_CN only reaches
 * build-ca (build-*-full refuse it), so commands take their own env.
 */
export function easyRsa(parent: string, name = 'easyrsa'): EasyRsaRun {
  const dir = join(parent, name);
  const mk = spawnSync('make-cadir', [dir], { encoding: 'utf8', timeout: 30_000 });
  if (mk.status !== 0) throw new Error(`make-cadir failed: ${mk.stderr}`);
  const base = { ...process.env, EASYRSA_BATCH: '1', EASYRSA_ALGO: 'ec', EASYRSA_CURVE: 'prime256v1' };
  const run = (args: string[], env: Record<string, string> = {}): void => {
    const r = spawnSync('./easyrsa', args, { cwd: dir, env: { ...base, ...env }, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`easyrsa ${args.join(' ')} failed (${r.status}): ${r.stdout}${r.stderr}`);
  };
  run(['init-pki']);
  return { dir, run };
}
