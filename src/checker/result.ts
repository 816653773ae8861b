/**
 * The result of a check, as a value (Quint's habit): a status with a stable meaning, the
 * figures, the counterexample if any, the witnesses and the coverage.
 */
import type { EventType, HandoverEvent } from '../model/events.ts';
import type { ServerState } from '../model/state.ts';
import type { Violation } from '../../properties/invariants.ts';
import type { Coverage, PhaseKey } from './coverage.ts';
import type { Strategy, Weights } from './options.ts';
import type { WitnessOutcome } from './witnessTracker.ts';

/**
 * `ok`: no violation, every required witness reached, every required event type taken.
 * `violation`: some run broke a property; see `counterexample`.
 * `incomplete`: no violation, but the runs missed a witness, an event type or a phase (see
 * `missing`): a green run that reached nothing interesting is not a pass.
 * @public
 */
export type CheckStatus = 'ok' | 'violation' | 'incomplete';

/** A shrunk failing trace. @public */
export interface Counterexample {
  /** The events of the shrunk trace; the last one breaks the property. */
  readonly events: readonly HandoverEvent[];
  /** `states[0]` is the initial state, `states[i]` the state after `events[i - 1]`. */
  readonly states: readonly ServerState[];
  readonly violation: Violation;
  /** The other invariants broken in the last state too (in id order). */
  readonly alsoBroken: readonly Violation[];
  /**
   * Present when the trace ends with a quiescence drive (liveness.ts): how many of the last
   * events it took, faults and environment off, the first enabled protocol step each time.
   */
  readonly driven?: number;
  /** Events in the shrunk trace (fast-check, then delta debugging). */
  readonly shrunkLength: number;
  /** Events in the first failing run, before any shrinking. */
  readonly originalLength: number;
  /** Events after fast-check's shrinking, before delta debugging. */
  readonly fastCheckLength: number;
}

/** What the runs missed. @public */
export interface Missing {
  readonly witnesses: readonly string[];
  readonly events: readonly EventType[];
  readonly phases: readonly PhaseKey[];
}

/** The generation options a replay needs (a seed and path replay only under the same ones). @public */
export interface Generation {
  readonly maxSteps: number;
  readonly weights: Weights;
  readonly swarm: boolean;
  readonly rejectedShare: number;
  readonly strategy: Strategy;
}

/** The result of `check`. @public */
export interface CheckResult {
  readonly status: CheckStatus;
  readonly scenario: string;
  /** The mutant checked, by id, or null for the given (default reference) step. */
  readonly mutant: string | null;
  /** Generated runs until the end or the first failure (shrinking not counted). */
  readonly runs: number;
  /** Events taken in those runs. */
  readonly steps: number;
  /**
   * Checked steps: accepted events whose state passed every invariant, action property (REF-1
   * when given) and monitor (the oracle). The figure docs/performance.md reports per second.
   */
  readonly checkedSteps: number;
  /**
   * Distinct states the generated runs reached (the initial state included), by the explorer's
   * canonical encoding; a lower bound past 2,000,000. Null in a merge of shard reports, which
   * hold counts, not the states (a state reached by two shards would count twice).
   */
  readonly distinctStates: number | null;
  /** Invariant evaluations in those runs. */
  readonly invariantChecks: number;
  readonly seed: number;
  /** The fast-check replay path of the failure. */
  readonly path?: string;
  /**
   * Present when the check ran in batches (workers, shards): how it was cut, and the batch of
   * the counterexample, whose seed (not `seed`) the replay path belongs to.
   */
  readonly batches?: {
    readonly batchRuns: number;
    /** The batches merged, in order. */
    readonly merged: readonly number[];
    readonly failing?: { readonly index: number; readonly seed: number };
  };
  readonly counterexample?: Counterexample;
  /** Milliseconds until the first failing run was found (before shrinking). */
  readonly timeToFailureMs?: number;
  readonly witnesses: readonly WitnessOutcome[];
  readonly coverage: Coverage;
  readonly missing: Missing;
  /** Whether the time budget cut generation or shrinking short. */
  readonly interrupted: boolean;
  readonly generation: Generation;
  readonly elapsedMs: number;
}
