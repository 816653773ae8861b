/**
 * Public surface of the random checker, listed by hand: anything not named here (the driver,
 * the transitions, delta debugging, the re-search) is internal and may change.
 *
 * @example
 * ```ts
 * import { check, formatReport } from './src/checker/index.ts';
 * import { defaultScenario } from './models/scenarios/index.ts';
 * const result = check({ scenario: defaultScenario, seed: 42 });
 * console.log(formatReport(result));
 * ```
 */

export { check } from './check.ts';
export type { BatchedCheckOptions, BatchedCheckResult } from './parallel.ts';
export { checkBatches, defaultWorkers } from './parallel.ts';
export type { Batch, BatchSummary, MergedBatches, Shard } from './batches.ts';
export { batchesOfShard, batchSeed, DEFAULT_BATCH_RUNS, mergeBatches, planBatches, shardOf } from './batches.ts';
export type { CheckOptions, CheckProgress, Strategy, Weights } from './options.ts';
export {
  DEFAULT_MAX_STEPS,
  DEFAULT_REJECTED_SHARE,
  DEFAULT_RESEARCH_RUNS,
  DEFAULT_RUNS,
  DEFAULT_SHRINK_LIMIT,
  DEFAULT_WEIGHTS,
  defaultQuiescenceBound,
} from './options.ts';
export type { CheckResult, CheckStatus, Counterexample, Generation, Missing } from './result.ts';
export type { ActionProperty, Checked, Monitor, MonitorStates, MonitorStep, Properties } from './properties.ts';
export { checkInitial, checkStep, oracleMonitor, STEP_PROPERTIES } from './properties.ts';
export type { Coverage, PhaseKey } from './coverage.ts';
export { coverageGaps, PHASE_KEYS, phaseKey } from './coverage.ts';
export type { WitnessOutcome } from './witnessTracker.ts';
export type { Choice, InjectionPoint, Run } from './run.ts';
export { INJECTION_PHASES, runArbitrary } from './run.ts';
export { REJECTION_TOUCHED, STEP_THREW } from './transitions.ts';
export { DEADLOCK, TERMINATION } from './liveness.ts';
export type { Share, SpaceCoverage, SpaceCoverageOptions } from './spaceCoverage.ts';
export { ABSTRACTION, abstractState, spaceCoverage } from './spaceCoverage.ts';
export { formatCounterexample, formatReport, formatSummary, replayCommand } from './report.ts';
export { caughtAsExpected } from './caught.ts';
export type { LongRunEntry, LongRunOptions, LongRunResult } from './longRun.ts';
export { longRun, parseBudget, parseLongRunArgs } from './longRun.ts';
