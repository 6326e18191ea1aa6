/**
 * Renderer for strongSwan's settings syntax (swanctl.conf, strongswan.conf): nested `name { ... }`
 * sections and `key = value` lines.
 *
 * Escaping follows charon's lexer (src/libstrongswan/settings/settings_lexer.l): every value is written
 * as a double-quoted string, in which the lexer only ends the string at an unescaped `"`, so `#`, `{`,
 * `}`, `=` and `;` are inert; `\` and `"` are escaped; CR, LF and TAB are written as `\r`, `\n`, `\t`
 * (a raw CR inside a string would be dropped by the lexer). NUL cannot be carried (the parser works on
 * C strings) and is refused. Keys and section names are not quotable at all, so they are refused unless
 * they are plain `[A-Za-z0-9_-]` words (a dot would be read as a path separator; `include` is a directive).
 *
 * Lists are written as one quoted, comma-separated string, which is how swanctl splits list options;
 * an element holding a comma or surrounding blanks could not survive that split and is refused.
 */

export type ConfValue = string | number | boolean | readonly string[] | ConfSection | undefined;
export interface ConfSection {
  readonly [key: string]: ConfValue;
}

export class ConfRenderError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ConfRenderError';
  }
}

const KEY = /^[A-Za-z0-9_-]+$/;

export function quoteConfString(value: string, path = 'value'): string {
  if (value.includes('\0')) throw new ConfRenderError(path, 'NUL cannot be written to a strongSwan settings file');
  const body = value.replace(/[\\"\r\n\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\r': '\\r', '\n': '\\n', '\t': '\\t' })[c]!);
  return `"${body}"`;
}

function listValue(items: readonly string[], path: string): string {
  items.forEach((item, i) => {
    if (item.includes(',')) throw new ConfRenderError(`${path}.${i}`, 'a list element cannot contain a comma');
    if (item !== item.trim() || item === '') throw new ConfRenderError(`${path}.${i}`, 'a list element cannot be empty or start/end with blanks');
  });
  return quoteConfString(items.join(', '), path);
}

function scalar(v: string | number | boolean, path: string): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ConfRenderError(path, 'not a finite number');
    return String(v);
  }
  return quoteConfString(v, path);
}

function renderSection(section: ConfSection, depth: number, path: string, out: string[]): void {
  const pad = '  '.repeat(depth);
  for (const [key, value] of Object.entries(section)) {
    const here = path ? `${path}.${key}` : key;
    if (!KEY.test(key) || key === 'include') throw new ConfRenderError(here, 'names must be [A-Za-z0-9_-] words (and not "include")');
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      out.push(`${pad}${key} = ${listValue(value, here)}`);
    } else if (typeof value === 'object') {
      out.push(`${pad}${key} {`);
      renderSection(value as ConfSection, depth + 1, here, out);
      out.push(`${pad}}`);
    } else {
      out.push(`${pad}${key} = ${scalar(value as string | number | boolean, here)}`);
    }
  }
}

export interface RenderOptions {
  /** comment lines written at the top; control characters are replaced so a line stays one line */
  header?: string[];
}

export function renderSwanctlConf(root: ConfSection, opts: RenderOptions = {}): string {
  const out = (opts.header ?? []).map((l) => `# ${l.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ')}`.trimEnd());
  renderSection(root, 0, '', out);
  return `${out.join('\n')}\n`;
}
