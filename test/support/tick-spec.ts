import { createConnection } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineSpec } from '../../src/engines/types.js';

export const TICK_ENGINE = fileURLToPath(new URL('./tick-engine.mjs', import.meta.url));

export function tickSpec(runRoot: string, fingerprint: string): EngineSpec {
  const sock = join(runRoot, 'tick', 'control.sock');
  return {
    id: 'tick',
    kind: 'openvpn',
    argv: [process.execPath, TICK_ENGINE, sock],
    fingerprint,
    ready: () =>
      new Promise((resolve) => {
        const c = createConnection(sock);
        c.once('data', () => { c.destroy(); resolve(true); });
        c.once('error', () => resolve(false));
      }),
    connectionOf: (line) => /<([^|>]+)\|/.exec(line)?.[1],
  };
}
