/** Errors that carry an HTTP status and field issues; the API maps them 1:1, the CLI prints them. */
import type { FieldIssue } from './model/cross.js';

export class CorridorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const validationError = (issues: FieldIssue[], message = 'invalid input') =>
  new CorridorError(400, 'validation', `${message}: ${issues.map((i) => `${i.path || '(body)'}: ${i.message}`).join('; ')}`, issues);

export const notFound = (what: string) => new CorridorError(404, 'not-found', `${what} not found`);

export const conflict = (message: string, issues: FieldIssue[] = []) => new CorridorError(409, 'conflict', message, issues);

/** zod issues → FieldIssue[] with dotted paths */
export function zodIssues(err: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
