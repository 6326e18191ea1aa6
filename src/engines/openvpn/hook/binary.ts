/** The compiled hook: dist/libexec/corridor-openvpn-hook, built by `npm run build` (scripts/build-hook.sh). */
import { findPackageFile } from '../../../package-files.js';

export const HOOK_NAME = 'corridor-openvpn-hook';

export function hookBinary(): string {
  const path = findPackageFile(`dist/libexec/${HOOK_NAME}`);
  if (!path) throw new Error(`${HOOK_NAME} is not built: run \`npm run build\` (it needs gcc)`);
  return path;
}
