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


/** `EVENT_TYPES` index of each candidate, per candidate list: the model's fast path shares one list among many states. */
const typeIndices = new WeakMap<readonly HandoverEvent[], Uint8Array>();

function typesOf(events: readonly HandoverEvent[]): Uint8Array {
  let types = typeIndices.get(events);
  if (types === undefined) {
    types = Uint8Array.from(events, (e) => TYPE_INDEX.get(e.type) ?? EVENT_TYPES.length);
    typeIndices.set(events, types);
  }
  return types;
}

/**
 * The transitions of one state, stepped on demand: the driver asks for the enabled events of
 * one kind (or whether there is any), and only those candidates are stepped; the whole
 * expansion only when a step takes a rejected event or picks uniformly.
 *
 * @remarks
 * Why: the profile of `check` on `default` puts half the time in stepping every candidate, and
 * a fault candidate costs as much as all protocol candidates together (an enabled crash or
 * time-out builds the whole rollback); yet 95 % of the steps take a protocol event and only need
 * to know whether some fault is enabled at all. Every pick is the same as over the whole
 * expansion (the same events in the same candidate order, the same weights), so runs, traces and
 * results do not change. What changes: a candidate that breaks the step's own contract (throws,
 * or is rejected with another state object) is found when it is stepped, no longer in every
 * state: every candidate of the kinds a step looks at, and every candidate in the states where
 * a rejected event is drawn (3 % of the steps).
 * @internal
 */
export class LazyExpansion {
  private readonly events: readonly HandoverEvent[];
  private readonly types: Uint8Array;
  private readonly outcomes: (Outcome | undefined)[];
  private whole: Expansion | null = null;
  /** The first candidate met that broke the step's contract. */
  broken: Broken | null = null;

  constructor(
    private readonly step: Step,
    candidates: (s: ServerState) => readonly HandoverEvent[],
    private readonly state: ServerState,
  ) {
    this.events = candidates(state);
    this.types = typesOf(this.events);
    this.outcomes = new Array<Outcome | undefined>(this.events.length);
  }

  /** Candidate `i`'s outcome, stepped once; null when it broke the contract. */
  private at(i: number): Outcome | null {
    const known = this.outcomes[i];
    if (known !== undefined) return known;
    const x = stepOne(this.step, this.state, this.events[i]!);
    if (isBroken(x)) {
      this.broken ??= x;
      return null;
    }
    this.outcomes[i] = x;
    return x;
  }

  /** The enabled events whose `EVENT_TYPES` index `wanted` accepts, in candidate order, as an expansion without rejections. */
  enabledWhere(wanted: (type: number) => boolean): Expansion {
    const enabled: Accepted[] = [];
    const types: number[] = [];
    const typeCount = new Uint16Array(EVENT_TYPES.length + 1);
    for (let i = 0; i < this.events.length; i++) {
      const t = this.types[i]!;
      if (!wanted(t)) continue;
      const o = this.at(i);
      if (o === null || !o.accepted) continue;
      enabled.push(o);
      types.push(t);
      typeCount[t]!++;
    }
    return { enabled, rejected: [], broken: this.broken, enabledType: Uint8Array.from(types), typeCount };
  }

  /** Whether some event of a type `wanted` accepts is enabled (stepping stops at the first). */
  any(wanted: (type: number) => boolean): boolean {
    for (let i = 0; i < this.events.length; i++) {
      if (!wanted(this.types[i]!)) continue;
      if (this.at(i)?.accepted === true) return true;
    }
    return false;
  }

  /** Every candidate stepped: the whole expansion, as {@link expand} gives it. */
  full(): Expansion {
    if (this.whole !== null) return this.whole;
    const enabled: Accepted[] = [];
    const rejected: Rejected[] = [];
    const types: number[] = [];
    const typeCount = new Uint16Array(EVENT_TYPES.length + 1);
    for (let i = 0; i < this.events.length; i++) {
      const o = this.at(i);
      if (o === null) continue;
      if (o.accepted) {
        enabled.push(o);
        types.push(this.types[i]!);
        typeCount[this.types[i]!]!++;
      } else rejected.push(o);
    }
    this.whole = { enabled, rejected, broken: this.broken, enabledType: Uint8Array.from(types), typeCount };
    return this.whole;
  }
}
