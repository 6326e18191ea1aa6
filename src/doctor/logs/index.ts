export { diagnoseLogs, scanLogs } from './diagnose.js';
export { formatReport } from './format.js';
export { collectLogInputs, LogInputError } from './inputs.js';
export { detectEngine } from './detect.js';
export { SIGNATURES } from './signatures/index.js';
export type { DiagnoseOptions, Engine, Evidence, Finding, LogInput, Report, Signature } from './types.js';
