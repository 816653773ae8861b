/**
 * vm-handover's public surface, listed by hand (no `export *`): the reference model, its
 * scenarios and properties, the two checkers, traces and their viewer, the seeded bugs, the
 * lifecycle, and conformance checking of implementations.
 * Each folder's own index lists the rest of its surface.
 */

// The reference model (src/model/index.ts lists every type).
export type {
  HandoverEvent,
  EventType,
  EventKind,
  Handlers,
  Handler,
  Phase,
  Rejection,
  RejectionCode,
  Scenario,
  ServerState,
  StateProblem,
  Step,
  StepResult,
  Transition,
} from './model/index.ts';
export {
  candidateEvents,
  enabledEvents,
  enabledTransitions,
  EVENT_KINDS,
  EVENT_TYPES,
  eventKind,
  formatEvent,
  initialState,
  makeStep,
  MalformedStateError,
  PHASES,
  referenceHandlers,
  REJECTION_CODES,
  stateProblems,
  step,
} from './model/index.ts';

// Named scenarios, the lifecycle statechart and the oracle.
export { defaultScenario, fragmented, scenarios, small, tiny } from '../models/scenarios/index.ts';
export { lifecycleMachine } from '../models/lifecycle.ts';

// Properties: invariants, witnesses, the refinement mapping.
export type { ActionProperty, Invariant, Violation } from '../properties/invariants.ts';
export { invariants, violations } from '../properties/invariants.ts';
export type { Witness } from '../properties/witnesses.ts';
export { witnesses } from '../properties/witnesses.ts';
export { abstractState, checkRefinement, refinesLifecycle } from '../properties/refinement.ts';

// The random checker.
export type { CheckOptions, CheckResult, Counterexample } from './checker/index.ts';
export { check, checkBatches, formatReport, mergeBatches, spaceCoverage, STEP_PROPERTIES } from './checker/index.ts';

// The exhaustive explorer, generic and for the handover.
export type { ExploreOptions, ExploreResult, TransitionSystem } from './explorer/index.ts';
export { explore, formatExploreReport } from './explorer/index.ts';
export { handoverSystem } from './explorer/handover.ts';

// Seeded bugs.
export type { Mutant } from './mutants/catalog.ts';
export { findMutant, mutants, mutantStep } from './mutants/catalog.ts';

// Traces (ITF), replay, input validation.
export type { Trace } from './trace/index.ts';
export { fromItf, loadTraceFile, replayTrace, saveTraceFile, toItf } from './trace/index.ts';
export type { InputError } from './input/index.ts';
export { formatInputError, loadScenarioFile, parseEvent, parseScenario } from './input/index.ts';

// Conformance: validating an implementation's logs, and driving an implementation in lock-step.
export type { Implementation, ImplementationCheckOptions, ImplementationCheckResult, Mapping, Observation, Pin, ValidationResult } from './conformance/index.ts';
export { checkImplementation, formatImplementationReport, formatValidation, loadMappingFile, parseMapping, readLogFile, validateLog, validateSteps } from './conformance/index.ts';

// Embedding: the reducer as an xstate actor; the diagram.
export { handoverLogic } from './embed/index.ts';
export { lifecycleMermaid } from './lifecycle/index.ts';

// The trace viewer: a trace and its replay as one self-contained HTML page.
export type { TraceView } from './view/index.ts';
export { traceHtml } from './view/index.ts';

// The command line, for tools that drive it in-process.
export { run as runCli } from './cli/main.ts';
