/**
 * Tests parse rendered files back to prove a value cannot add keys, sections or lines. The reader is
 * the doctor's (src/doctor/checks/mirror/settings-syntax.ts, charon's lexer rules); this only flattens
 * its tree into plain objects for deepEqual.
 */
import { parseSettingsWithLines, type SettingSection } from '../../../../doctor/checks/mirror/settings-syntax.js';

export type Parsed = { [key: string]: string | Parsed };

function plain(s: SettingSection): Parsed {
  const out: Parsed = {};
  for (const [k, v] of s.children) out[k] = v.kind === 'value' ? v.value : plain(v);
  return out;
}

export function parseSettings(text: string): Parsed {
  return plain(parseSettingsWithLines(text));
}
