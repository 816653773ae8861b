/**
 * Replaying a trace: re-apply its recorded events from the scenario's initial state, one at a
 * time, and say for each step whether the reducer accepted it, whether the state it reached is
 * the one recorded, and which invariants it breaks.
 *
 * @remarks
 * The recorded states are evidence, not input: replay recomputes every state from the scenario
 * and the events alone, so a trace edited by hand (or written by a different version of the
 * model) shows where it parts from the reducer. A rejected event leaves the state unchanged (the
 * reducer's contract) and replay goes on from there, so every later difference is reported too.
 * Replaying with the reducer that produced the trace (a mutant's, say) reproduces its violation.
 */
import type { HandoverEvent } from '../model/events.ts';
import { initialState } from '../model/init.ts';
import type { Rejection } from '../model/rejection.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import { step as referenceStep } from '../model/step.ts';
import type { Effect } from '../model/steps/kit.ts';
import type { Violation } from '../../properties/invariants.ts';
import { violations } from '../../properties/invariants.ts';
import { jsonPath } from '../input/errors.ts';
import type { Change } from './diff.ts';
import { diffStates, renderValue } from './diff.ts';
import type { Trace } from './trace.ts';

/**
 * Where a replayed state first differs from the recorded one.
 * @public
 */
export interface Divergence {
  /** JSON path inside the state, e.g. `$.units.u1.place`. */
  readonly path: string;
  /** The recorded value there, rendered (`absent` when the recorded state lacks it). */
  readonly recorded: string;
  /** The replayed value there, rendered. */
  readonly replayed: string;
}

/**
 * One row of a replay: step 0 is the initial state, step n the state after the n-th event.
 * @public
 */
export interface ReplayRow {
  readonly index: number;
  /** The event applied, or null for the initial state. */
  readonly event: HandoverEvent | null;
  /** Why the reducer refused the event, or null when it accepted it (or for the initial state). */
  readonly rejection: Rejection | null;
  /** What the reducer reported besides the state (an ignored message, an abort). */
  readonly effects: readonly Effect[];
  /** The replayed state after this row. */
  readonly state: ServerState;
  /** What changed from the previous replayed state (empty for the initial state and rejections). */
  readonly changes: readonly Change[];
  /** The first difference between the recorded and the replayed state, or null when they are equal. */
  readonly divergence: Divergence | null;
  /** The invariants the replayed state breaks (empty when all hold). */
  readonly violations: readonly Violation[];
}

/**
 * A whole replay with its summary.
 * @public
 */
export interface ReplayReport {
  readonly rows: readonly ReplayRow[];
  /** The first row whose state differs from the recorded one. */
  readonly firstDivergence: { readonly index: number; readonly divergence: Divergence } | null;
  /** The first event the reducer refused. */
  readonly firstRejection: { readonly index: number; readonly rejection: Rejection } | null;
  /** The first invariant broken, and where. */
  readonly firstViolation: { readonly index: number; readonly violation: Violation } | null;
  /**
   * Whether the last replayed state breaks the invariant the trace says it does; null when the
   * trace records no violation.
   */
  readonly reproduced: boolean | null;
}

/** The first difference between a recorded and a replayed state. @internal */
function divergenceOf(recorded: ServerState, replayed: ServerState): Divergence | null {
  const first = diffStates(recorded, replayed)[0];
  if (first === undefined) return null;
  return {
    path: jsonPath(first.path),
    recorded: first.kind === 'added' ? 'absent' : renderValue(first.before),
    replayed: first.kind === 'removed' ? 'absent' : renderValue(first.after),
  };
}

/**
 * Replays a trace.
 * @param step - the reducer to replay with: the reference one by default, or the mutant that
 *   produced the trace to reproduce its violation.
 * @example
 * ```ts
 * const report = replayTrace(trace);
 * console.log(formatStepTable(report.rows));
 * process.exitCode = report.firstViolation === null ? 0 : 1;
 * ```
 * @public
 */
export function replayTrace(trace: Trace, step: Step = referenceStep): ReplayReport {
  const start = initialState(trace.scenario);
  const rows: ReplayRow[] = [
    {
      index: 0,
      event: null,
      rejection: null,
      effects: [],
      state: start,
      changes: [],
      divergence: divergenceOf(trace.initial, start),
      violations: violations(start),
    },
  ];
  let state = start;
  trace.steps.forEach(({ event, state: recorded }, i) => {
    const r = step(state, event);
    const next = r.state;
    rows.push({
      index: i + 1,
      event,
      rejection: r.ok ? null : r.rejection,
      effects: r.ok ? r.effects : [],
      state: next,
      changes: r.ok ? diffStates(state, next) : [],
      divergence: divergenceOf(recorded, next),
      violations: violations(next),
    });
    state = next;
  });
  const divergent = rows.find((row) => row.divergence !== null);
  const rejected = rows.find((row) => row.rejection !== null);
  const violating = rows.find((row) => row.violations.length > 0);
  const last = rows[rows.length - 1]!;
  return {
    rows,
    firstDivergence: divergent === undefined ? null : { index: divergent.index, divergence: divergent.divergence! },
    firstRejection: rejected === undefined ? null : { index: rejected.index, rejection: rejected.rejection! },
    firstViolation: violating === undefined ? null : { index: violating.index, violation: violating.violations[0]! },
    reproduced: trace.violation === undefined ? null : last.violations.some((v) => v.id === trace.violation!.id),
  };
}
