/**
 * The one HTTP client of the console. The session lives in an httpOnly cookie; the CSRF token lives only
 * in this module's memory (never in storage), so a reload asks /api/auth/me for a fresh one.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface ApiErrorBody {
  error: string;
  message?: string;
  issues?: FieldIssue[];
  remaining?: number;
  until?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: FieldIssue[];
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message ?? body.error);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.error;
    this.issues = body.issues ?? [];
    this.body = body;
  }
}

/** Network down, daemon stopped: no HTTP answer at all. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

let csrfToken: string | undefined;
let onUnauthorized: (() => void) | undefined;

let requestLang: string | undefined;

/** The console's language, sent as Accept-Language so the API's validation messages match the screen. */
export function setRequestLang(lang: string): void {
  requestLang = lang;
}

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when any request answers 401 outside the login flow: the session expired. */
export function setUnauthorizedHandler(handler: (() => void) | undefined): void {
  onUnauthorized = handler;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function send(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (MUTATING.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (requestLang) headers['accept-language'] = requestLang;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new NetworkError(e);
  }
  if (!res.ok) {
    const text = await res.text();
    let parsed: ApiErrorBody;
    try {
      parsed = JSON.parse(text) as ApiErrorBody;
      if (typeof parsed.error !== 'string') parsed = { error: `http-${res.status}`, message: text };
    } catch {
      parsed = { error: `http-${res.status}`, message: text || res.statusText };
    }
    if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.();
    throw new ApiError(res.status, parsed);
  }
  return res;
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string) => json<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => json<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => json<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => json<T>('PATCH', path, body),
  del: <T = unknown>(path: string) => json<T>('DELETE', path),
  /** Plain-text or file downloads (exported configurations; profiles are a POST: they may issue a certificate). */
  async text(path: string, post?: { body: unknown }): Promise<{ text: string; filename?: string }> {
    const res = await send(post ? 'POST' : 'GET', path, post?.body, '*/*');
    const disposition = res.headers.get('content-disposition') ?? '';
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1];
    return { text: await res.text(), filename };
  },
};

/** Path segment for a resource key typed by an administrator. */
export const seg = (s: string): string => encodeURIComponent(s);

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
