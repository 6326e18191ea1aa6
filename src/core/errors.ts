/** Errors that carry an HTTP status and field issues; the API maps them 1:1, the CLI prints them. */
import type { FieldIssue } from './model/cross.js';
import { toChinese } from './messages-zh.js';

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

export type MessageLang = 'en' | 'zh-CN';

/**
 * The language of an error answer: the request's Accept-Language (its first English or Chinese entry by
 * weight), else the administrator's own setting, else English.
 */
export function errorLang(acceptLanguage: string | undefined, adminLang: string | undefined): MessageLang {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.q > 0 && (x.tag.startsWith('zh') || x.tag.startsWith('en')))
    .sort((a, b) => b.q - a.q);
  if (ranked[0]) return ranked[0].tag.startsWith('zh') ? 'zh-CN' : 'en';
  return adminLang === 'zh-CN' ? 'zh-CN' : 'en';
}

/** A validation answer in the asked language: each issue's message, and the summary built from them. */
export function localizeValidation(err: CorridorError, lang: MessageLang): { message: string; issues: FieldIssue[] } {
  if (lang === 'en' || err.code !== 'validation') return { message: err.message, issues: err.issues };
  const issues = err.issues.map((i) => ({ path: i.path, message: toChinese(i.message) }));
  return { message: `输入无效：${issues.map((i) => `${i.path || '（请求体）'}：${i.message}`).join('；')}`, issues };
}

/** zod issues → FieldIssue[] with dotted paths */
export function zodIssues(err: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
