/**
 * Runs host tools (ip, nft, ping, ss, sysctl) with argv arrays only, never through a shell, so no value
 * from a resource can become shell syntax. Every run is bounded by a timeout.
 */
import { spawn } from 'node:child_process';

export interface ExecOptions {
  /** run inside this network namespace (`ip netns exec NS ...`) */
  namespace?: string | undefined;
  /** written to stdin, which is then closed */
  input?: string;
  /** the command is killed (SIGKILL) after this long; default 30 s */
  timeoutMs?: number;
}

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export class NetCommandError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly result: ExecResult,
  ) {
    const why = result.timedOut ? 'timed out' : `exited ${String(result.code ?? result.signal)}`;
    super(`${argv.join(' ')} ${why}: ${result.stderr.trim().slice(0, 500)}`);
    this.name = 'NetCommandError';
  }
}

const NAMESPACE_RE = /^[A-Za-z0-9_.-]{1,64}$/;

/** `ip netns exec NS argv...` when a namespace is given; the namespace name is checked, not escaped. */
export function inNamespace(namespace: string | undefined, argv: readonly string[]): string[] {
  if (namespace === undefined) return [...argv];
  if (!NAMESPACE_RE.test(namespace) || namespace === '.' || namespace === '..') {
    throw new Error(`not a network namespace name: ${JSON.stringify(namespace)}`);
  }
  return ['ip', 'netns', 'exec', namespace, ...argv];
}

export function exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const full = inNamespace(opts.namespace, argv);
  const [cmd, ...args] = full;
  if (cmd === undefined) return Promise.reject(new Error('exec: empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 30_000);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    // a program that exits without reading stdin makes the write fail with EPIPE; its exit code tells the story
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** exec, rejecting with NetCommandError unless the exit code is 0; resolves to stdout. */
export async function execChecked(argv: readonly string[], opts: ExecOptions = {}): Promise<string> {
  const result = await exec(argv, opts);
  if (result.code !== 0 || result.timedOut) throw new NetCommandError(inNamespace(opts.namespace, argv), result);
  return result.stdout;
}
