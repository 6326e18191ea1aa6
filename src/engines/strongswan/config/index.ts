/** Site-connection translation for charon: VICI bodies, presets, validation and the far end's configuration. */
export { buildConnection, childSpecs, type BuildOptions, type ChildSpec } from './connection.js';
export { buildSharedSecret, sharedSecretId } from './shared-secret.js';
export { mirrorSite, type FarEnd } from './mirror.js';
export { identityType, localIdentity, remoteIdentity, wanAddresses, wanDialTargets, type IdentityType } from './identity.js';
export { DPD_DELAY, FAST_RETRANSMIT, REKEY_MARGIN, dpdAction, dpdDelay, lifetimeTimers } from './timers.js';
export { PRESETS, presetFor, type Preset, type PresetFields } from './presets.js';
export { CORRIDOR_DEFAULTS, EFFECTIVE_FIELDS, effectiveSite, resolveSite, type EffectiveField, type EffectiveValue, type EffectiveView, type ResolvedSite, type ValueSource } from './effective.js';
export { MIN_LIFETIME, validateForEngine, type EngineIssue, type ValidateOptions } from './validate.js';
export type { ViciAuth, ViciChild, ViciConn, ViciConnBody, ViciSharedSecret } from './types.js';
export { ConfRenderError, quoteConfString, renderSwanctlConf, type ConfSection, type ConfValue } from './export/swanctl-render.js';
export { PSK_PLACEHOLDER, encodeSecret, exportSwanctlConf, type SwanctlExportOptions } from './export/swanctl-conf.js';
export { exportParameterSheet, type ParameterSheet, type SheetOptions, type SheetRow } from './export/parameter-sheet.js';
export { translateProposal, DH_NUMBER, type VendorProposal } from './export/vendor-names.js';
