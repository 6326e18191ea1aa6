import { CERT } from './cert.js';
import { CONFIG } from './config.js';
import { HOST } from './host.js';
import { IKE, IKE_ALIASES } from './ike.js';
import { NET } from './net.js';
import { OPENVPN } from './openvpn.js';
import { PPPD } from './pppd.js';
import { RRAS } from './rras.js';
import type { AuthMethod, CatalogEntry, Lang, LocalizedEntry } from './types.js';
import { WIREGUARD } from './wireguard.js';

export type { AuthMethod, CatalogEntry, Lang, LocalizedEntry, Severity, Text } from './types.js';
export { certificateOnly } from './types.js';

/** Every entry, in family order. */
export const CATALOG: readonly CatalogEntry[] = [
  ...IKE, ...OPENVPN, ...WIREGUARD, ...RRAS, ...PPPD, ...NET, ...HOST, ...CERT, ...CONFIG,
];

/** Alternative names resolving to an entry (e.g. strongSwan wording of a Huawei row). */
export const ALIASES: Readonly<Record<string, string>> = { ...IKE_ALIASES };

const byCode = new Map<string, CatalogEntry>(CATALOG.map((e) => [e.code, e]));

/** The raw bilingual entry, or undefined. Aliases resolve to their target. */
export function getRawEntry(code: string): CatalogEntry | undefined {
  return byCode.get(code) ?? byCode.get(ALIASES[code] ?? '');
}

/** The entry for `code` in one language, or undefined when the code is unknown. */
/** The entry in one language; with `auth`, causes that apply only to the other authentication method are left out. */
export function getEntry(code: string, lang: Lang, opts: { auth?: AuthMethod } = {}): LocalizedEntry | undefined {
  const e = getRawEntry(code);
  if (!e) return undefined;
  return {
    code: e.code,
    severity: e.severity,
    title: e.title[lang],
    meaning: e.meaning[lang],
    causes: e.causes.filter((c) => !opts.auth || !c.only || c.only === opts.auth).map((t) => t[lang]),
    actions: e.actions.map((t) => t[lang]),
  };
}

export function listCodes(): string[] {
  return CATALOG.map((e) => e.code);
}
