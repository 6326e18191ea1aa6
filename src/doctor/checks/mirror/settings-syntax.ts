/**
 * strongSwan's settings syntax (swanctl.conf, strongswan.conf) read into a tree that remembers the line
 * of every value, so a mirror-check finding can quote the line of the uploaded file. The rules are
 * charon's lexer's (settings_lexer.l): names, `=`, `{`, `}`, `#` comments, quoted strings with \n \r \t
 * escapes, unquoted values up to `#`, `}` or end of line. `include` lines are kept as values, not read.
 */
export interface SettingValue {
  kind: 'value';
  value: string;
  line: number;
  /** the source line, trimmed */
  text: string;
}

export interface SettingSection {
  kind: 'section';
  name: string;
  line: number;
  text: string;
  children: Map<string, SettingValue | SettingSection>;
}

export class SettingsSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'SettingsSyntaxError';
  }
}

export function parseSettingsWithLines(text: string): SettingSection {
  const lines = text.split('\n');
  const lineText = (n: number) => (lines[n - 1] ?? '').trim();
  const root: SettingSection = { kind: 'section', name: '', line: 0, text: '', children: new Map() };
  const stack: SettingSection[] = [root];
  let i = 0;
  let line = 1;
  const top = () => stack[stack.length - 1]!;
  const isNameChar = (c: string) => !/[#{}="\r\n\t ]/.test(c);
  const advance = () => {
    if (text[i] === '\n') line++;
    i++;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (/\s/.test(c)) { advance(); continue; }
    if (c === '}') {
      if (stack.length === 1) throw new SettingsSyntaxError('unbalanced }', line);
      stack.pop();
      i++;
      continue;
    }
    if (c === '"' || c === '{' || c === '=') throw new SettingsSyntaxError(`unexpected ${c}`, line);
    const start = line;
    let name = '';
    while (i < text.length && isNameChar(text[i]!)) name += text[i++];
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '{') {
      const existing = top().children.get(name);
      // a section named twice is merged by charon; keep one node so later keys land in it
      const s: SettingSection = existing?.kind === 'section' ? existing : { kind: 'section', name, line: start, text: lineText(start), children: new Map() };
      top().children.set(name, s);
      stack.push(s);
      i++;
    } else if (text[i] === '=') {
      i++;
      let value = '';
      for (;;) {
        while (text[i] === ' ' || text[i] === '\t' || text[i] === '\r') i++;
        const d = text[i];
        if (d === undefined || d === '\n' || d === '#' || d === '}') break;
        if (d === '"') {
          i++;
          for (;;) {
            const e = text[i];
            if (e === undefined) throw new SettingsSyntaxError('unterminated string', start);
            if (e === '"') { i++; break; }
            if (e === '\\') {
              const n = text[i + 1];
              if (n === undefined) throw new SettingsSyntaxError('unterminated string', start);
              value += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n === '\n' ? '' : n;
              if (n === '\n') line++;
              i += 2;
              continue;
            }
            if (e === '\n') line++;
            if (e !== '\r') value += e;
            i++;
          }
        } else {
          if (value) value += ' ';
          while (i < text.length && !/[#}"\r\n\t ]/.test(text[i]!)) value += text[i++];
        }
      }
      top().children.set(name, { kind: 'value', value, line: start, text: lineText(start) });
    } else if (name === 'include') {
      while (i < text.length && text[i] !== '\n') i++;
    } else {
      throw new SettingsSyntaxError(`expected = or { after "${name}"`, start);
    }
  }
  if (stack.length !== 1) throw new SettingsSyntaxError(`section "${top().name}" is not closed`, top().line);
  return root;
}

export function sectionOf(s: SettingSection | undefined, name: string): SettingSection | undefined {
  const c = s?.children.get(name);
  return c?.kind === 'section' ? c : undefined;
}

export function valueOf(s: SettingSection | undefined, name: string): SettingValue | undefined {
  const c = s?.children.get(name);
  return c?.kind === 'value' ? c : undefined;
}

export function sections(s: SettingSection | undefined): SettingSection[] {
  return [...(s?.children.values() ?? [])].filter((c): c is SettingSection => c.kind === 'section');
}
