/**
 * Runs a command with one private PostgreSQL server for all of it (scripts/test.sh's second pass of the
 * API suites): the command sees the server in CORRIDOR_TEST_DATABASE_URL, which startPostgres() hands out
 * instead of starting a server per test file. Exits with the command's status; the server stops with it.
 * Usage: node --import tsx test/support/with-postgres.ts COMMAND [ARG...]
 */
import { spawn } from 'node:child_process';
import { startPostgres } from './postgres.js';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write('usage: with-postgres.ts COMMAND [ARG...]\n');
  process.exit(2);
}
const server = await startPostgres();
const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, CORRIDOR_TEST_DATABASE_URL: server.url } });
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
// process.exit runs startPostgres's exit handler, which stops the server and removes its directory
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
