export { NftManager } from './manager.js';
export type { ApplyResult, NftManagerOptions } from './manager.js';
export { policySetName, renderTransaction, renderTableBody, rulesetHash, TABLE_FAMILY, TABLE_NAME, FILTER_CHAIN } from './render.js';
export { policiesForGroups, rulesetSpecFor } from './spec.js';
export type { NftRulesetSpec, PolicyRule, RaPoolSpec, RulesetInputs } from './spec.js';
