/**
 * Corridor's PKI: CAs, issuance with fixed profiles, renewal, CRLs, tls-crypt keys, easy-rsa and
 * server.conf import, and inspection. Storage-agnostic: functions return PEM text with plain PKCS#8
 * keys; the caller seals keys with the master key before storing them (sealing.ts).
 */
export { createCa, loadCa, parsePrivateKey } from './ca.js';
export type { CaPems, CertificateMaterial, CreateCaOptions, SigningCa } from './ca.js';
export { issueClient, issueIke, issueServer, ikeIdentitySan, needsRenewal, publicKeyType, renew } from './issue.js';
export type { CaInput, IssueClientOptions, IssueIkeOptions, IssueServerOptions, RenewOptions, SanEntry } from './issue.js';
export { buildCrl } from './crl.js';
export type { BuildCrlOptions, BuiltCrl, RevocationReason, RevokedEntry } from './crl.js';
export { generateTlsCryptKey, parseStaticKey } from './tls-crypt.js';
export { importEasyRsa, parseIndexTxt } from './easy-rsa.js';
export type { EasyRsaImport, ImportedCertificate, IndexEntry } from './easy-rsa.js';
export { parseOpenVpnServerConf } from './openvpn-conf.js';
export type { FileOrInline, OpenVpnServerSettings } from './openvpn-conf.js';
export { inspect } from './inspect.js';
export { subjectAltNameValues } from './describe.js';
export type { InspectedObject, InspectInput, InspectOptions, InspectReport, Role } from './inspect.js';
export { CERT_PROBLEM_CODES, EXPIRING_DAYS } from './problems.js';
export type { CertProblem, CertProblemCode } from './problems.js';
export { clientBundle } from './bundle.js';
export { keyContext, openKeyPem, sealMaterial } from './sealing.js';
export type { StoredMaterial } from './sealing.js';
export { DEFAULT_KEY_TYPE, KEY_TYPES } from './key-types.js';
export type { KeyType } from './key-types.js';
export type { Subject } from './names.js';
export { PkiError } from './errors.js';
