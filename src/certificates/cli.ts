/** CLI commands of the subsystem: the PKI kept in the store: CAs, certificates, CRLs, inspection, easy-rsa import. */
import type { ExtraRegistrar } from '../cli/extra.js';

export const registerCertificatesCommands: ExtraRegistrar = () => {};
