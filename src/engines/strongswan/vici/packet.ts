/** VICI packet layer and transport framing: u32 length (network order), u8 type, optional u8-length name. */
import { ViciProtocolError } from './errors.js';
import { encodeMessage } from './message.js';
import type { ViciInput } from './message.js';

export const PacketType = {
  CmdRequest: 0,
  CmdResponse: 1,
  CmdUnknown: 2,
  EventRegister: 3,
  EventUnregister: 4,
  EventConfirm: 5,
  EventUnknown: 6,
  Event: 7,
} as const;
export type PacketType = (typeof PacketType)[keyof typeof PacketType];

export const PACKET_TYPE_NAMES: Readonly<Record<PacketType, string>> = {
  0: 'CMD_REQUEST',
  1: 'CMD_RESPONSE',
  2: 'CMD_UNKNOWN',
  3: 'EVENT_REGISTER',
  4: 'EVENT_UNREGISTER',
  5: 'EVENT_CONFIRM',
  6: 'EVENT_UNKNOWN',
  7: 'EVENT',
};

/** The reference limits a segment to 512 KiB of data. */
export const MAX_SEGMENT = 512 * 1024;

const NAMED: ReadonlySet<number> = new Set([PacketType.CmdRequest, PacketType.EventRegister, PacketType.EventUnregister, PacketType.Event]);
const WITH_MESSAGE: ReadonlySet<number> = new Set([PacketType.CmdRequest, PacketType.CmdResponse, PacketType.Event]);

export interface Packet {
  type: PacketType;
  name?: string;
  /** the raw message bytes (decode with decodeMessage); empty for packets without a message */
  body: Buffer;
}

export function isPacketType(n: number): n is PacketType {
  return Number.isInteger(n) && n >= 0 && n <= 7;
}

/** A whole transport segment, length prefix included. */
export function encodePacket(type: PacketType, name?: string, message?: ViciInput | Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([type])];
  if (NAMED.has(type)) {
    if (name === undefined) throw new ViciProtocolError(`${PACKET_TYPE_NAMES[type]} needs a name`);
    const nb = Buffer.from(name, 'ascii');
    if (nb.length > 0xff || !/^[\x20-\x7e]+$/.test(name)) throw new ViciProtocolError(`bad packet name ${JSON.stringify(name)}`);
    parts.push(Buffer.from([nb.length]), nb);
  } else if (name !== undefined) {
    throw new ViciProtocolError(`${PACKET_TYPE_NAMES[type]} carries no name`);
  }
  if (message !== undefined) {
    if (!WITH_MESSAGE.has(type)) throw new ViciProtocolError(`${PACKET_TYPE_NAMES[type]} carries no message`);
    parts.push(Buffer.isBuffer(message) ? message : encodeMessage(message));
  }
  const data = Buffer.concat(parts);
  if (data.length > MAX_SEGMENT) throw new ViciProtocolError(`packet of ${data.length} bytes exceeds the 512 KiB segment limit`);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  return Buffer.concat([len, data]);
}

/** Parses one segment's data (without the length prefix). */
export function parsePacket(data: Buffer): Packet {
  if (data.length < 1) throw new ViciProtocolError('empty packet');
  const type = data.readUInt8(0);
  if (!isPacketType(type)) throw new ViciProtocolError(`bad packet type ${type}`);
  let pos = 1;
  let name: string | undefined;
  if (NAMED.has(type)) {
    if (data.length < 2) throw new ViciProtocolError(`truncated ${PACKET_TYPE_NAMES[type]}: no name length`);
    const len = data.readUInt8(1);
    if (data.length < 2 + len) throw new ViciProtocolError(`truncated ${PACKET_TYPE_NAMES[type]}: name needs ${len} bytes`);
    name = data.toString('latin1', 2, 2 + len);
    pos = 2 + len;
  }
  const body = data.subarray(pos);
  if (body.length > 0 && !WITH_MESSAGE.has(type)) throw new ViciProtocolError(`${PACKET_TYPE_NAMES[type]} with ${body.length} trailing bytes`);
  return name === undefined ? { type, body } : { type, name, body };
}

/** Splits a byte stream into packets; bytes may arrive in any chunking. */
export class PacketReader {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Packet[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const packets: Packet[] = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32BE(0);
      if (len > MAX_SEGMENT) throw new ViciProtocolError(`segment length ${len} exceeds the 512 KiB limit`);
      if (this.buf.length < 4 + len) break;
      packets.push(parsePacket(this.buf.subarray(4, 4 + len)));
      this.buf = this.buf.subarray(4 + len);
    }
    return packets;
  }

  /** bytes of an incomplete segment still waiting for the rest */
  get pending(): number {
    return this.buf.length;
  }
}
