/**
 * Liveness on random runs: deadlock freedom on every state a run reaches, and a bounded
 * termination check at the end of every run (the quiescence drive).
 *
 * @remarks
 * Both use the explorer's definitions, not a restatement of them: a state is a deadlock when
 * it is not terminal and no non-fault step is accepted (`isDeadlock`, `isHandoverTerminal` and
 * `isHandoverFault` of src/explorer), so environment events and faults never rescue a state.
 *
 * After a run has spent its budget (its choices, `maxSteps`, or nothing it may take), it is
 * driven to quiescence: faults and environment events off, at each step the first accepted
 * protocol step in candidate order (deterministic, so fast-check's shrinking and delta
 * debugging replay it exactly), every step checked like any other. The handover must end
 * (completed or rolled back) within `quiescenceBound` steps: that is the explorer's
 * termination under fairness on the protocol, asked of one path from each run's last state
 * instead of every path from every state. A drive that meets a deadlock reports it as such; one
 * that comes back to a state it was in is in a protocol cycle it can never leave (it is
 * deterministic), and reports `TERMINATION` there, without walking the rest of the bound.
 */
import type { HandoverEvent } from '../model/events.ts';
import { formatEvent } from '../model/events.ts';
import type { ServerState } from '../model/state.ts';
import { EVENT_TYPES } from '../model/events.ts';
import { encodeState } from '../model/encode.ts';
import { isHandoverFault, isHandoverTerminal } from '../explorer/handover.ts';
import { isDeadlock } from '../../models/system.ts';
import type { Violation } from '../../properties/invariants.ts';
import type { Config } from './options.ts';
import type { MonitorStates, Properties } from './properties.ts';
import { checkStep } from './properties.ts';
import type { LazyExpansion } from './transitions.ts';
import { isBroken, stepOne } from './transitions.ts';

/** Id of the violation "a state with no protocol step enabled, the handover not finished". @public */
export const DEADLOCK = 'DEADLOCK';
/** Id of the violation "the quiescence drive did not end the handover within its bound". @public */
export const TERMINATION = 'TERMINATION';

/** Whether an `EVENT_TYPES` index (the extra last slot: a type the model does not declare) is a non-fault step. */
const LIVE_TYPE: readonly boolean[] = [...EVENT_TYPES.map((t) => !isHandoverFault(t)), false];
const isLiveType = (t: number): boolean => LIVE_TYPE[t] ?? false;

const describeHandover = (s: ServerState): string => {
  const h = s.handover!;
  return `the handover of ${h.vm} from ${h.source} to ${h.target} is in phase ${h.phase}${h.abortReason === null ? '' : ` (${h.abortReason})`}`;
};

/** The deadlock violation of a state. @internal */
export function deadlockViolation(s: ServerState): Violation {
  return {
    id: DEADLOCK,
    name: 'DeadlockFreedom',
    explanation: `no protocol step is enabled, yet ${describeHandover(s)}: only environment events and faults could move it`,
  };
}

/**
 * Whether a state, its transitions stepped on demand, is a deadlock (the explorer's predicate).
 * Steps protocol candidates only until the first accepted one, which the driver needs anyway.
 * @internal
 */
export function deadlockedIn(s: ServerState, x: LazyExpansion): boolean {
  const terminal = isHandoverTerminal(s);
  return isDeadlock(terminal, terminal || x.any(isLiveType));
}

/** The explorer's encoding of a state, or null for one it cannot encode (no TypeOK state). */
function keyOf(s: ServerState): string | null {
  try {
    return encodeState(s);
  } catch {
    return null;
  }
}

/** One step of the drive, checked. @internal */
export interface DrivenStep {
  readonly before: ServerState;
  readonly event: HandoverEvent;
  readonly after: ServerState;
}

/** What the quiescence drive did. @internal */
export interface Quiescence {
  /** The protocol events it took, in order; ends with the violating one, if any. */
  readonly events: readonly HandoverEvent[];
  readonly violation: Violation | null;
  /** Accepted steps whose state passed every check. */
  readonly checkedSteps: number;
  /** Invariant evaluations. */
  readonly invariantChecks: number;
}

/**
 * Drives a state to quiescence: faults and environment off, the first accepted protocol step
 * in candidate order, each step checked, until the handover ends, a deadlock, a violation, or
 * the bound.
 * @param seen - called with each accepted, checked step (statistics of generated runs).
 * @internal
 */
export function quiesce(
  config: Config,
  properties: Properties,
  start: ServerState,
  startMonitors: MonitorStates,
  seen: ((step: DrivenStep) => void) | null,
): Quiescence {
  const events: HandoverEvent[] = [];
  let s = start;
  let monitors = startMonitors;
  let checkedSteps = 0;
  let invariantChecks = 0;
  const done = (violation: Violation | null): Quiescence => ({ events, violation, checkedSteps, invariantChecks });
  /** Drive step at which each state was left, by the explorer's encoding. */
  const visited = new Map<string, number>();
  for (;;) {
    if (isHandoverTerminal(s)) return done(null);
    const key = keyOf(s);
    const earlier = key === null ? undefined : visited.get(key);
    if (earlier !== undefined)
      return done({
        id: TERMINATION,
        name: 'HandoverTerminates',
        explanation:
          `the quiescence drive (faults and environment off, the first enabled protocol step each time) is back in the state ` +
          `it was in ${events.length - earlier} steps earlier, a protocol cycle that never ends the handover: ${describeHandover(s)}`,
      });
    if (key !== null) visited.set(key, events.length);
    if (events.length >= config.quiescenceBound)
      return done({
        id: TERMINATION,
        name: 'HandoverTerminates',
        explanation:
          `${config.quiescenceBound} protocol steps after the run's last state (faults and environment off, ` +
          `the first enabled protocol step each time), ${describeHandover(s)}; last step ${formatEvent(events[events.length - 1]!)}`,
      });
    let taken: { readonly event: HandoverEvent; readonly state: ServerState } | null = null;
    for (const event of config.candidates(s)) {
      if (isHandoverFault(event.type)) continue;
      const o = stepOne(config.step, s, event);
      if (isBroken(o)) {
        events.push(o.event);
        return done(o.violation);
      }
      if (o.accepted) {
        taken = o;
        break;
      }
    }
    if (taken === null) return done(deadlockViolation(s));
    events.push(taken.event);
    invariantChecks += config.invariants.length;
    const checked = checkStep(properties, s, taken.event, taken.state, monitors);
    if (checked.violation !== null) return done(checked.violation);
    checkedSteps++;
    seen?.({ before: s, event: taken.event, after: taken.state });
    monitors = checked.monitors;
    s = taken.state;
  }
}
