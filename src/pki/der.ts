/**
 * Just enough DER to assemble an end-entity certificate around pieces that are already encoded (names,
 * SPKI, extensions). Issuing through @peculiar/x509's generator re-parses every extension and exports
 * the key again per certificate; building the TBS directly is what makes bulk issuance several times faster.
 */

export function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

export const seq = (...c: Uint8Array[]): Buffer => tlv(0x30, ...c);

/** A positive INTEGER from hex digits (a 00 byte is prepended when the top bit is set). */
export function intFromHex(hex: string): Buffer {
  let h = hex.length % 2 ? `0${hex}` : hex;
  if (parseInt(h.slice(0, 2), 16) & 0x80) h = `00${h}`;
  return tlv(0x02, Buffer.from(h, 'hex'));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

/** Reads one TLV at offset: returns the content's start and end. */
export function readTlv(buf: Uint8Array, offset: number): { tag: number; start: number; end: number } {
  const tag = buf[offset] ?? 0;
  let len = buf[offset + 1] ?? 0;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[start + i] ?? 0);
    start += n;
  }
  return { tag, start, end: start + len };
}

/** The subjectPublicKey bits of a SubjectPublicKeyInfo (what RFC 5280 §4.2.1.2 method 1 hashes for the key id). */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const outer = readTlv(spki, 0);
  const alg = readTlv(spki, outer.start);
  const bits = readTlv(spki, alg.end);
  if (outer.tag !== 0x30 || alg.tag !== 0x30 || bits.tag !== 0x03) throw new Error('not a SubjectPublicKeyInfo');
  return spki.subarray(bits.start + 1, bits.end); // skip the unused-bits octet
}
