/** Value forms shared by swanctl.conf and ipsec.conf: lists, durations, encoded secrets. */

export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "3600", "3600s", "60m", "8h", "1d" → seconds; undefined when not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/.exec(text);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (UNIT[m[2] || 's'] ?? 1));
}

/** swanctl and ipsec.secrets secret forms: `0s` base64, `0x` hex, else the text itself. */
export function decodeSecret(text: string): Buffer {
  if (/^0s/i.test(text)) return Buffer.from(text.slice(2), 'base64');
  if (/^0x/i.test(text)) return Buffer.from(text.slice(2), 'hex');
  return Buffer.from(text, 'utf8');
}

/** The proposals as strongSwan compares them: lower case, without the ipsec.conf strict marker. */
export function proposalList(text: string): { proposals: string[]; strict: boolean } {
  const strict = /!\s*$/.test(text);
  return { proposals: splitList(text.replace(/!\s*$/, '')).map((p) => p.toLowerCase()), strict };
}

const WILDCARDS = new Set(['%any', '%any4', '%any6', '0.0.0.0/0', '::/0', '%defaultroute', '%']);

export function isWildcard(value: string): boolean {
  return WILDCARDS.has(value.toLowerCase());
}
