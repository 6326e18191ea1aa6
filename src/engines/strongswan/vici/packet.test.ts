import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ViciProtocolError } from './errors.js';
import { decodeMessage } from './message.js';
import { encodePacket, MAX_SEGMENT, PacketReader, PacketType, parsePacket } from './packet.js';

const ascii = (s: string): number[] => [...Buffer.from(s, 'ascii')];

test('a version request is length, type 0, named', () => {
  assert.deepEqual(encodePacket(PacketType.CmdRequest, 'version', {}), Buffer.from([0, 0, 0, 9, 0, 7, ...ascii('version')]));
});

test('a request with a message appends the encoded message', () => {
  const bytes = encodePacket(PacketType.CmdRequest, 'unload-conn', { name: 's2s' });
  const msg = [3, 4, ...ascii('name'), 0, 3, ...ascii('s2s')];
  assert.deepEqual(bytes, Buffer.from([0, 0, 0, 1 + 1 + 11 + msg.length, 0, 11, ...ascii('unload-conn'), ...msg]));
});

test('event registration and confirmation', () => {
  assert.deepEqual(encodePacket(PacketType.EventRegister, 'ike-updown'), Buffer.from([0, 0, 0, 12, 3, 10, ...ascii('ike-updown')]));
  assert.deepEqual(parsePacket(Buffer.from([5])), { type: PacketType.EventConfirm, body: Buffer.alloc(0) });
  assert.deepEqual(parsePacket(Buffer.from([2])), { type: PacketType.CmdUnknown, body: Buffer.alloc(0) });
});

test('an EVENT packet carries its name and message', () => {
  const data = Buffer.from([7, 7, ...ascii('list-sa'), 1, 3, ...ascii('s2s'), 3, 5, ...ascii('state'), 0, 11, ...ascii('ESTABLISHED'), 2]);
  const p = parsePacket(data);
  assert.equal(p.type, PacketType.Event);
  assert.equal(p.name, 'list-sa');
  assert.deepEqual(decodeMessage(p.body), { s2s: { state: 'ESTABLISHED' } });
});

test('the reader reassembles packets split at every byte and split packets back to back', () => {
  const a = encodePacket(PacketType.CmdResponse, undefined, { success: 'yes' });
  const b = encodePacket(PacketType.EventConfirm);
  const stream = Buffer.concat([a, b]);
  const reader = new PacketReader();
  const got = [];
  for (const byte of stream) got.push(...reader.push(Buffer.from([byte])));
  assert.equal(got.length, 2);
  assert.equal(got[0]?.type, PacketType.CmdResponse);
  assert.deepEqual(decodeMessage(got[0]?.body ?? Buffer.alloc(0)), { success: 'yes' });
  assert.equal(got[1]?.type, PacketType.EventConfirm);
  assert.equal(reader.pending, 0);
  assert.equal(new PacketReader().push(stream).length, 2);
});

test('malformed packets are rejected', () => {
  assert.throws(() => parsePacket(Buffer.from([8])), /bad packet type 8/);
  assert.throws(() => parsePacket(Buffer.alloc(0)), /empty packet/);
  assert.throws(() => parsePacket(Buffer.from([0, 9, 97])), /truncated CMD_REQUEST: name needs 9 bytes/);
  assert.throws(() => parsePacket(Buffer.from([5, 1])), /EVENT_CONFIRM with 1 trailing bytes/);
  const huge = Buffer.alloc(4);
  huge.writeUInt32BE(MAX_SEGMENT + 1);
  assert.throws(() => new PacketReader().push(huge), (e: unknown) => e instanceof ViciProtocolError && /512 KiB/.test(e.message));
  assert.throws(() => encodePacket(PacketType.CmdRequest), /needs a name/);
  assert.throws(() => encodePacket(PacketType.EventConfirm, undefined, { a: '1' }), /carries no message/);
});
