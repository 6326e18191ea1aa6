/**
 * A long-running `nft --echo --interactive` in one namespace, for the writes on a client's connect path:
 * starting nft costs 10–20 ms on a small VM (process start, library load, netlink cache), a line to a
 * running one well under a millisecond, and every millisecond there is one in which the client's first
 * packets to the LAN are dropped.
 *
 * Each write is one line, which nft applies as one batch (all or nothing), ending with a sentinel element
 * in the table's `written` set whose echo says the batch was committed. Anything on stderr (nft's error
 * report), the process ending, or no echo within the timeout fails the write and ends the process (the
 * next write starts another): the caller then runs the same commands with `nft -f`, which reports the
 * error properly. Never used for the table itself, only for set elements.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { inNamespace } from '../exec.js';
import { TABLE_FAMILY, TABLE_NAME, WRITTEN_SET } from './render.js';

const TIMEOUT_MS = 5_000;

interface Pending {
  marker: string;
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

export class NftShell {
  private child: ChildProcess | undefined;
  private pending: Pending | undefined;
  private stdout = '';
  private sequence = 0;

  constructor(private readonly namespace: string | undefined) {}

  /** Runs commands (no newlines in them) as one batch. One write at a time: the caller serialises. */
  run(commands: readonly string[]): Promise<void> {
    if (this.pending) return Promise.reject(new Error('nft shell: a write is already running'));
    if (commands.some((c) => /[\n\r;]/.test(c))) return Promise.reject(new Error('nft shell: one command per entry'));
    const child = this.child ?? this.start();
    this.sequence = (this.sequence % 0xfffffffe) + 1;
    const marker = `0x${this.sequence.toString(16).padStart(8, '0')}`;
    const set = `${TABLE_FAMILY} ${TABLE_NAME} ${WRITTEN_SET}`;
    const line = [...commands, `flush set ${set}`, `add element ${set} { ${marker} }`].join('; ');
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`nft shell: no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      this.pending = { marker, resolve, reject, timer };
      child.stdin!.write(`${line}\n`);
    });
  }

  /** Starts the process ahead of the first write (which would otherwise pay for it). */
  warmUp(): void {
    if (!this.child) this.start();
  }

  /** Ends the process (its stdin closes, nft exits); the next run starts another. */
  close(): void {
    this.fail(new Error('nft shell closed'));
  }

  private start(): ChildProcess {
    const [cmd, ...args] = inNamespace(this.namespace, ['nft', '--echo', '--interactive']);
    // TERM=dumb: editline complains on stderr about a terminal type it does not know (an unset TERM is fine)
    const child = spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', TERM: 'dumb' } });
    this.child = child;
    this.stdout = '';
    child.stdout!.on('data', (b: Buffer) => this.onStdout(b.toString('utf8')));
    // nft reports a failed batch on stderr; outside a write nothing of ours can have failed
    child.stderr!.on('data', (b: Buffer) => {
      if (this.pending) this.fail(new Error(`nft: ${b.toString('utf8').trim().slice(0, 300)}`));
    });
    child.stdin!.on('error', () => undefined);
    child.on('error', (e) => this.fail(new Error(`cannot start nft: ${e.message}`)));
    child.on('exit', () => {
      if (this.child === child) this.child = undefined;
      this.fail(new Error('nft shell exited'));
    });
    // a daemon waiting for nothing else may exit: this process must not keep it alive
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
    return child;
  }

  private onStdout(text: string): void {
    this.stdout += text;
    const lines = this.stdout.split('\n');
    this.stdout = lines.pop() ?? '';
    const p = this.pending;
    if (!p) return;
    if (lines.some((l) => l.includes(`${WRITTEN_SET} { ${p.marker} }`))) {
      clearTimeout(p.timer);
      this.pending = undefined;
      p.resolve();
    }
  }

  /** Fails the write in flight, if any, and ends the process: its state after an error is not trusted. */
  private fail(err: Error): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.stdin!.end();
      child.kill('SIGTERM');
    }
  }
}
