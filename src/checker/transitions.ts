/**
 * The transitions of one state: every candidate event asked of `step`, split into the enabled
 * ones (with the state each leads to) and the rejected ones (with their code).
 *
 * @remarks
 * This is `enabledTransitions` of `src/model/enabled.ts` plus what it throws away: since every
 * candidate is stepped anyway, the checker verifies for free that each rejected candidate
 * returned the very same state object (house rule 1: a rejection leaves the state untouched),
 * in every state of every run, not only for the events a run happens to take. A step that
 * throws is a programmer error in the reducer, and is reported as such.
 */
import type { Effect, StepResult } from '../model/steps/kit.ts';
import type { HandoverEvent } from '../model/events.ts';
import { EVENT_TYPES, formatEvent } from '../model/events.ts';
import type { RejectionCode } from '../model/rejection.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import type { Violation } from '../../properties/invariants.ts';

/** Id of the violation "a rejected event changed the state". @public */
export const REJECTION_TOUCHED = 'REJECT';
/** Id of the violation "step threw instead of returning a value". @public */
export const STEP_THREW = 'STEP-THREW';

/** An enabled event and what it leads to. @internal */
export interface Accepted {
  readonly accepted: true;
  readonly event: HandoverEvent;
  readonly state: ServerState;
  readonly effects: readonly Effect[];
}

/** A rejected event and its code. @internal */
export interface Rejected {
  readonly accepted: false;
  readonly event: HandoverEvent;
  readonly code: RejectionCode;
}

/** One event's outcome. @internal */
export type Outcome = Accepted | Rejected;

/** A broken contract: the event that broke it and the violation. @internal */
export interface Broken {
  readonly event: HandoverEvent;
  readonly violation: Violation;
}

/**
 * Steps one event and checks the step's own contract (returns a value; a rejection returns
 * the very state it was given).
 * @internal
 */
export function stepOne(step: Step, s: ServerState, event: HandoverEvent): Outcome | Broken {
  let r: StepResult;
  try {
    r = step(s, event);
  } catch (err) {
    const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { event, violation: { id: STEP_THREW, name: 'StepReturnsAValue', explanation: `step threw on ${formatEvent(event)}: ${what}` } };
  }
  if (r.ok) return { accepted: true, event, state: r.state, effects: r.effects };
  if (r.state !== s)
    return {
      event,
      violation: {
        id: REJECTION_TOUCHED,
        name: 'RejectionLeavesStateUntouched',
        explanation: `${formatEvent(event)} was rejected (${r.rejection.code}, ${r.rejection.guard}) but step returned a different state object`,
      },
    };
  return { accepted: false, event, code: r.rejection.code };
}

/** Whether a step's result is a broken contract. @internal */
export function isBroken(x: Outcome | Broken): x is Broken {
  return 'violation' in x;
}

/** The transitions of a state. @internal */
export interface Expansion {
  readonly enabled: readonly Accepted[];
  readonly rejected: readonly Rejected[];
  /** The first candidate that broke the step's contract, if any. */
  readonly broken: Broken | null;
  /** `EVENT_TYPES` index of each enabled event's type, in `enabled` order: the driver weighs by type. */
  readonly enabledType: Uint8Array;
  /** Enabled events per `EVENT_TYPES` index; the extra last slot counts types the model does not declare. */
  readonly typeCount: Uint16Array;
}

/** `EVENT_TYPES` index of each event type. @internal */
export const TYPE_INDEX: ReadonlyMap<string, number> = new Map(EVENT_TYPES.map((t, i) => [t, i]));

/**
 * Every candidate of a state, stepped once, in the candidates' (stable) order.
 * @internal
 */
export function expand(step: Step, candidates: (s: ServerState) => readonly HandoverEvent[], s: ServerState): Expansion {
  const enabled: Accepted[] = [];
  const rejected: Rejected[] = [];
  const types: number[] = [];
  const typeCount = new Uint16Array(EVENT_TYPES.length + 1);
  let broken: Broken | null = null;
  for (const event of candidates(s)) {
    const x = stepOne(step, s, event);
    if (isBroken(x)) {
      broken = x;
      break;
    }
    if (x.accepted) {
      // A type the model does not declare (a user's candidates) gets the extra slot: no kind, swarm weight 1.
      const t = TYPE_INDEX.get(event.type) ?? EVENT_TYPES.length;
      enabled.push(x);
      types.push(t);
      typeCount[t]!++;
    } else rejected.push(x);
  }
  return { enabled, rejected, broken, enabledType: Uint8Array.from(types), typeCount };
}

