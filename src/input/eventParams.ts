/**
 * The parameter table of every event, re-exported where the readers of event JSON and ITF traces
 * have always found it. It lives in the model (src/model/eventParams.ts) because the reducer's
 * entry check (src/model/wellFormed.ts) reads it too, and the model imports nothing from above.
 */
export type { IdKind, NumberKind, ParamKind, ParamsOf, ParamTable } from '../model/eventParams.ts';
export { EVENT_PARAMS, LEGS, PARAM_NAMES, paramsOf } from '../model/eventParams.ts';
