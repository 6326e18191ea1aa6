import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ViciProtocolError } from './errors.js';
import { decodeMessage, encodeMessage } from './message.js';

const ascii = (s: string): number[] => [...Buffer.from(s, 'ascii')];

/** The "Encoding example" of strongSwan's vici README, byte for byte. */
const README_EXAMPLE = Buffer.from([
  3, 4, ...ascii('key1'), 0, 6, ...ascii('value1'),
  1, 8, ...ascii('section1'),
  1, 11, ...ascii('sub-section'),
  3, 4, ...ascii('key2'), 0, 6, ...ascii('value2'),
  2,
  4, 5, ...ascii('list1'),
  5, 0, 5, ...ascii('item1'),
  5, 0, 5, ...ascii('item2'),
  6,
  2,
]);
const README_TREE = { key1: 'value1', section1: { 'sub-section': { key2: 'value2' }, list1: ['item1', 'item2'] } };

test('encodes the README example to its exact bytes', () => {
  assert.deepEqual(encodeMessage(README_TREE), README_EXAMPLE);
});

test('decodes the README example', () => {
  assert.deepEqual(decodeMessage(README_EXAMPLE), README_TREE);
});

test('numbers, booleans and Buffers are encoded as charon expects', () => {
  const bytes = encodeMessage({ a: 5, b: true, c: false, d: Buffer.from([0, 255]) });
  assert.deepEqual(
    bytes,
    Buffer.from([3, 1, 97, 0, 1, ...ascii('5'), 3, 1, 98, 0, 3, ...ascii('yes'), 3, 1, 99, 0, 2, ...ascii('no'), 3, 1, 100, 0, 2, 0, 255]),
  );
});

test('undefined keys are left out and an empty tree is empty', () => {
  assert.deepEqual(encodeMessage({ a: undefined }), Buffer.alloc(0));
  assert.deepEqual(decodeMessage(Buffer.alloc(0)), {});
});

test('binary decoding keeps values byte-exact', () => {
  const raw = Buffer.from([0, 1, 2, 0xc3, 0x28, 0xff]);
  const tree = decodeMessage(encodeMessage({ s: { data: raw, l: [raw] } }), { binary: true });
  const s = tree['s'] as Record<string, unknown>;
  assert.deepEqual(s['data'], raw);
  assert.deepEqual(s['l'], [raw]);
});

test('a Map keeps integer-like keys in the given order', () => {
  const bytes = encodeMessage(new Map([['b', '1'], ['1', '2']]));
  assert.deepEqual(bytes, Buffer.from([3, 1, 98, 0, 1, 49, 3, 1, 49, 0, 1, 50]));
});

test('deeply nested round trip', () => {
  const tree = { conn: { local: { auth: 'psk', id: 'hq.lab' }, children: { lan: { local_ts: ['198.19.1.0/24', '198.19.3.0/24'], remote_ts: [] } } } };
  assert.deepEqual(decodeMessage(encodeMessage(tree)), tree);
});

test('malformed input is rejected with a clear error', () => {
  const cases: Array<[number[], RegExp]> = [
    [[3, 4, ...ascii('key1'), 0, 6, ...ascii('val')], /truncated message: key "key1" value/],
    [[3, 10, ...ascii('ab')], /truncated message: key name/],
    [[9], /bad element type 9 at offset 0/],
    [[1, 1, 97], /1 section\(s\) not closed/],
    [[2], /unbalanced section end/],
    [[4, 1, 108, 3, 1, 97, 0, 0], /element type 3 inside a list/],
    [[5, 0, 0], /list item outside a list/],
    [[6], /list end outside a list/],
    [[4, 1, 108, 5, 0, 0], /list not closed/],
    [[3, 1, 97, 0, 0, 3, 1, 97, 0, 0], /duplicate key "a"/],
  ];
  for (const [bytes, re] of cases) {
    assert.throws(() => decodeMessage(Buffer.from(bytes)), (e: unknown) => e instanceof ViciProtocolError && re.test(e.message), String(bytes));
  }
});

test('trees that cannot be encoded are rejected', () => {
  assert.throws(() => encodeMessage({ k: 'x'.repeat(70000) }), /over the 65535 limit/);
  assert.throws(() => encodeMessage({ ['k'.repeat(256)]: 'v' }), /over 255 bytes/);
  assert.throws(() => encodeMessage({ l: [{ a: 'b' }] as never }), /lists cannot nest/);
  assert.throws(() => encodeMessage({ n: Number.NaN }), /not a finite number/);
  assert.throws(() => encodeMessage({ 'k\u00e9': 'v' }), /not printable ASCII/);
});
