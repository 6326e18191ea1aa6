import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intFromHex, readTlv, time, tlv } from './der.js';

test('DER lengths, integers and times', () => {
  assert.deepEqual([...tlv(0x04, Buffer.alloc(3))], [0x04, 3, 0, 0, 0]);
  const long = tlv(0x04, Buffer.alloc(300));
  assert.deepEqual([...long.subarray(0, 4)], [0x04, 0x82, 0x01, 0x2c]);
  assert.deepEqual(readTlv(long, 0), { tag: 0x04, start: 4, end: 304 });
  assert.deepEqual([...intFromHex('80')], [0x02, 2, 0x00, 0x80]);
  assert.deepEqual([...intFromHex('abc')], [0x02, 2, 0x0a, 0xbc]);
  assert.equal(time(new Date('2049-12-31T23:59:59Z')).toString('latin1').slice(2), '491231235959Z');
  assert.equal(time(new Date('2050-01-01T00:00:00Z'))[0], 0x18);
  assert.equal(time(new Date('2050-01-01T00:00:00Z')).toString('latin1').slice(2), '20500101000000Z');
});
