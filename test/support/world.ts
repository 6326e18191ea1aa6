import type { Daemon } from '../../src/daemon.js';
import { ResourceStore, type Kind } from '../../src/store/resources.js';
import { MasterKey } from '../../src/secrets/master-key.js';

/** The stored world of a test daemon, with a way to read secrets as the engines would. */
export async function worldOf(d: Daemon) {
  const rs = new ResourceStore(d.store.db, MasterKey.load(d.config.masterKeyPath));
  const w = await rs.world();
  return { ...w, secretsOf: (kind: Kind, name: string) => rs.getWithSecrets(kind, name) };
}
