/**
 * Quoting for management commands. OpenVPN splits command lines on spaces and honours double quotes
 * with backslash escapes; a newline would end the command and start another, so it never passes.
 */
export function quoteArg(text: string): string {
  const flat = text.replace(/[\r\n\u0000]+/g, ' ');
  return `"${flat.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A line of a client-auth config block: one line, and never the block terminator. */
export function assertConfigLine(line: string): void {
  if (/[\r\n\u0000]/.test(line)) throw new Error('client-auth config line contains a line break');
  if (line.trim() === 'END') throw new Error('client-auth config line may not be END');
}

export function assertId(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`bad ${what}: ${String(n)}`);
}
