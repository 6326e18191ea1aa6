/** Languages every catalog text exists in. */
export type Lang = 'en' | 'zh-CN';

/** One text in both languages; a missing language is a type error, not a runtime gap. */
export interface Text {
  en: string;
  'zh-CN': string;
}

export type Severity = 'error' | 'warning' | 'info';

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
  causes: Text[];
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

export function tx(p: Pair): Text {
  return { en: p[0], 'zh-CN': p[1] };
}

export function entry(
  code: string,
  severity: Severity,
  title: Pair,
  meaning: Pair,
  causes: readonly Pair[],
  actions: readonly Pair[],
): CatalogEntry {
  return {
    code,
    severity,
    title: tx(title),
    meaning: tx(meaning),
    causes: causes.map(tx),
    actions: actions.map(tx),
  };
}
