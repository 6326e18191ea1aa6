/**
 * Building blocks of OpenVPN config text. Values reaching here are schema-checked already; these refuse
 * anything that could still split a line or open a quote, so a bad value fails loudly instead of adding
 * a directive.
 */
const BARE_TOKEN = /^[A-Za-z0-9._:/@+=,-]+$/;
const PUSH_TEXT = /^[A-Za-z0-9._:/@+= -]+$/;

export class RenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RenderError';
  }
}

/** One unquoted argument. */
export function token(value: string | number, what: string): string {
  const text = String(value);
  if (!BARE_TOKEN.test(text)) throw new RenderError(`${what}: refusing ${JSON.stringify(text)} in an OpenVPN config`);
  return text;
}

export function directive(name: string, ...args: Array<string | number>): string {
  return [name, ...args.map((a, i) => token(a, `${name} argument ${i + 1}`))].join(' ');
}

/** `push "…"`: the pushed text is quoted, and a quote, backslash or line break in it is refused. */
export function push(text: string): string {
  if (!PUSH_TEXT.test(text)) throw new RenderError(`push: refusing ${JSON.stringify(text)}`);
  return `push "${text}"`;
}

/** A file path: absolute, no whitespace or quotes (OpenVPN would split or unquote it). */
export function pathArg(path: string, what: string): string {
  if (!path.startsWith('/') || !/^[A-Za-z0-9._/@+-]+$/.test(path)) {
    throw new RenderError(`${what}: refusing path ${JSON.stringify(path)}`);
  }
  return path;
}

/** `<tag>` … `</tag>` around PEM or a static key; anything that could close the block early is refused. */
export function inlineBlock(tag: string, body: string): string {
  // `openvpn --genkey` writes '#' comment lines before a static key; they carry nothing
  const text = body.replace(/\r\n/g, '\n').replace(/^(?:#[^\n]*\n)+/, '').trim();
  if (!/^-----BEGIN [A-Za-z0-9 ]+-----\n[\x20-\x7e\n]+\n-----END [A-Za-z0-9 ]+-----$/.test(text)) {
    throw new RenderError(`<${tag}>: not a PEM block`);
  }
  if (text.includes('<')) throw new RenderError(`<${tag}>: refusing '<' inside the block`);
  return `<${tag}>\n${text}\n</${tag}>`;
}
