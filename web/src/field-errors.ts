import type { FieldIssue } from './api.js';

export interface MappedErrors {
  /** field path → message(s), joined */
  fields: Record<string, string>;
  /** issues no form field claims: shown above the form */
  general: string[];
}

/**
 * Puts each API issue on the form field whose path is the longest prefix of the issue's path:
 * "ike.proposals.0" lands on the "ike.proposals" list field as "#1: …"; "wanLinks.2.name" lands on the
 * row member "wanLinks.2.name" when the form lists it (formPaths), else on "wanLinks" as "#3: …".
 */
export function mapIssues(issues: readonly FieldIssue[], fieldPaths: readonly string[]): MappedErrors {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const path = issue.path;
    const owner = fieldPaths
      .filter((f) => path === f || path.startsWith(`${f}.`))
      .sort((a, b) => b.length - a.length)[0];
    if (owner === undefined) {
      general.push(path ? `${path}: ${issue.message}` : issue.message);
      continue;
    }
    const rest = path.slice(owner.length + 1);
    const index = /^(\d+)(?:\.|$)/.exec(rest);
    const message = index ? `#${Number(index[1]) + 1}: ${issue.message}` : rest ? `${rest}: ${issue.message}` : issue.message;
    fields[owner] = fields[owner] ? `${fields[owner]}; ${message}` : message;
  }
  return { fields, general };
}

/** Reads a dotted path ("ike.lifetime") out of a nested form value. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Returns a copy of obj with the dotted path set; intermediate objects are created as needed. */
export function setPath<T extends object>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return obj;
  const src = obj as Record<string, unknown>;
  const child = src[head];
  const next = rest.length === 0 ? value : setPath(child && typeof child === 'object' ? (child as object) : {}, rest.join('.'), value);
  return { ...src, [head]: next } as T;
}
