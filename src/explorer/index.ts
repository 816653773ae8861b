/**
 * Public surface of the state-space explorer, listed by hand: anything not
 * named here (columns, fingerprint set, parent links, levels and workers, replay, termination graph) is internal
 * and may change without notice.
 */

export { explore } from './explore.ts';
export type { ExploreOptions, ExploreProgress } from './explore.ts';
export { collisionProbability, fingerprint64 } from './fingerprint.ts';
export { formatExploreReport } from './report.ts';
export type { ReportOptions } from './report.ts';
export type { ExploreResult, ExploreStats, ExploreStatus, StopReason, TraceStep, Violation } from './result.ts';
export type { ActionInvariant, Invariant, TransitionSystem } from '../../models/system.ts';
export { isDeadlock } from '../../models/system.ts';
export {
  canonicaliseUnits,
  encodeState,
  formatHandoverAction,
  formatHandoverState,
  formatHandoverTrace,
  formatProgress,
  handoverSystem,
  interchangeableUnits,
  isHandoverFault,
  isHandoverTerminal,
} from './handover.ts';
export type { HandoverSystemOptions } from './handover.ts';
export { exploreParallel } from './parallel.ts';
export type { ParallelExploreOptions } from './parallel.ts';
export { loadSystem } from './systemRef.ts';
export type { SystemRef } from './systemRef.ts';
export { handoverRef, handoverSystemFromData } from './handoverRef.ts';
export type { HandoverRefOptions } from './handoverRef.ts';
