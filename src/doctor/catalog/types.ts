/** Languages every catalog text exists in. */
export type Lang = 'en' | 'zh-CN';

/** One text in both languages; a missing language is a type error, not a runtime gap. */
export interface Text {
  en: string;
  'zh-CN': string;
}

export type Severity = 'error' | 'warning' | 'info';

/** How an IKE connection authenticates; a cause that applies to one method only is marked with it. */
export type AuthMethod = 'psk' | 'cert';

/** A ranked cause; `only` names the one authentication method it can apply to. */
export interface Cause extends Text {
  only?: AuthMethod;
}

/**
 * Codes that exist only with certificates: on a connection known to use a pre-shared key they cannot be
 * the cause, so the doctor does not list them (see DiagnoseOptions.auth).
 */
export function certificateOnly(code: string): boolean {
  return code.startsWith('ike/cert-') || code.startsWith('cert/');
}

/**
 * A catalog entry: the doctor's knowledge about one fault code.
 * `causes` are ranked by likelihood (most likely first); `actions` name the exact place in Corridor
 * (console page, CLI command, field) and the peer-side setting to compare.
 */
export interface CatalogEntry {
  code: string;
  severity: Severity;
  title: Text;
  meaning: Text;
  causes: Cause[];
  actions: Text[];
}

/** An entry rendered in one language, as other modules (report, API, console) consume it. */
export interface LocalizedEntry {
  code: string;
  severity: Severity;
  title: string;
  meaning: string;
  causes: string[];
  actions: string[];
}

/** Compact constructor so the family files read as tables rather than nested object literals. */
export type Pair = readonly [en: string, zh: string];
/** A cause, optionally marked with the only authentication method it applies to. */
export type CausePair = Pair | readonly [en: string, zh: string, only: AuthMethod];

export function tx(p: Pair): Text {
  return { en: p[0], 'zh-CN': p[1] };
}

export function entry(
  code: string,
  severity: Severity,
  title: Pair,
  meaning: Pair,
  causes: readonly CausePair[],
  actions: readonly Pair[],
): CatalogEntry {
  return {
    code,
    severity,
    title: tx(title),
    meaning: tx(meaning),
    causes: causes.map((c) => (c[2] ? { ...tx([c[0], c[1]]), only: c[2] } : tx([c[0], c[1]]))),
    actions: actions.map(tx),
  };
}
