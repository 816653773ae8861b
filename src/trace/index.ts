/**
 * Public surface of traces, listed by hand: the in-memory trace, its ITF form, files, replay,
 * state diffs and the step table. Anything not named here is internal.
 */

export type { RecordedRejection, Trace, TraceOrigin, TraceStep } from './trace.ts';
export { makeTrace, recordTrace, traceStates } from './trace.ts';
export type { ItfMeta, ItfState, ItfTrace } from './itf.ts';
export { fromItf, ITF_FORMAT_DESCRIPTION, ITF_VARS, toItf } from './itf.ts';
export type { Codec, ItfValue } from './codec.ts';
export type { StateVariables } from './schema.ts';
export { ACTION_TAKEN, encodeState, INIT_ACTION, itfDocumentSchema, NONDET_PICKS, STATE_VARS } from './schema.ts';
export { itfText, loadTraceFile, saveTraceFile } from './file.ts';
export type { Change } from './diff.ts';
export { canonical, diffStates, diffValues, formatChange, renderValue, statePath } from './diff.ts';
export type { Divergence, ReplayReport, ReplayRow } from './replay.ts';
export { replayTrace } from './replay.ts';
export type { StepTableOptions } from './table.ts';
export { formatStepTable } from './table.ts';
