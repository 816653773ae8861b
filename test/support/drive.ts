/**
 * Drives the reference reducer through a scripted prefix, to build the states tests need from
 * reachable ones instead of writing them by hand.
 */
import type { Effect } from '../../src/model/steps/kit.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { formatEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Step } from '../../src/model/step.ts';
import { step as referenceStep } from '../../src/model/step.ts';
import { deepFreeze } from './freeze.ts';

/** A scripted run: every state passed through (the first is the start), and each step's effects. @internal */
export interface Run {
  readonly states: readonly ServerState[];
  readonly events: readonly HandoverEvent[];
  /** `effects[i]` are the effects of `events[i]`. */
  readonly effects: readonly (readonly Effect[])[];
  readonly last: ServerState;
}

/** The deep-frozen initial state of a scenario, or the given state, frozen. @internal */
export function start(from: Scenario | ServerState): ServerState {
  return deepFreeze('scenario' in from ? from : initialState(from));
}

/**
 * Replays `events` from a scenario's initial state (or from a state) with `reducer`, deep-freezing
 * every state, and throws if any event is rejected: a scripted prefix must be a real run.
 * @internal
 */
export function run(from: Scenario | ServerState, events: readonly HandoverEvent[], reducer: Step = referenceStep): Run {
  let s = start(from);
  const states: ServerState[] = [s];
  const effects: (readonly Effect[])[] = [];
  events.forEach((event, i) => {
    const r = reducer(s, event);
    if (!r.ok) {
      const script = events.slice(0, i + 1).map(formatEvent).join(', ');
      throw new Error(
        `scripted event #${i} ${formatEvent(event)} was rejected with ${r.rejection.code} (guard: ${r.rejection.guard}); script: ${script}`,
      );
    }
    s = deepFreeze(r.state);
    states.push(s);
    effects.push(r.effects);
  });
  return { states, events, effects, last: s };
}

/** The state reached by a scripted prefix (see {@link run}). @internal */
export function drive(from: Scenario | ServerState, events: readonly HandoverEvent[], reducer: Step = referenceStep): ServerState {
  return run(from, events, reducer).last;
}
