/** Subsystem: the PKI kept in the store: CAs, certificates, CRLs, inspection, easy-rsa import. */
import type { Services, Subsystem } from '../subsystems.js';

export function createCertificatesSubsystem(_s: Services): Subsystem {
  return { name: 'certificates' };
}
