/** One charon per gateway, described as an EngineSpec for the supervisor. */
import { createHash } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import type { EngineSpec } from '../../types.js';
import { Vici } from '../vici/commands.js';
import { charonPaths, renderStrongswanConf } from './conf.js';
import type { CharonConfOptions, CharonPaths } from './conf.js';
import type { DataPlane } from './dataplane.js';

export const CHARON_BINARY = '/usr/sbin/charon-systemd';

export interface CharonInstanceOptions extends Omit<CharonConfOptions, 'runDir'> {
  /** gateway name; the instance id is charon-<gateway> */
  gateway: string;
  /** parent of all run directories; the instance's is <runRoot>/charon-<gateway> */
  runRoot: string;
  namespace?: string;
}

export interface CharonInstance {
  id: string;
  runDir: string;
  paths: CharonPaths;
  /** strongswan.conf text, written by writeCharonConf */
  conf: string;
  dataPlane: DataPlane;
  spec: EngineSpec;
}

const GATEWAY = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** `<hq-branch|3>` in a filelog line with ike_name = yes; `<3>` (no name yet) yields nothing. */
export function connectionOf(line: string): string | undefined {
  const m = /\]\s+<([^|<>\s]+)\|\d+>/.exec(line);
  return m?.[1];
}

/** True once charon answers `version` on its VICI socket. */
export async function viciAnswers(socketPath: string, timeoutMs = 2000): Promise<boolean> {
  const vici = new Vici({ socketPath, timeoutMs, reconnect: false });
  try {
    await vici.version();
    return true;
  } catch {
    return false;
  } finally {
    vici.close();
  }
}

export function charonInstance(opts: CharonInstanceOptions): CharonInstance {
  if (!GATEWAY.test(opts.gateway)) throw new Error(`gateway name not usable in a path: ${JSON.stringify(opts.gateway)}`);
  const id = `charon-${opts.gateway}`;
  const runDir = `${opts.runRoot.replace(/\/+$/, '')}/${id}`;
  const paths = charonPaths(runDir);
  const conf = renderStrongswanConf({ ...opts, runDir });
  const argv = [CHARON_BINARY];
  const fingerprint = createHash('sha256').update(JSON.stringify({ argv, conf, ns: opts.namespace ?? '' })).digest('hex');
  const spec: EngineSpec = {
    id,
    kind: 'strongswan',
    argv,
    env: { STRONGSWAN_CONF: paths.conf },
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    logFile: paths.log,
    ready: () => viciAnswers(paths.vici),
    connectionOf,
    fingerprint,
  };
  return { id, runDir, paths, conf, dataPlane: opts.dataPlane, spec };
}

/** Creates the 0700 run directory (the VICI socket lives there) and writes strongswan.conf atomically, 0600. */
export async function writeCharonConf(inst: CharonInstance): Promise<void> {
  await mkdir(inst.runDir, { recursive: true, mode: 0o700 });
  await chmod(inst.runDir, 0o700);
  const tmp = `${inst.paths.conf}.tmp-${process.pid}`;
  await writeFile(tmp, inst.conf, { mode: 0o600 });
  await rename(tmp, inst.paths.conf);
}
