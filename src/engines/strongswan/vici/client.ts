/**
 * VICI client on node:net. VICI has no sequence numbers, so one request is outstanding per
 * connection: every exchange goes through one queue. Events may arrive at any time, also in the
 * middle of a request; they go to the streaming command that asked for them and to listeners.
 */
import { EventEmitter } from 'node:events';
import { createConnection } from 'node:net';
import type { Socket } from 'node:net';
import {
  ViciCommandError,
  ViciConnectionError,
  ViciProtocolError,
  ViciTimeoutError,
  ViciUnknownCommandError,
  ViciUnknownEventError,
} from './errors.js';
import { decodeMessage } from './message.js';
import type { ViciInput, ViciMessage, ViciTree } from './message.js';
import { encodePacket, PACKET_TYPE_NAMES, PacketReader, PacketType } from './packet.js';
import type { Packet } from './packet.js';
import type { ViciEventMap, ViciEventName } from './types.js';

export interface ViciClientOptions {
  /** path of charon's VICI unix socket (charon.plugins.vici.socket without unix://) */
  socketPath: string;
  /** bound on each exchange; default 10 s */
  timeoutMs?: number;
  /** reconnect in the background while event listeners exist (charon restarted); default true */
  reconnect?: boolean;
  /** first and longest wait between reconnection attempts; default 200 ms and 5 s */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

export interface RequestOptions {
  timeoutMs?: number;
  /** throw ViciCommandError on `success = no` (default true) */
  checkSuccess?: boolean;
}

export interface StreamOptions<E> extends RequestOptions {
  onEvent?: (event: E) => void;
}

export interface StreamResult<E> {
  response: ViciMessage;
  events: E[];
}

type Listener = (payload: never, event: string) => void;

interface Waiter {
  resolve(p: Packet): void;
  reject(e: Error): void;
}

interface Sink {
  event: string;
  deliver(msg: ViciMessage): void;
}

export class ViciClient {
  /** connection changes: 'connect' after (re)connection and re-registration, 'disconnect' with the cause */
  readonly connection = new EventEmitter<{ connect: []; disconnect: [Error | undefined] }>();
  private socket: Socket | undefined;
  private waiter: Waiter | undefined;
  private sink: Sink | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly eventListeners = new Map<string, Set<Listener>>();
  /** events registered on the current socket */
  private registered = new Set<string>();
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectDelay: number;
  private readonly timeoutMs: number;

  constructor(private readonly opts: ViciClientOptions) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.reconnectDelay = opts.reconnectMinMs ?? 200;
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** Runs jobs one after the other; a failed job does not stop the next. */
  private run<T>(job: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ViciConnectionError('VICI client is closed'));
    const result = this.queue.then(job);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private connectSocket(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const sock = createConnection({ path: this.opts.socketPath });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new ViciTimeoutError(`connecting to ${this.opts.socketPath} timed out`));
      }, this.timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.removeAllListeners('error');
        resolve(sock);
      });
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(new ViciConnectionError(`cannot connect to ${this.opts.socketPath}: ${e.message}`));
      });
    });
  }

  private async ensureConnected(): Promise<void> {
    if (this.socket) return;
    const sock = await this.connectSocket();
    if (this.closed) {
      sock.destroy();
      throw new ViciConnectionError('VICI client is closed');
    }
    const reader = new PacketReader();
    this.socket = sock;
    this.registered = new Set();
    sock.on('data', (chunk: Buffer) => {
      let packets: Packet[];
      try {
        packets = reader.push(chunk);
      } catch (e) {
        this.drop(sock, e as Error);
        return;
      }
      for (const p of packets) this.dispatch(p);
    });
    sock.on('error', (e) => this.drop(sock, new ViciConnectionError(`VICI socket error: ${e.message}`)));
    sock.on('close', () => this.drop(sock, new ViciConnectionError('charon closed the VICI connection')));
    this.reconnectDelay = this.opts.reconnectMinMs ?? 200;
    // Listeners outlive connections: put their registrations back on the new socket.
    for (const event of this.eventListeners.keys()) await this.register(event);
    this.connection.emit('connect');
  }

  private drop(sock: Socket, err: Error | undefined): void {
    if (this.socket !== sock) return;
    this.socket = undefined;
    this.registered = new Set();
    sock.destroy();
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(err ?? new ViciConnectionError('VICI connection closed'));
    this.connection.emit('disconnect', err);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.opts.reconnect === false || this.eventListeners.size === 0 || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, this.opts.reconnectMaxMs ?? 5000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.run(() => this.ensureConnected()).catch(() => this.scheduleReconnect());
    }, delay);
    this.reconnectTimer.unref();
  }

  private dispatch(p: Packet): void {
    if (p.type === PacketType.Event) {
      let msg: ViciMessage;
      try {
        msg = decodeMessage(p.body);
      } catch {
        return; // a malformed event must not break the request stream
      }
      const name = p.name ?? '';
      if (this.sink?.event === name) this.sink.deliver(msg);
      for (const l of this.eventListeners.get(name) ?? []) {
        try {
          (l as (m: ViciMessage, e: string) => void)(msg, name);
        } catch {
          // a listener's bug is its own
        }
      }
      return;
    }
    const w = this.waiter;
    this.waiter = undefined;
    if (w) w.resolve(p);
    else if (this.socket) this.drop(this.socket, new ViciProtocolError(`unexpected ${PACKET_TYPE_NAMES[p.type]} with no request outstanding`));
  }

  /** Sends one packet and waits for the one reply; on timeout the connection is dropped (replies would slip). */
  private exchange(packet: Buffer, what: string, timeoutMs: number): Promise<Packet> {
    const sock = this.socket;
    if (!sock) return Promise.reject(new ViciConnectionError('not connected'));
    return new Promise<Packet>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new ViciTimeoutError(`${what}: no answer from charon within ${timeoutMs} ms`));
        this.drop(sock, new ViciTimeoutError(`${what} timed out`));
      }, timeoutMs);
      this.waiter = {
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      sock.write(packet);
    });
  }

  private async register(event: string): Promise<void> {
    const p = await this.exchange(encodePacket(PacketType.EventRegister, event), `register ${event}`, this.timeoutMs);
    if (p.type === PacketType.EventUnknown) throw new ViciUnknownEventError(event);
    if (p.type !== PacketType.EventConfirm) throw new ViciProtocolError(`register ${event}: unexpected ${PACKET_TYPE_NAMES[p.type]}`);
    this.registered.add(event);
  }

  private async unregister(event: string): Promise<void> {
    const p = await this.exchange(encodePacket(PacketType.EventUnregister, event), `unregister ${event}`, this.timeoutMs);
    if (p.type === PacketType.EventUnknown) throw new ViciUnknownEventError(event);
    if (p.type !== PacketType.EventConfirm) throw new ViciProtocolError(`unregister ${event}: unexpected ${PACKET_TYPE_NAMES[p.type]}`);
    this.registered.delete(event);
  }

  private async command(cmd: string, msg: ViciInput | undefined, opts: RequestOptions): Promise<ViciMessage> {
    const p = await this.exchange(encodePacket(PacketType.CmdRequest, cmd, msg ?? {}), cmd, opts.timeoutMs ?? this.timeoutMs);
    if (p.type === PacketType.CmdUnknown) throw new ViciUnknownCommandError(cmd);
    if (p.type !== PacketType.CmdResponse) throw new ViciProtocolError(`${cmd}: unexpected ${PACKET_TYPE_NAMES[p.type]}`);
    const res = decodeMessage(p.body);
    if ((opts.checkSuccess ?? true) && res['success'] === 'no') {
      const errmsg = typeof res['errmsg'] === 'string' ? res['errmsg'] : 'failed (charon gave no errmsg)';
      throw new ViciCommandError(cmd, errmsg, res);
    }
    return res;
  }

  /** One command, one response. */
  request(cmd: string, msg?: ViciInput, opts: RequestOptions = {}): Promise<ViciMessage> {
    return this.run(async () => {
      await this.ensureConnected();
      return this.command(cmd, msg, opts);
    });
  }

  /** Same, with values kept as Buffers (binary-safe, e.g. list-certs data). */
  requestBinary(cmd: string, msg?: ViciInput, opts: Omit<RequestOptions, 'checkSuccess'> = {}): Promise<ViciTree<Buffer>> {
    return this.run(async () => {
      await this.ensureConnected();
      const p = await this.exchange(encodePacket(PacketType.CmdRequest, cmd, msg ?? {}), cmd, opts.timeoutMs ?? this.timeoutMs);
      if (p.type === PacketType.CmdUnknown) throw new ViciUnknownCommandError(cmd);
      if (p.type !== PacketType.CmdResponse) throw new ViciProtocolError(`${cmd}: unexpected ${PACKET_TYPE_NAMES[p.type]}`);
      return decodeMessage(p.body, { binary: true });
    });
  }

  /**
   * A command that streams events before its response: registers the event, sends the command,
   * collects events until the CMD_RESPONSE, unregisters. Listeners of that event still see them.
   */
  streamed<K extends ViciEventName>(
    cmd: string,
    event: K,
    msg?: ViciInput,
    opts: StreamOptions<ViciEventMap[K]> = {},
  ): Promise<StreamResult<ViciEventMap[K]>> {
    return this.run(async () => {
      await this.ensureConnected();
      const events: Array<ViciEventMap[K]> = [];
      const ownRegistration = !this.registered.has(event);
      if (ownRegistration) await this.register(event);
      this.sink = {
        event,
        deliver: (m) => {
          const e = m as unknown as ViciEventMap[K];
          events.push(e);
          try {
            opts.onEvent?.(e);
          } catch {
            // the caller's callback must not break the stream
          }
        },
      };
      try {
        const response = await this.command(cmd, msg, opts);
        return { response, events };
      } finally {
        this.sink = undefined;
        if (ownRegistration && this.socket && !this.eventListeners.has(event)) await this.unregister(event).catch(() => undefined);
      }
    });
  }

  /** Subscribes to an event; resolves once charon confirmed the registration. */
  async on<K extends ViciEventName>(event: K, listener: (payload: ViciEventMap[K], event: K) => void): Promise<void>;
  async on(event: string, listener: (payload: ViciMessage, event: string) => void): Promise<void>;
  async on(event: string, listener: (payload: never, event: never) => void): Promise<void> {
    let set = this.eventListeners.get(event);
    const first = !set;
    if (!set) {
      set = new Set();
      this.eventListeners.set(event, set);
    }
    set.add(listener as Listener);
    if (!first) return;
    try {
      await this.run(async () => {
        await this.ensureConnected();
        if (!this.registered.has(event)) await this.register(event);
      });
    } catch (e) {
      if (e instanceof ViciUnknownEventError) this.eventListeners.delete(event);
      else this.scheduleReconnect();
      throw e;
    }
  }

  async off(event: string, listener: (payload: never, event: never) => void): Promise<void> {
    const set = this.eventListeners.get(event);
    if (!set?.delete(listener as Listener) || set.size > 0) return;
    this.eventListeners.delete(event);
    await this.run(async () => {
      if (this.socket && this.registered.has(event)) await this.unregister(event);
    });
  }

  /** Closes the socket; outstanding and later requests fail. */
  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.eventListeners.clear();
    if (this.socket) this.drop(this.socket, new ViciConnectionError('VICI client closed'));
  }
}
