import type { Signature } from '../types.js';

/* Lines that mean the same fault whichever engine logs them. */
export const GENERIC: Signature[] = [
  { id: 'gen.addr-in-use', engine: 'generic', end: 'any', needles: ['ddress already in use'],
    re: /[Aa]ddress already in use/, hits: [{ code: 'host/port-conflict', confidence: 0.8 }] },
];
