/** Arguments of management commands: OpenVPN splits command lines on spaces; numbers are all we send. */
export function assertId(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`bad ${what}: ${String(n)}`);
}
