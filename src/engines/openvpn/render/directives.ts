/**
 * Building blocks of OpenVPN config text. Values reaching here are schema-checked already; tokens refuse
 * anything that could still split a line or open a quote, so a bad value fails loudly instead of adding
 * a directive. Paths (under a data directory that may hold blanks or quotes) are quoted instead.
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

/** An argument already written in OpenVPN's syntax; only argument() makes one, directive() writes it as is. */
class QuotedArg {
  constructor(readonly text: string) {}
}
export type Arg = QuotedArg;

/**
 * One argument that may hold blanks, quotes or backslashes, written so that OpenVPN 2.6's parse_line()
 * reads it back unchanged: bare when it is a plain token, else in double quotes, inside which a
 * backslash escapes only `\`, `"` or a blank (anything else after it is a config error) and `'`, `#`
 * and `;` are literal. A line break or other control character has no escape at all and is refused;
 * a parameter longer than 255 bytes is refused too (OPTION_PARM_SIZE, OpenVPN would cut it).
 */
export function argument(value: string, what: string): Arg {
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new RenderError(`${what}: a line break or control character cannot be written in an OpenVPN config: ${JSON.stringify(value)}`);
  if (Buffer.byteLength(value) > MAX_PARAMETER) throw new RenderError(`${what}: ${Buffer.byteLength(value)} bytes, OpenVPN reads at most ${MAX_PARAMETER} per parameter: ${JSON.stringify(value)}`);
  if (BARE_TOKEN.test(value)) return new QuotedArg(value);
  return new QuotedArg(`"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
}

const MAX_PARAMETER = 255;
/** OPTION_LINE_SIZE: OpenVPN reads a config line in 256-byte pieces; a longer one would be cut. */
const MAX_LINE = 255;

export function directive(name: string, ...args: Array<string | number | Arg>): string {
  const line = [name, ...args.map((a, i) => (a instanceof QuotedArg ? a.text : token(a, `${name} argument ${i + 1}`)))].join(' ');
  if (Buffer.byteLength(line) > MAX_LINE) {
    throw new RenderError(`${name}: the line is ${Buffer.byteLength(line)} bytes, OpenVPN reads at most ${MAX_LINE}; use a shorter data directory`);
  }
  return line;
}

/** `push "…"`: the pushed text is quoted, and a quote, backslash or line break in it is refused. */
export function push(text: string): string {
  if (!PUSH_TEXT.test(text)) throw new RenderError(`push: refusing ${JSON.stringify(text)}`);
  return `push "${text}"`;
}

/** A file path: absolute; blanks and quotes are quoted (the data directory may hold them). */
export function pathArg(path: string, what: string): Arg {
  if (!path.startsWith('/')) throw new RenderError(`${what}: refusing relative path ${JSON.stringify(path)}`);
  return argument(path, what);
}

/** sun_path holds 108 bytes with its NUL; OpenVPN would cut a longer management socket path silently. */
const MAX_SOCKET_PATH = 107;

/** A unix socket path: as pathArg, and short enough for a socket address. */
export function socketPathArg(path: string, what: string): Arg {
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    throw new RenderError(`${what}: ${path} is ${Buffer.byteLength(path)} bytes, a unix socket holds at most ${MAX_SOCKET_PATH}: use a shorter data directory`);
  }
  return pathArg(path, what);
}

/**
 * A script with its arguments (auth-user-pass-verify, client-connect): OpenVPN reads the quoted
 * parameter, then splits the command again with the same parse_line() rules (argv_parse_cmd) and
 * executes it without a shell, so each part is quoted for the inner split and the whole for the outer.
 */
export function commandArg(parts: readonly Arg[], what: string): Arg {
  return argument(parts.map((p) => p.text).join(' '), what);
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
