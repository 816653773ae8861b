/**
 * Public surface of the reference model, listed by hand.
 */
export type { Bounds, HypervisorId, HypervisorSpec, NodeId, Scenario, UnitId, UnitKind, UnitSpec, VmId, VmSpec } from './scenario.ts';
export type {
  AbortReason,
  Handover,
  HandoverGhost,
  HypervisorBefore,
  HypervisorState,
  Message,
  MessageRef,
  OutcomeGhost,
  Phase,
  Place,
  SchedInfo,
  ServerState,
  UnitBefore,
  UnitCopy,
  UnitGhost,
  UnitOriginal,
  UnitState,
  Used,
  VmBefore,
  VmState,
} from './state.ts';
export { isActive, isMessage, isPreCommit, PHASES, removeMessage, sortChannel } from './state.ts';
export type { EventKind, EventOf, EventType, HandoverEvent } from './events.ts';
export { EVENT_KINDS, EVENT_TYPES, eventKind, formatEvent } from './events.ts';
export type { Rejection, RejectionCode } from './rejection.ts';
export { REJECTION_CODES } from './rejection.ts';
export type { Effect, Handler, Handlers, StepResult } from './steps/kit.ts';
export type { Step } from './step.ts';
export { makeStep, referenceHandlers, step } from './step.ts';
export { initialState } from './init.ts';
export type { IdKind, NumberKind, ParamKind, ParamsOf, ParamTable } from './eventParams.ts';
export { EVENT_PARAMS, LEGS, PARAM_NAMES, paramsOf } from './eventParams.ts';
export type { StateProblem } from './wellFormed.ts';
export { eventRejection, MalformedStateError, stateProblems } from './wellFormed.ts';
export type { Transition } from './enabled.ts';
export { candidateEvents, enabledEvents, enabledTransitions } from './enabled.ts';
