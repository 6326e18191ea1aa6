export { charonPaths, FAST_RETRANSMIT, pluginList, renderStrongswanConf } from './conf.js';
export type { CharonConfOptions, CharonPaths, RetransmitSettings } from './conf.js';
export { probeDataPlane } from './dataplane.js';
export type { DataPlane, ProbeResult } from './dataplane.js';
export { CHARON_BINARY, charonInstance, connectionOf, viciAnswers, writeCharonConf } from './spec.js';
export type { CharonInstance, CharonInstanceOptions } from './spec.js';
