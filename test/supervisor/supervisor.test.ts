import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { Supervisor, type EngineStatus } from '../../src/engines/supervisor.js';
import { isSameProcessAlive, identify } from '../../src/engines/process-identity.js';
import { tickSpec } from '../support/tick-spec.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = fn();
    if (v) return v;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Engines are unref'd (they must not keep a daemon alive), so tests poll instead of awaiting events. */
function restartedAway(sup: Supervisor, oldPid: number): Promise<EngineStatus> {
  return until('restart', () => {
    const s = sup.status('tick');
    return s && s.state === 'running' && s.pid !== undefined && s.pid !== oldPid ? s : undefined;
  });
}

class Lines {
  rows: Array<{ instance: string; line: string; connection?: string }> = [];
  append(instance: string, line: string, connection?: string) {
    this.rows.push({ instance, line, connection });
  }
}

test('starts an engine in a 0700 run dir, captures its log per connection, restarts it when killed', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'corridor-sup-'));
  const lines = new Lines();
  const sup = new Supervisor({ runRoot: root, log, logs: lines });
  t.after(() => sup.stop('tick'));
  const st = await sup.ensure(tickSpec(root, 'v1'));
  assert.equal(st.state, 'running');
  assert.equal(statSync(st.runDir).mode & 0o777, 0o700);
  await until('log lines', () => lines.rows.length >= 3);
  assert.ok(lines.rows.every((r) => r.instance === 'tick'));
  assert.ok(lines.rows.some((r) => r.connection === 'conn-0') && lines.rows.some((r) => r.connection === 'conn-1'));

  const firstPid = st.pid!;
  process.kill(firstPid, 'SIGKILL');
  const after = await restartedAway(sup, firstPid);
  assert.notEqual(after.pid, firstPid);
  assert.equal(after.state, 'running');
  assert.equal(after.restarts, 1);
  assert.equal(after.lastExit?.signal, 'SIGKILL');
});

test('a killed daemon leaves the engine running and the next one adopts it, collecting the missed log lines', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'corridor-sup-'));
  const host = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../support/supervisor-host.ts', import.meta.url)), root], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<EngineStatus>((resolve, reject) => {
    let buf = '';
    host.stdout!.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0]!));
    });
    host.once('exit', () => reject(new Error('host exited early')));
  });
  const engine = identify(first.pid!)!;
  host.kill('SIGKILL');
  await until('host gone', () => host.exitCode !== null || host.signalCode !== null);
  await sleep(400);
  assert.ok(isSameProcessAlive(engine), 'engine survived the daemon');
  // what the dead daemon last saved as read, and what the engine wrote since: the lines nobody collected
  const savedOffset = (JSON.parse(readFileSync(join(first.runDir, 'supervisor.json'), 'utf8')) as { logOffset: number }).logOffset;
  const missed = readFileSync(join(first.runDir, 'engine.log')).subarray(savedOffset).toString('utf8').split('\n').slice(0, -1);
  assert.ok(missed.length >= 3, `the engine wrote ${missed.length} lines while no daemon watched`);

  const lines = new Lines();
  const sup = new Supervisor({ runRoot: root, log, logs: lines });
  t.after(() => sup.stop('tick'));
  const st = await sup.ensure(tickSpec(root, 'v1'));
  assert.equal(st.adopted, true);
  assert.equal(st.pid, engine.pid, 'same process, not a new one');
  // the lines written while no daemon was watching are collected first, in order, none lost
  await until('missed lines', () => lines.rows.length >= missed.length);
  assert.deepEqual(lines.rows.slice(0, missed.length).map((r) => r.line), missed);
  assert.match(missed[0]!, /^tick \d+ /);

  // an adopted engine that dies is restarted too
  process.kill(engine.pid, 'SIGKILL');
  const after = await restartedAway(sup, engine.pid);
  assert.notEqual(after.pid, engine.pid);
  assert.equal(after.adopted, false);
});

test('a changed configuration replaces the running engine; stop ends it', async () => {
  const root = mkdtempSync(join(tmpdir(), 'corridor-sup-'));
  const sup1 = new Supervisor({ runRoot: root, log });
  const a = await sup1.ensure(tickSpec(root, 'v1'));
  sup1.detach();
  const sup2 = new Supervisor({ runRoot: root, log });
  const b = await sup2.ensure(tickSpec(root, 'v2'));
  assert.notEqual(b.pid, a.pid);
  assert.equal(b.adopted, false);
  assert.equal(isSameProcessAlive(identify(a.pid!) ?? { pid: a.pid!, startTicks: -1 }), false);
  const id = identify(b.pid!)!;
  await sup2.stop('tick');
  assert.equal(isSameProcessAlive(id), false);
  assert.deepEqual(sup2.list(), []);
});
