/**
 * The in-memory trace: a run of the model from the initial state, one accepted event at a time.
 *
 * @remarks
 * Plain, JSON-friendly data. Every state shares the trace's `scenario` object (the constants),
 * as states of one run do in the model. The optional fields say where the trace came from, so
 * that the run can be found again (the seed and fast-check's replay path), which reducer made it
 * (a mutant's name), and what it is a counterexample to. src/trace/itf.ts writes it as ITF.
 */
import type { HandoverEvent } from '../model/events.ts';
import { initialState } from '../model/init.ts';
import type { Rejection } from '../model/rejection.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import type { Violation } from '../../properties/invariants.ts';

/** One accepted event and the state it led to. @public */
export interface TraceStep {
  readonly event: HandoverEvent;
  readonly state: ServerState;
}

/**
 * A run of the model.
 * @public
 */
export interface Trace {
  /** The constants; every state's `scenario` is this object. */
  readonly scenario: Scenario;
  /** The first state (normally `initialState(scenario)`; replay checks it). */
  readonly initial: ServerState;
  readonly steps: readonly TraceStep[];
  /** The seed of the random run that found it. */
  readonly seed?: string;
  /** fast-check's replay path, to rerun exactly this case. */
  readonly replayPath?: string;
  /** The name of the mutant reducer that produced it, when not the reference one. */
  readonly mutant?: string;
  /** The invariant the last state violates, when the trace is a counterexample. */
  readonly violation?: Violation;
}

/**
 * Every state of a trace, the initial one first.
 * @public
 */
export function traceStates(trace: Trace): readonly ServerState[] {
  return [trace.initial, ...trace.steps.map((s) => s.state)];
}

/** Where a trace came from, for `makeTrace`. @public */
export type TraceOrigin = Pick<Trace, 'seed' | 'replayPath' | 'mutant' | 'violation'>;

/**
 * A trace from a run given as parallel lists, as checkers keep them: `states[0]` is the initial
 * state and `states[i]` the state after `events[i - 1]`.
 * @throws Error when the lists do not fit together (a programmer error).
 * @public
 */
export function makeTrace(
  scenario: Scenario,
  events: readonly HandoverEvent[],
  states: readonly ServerState[],
  origin: TraceOrigin = {},
): Trace {
  const [initial, ...rest] = states;
  if (initial === undefined || rest.length !== events.length)
    throw new Error(`programmer error: ${events.length} events need ${events.length + 1} states, got ${states.length}`);
  return { scenario, initial, steps: events.map((event, i) => ({ event, state: rest[i]! })), ...origin };
}

/** An event a reducer refused while a trace was recorded. @public */
export interface RecordedRejection {
  /** 1-based position of the event in the list given. */
  readonly index: number;
  readonly event: HandoverEvent;
  readonly rejection: Rejection;
}

/**
 * Runs a list of events from a scenario's initial state and records the trace, stopping at the
 * first event the reducer refuses.
 * @param step - the reducer; a mutant's traces are recorded with the mutant.
 * @example
 * ```ts
 * const { trace, rejected } = recordTrace(tiny, [{ type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' }]);
 * ```
 * @public
 */
export function recordTrace(
  scenario: Scenario,
  events: readonly HandoverEvent[],
  step: Step = referenceStep,
): { readonly trace: Trace; readonly rejected: RecordedRejection | null } {
  const initial = initialState(scenario);
  const steps: TraceStep[] = [];
  let state = initial;
  for (const [i, event] of events.entries()) {
    const r = step(state, event);
    if (!r.ok) return { trace: { scenario, initial, steps }, rejected: { index: i + 1, event, rejection: r.rejection } };
    state = r.state;
    steps.push({ event, state });
  }
  return { trace: { scenario, initial, steps }, rejected: null };
}
