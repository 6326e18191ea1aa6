/**
 * OpenVPN management client over the unix socket. It stays attached by itself: when the socket closes
 * (openvpn restarting, not yet started) it retries with a capped exponential backoff until close().
 * Nothing here logs a raw line: ENV blocks carry passwords, and command arguments carry user input.
 */
import { EventEmitter } from 'node:events';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import type { ManagementEvent } from './events.js';
import { NotificationParser } from './notifications.js';
import { assertId } from './quote.js';
import { ReplyMatcher } from './replies.js';
import { parseStatus3 } from './status.js';
import type { StatusSnapshot } from './status.js';

export interface ManagementLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ManagementClientOptions {
  socketPath: string;
  /** first retry delay; doubles up to maxDelayMs (defaults 50 ms and 1000 ms) */
  initialDelayMs?: number;
  maxDelayMs?: number;
  logger?: ManagementLogger;
}

export interface LoadStats {
  clients: number;
  bytesIn: number;
  bytesOut: number;
}

interface ClientEvents {
  event: [ManagementEvent];
  attach: [];
  detach: [Error | undefined];
}

export class ManagementNotAttachedError extends Error {
  constructor() {
    super('openvpn management interface not attached');
    this.name = 'ManagementNotAttachedError';
  }
}

/** RESTART or HALT, then optionally a reason in plain words: no quote, backslash or line break */
const KILL_MESSAGE = /^(RESTART|HALT)(,[A-Za-z0-9 ().,:'-]{1,200})?$/;

export class ManagementClient extends EventEmitter<ClientEvents> {
  private socket: Socket | undefined;
  private connected = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private delay: number;
  private buffer = '';
  private readonly parser = new NotificationParser();
  private readonly replies = new ReplyMatcher();

  constructor(private readonly opts: ManagementClientOptions) {
    super();
    this.delay = opts.initialDelayMs ?? 50;
  }

  get attached(): boolean {
    return this.connected;
  }

  /** Starts connecting; 'attach' fires on every (re)connection. */
  start(): this {
    this.closed = false;
    this.connect();
    return this;
  }

  /** Resolves at the next attach (at once when attached), or rejects after timeoutMs. */
  waitAttached(timeoutMs: number): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('attach', onAttach);
        reject(new Error(`openvpn management: not attached within ${timeoutMs} ms (${this.opts.socketPath})`));
      }, timeoutMs);
      const onAttach = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.once('attach', onAttach);
    });
  }

  /** Detaches; openvpn keeps running. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const s = this.socket;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.end();
      setTimeout(() => s.destroy(), 500).unref();
    });
  }

  private connect(): void {
    if (this.closed) return;
    const s = createConnection(this.opts.socketPath);
    this.socket = s;
    s.setEncoding('utf8');
    s.on('connect', () => {
      this.connected = true;
      this.delay = this.opts.initialDelayMs ?? 50;
      this.opts.logger?.info({ socket: this.opts.socketPath }, 'openvpn management attached');
      this.emit('attach');
    });
    s.on('data', (chunk: string) => this.onData(chunk));
    s.on('error', () => undefined); // 'close' follows and handles it
    s.on('close', () => {
      const was = this.connected;
      this.connected = false;
      this.buffer = '';
      this.parser.reset();
      const err = new ManagementNotAttachedError();
      this.replies.failAll(err);
      if (was) {
        this.opts.logger?.warn({ socket: this.opts.socketPath }, 'openvpn management detached');
        this.emit('detach', undefined);
      }
      if (!this.closed) {
        this.retryTimer = setTimeout(() => this.connect(), this.delay);
        this.delay = Math.min(this.delay * 2, this.opts.maxDelayMs ?? 1000);
      }
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    if (line.startsWith('>')) {
      const event = this.parser.feed(line.slice(1));
      if (event) this.emit('event', event);
      return;
    }
    this.replies.feed(line);
  }

  /** Sends raw command text (one or more lines) and collects its reply. */
  command(text: string, verb: string, multiline = false): Promise<string[]> {
    const s = this.socket;
    if (!s || !this.connected) return Promise.reject(new ManagementNotAttachedError());
    return new Promise((resolve, reject) => {
      this.replies.push({ verb, multiline, resolve, reject });
      s.write(text.endsWith('\n') ? text : `${text}\n`);
    });
  }

  async status(): Promise<StatusSnapshot> {
    return parseStatus3(await this.command('status 3', 'status', true));
  }

  /**
   * `message` is the control message the client gets: RESTART (OpenVPN's default: it reconnects) or HALT
   * (it stops), optionally followed by ",reason", which the client logs. It is sent quoted; a message that
   * could end the argument or the line is refused, not escaped.
   */
  async clientKill(cid: number, message?: string): Promise<void> {
    assertId(cid, 'cid');
    if (message !== undefined && !KILL_MESSAGE.test(message)) throw new Error(`client-kill: refusing message ${JSON.stringify(message)}`);
    await this.command(`client-kill ${cid}${message === undefined ? '' : ` "${message}"`}`, 'client-kill');
  }

  /** >BYTECOUNT_CLI every `seconds` (0 turns it off). */
  async bytecount(seconds: number): Promise<void> {
    assertId(seconds, 'interval');
    await this.command(`bytecount ${seconds}`, 'bytecount');
  }

  async version(): Promise<string[]> {
    return this.command('version', 'version', true);
  }

  async pid(): Promise<number> {
    const [line = ''] = await this.command('pid', 'pid');
    return Number(/pid=(\d+)/.exec(line)?.[1] ?? NaN);
  }

  async loadStats(): Promise<LoadStats> {
    const [line = ''] = await this.command('load-stats', 'load-stats');
    const v = (k: string): number => Number(new RegExp(`${k}=(\\d+)`).exec(line)?.[1] ?? 0);
    return { clients: v('nclients'), bytesIn: v('bytesin'), bytesOut: v('bytesout') };
  }
}
