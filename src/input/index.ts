/**
 * Public surface of input validation, listed by hand: scenario files, event JSON, JSON files,
 * and the one error type they all report with.
 */

export type { InputError, PathSegment } from './errors.ts';
export { describeValue, formatInputError, jsonPath } from './errors.ts';
export type { Result } from './result.ts';
export { failure, success } from './result.ts';
export { MAX_JSON_DEPTH, parseJsonText, readJsonFile } from './jsonFile.ts';
export { loadScenarioFile, parseScenario, scenarioSchema } from './scenarioFile.ts';
export { eventSchema, parseEvent } from './event.ts';
export type { IdKind, NumberKind, ParamKind, ParamsOf, ParamTable } from './eventParams.ts';
export { EVENT_PARAMS, LEGS, PARAM_NAMES, paramsOf } from './eventParams.ts';
