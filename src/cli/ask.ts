/**
 * Answers the CLI reads from stdin rather than from arguments, which every user of the machine can read
 * in the process list: passwords and one-time codes. On a terminal each question is asked on stderr and
 * the answer is not echoed; from a pipe, one line per question.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CliError } from './client.js';

export async function ask(questions: readonly string[]): Promise<string[]> {
  const tty = !!process.stdin.isTTY;
  // readline echoes what is typed to its output: a sink keeps secrets off the screen
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: sink, terminal: tty });
  const lines = rl[Symbol.asyncIterator]();
  const answers: string[] = [];
  try {
    for (const q of questions) {
      if (tty) process.stderr.write(`${q}: `);
      const next = await lines.next();
      if (tty) process.stderr.write('\n');
      if (next.done) throw new CliError(`no answer for "${q}" on stdin`);
      answers.push(String(next.value));
    }
  } finally {
    rl.close();
  }
  return answers;
}
