/**
 * Converts the JavaScript regexes of the signatures to POSIX ERE for `grep -E`, so the bench can
 * run the reference tool on exactly the same rules. Only the syntax the signatures use is handled;
 * `toEre` throws on anything else rather than silently changing a rule's meaning.
 */
export function toEre(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      i++;
      const cls: Record<string, [string, string]> = {
        d: ['[0-9]', '0-9'],
        s: ['[[:space:]]', '[:space:]'],
        S: ['[^[:space:]]', ''],
        w: ['[[:alnum:]_]', '[:alnum:]_'],
      };
      const m = cls[next];
      if (m) {
        if (inClass && !m[1]) throw new Error(`cannot convert \\${next} inside a class: ${source}`);
        out += inClass ? m[1] : m[0];
      } else if (next === 'b') out += '\\b';
      else if (next === '/' || next === '-' || next === "'") out += next;
      else if (inClass) out += next === ']' || next === '\\' ? `\\${next}` : next;
      else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      out += ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (source[i + 1] === ']') {
        out += ']';
        i++;
      }
      continue;
    }
    if (ch === '(' && source[i + 1] === '?') {
      if (source[i + 2] !== ':') throw new Error(`lookaround is not ERE: ${source}`);
      out += '(';
      i += 2;
      continue;
    }
    out += ch;
  }
  return out;
}
