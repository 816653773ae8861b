/**
 * Replay: runs a list of events from the initial state with `step`, checking everything after
 * every accepted step, and skipping events that are (now) rejected.
 *
 * @remarks
 * Used to rebuild a counterexample's states for the report, and by delta debugging, which
 * drops events and needs the rest to stay meaningful: an event whose guard no longer holds
 * after an earlier one was dropped is skipped, exactly as the reducer would refuse it. A
 * rejection that changes the state, or a step that throws, is still a violation. With liveness
 * on, replay checks what a generated run checks: no state may be a deadlock, and the last state
 * is driven to quiescence (liveness.ts), whose events end the trace.
 */
import type { HandoverEvent } from '../model/events.ts';
import type { ServerState } from '../model/state.ts';
import type { Violation } from '../../properties/invariants.ts';
import type { DriverContext } from './driver.ts';
import { checkStep } from './properties.ts';
import { expand, isBroken, LazyExpansion, stepOne } from './transitions.ts';
import { deadlockedIn, deadlockViolation, quiesce } from './liveness.ts';

/** A replayed trace: the events that took effect and the states they led through. @public */
export interface Trace {
  /** Accepted events, in order; ends with the violating event when there is a violation. */
  readonly events: readonly HandoverEvent[];
  /** `states[0]` is the initial state, `states[i]` the state after `events[i - 1]`. */
  readonly states: readonly ServerState[];
  readonly violation: Violation | null;
  /**
   * How many of the last `events` the quiescence drive took: derived from the others, so delta
   * debugging reduces only the events before them.
   */
  readonly driven: number;
}

/**
 * An enabled event that does what a rejected one meant: the same type and the same names
 * (hypervisor, unit, leg), differing only in numbers (an epoch, a version).
 *
 * @remarks
 * Messages are named by their epoch, and epochs count handover attempts and SP resets. Once
 * delta debugging drops an earlier attempt, `sp/schedRelayed(e3, v0)` names a message that
 * is now `e1`: the event means the same thing and is rebound to it.
 * @internal
 */
export function adapt(ctx: DriverContext, s: ServerState, event: HandoverEvent): HandoverEvent | null {
  const fields = Object.entries(event);
  if (!fields.some(([, v]) => typeof v === 'number')) return null;
  for (const t of expand(ctx.config.step, ctx.config.candidates, s).enabled) {
    if (t.event.type !== event.type) continue;
    const other = t.event as unknown as Readonly<Record<string, unknown>>;
    if (fields.every(([k, v]) => typeof v === 'number' || other[k] === v)) return t.event;
  }
  return null;
}

/**
 * Replays events, dropping rejected ones (or, with `rebind`, rebinding them when an enabled
 * event differs only in numbers, see {@link adapt}), up to the first violation.
 * @internal
 */
export function replay(ctx: DriverContext, events: readonly HandoverEvent[], rebind = false): Trace {
  const kept: HandoverEvent[] = [];
  let s = ctx.initial;
  const states: ServerState[] = [s];
  if (ctx.initialChecked.violation !== null) return { events: kept, states, violation: ctx.initialChecked.violation, driven: 0 };
  let monitors = ctx.initialChecked.monitors;
  const { config } = ctx;
  /** The deadlock of the current state, when liveness is checked; a broken candidate met while looking counts as none here. */
  const deadlock = (): Violation | null =>
    config.liveness && deadlockedIn(s, new LazyExpansion(config.step, config.candidates, s)) ? deadlockViolation(s) : null;
  for (const given of events) {
    const stuck = deadlock();
    if (stuck !== null) return { events: kept, states, violation: stuck, driven: 0 };
    let event = given;
    let x = stepOne(ctx.config.step, s, event);
    if (!isBroken(x) && !x.accepted && rebind) {
      const alt = adapt(ctx, s, event);
      if (alt !== null) {
        event = alt;
        x = stepOne(ctx.config.step, s, event);
      }
    }
    if (isBroken(x)) {
      kept.push(event);
      states.push(s);
      return { events: kept, states, violation: x.violation, driven: 0 };
    }
    if (!x.accepted) continue;
    const checked = checkStep(ctx.properties, s, event, x.state, monitors);
    s = x.state;
    kept.push(event);
    states.push(s);
    if (checked.violation !== null) return { events: kept, states, violation: checked.violation, driven: 0 };
    monitors = checked.monitors;
  }
  if (!config.liveness) return { events: kept, states, violation: null, driven: 0 };
  const q = quiesce(config, ctx.properties, s, monitors, ({ after }) => states.push(after));
  kept.push(...q.events);
  // The last event of a drive that failed: its state (the step's successor, or the state it broke on).
  if (q.violation !== null && states.length < kept.length + 1) states.push(lastState(ctx, states[states.length - 1]!, kept[kept.length - 1]!));
  return { events: kept, states, violation: q.violation, driven: q.events.length };
}

/** The state after the violating event of a drive: its successor if accepted, else the state itself. */
function lastState(ctx: DriverContext, s: ServerState, event: HandoverEvent): ServerState {
  const x = stepOne(ctx.config.step, s, event);
  return !isBroken(x) && x.accepted ? x.state : s;
}
