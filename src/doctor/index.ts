/**
 * The doctor's public surface: the catalog (knowledge as data) and log diagnosis.
 * Other modules import from here, not from the files behind it.
 */
export { CATALOG, getEntry, getRawEntry, listCodes } from './catalog/index.js';
export type { CatalogEntry, Lang, LocalizedEntry, Severity, Text } from './catalog/index.js';
export { diagnoseLogs, formatReport, scanLogs, SIGNATURES, detectEngine } from './logs/index.js';
export type { DiagnoseOptions, Engine, Evidence, Finding, LogInput, Report, Signature } from './logs/index.js';
