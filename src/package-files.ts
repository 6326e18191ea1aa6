/**
 * Files the build puts under the package root (dist/web, dist/libexec/…), found the same way whether the
 * daemon runs from src/ under tsx or from dist/src/.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The first `<ancestor>/<relative>` that exists, walking up from this module; undefined when none does. */
export function findPackageFile(relative: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}
