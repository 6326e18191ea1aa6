/** `corridor doctor logs` as an administrator runs it: a child process, no daemon, real captured logs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getEntry } from '../../src/doctor/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIX = join(ROOT, 'test', 'fixtures', 'logs');

function corridor(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, CORRIDOR_URL: 'http://127.0.0.1:9' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const FINDING_KEYS = ['actions', 'causes', 'code', 'confidence', 'evidence', 'severity', 'title'];

function assertContractShape(out: unknown): Array<Record<string, any>> {
  assert.deepEqual(Object.keys(out as object), ['findings']);
  const findings = (out as { findings: Array<Record<string, any>> }).findings;
  for (const f of findings) {
    assert.deepEqual(Object.keys(f).sort(), FINDING_KEYS);
    assert.match(f.code, /^[a-z0-9]+\/[a-z0-9-]+$/);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
    assert.ok(f.confidence > 0 && f.confidence <= 1);
    for (const e of f.evidence) {
      assert.deepEqual(Object.keys(e).sort(), ['file', 'line', 'text']);
      assert.ok(Number.isInteger(e.line) && e.line > 0);
    }
    assert.ok(f.causes.length > 0 && f.actions.length > 0);
  }
  return findings;
}

test('both ends of a wrong PSK: the responder\'s MAC mismatch settles it; exact JSON shape; exit 0', async () => {
  const ini = join(FIX, 'captured', 'ss-wrong-psk', 'initiator.log');
  const res = join(FIX, 'captured', 'ss-wrong-psk', 'responder.log');
  const r = await corridor(['doctor', 'logs', ini, res, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const findings = assertContractShape(JSON.parse(r.stdout));
  const top = findings[0]!;
  assert.equal(top.code, 'ike/authentication-fail');
  assert.equal(top.title, getEntry('ike/authentication-fail', 'en')!.title);
  const files = new Set(top.evidence.map((e: { file: string }) => e.file));
  assert.ok(files.has(ini) && files.has(res), 'evidence from both ends');
  assert.ok(top.evidence.some((e: { text: string }) => /MAC mismatched/.test(e.text)));
});

test('one end alone still names candidates; zh-CN gives the catalog\'s Chinese texts for the same codes', async () => {
  const ini = join(FIX, 'captured', 'ss-wrong-psk', 'initiator.log');
  const en = assertContractShape(JSON.parse((await corridor(['doctor', 'logs', ini, '--json'])).stdout));
  const zhRun = await corridor(['doctor', 'logs', ini, '--json', '--lang', 'zh-CN']);
  assert.equal(zhRun.code, 0);
  const zh = assertContractShape(JSON.parse(zhRun.stdout));
  assert.ok(en.length >= 2, 'ranked candidates from one end');
  assert.deepEqual(zh.map((f) => f.code), en.map((f) => f.code));
  assert.equal(zh[0]!.title, getEntry(zh[0]!.code, 'zh-CN')!.title);
  assert.deepEqual(zh[0]!.actions, getEntry(zh[0]!.code, 'zh-CN')!.actions);
  assert.notEqual(zh[0]!.title, en[0]!.title);
});

test('a clean log gives an empty findings list; human output says so', async () => {
  const ok = join(FIX, 'strongswan', 'lab-initiator-ok.txt');
  const r = await corridor(['doctor', 'logs', ok, '--json']);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), { findings: [] });
  const human = await corridor(['doctor', 'logs', ok]);
  assert.equal(human.code, 0);
  assert.match(human.stdout, /No problems found/);
});

test('human output: findings best first with evidence quoted as file:line', async () => {
  const res = join(FIX, 'captured', 'ss-wrong-psk', 'responder.log');
  const r = await corridor(['doctor', 'logs', res, '--lang', 'zh-CN']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^1\. \[错误\] ike\/authentication-fail/m);
  assert.match(r.stdout, new RegExp(`${res.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+ │ .*MAC mismatched`));
  assert.match(r.stdout, /可能原因/);
});

test('usage errors exit non-zero: a missing file, a bad language', async () => {
  const missing = await corridor(['doctor', 'logs', join(FIX, 'no-such-file.log'), '--json']);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /not a readable file/);
  const lang = await corridor(['doctor', 'logs', join(FIX, 'strongswan', 'lab-initiator-ok.txt'), '--lang', 'fr']);
  assert.notEqual(lang.code, 0);
  assert.match(lang.stderr, /--lang/);
});

test('a directory or a .tar.gz bundle of both ends diagnoses like the files; a hostile archive is refused by name', async () => {
  const dir = join(FIX, 'captured', 'ss-wrong-psk');
  const fromDir = assertContractShape(JSON.parse((await corridor(['doctor', 'logs', dir, '--json'])).stdout));
  assert.equal(fromDir[0]?.code, 'ike/authentication-fail');
  const tmp = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
  try {
    execFileSync('tar', ['-czf', join(tmp, 'ticket.tgz'), '-C', join(FIX, 'captured'), 'ss-wrong-psk']);
    const fromTar = assertContractShape(JSON.parse((await corridor(['doctor', 'logs', join(tmp, 'ticket.tgz'), '--json'])).stdout));
    assert.deepEqual(fromTar.map((f) => f.code), fromDir.map((f) => f.code));
    assert.ok(fromTar[0]?.evidence.every((e: { file: string }) => e.file.startsWith(`${join(tmp, 'ticket.tgz')}:ss-wrong-psk/`)));
    execFileSync('tar', ['-czPf', join(tmp, 'evil.tgz'), '--transform', 's,^,../,', '-C', dir, 'initiator.log']);
    const evil = await corridor(['doctor', 'logs', join(tmp, 'evil.tgz')]);
    assert.notEqual(evil.code, 0);
    assert.match(evil.stderr, /refused, member "\.\.\/initiator\.log"/);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
