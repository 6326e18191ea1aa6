/**
 * Turns `>`-lines into typed events. `>CLIENT:CONNECT|REAUTH|ESTABLISHED|DISCONNECT` are followed by
 * `>CLIENT:ENV,k=v` lines up to `>CLIENT:ENV,END`; the event is emitted once the block is complete.
 */
import { ClientEnv } from './env.js';
import type { ClientEnvEventType, ManagementEvent } from './events.js';

const ENV_HEADS: Record<string, ClientEnvEventType> = {
  CONNECT: 'client-connect',
  REAUTH: 'client-reauth',
  ESTABLISHED: 'client-established',
  DISCONNECT: 'client-disconnect',
};

interface PendingBlock {
  type: ClientEnvEventType;
  cid: number;
  kid: number;
  env: ClientEnv;
}

export class NotificationParser {
  private pending: PendingBlock | undefined;

  /** line without the leading '>'; returns an event when one is complete. */
  feed(line: string): ManagementEvent | undefined {
    const colon = line.indexOf(':');
    const kind = colon < 0 ? line : line.slice(0, colon);
    const text = colon < 0 ? '' : line.slice(colon + 1);
    if (kind === 'CLIENT') return this.client(text);
    switch (kind) {
      case 'BYTECOUNT_CLI': {
        const [cid, bin, bout] = text.split(',').map(Number);
        return { type: 'bytecount-client', cid: cid ?? -1, bytesIn: bin ?? 0, bytesOut: bout ?? 0 };
      }
      case 'BYTECOUNT': {
        const [bin, bout] = text.split(',').map(Number);
        return { type: 'bytecount', bytesIn: bin ?? 0, bytesOut: bout ?? 0 };
      }
      case 'INFO':
        return { type: 'info', text };
      case 'STATE': {
        const [time = '0', state = '', ...fields] = text.split(',');
        return { type: 'state', time: Number(time), state, fields };
      }
      case 'LOG': {
        const [time = '0', flags = '', ...rest] = text.split(',');
        return { type: 'log', time: Number(time), flags, message: rest.join(',') };
      }
      case 'HOLD':
        return { type: 'hold', text };
      case 'PASSWORD':
        return { type: 'password', text };
      default:
        return { type: 'other', kind, text };
    }
  }

  private client(text: string): ManagementEvent | undefined {
    const comma = text.indexOf(',');
    const sub = comma < 0 ? text : text.slice(0, comma);
    const args = comma < 0 ? '' : text.slice(comma + 1);
    if (sub === 'ENV') {
      const block = this.pending;
      if (!block) return undefined; // an ENV line without a head is meaningless; dropped unread
      if (args !== 'END') {
        block.env.add(args);
        return undefined;
      }
      this.pending = undefined;
      if (block.type === 'client-connect' || block.type === 'client-reauth') {
        return { type: block.type, cid: block.cid, kid: block.kid, env: block.env };
      }
      return { type: block.type, cid: block.cid, env: block.env };
    }
    const envType = ENV_HEADS[sub];
    if (envType) {
      const [cid = -1, kid = -1] = args.split(',').map(Number);
      this.pending = { type: envType, cid, kid, env: new ClientEnv() };
      return undefined;
    }
    if (sub === 'ADDRESS') {
      const [cid = '-1', address = '', primary = '0'] = args.split(',');
      return { type: 'client-address', cid: Number(cid), address, primary: primary === '1' };
    }
    // CR_RESPONSE and future sub-kinds: surfaced without their arguments, which may hold a response secret
    return { type: 'other', kind: `CLIENT:${sub}`, text: '' };
  }

  /** The link dropped: a half-received block is discarded. */
  reset(): void {
    this.pending = undefined;
  }
}
