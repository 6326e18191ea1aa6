export { reasonOf, REASON_RULES } from './reason.js';
export { healthOf } from './status.js';
export type { ChildStatus, ConnectionStatus, Health, IkeStatus, LastChange } from './status.js';
export { SiteHealthTracker } from './tracker.js';
export type { HealthTrackerOptions, HistoryEntry, SiteEventKind } from './tracker.js';
export { pairCoverage, pairsOfChildren, tsContains } from './pairs.js';
export type { PairStatus, SubnetPair } from './pairs.js';
