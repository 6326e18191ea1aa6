import type { RunResult } from './proc.js';

/** The kernel or the installed tools cannot emulate what was asked; the message says what is missing. */
export class LabUnsupportedError extends Error {
  override readonly name = 'LabUnsupportedError';
}

/** An address or CIDR outside 198.18.0.0/15, raised before any command runs. */
export class LabAddressError extends Error {
  override readonly name = 'LabAddressError';
}

export class LabCommandError extends Error {
  override readonly name = 'LabCommandError';
  constructor(
    readonly argv: readonly string[],
    readonly result: RunResult,
  ) {
    const how = result.timedOut
      ? 'timed out'
      : result.signal
        ? `killed by ${result.signal}`
        : `exit ${String(result.code)}`;
    const stderr = result.stderr.trim();
    super(`command failed (${how}): ${argv.join(' ')}${stderr ? `\nstderr: ${stderr}` : ''}`);
  }
}
