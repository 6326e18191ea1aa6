/**
 * The test support's choice of database: the API suites run once per backend (scripts/test.sh's second
 * pass sets CORRIDOR_TEST_DB=postgres under with-postgres.ts), and a pass must fail when its database does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testDaemon } from './daemon.js';
import { testBackend } from './db.js';

const WITH_POSTGRES = fileURLToPath(new URL('./with-postgres.ts', import.meta.url));

test('a test daemon runs on the database this run names', async (t) => {
  const d = await testDaemon(t);
  assert.equal(d.store.dialect, testBackend());
});

test('CORRIDOR_TEST_DB names sqlite (the default) or postgres, nothing else', () => {
  assert.equal(testBackend({}), 'sqlite');
  assert.equal(testBackend({ CORRIDOR_TEST_DB: 'postgres' }), 'postgres');
  assert.throws(() => testBackend({ CORRIDOR_TEST_DB: 'mysql' }), /CORRIDOR_TEST_DB/);
});

test('with-postgres gives the command a reachable server and passes its exit status on', () => {
  // the command connects to the server it was given, then fails on purpose: the failure must come out
  const probe = `const pg = (await import('pg')).default; const c = new pg.Client({ connectionString: process.env.CORRIDOR_TEST_DATABASE_URL });
    await c.connect(); const r = await c.query('select 41 + 1 as n'); await c.end(); process.stdout.write(String(r.rows[0].n)); process.exit(3);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', WITH_POSTGRES, process.execPath, '--input-type=module', '-e', probe], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.stdout, '42', r.stderr);
  assert.equal(r.status, 3, r.stderr);
});
