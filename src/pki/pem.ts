/** PEM armour: splitting text into labelled blocks, keeping each block's text for parsers that need headers. */

export interface PemBlock {
  label: string;
  /** the whole block including BEGIN/END lines and any Proc-Type headers */
  text: string;
  der: Buffer;
  /** 1-based line of the BEGIN marker, for messages */
  line: number;
}

const BLOCK_RE = /-----BEGIN ([A-Za-z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

export function isPemText(data: string): boolean {
  return data.includes('-----BEGIN ');
}

export function splitPem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK_RE)) {
    const label = m[1] ?? '';
    const body = m[2] ?? '';
    // RFC 1421 headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: …") end at the first empty line
    const base64 = /^[A-Za-z-]+:/.test(body) ? body.slice(body.search(/\r?\n\r?\n/) + 1) : body;
    const line = text.slice(0, m.index).split('\n').length;
    blocks.push({ label, text: m[0] + '\n', der: Buffer.from(base64.replace(/\s+/g, ''), 'base64'), line });
  }
  return blocks;
}

/** Whether text has a BEGIN marker without a matching END, which splitPem would silently skip. */
export function unterminatedPem(text: string): string | undefined {
  const begins = [...text.matchAll(/-----BEGIN ([A-Za-z0-9 ]+)-----/g)].map((m) => m[1] ?? '');
  const ends = [...text.matchAll(/-----END ([A-Za-z0-9 ]+)-----/g)].map((m) => m[1] ?? '');
  for (const label of begins) {
    const i = ends.indexOf(label);
    if (i < 0) return label;
    ends.splice(i, 1);
  }
  return undefined;
}
