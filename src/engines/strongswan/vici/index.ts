export { ViciClient } from './client.js';
export type { RequestOptions, StreamOptions, StreamResult, ViciClientOptions } from './client.js';
export { Vici } from './commands.js';
export type { ControlOptions, InitiateArgs, ListedSa, SharedSecret, TerminateArgs } from './commands.js';
export {
  ViciCommandError,
  ViciConnectionError,
  ViciProtocolError,
  ViciTimeoutError,
  ViciUnknownCommandError,
  ViciUnknownEventError,
} from './errors.js';
export { decodeMessage, ElementType, encodeMessage } from './message.js';
export type { DecodeOptions, ViciInput, ViciInputValue, ViciMessage, ViciScalar, ViciTree } from './message.js';
export { encodePacket, MAX_SEGMENT, PACKET_TYPE_NAMES, PacketReader, PacketType, parsePacket } from './packet.js';
export type { Packet } from './packet.js';
export type * from './types.js';
