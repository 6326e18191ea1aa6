/**
 * The daemon's end of corridor-openvpn-hook (see corridor-openvpn-hook.c): a unix socket in the server's
 * 0700 run directory. Each connection carries one hook call: NUL-terminated `key=value` entries (OpenVPN's
 * script environment, the password among them for user-pass-verify), ended by the hook half-closing; the
 * answer is "OK" or "DENY", a newline and a body (the client's reason, or per-client config lines).
 *
 * OpenVPN waits for the hook with its whole event loop, so a handler must never wait for OpenVPN itself
 * (no management command may be awaited inside it: that would deadlock until the hook gives up).
 */
import { chmod, unlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { ClientEnv } from '../management/env.js';

export type HookAnswer = { allow: true; body?: string } | { allow: false; reason: string };

export type HookHandler = (env: ClientEnv) => Promise<HookAnswer>;

/** a hook request is an environment block; anything larger is not one */
const MAX_REQUEST = 256 * 1024;

/** Parses a request. A value may contain '=' but not NUL; an entry without '=' is ignored. */
export function parseHookRequest(data: Buffer): ClientEnv {
  const env = new ClientEnv();
  let start = 0;
  while (start < data.length) {
    let end = data.indexOf(0, start);
    if (end < 0) end = data.length;
    const entry = data.toString('utf8', start, end);
    if (entry.includes('=')) env.add(entry);
    start = end + 1;
  }
  return env;
}

/** The reply. Reasons are one line; config lines are refused rather than split if one holds a break. */
export function formatHookAnswer(a: HookAnswer): string {
  if (a.allow) return `OK\n${a.body ?? ''}`;
  return `DENY\n${a.reason.replace(/[\r\n\u0000]+/g, ' ')}`;
}

/** A client-connect config file: one directive per line, and no line may carry a second one. */
export function configBody(lines: readonly string[]): string {
  for (const line of lines) if (/[\r\n\u0000]/.test(line)) throw new Error('client-connect config line contains a line break');
  return lines.map((l) => `${l}\n`).join('');
}

export class HookServer {
  private server: Server | undefined;

  constructor(
    private readonly socketPath: string,
    private readonly handler: HookHandler,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  async listen(): Promise<void> {
    // a socket left by a daemon that was killed refuses connections; it is ours to replace
    await unlink(this.socketPath).catch(() => undefined);
    // the hook half-closes after its request; the answer still has to go back
    const server = createServer({ allowHalfOpen: true }, (sock) => this.serve(sock));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.onError(err));
    await chmod(this.socketPath, 0o600);
    this.server = server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private serve(sock: Socket): void {
    const chunks: Buffer[] = [];
    let size = 0;
    sock.on('error', () => sock.destroy());
    sock.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_REQUEST) {
        sock.destroy();
        return;
      }
      chunks.push(chunk);
    });
    sock.on('end', () => {
      const env = parseHookRequest(Buffer.concat(chunks));
      chunks.length = 0;
      this.handler(env)
        .catch((err: Error): HookAnswer => {
          this.onError(err);
          return { allow: false, reason: 'server error' };
        })
        .then((answer) => sock.end(formatHookAnswer(answer)))
        .catch(() => sock.destroy());
    });
  }
}
