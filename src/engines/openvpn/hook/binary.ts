/**
 * Where the compiled hook lives: dist/libexec/corridor-openvpn-hook under the package root, built by
 * `npm run build` (scripts/build-hook.sh), whether the daemon runs from src/ (tsx) or dist/src/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HOOK_NAME = 'corridor-openvpn-hook';

export function hookBinary(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'dist', 'libexec', HOOK_NAME);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`${HOOK_NAME} is not built: run \`npm run build\` (it needs gcc)`);
}
