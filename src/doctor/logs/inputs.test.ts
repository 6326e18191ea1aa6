import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { diagnoseLogs } from './diagnose.js';
import { collectLogInputs, LogInputError } from './inputs.js';

const FIX = fileURLToPath(new URL('../../../test/fixtures/logs/', import.meta.url));

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
}

/** A ticket bundle: both ends of a wrong PSK in two folders, plus a file that is no log. */
function bundle(): { root: string; dir: string } {
  const root = mkdtempSync(join(tmpdir(), 'doctor-inputs-'));
  const dir = join(root, 'bundle');
  mkdirSync(join(dir, 'hq'), { recursive: true });
  mkdirSync(join(dir, 'branch'));
  copyFileSync(join(FIX, 'strongswan/psk-responder.txt'), join(dir, 'hq', 'charon.log'));
  copyFileSync(join(FIX, 'strongswan/psk-initiator.txt'), join(dir, 'branch', 'charon.log'));
  writeFileSync(join(dir, 'README'), 'attached by the customer\n');
  return { root, dir };
}

test('a directory, a .tar.gz and a .zip of logs give the same diagnosis as the files themselves', async () => {
  const { root, dir } = bundle();
  try {
    run('tar', ['-czf', join(root, 'bundle.tar.gz'), 'bundle'], root);
    run('zip', ['-qr', join(root, 'bundle.zip'), 'bundle'], root);
    const direct = await diagnoseLogs([{ path: join(dir, 'hq', 'charon.log') }, { path: join(dir, 'branch', 'charon.log') }], { lang: 'en' });
    for (const p of [dir, join(root, 'bundle.tar.gz'), join(root, 'bundle.zip')]) {
      const inputs = await collectLogInputs([p]);
      assert.equal(inputs.length, 3, p);
      const r = await diagnoseLogs(inputs, { lang: 'en' });
      assert.deepEqual(r.findings.map((f) => [f.code, f.confidence]), direct.findings.map((f) => [f.code, f.confidence]), p);
      // Evidence names the archive and the member it came from.
      assert.ok(r.findings[0]?.evidence.some((e) => e.file.startsWith(p) && e.file.endsWith('charon.log')), p);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('archives that point outside themselves, and members larger than the limit, are refused by name', async () => {
  const { root, dir } = bundle();
  try {
    // GNU tar keeps a leading "../" only with -P: exactly what a hostile archive carries.
    run('tar', ['-czPf', join(root, 'evil.tgz'), '--transform', 's,^bundle/hq,../../etc,', 'bundle/hq/charon.log'], root);
    await assert.rejects(collectLogInputs([join(root, 'evil.tgz')]), (e: Error) =>
      e instanceof LogInputError && /refused, member "\.\.\/\.\.\/etc\/charon\.log" points outside/.test(e.message));
    run('tar', ['-czf', join(root, 'bundle.tgz'), 'bundle'], root);
    const inputs = await collectLogInputs([join(root, 'bundle.tgz')], { maxMemberBytes: 100 });
    await assert.rejects(diagnoseLogs(inputs, { lang: 'en' }), (e: Error) => e instanceof LogInputError && /larger than 100 bytes/.test(e.message));
    // A link inside a directory is not followed.
    symlinkSync('/etc/passwd', join(dir, 'passwd.log'));
    assert.equal((await collectLogInputs([dir])).length, 3);
    await assert.rejects(collectLogInputs([join(root, 'missing')]), LogInputError);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('Windows event-log exports (RasClient, RemoteAccess) as text or CSV, English and Chinese', async () => {
  for (const [file, code] of [
    ['windows/rasclient-20227-export-en.csv', 'rras/809'],
    ['windows/rasclient-20227-export-zh.csv', 'rras/809'],
    ['windows/remoteaccess-20271-export-en.csv', 'rras/691'],
  ] as const) {
    const r = await diagnoseLogs([{ path: join(FIX, file) }], { lang: 'zh-CN' });
    assert.equal(r.findings[0]?.code, code, file);
  }
});
