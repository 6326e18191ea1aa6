/**
 * Corridor's PKI against Debian's easy-rsa 3.1, both EC P-256, in the same run:
 *   node --import tsx bench/pki/run.ts [--count 200] [--big 10000] [--skip-easyrsa]
 * Each side issues --count client certificates and writes a bundle per client (key + certificate + CA);
 * every bundle of both is then checked with `openssl verify`. Then Corridor alone issues --big. Corridor's
 * times include key generation, signing and writing the bundle. Work files go to bench/work/pki/.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clientBundle, createCa, issueClient, loadCa } from '../../src/pki/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1 || v > 1_000_000) throw new Error(`--${name} must be a positive integer`);
  return v;
}
const COUNT = arg('count', 200);
const BIG = arg('big', 10_000);
const SKIP_EASYRSA = process.argv.includes('--skip-easyrsa');
const WORK = resolve('bench/work/pki');
/** concurrent issuances: enough to keep libuv's thread pool (key generation, signing) busy */
const BATCH = 256;

function sh(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 4).join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** openssl verify over every file, in batches to stay under the argument-length limit; returns the OK count. */
function verifyAll(caFile: string, files: string[]): number {
  let ok = 0;
  for (let i = 0; i < files.length; i += 500) {
    const r = spawnSync('openssl', ['verify', '-purpose', 'sslclient', '-CAfile', caFile, ...files.slice(i, i + 500)], {
      encoding: 'utf8',
      timeout: 600_000,
      maxBuffer: 64 << 20,
    });
    ok += (r.stdout.match(/: OK$/gm) ?? []).length;
  }
  return ok;
}

async function corridor(dir: string, n: number): Promise<{ seconds: number; files: string[]; caFile: string }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caMaterial = await createCa({ subject: { CN: 'Bench CA' }, keyType: 'ec-p256' });
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, caMaterial.certPem);
  const files: string[] = [];
  const t0 = performance.now();
  const ca = await loadCa(caMaterial);
  for (let start = 0; start < n; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, n - start) }, (_, k) => start + k);
    await Promise.all(
      batch.map(async (i) => {
        const c = await issueClient({ ca, username: `user${i}` });
        const file = join(dir, `user${i}.pem`);
        writeFileSync(file, clientBundle(c, ca.certPem), { mode: 0o600 });
        files[i] = file;
      }),
    );
  }
  return { seconds: (performance.now() - t0) / 1000, files, caFile };
}

function easyRsa(dir: string, n: number): { seconds: number; files: string[]; caFile: string } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const env = { ...process.env, EASYRSA_BATCH: '1', EASYRSA_ALGO: 'ec', EASYRSA_CURVE: 'prime256v1', EASYRSA_PKI: join(dir, 'pki') };
  const easyrsa = '/usr/share/easy-rsa/easyrsa';
  sh(easyrsa, ['init-pki'], { cwd: dir, env });
  sh(easyrsa, ['build-ca', 'nopass'], { cwd: dir, env: { ...env, EASYRSA_REQ_CN: 'Bench CA' } });
  const caFile = join(dir, 'pki', 'ca.crt');
  const caPem = readFileSync(caFile, 'utf8');
  const files: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    sh(easyrsa, ['build-client-full', `user${i}`, 'nopass'], { cwd: dir, env });
    const key = readFileSync(join(dir, 'pki', 'private', `user${i}.key`), 'utf8');
    const cert = readFileSync(join(dir, 'pki', 'issued', `user${i}.crt`), 'utf8');
    const file = join(dir, `user${i}.pem`);
    writeFileSync(file, clientBundle({ keyPem: key, certPem: cert.slice(cert.indexOf('-----BEGIN CERTIFICATE')) }, caPem), { mode: 0o600 });
    files.push(file);
  }
  return { seconds: (performance.now() - t0) / 1000, files, caFile };
}

const lines: string[] = [];
const say = (s: string): void => {
  console.log(s);
  lines.push(s);
};

const small = await corridor(join(WORK, 'corridor'), COUNT);
const smallOk = verifyAll(small.caFile, small.files);
say(`corridor: ${COUNT} client bundles in ${small.seconds.toFixed(3)} s (${(COUNT / small.seconds).toFixed(0)}/s); openssl verify OK ${smallOk}/${COUNT}`);
let ratio: number | undefined;
let er: { seconds: number; ok: number } | undefined;
if (!SKIP_EASYRSA) {
  const e = easyRsa(join(WORK, 'easyrsa'), COUNT);
  const ok = verifyAll(e.caFile, e.files);
  er = { seconds: e.seconds, ok };
  ratio = e.seconds / small.seconds;
  say(`easy-rsa: ${COUNT} client bundles in ${e.seconds.toFixed(3)} s (${(COUNT / e.seconds).toFixed(2)}/s); openssl verify OK ${ok}/${COUNT}`);
  say(`ratio: corridor is ${ratio.toFixed(0)}x faster`);
}
const big = await corridor(join(WORK, 'corridor-big'), BIG);
const bigOk = verifyAll(big.caFile, big.files);
say(`corridor: ${BIG} client bundles in ${big.seconds.toFixed(3)} s (${(BIG / big.seconds).toFixed(0)}/s); openssl verify OK ${bigOk}/${BIG}`);

const failed = smallOk !== COUNT || bigOk !== BIG || (er !== undefined && er.ok !== COUNT);
const json = { date: new Date().toISOString(), node: process.version, cpus: cpus().length, count: COUNT, big: BIG, corridorSeconds: small.seconds, easyRsaSeconds: er?.seconds, ratio, bigSeconds: big.seconds, verified: { corridor: smallOk, easyRsa: er?.ok, big: bigOk } };
mkdirSync(WORK, { recursive: true });
writeFileSync(join(WORK, 'last-run.json'), JSON.stringify(json, null, 2) + '\n');
if (failed) {
  console.error('some bundles did not verify');
  process.exitCode = 1;
}
