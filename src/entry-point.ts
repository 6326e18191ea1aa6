import { realpathSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether the module at `moduleUrl` is the program node was started with (`node dist/src/daemon.js`, the
 * same without `.js`, or the .ts under tsx), and not merely imported: a file name test would also fire
 * for any other script that happens to be called daemon.ts or main.js.
 */
export function isEntryPoint(moduleUrl: string): boolean {
  const started = process.argv[1];
  if (!started) return false;
  const modulePath = fileURLToPath(moduleUrl);
  const real = (p: string): string | undefined => {
    try {
      return realpathSync(p);
    } catch {
      return undefined;
    }
  };
  const target = real(modulePath);
  // node resolves `node dist/src/daemon` to daemon.js but leaves argv[1] without the extension
  return target !== undefined && (real(started) ?? real(started + extname(modulePath))) === target;
}
