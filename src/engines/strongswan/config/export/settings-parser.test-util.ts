/**
 * A small reader of strongSwan's settings syntax, written from charon's lexer rules
 * (settings_lexer.l: names, `=`, `{`, `}`, `#` comments, quoted strings with \n \r \t and \X escapes,
 * unquoted values up to `#`, `}` or end of line). Tests parse rendered files back with it to prove a
 * value cannot add keys, sections or lines.
 */
export type Parsed = { [key: string]: string | Parsed };

export function parseSettings(text: string): Parsed {
  let i = 0;
  const root: Parsed = {};
  const stack: Parsed[] = [root];
  const top = () => stack[stack.length - 1]!;
  const isNameChar = (c: string) => !/[#{}="\r\n\t ]/.test(c);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (/[\s]/.test(c)) { i++; continue; }
    if (c === '}') { if (stack.length === 1) throw new Error(`unbalanced } at ${i}`); stack.pop(); i++; continue; }
    if (c === '"' || c === '{' || c === '=') throw new Error(`unexpected ${c} at ${i}`);
    let name = '';
    while (i < text.length && isNameChar(text[i]!)) name += text[i++];
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text[i] === '{') {
      const s: Parsed = {};
      top()[name] = s;
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
            if (e === undefined) throw new Error('unterminated string');
            if (e === '"') { i++; break; }
            if (e === '\r') { i++; continue; }
            if (e === '\\') {
              const n = text[i + 1];
              if (n === undefined) throw new Error('unterminated string');
              value += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n === '\n' ? '' : n;
              i += 2;
              continue;
            }
            value += e;
            i++;
          }
        } else {
          if (value) value += ' ';
          while (i < text.length && !/[#}"\r\n\t ]/.test(text[i]!)) value += text[i++];
        }
      }
      top()[name] = value;
    } else {
      throw new Error(`expected = or { after "${name}" at ${i}`);
    }
  }
  if (stack.length !== 1) throw new Error('unclosed section');
  return root;
}
