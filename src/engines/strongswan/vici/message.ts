/**
 * VICI message encoding (strongSwan src/libcharon/plugins/vici/README.md, "Message format").
 * A message is a tree of sections holding key/values and lists of values. Values are raw blobs on
 * the wire; charon only ever sends strings, so decoding yields strings unless buffers are asked for.
 */
import { ViciProtocolError } from './errors.js';

export const ElementType = {
  SectionStart: 1,
  SectionEnd: 2,
  KeyValue: 3,
  ListStart: 4,
  ListItem: 5,
  ListEnd: 6,
} as const;
export type ElementType = (typeof ElementType)[keyof typeof ElementType];

/** A decoded tree; V is string (default) or Buffer (binary-safe decoding). */
export interface ViciTree<V = string> {
  [key: string]: V | V[] | ViciTree<V>;
}
export type ViciMessage = ViciTree<string>;

/** What the encoder accepts: numbers become decimal strings, booleans yes/no, as charon expects. */
export type ViciScalar = string | number | boolean | Buffer;
export type ViciInputValue = ViciScalar | readonly ViciScalar[] | ViciInput;
/**
 * A Map keeps its order for every key; a plain object reorders integer-like keys ("0", "1") first,
 * which matters where order is meaningful (auth rounds), so such trees should be given as Maps.
 */
export type ViciInput = { readonly [key: string]: ViciInputValue | undefined } | ReadonlyMap<string, ViciInputValue | undefined>;

const MAX_NAME = 0xff;
const MAX_VALUE = 0xffff;

function scalarBytes(v: ViciScalar, path: string): Buffer {
  let b: Buffer;
  if (Buffer.isBuffer(v)) b = v;
  else if (typeof v === 'boolean') b = Buffer.from(v ? 'yes' : 'no');
  else if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ViciProtocolError(`value of ${path} is not a finite number`);
    b = Buffer.from(String(v));
  } else if (typeof v === 'string') b = Buffer.from(v, 'utf8');
  else throw new ViciProtocolError(`value of ${path} has unsupported type ${typeof v}`);
  if (b.length > MAX_VALUE) throw new ViciProtocolError(`value of ${path} is ${b.length} bytes, over the 65535 limit`);
  return b;
}

function nameBytes(name: string, path: string): Buffer {
  const b = Buffer.from(name, 'ascii');
  if (!/^[\x20-\x7e]*$/.test(name)) throw new ViciProtocolError(`name ${JSON.stringify(path)} is not printable ASCII`);
  if (b.length > MAX_NAME) throw new ViciProtocolError(`name ${JSON.stringify(path)} is over 255 bytes`);
  return b;
}

function isScalar(v: unknown): v is ViciScalar {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || Buffer.isBuffer(v);
}

function entries(tree: ViciInput): Array<[string, ViciInputValue | undefined]> {
  return tree instanceof Map ? [...tree.entries()] : Object.entries(tree);
}

export function encodeMessage(tree: ViciInput = {}): Buffer {
  const out: Buffer[] = [];
  const u8 = (n: number): void => void out.push(Buffer.from([n]));
  const u16 = (n: number): void => {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(n);
    out.push(b);
  };
  const named = (type: ElementType, name: string, path: string): void => {
    const nb = nameBytes(name, path);
    u8(type);
    u8(nb.length);
    out.push(nb);
  };
  const blob = (b: Buffer): void => {
    u16(b.length);
    out.push(b);
  };
  const walk = (node: ViciInput, prefix: string): void => {
    for (const [key, value] of entries(node)) {
      if (value === undefined) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (isScalar(value)) {
        named(ElementType.KeyValue, key, path);
        blob(scalarBytes(value, path));
      } else if (Array.isArray(value)) {
        named(ElementType.ListStart, key, path);
        for (const item of value as readonly unknown[]) {
          if (!isScalar(item)) throw new ViciProtocolError(`list ${path} holds a non-scalar item (lists cannot nest)`);
          u8(ElementType.ListItem);
          blob(scalarBytes(item, path));
        }
        u8(ElementType.ListEnd);
      } else if (typeof value === 'object' && value !== null) {
        named(ElementType.SectionStart, key, path);
        walk(value as ViciInput, path);
        u8(ElementType.SectionEnd);
      } else {
        throw new ViciProtocolError(`value of ${path} has unsupported type ${typeof value}`);
      }
    }
  };
  walk(tree, '');
  return Buffer.concat(out);
}

export interface DecodeOptions {
  /** keep values as Buffers instead of UTF-8 strings */
  binary?: boolean;
}

export function decodeMessage(buf: Buffer): ViciMessage;
export function decodeMessage(buf: Buffer, opts: { binary: true }): ViciTree<Buffer>;
export function decodeMessage(buf: Buffer, opts?: DecodeOptions): ViciMessage | ViciTree<Buffer>;
export function decodeMessage(buf: Buffer, opts: DecodeOptions = {}): ViciMessage | ViciTree<Buffer> {
  type V = string | Buffer;
  const conv = (b: Buffer): V => (opts.binary ? Buffer.from(b) : b.toString('utf8'));
  let pos = 0;
  const need = (n: number, what: string): void => {
    if (pos + n > buf.length) throw new ViciProtocolError(`truncated message: ${what} at offset ${pos} needs ${n} bytes, ${buf.length - pos} left`);
  };
  const readName = (what: string): string => {
    need(1, `${what} name length`);
    const len = buf.readUInt8(pos++);
    need(len, `${what} name`);
    const s = buf.toString('latin1', pos, pos + len);
    pos += len;
    return s;
  };
  const readValue = (what: string): Buffer => {
    need(2, `${what} value length`);
    const len = buf.readUInt16BE(pos);
    pos += 2;
    need(len, `${what} value`);
    const v = buf.subarray(pos, pos + len);
    pos += len;
    return v;
  };
  const root: ViciTree<V> = {};
  const stack: Array<ViciTree<V>> = [root];
  let list: V[] | undefined;
  const define = (key: string, value: V | V[] | ViciTree<V>): void => {
    const cur = stack[stack.length - 1] as ViciTree<V>;
    if (Object.hasOwn(cur, key)) throw new ViciProtocolError(`duplicate key ${JSON.stringify(key)} at offset ${pos}`);
    cur[key] = value;
  };
  while (pos < buf.length) {
    const at = pos;
    const type = buf.readUInt8(pos++);
    if (list && type !== ElementType.ListItem && type !== ElementType.ListEnd) {
      throw new ViciProtocolError(`element type ${type} inside a list at offset ${at}`);
    }
    switch (type) {
      case ElementType.SectionStart: {
        const section: ViciTree<V> = {};
        define(readName('section'), section);
        stack.push(section);
        break;
      }
      case ElementType.SectionEnd:
        if (stack.length === 1) throw new ViciProtocolError(`unbalanced section end at offset ${at}`);
        stack.pop();
        break;
      case ElementType.KeyValue: {
        const key = readName('key');
        define(key, conv(readValue(`key ${JSON.stringify(key)}`)));
        break;
      }
      case ElementType.ListStart:
        list = [];
        define(readName('list'), list);
        break;
      case ElementType.ListItem:
        if (!list) throw new ViciProtocolError(`list item outside a list at offset ${at}`);
        list.push(conv(readValue('list item')));
        break;
      case ElementType.ListEnd:
        if (!list) throw new ViciProtocolError(`list end outside a list at offset ${at}`);
        list = undefined;
        break;
      default:
        throw new ViciProtocolError(`bad element type ${type} at offset ${at}`);
    }
  }
  if (list) throw new ViciProtocolError('truncated message: list not closed');
  if (stack.length !== 1) throw new ViciProtocolError(`truncated message: ${stack.length - 1} section(s) not closed`);
  return root as ViciMessage | ViciTree<Buffer>;
}
