/**
 * Public surface of conformance checking, listed by hand: the mapping layer, trace validation of
 * implementation logs with hidden steps, and model-based driving of an implementation.
 */
export type { Observation, ObservedPhase, Pin, PinMismatch } from './observation.ts';
export { formatPinMismatch, observeState, PIN_VARIABLES, pinHolds, pinMismatch, pinPath } from './observation.ts';
export type { EventPattern, HiddenEvents, LogStep, Mapping } from './mapping.ts';
export { formatPattern, hiddenTypes, matchesPattern } from './mapping.ts';
export { loadMappingFile, parseMapping } from './mappingFile.ts';
export type { LogRecord } from './log.ts';
export { mapLog, MAX_LOG_ERRORS, parseLogText, readLogFile, validateLog } from './log.ts';
export type { Candidate, Disagreement, ValidateOptions, ValidationResult, ValidationStats } from './validate.ts';
export { CLOSEST_CANDIDATES, DEFAULT_MAX_HIDDEN, formatDisagreement, validateSteps } from './validate.ts';
export { formatRecord, formatValidation, validationJson } from './report.ts';
export type { Implementation, ImplementationCheckOptions, ImplementationCheckResult, Mismatch } from './implementation.ts';
export { checkImplementation, DEFAULT_IMPLEMENTATION_RUNS, formatImplementationReport, lockStep } from './implementation.ts';
