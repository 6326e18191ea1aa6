/**
 * How PKI private keys are kept at rest: the library returns plain PKCS#8 PEM, and the store holds only
 * the sealed form. The context binds a sealed key to its row, so a key cannot be copied onto another
 * certificate's row and opened there.
 */
import type { MasterKey } from '../secrets/master-key.js';
import type { CertificateMaterial } from './ca.js';

export type StoredMaterial = Omit<CertificateMaterial, 'keyPem'> & { keySealed: string };

/** "pki:<owner>:key", e.g. "pki:ca:hq:key" or "pki:cert:<serial>:key". */
export function keyContext(owner: string): string {
  return `pki:${owner}:key`;
}

export function sealMaterial(masterKey: MasterKey, material: CertificateMaterial, owner: string): StoredMaterial {
  const { keyPem, ...rest } = material;
  return { ...rest, keySealed: masterKey.seal(keyPem, keyContext(owner)) };
}

export function openKeyPem(masterKey: MasterKey, keySealed: string, owner: string): string {
  return masterKey.open(keySealed, keyContext(owner)).toString('utf8');
}
