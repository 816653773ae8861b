/**
 * A run as a value: what fast-check generates and shrinks. The driver (`driver.ts`) interprets
 * it against a state machine; nothing here knows about states.
 *
 * @remarks
 * A run is a record of plain numbers, not a list of events: a list of events drawn up front is
 * mostly invalid (the enabled events depend on the state), whereas a choice among the events
 * enabled *now* is always valid. So fast-check generates and shrinks choices, and every value,
 * shrunk or not, interprets to a legal run. Five parts:
 *
 * - `swarm`: per event type, its weight in this run (swarm testing: each run explores a
 *   different mix). An environment or fault type may be switched off (weight 0): a run without
 *   message loss is free to go deep into the protocol. A protocol type is never off, but may be
 *   slow or eager (weights 1/4 to 4): a run where the SP relays lazily and the source releases
 *   eagerly commits with a scheduling message still on the way, an interleaving a uniform
 *   choice almost never produces.
 * - `faultPoints`: where each fault of the budget is injected, as a position along the protocol
 *   (which handover attempt, which phase, how many steps into it). Phases are drawn uniformly,
 *   so a fault is as likely after the commit point as in the configuration phase.
 * - `environmentPoints`: the same for scheduling changes and guest writes (their budgets).
 * - `abortPoints`: at most one operator abort, placed the same way. Aborts have no budget; as
 *   ordinary environment events they would end most attempts early, so one point decides.
 * - `choices`: one `[roll, pick]` per step: `roll` (0..999) picks the kind of event (protocol,
 *   environment, fault, or a rejected one) by the weights, `pick` the event among those enabled.
 *   Both shrink towards 0, that is towards "the first enabled protocol event".
 */
import fc from 'fast-check';
import { EVENT_KINDS, EVENT_TYPES } from '../model/events.ts';
import type { Phase } from '../model/state.ts';
import { PHASES } from '../model/state.ts';
import type { Scenario } from '../model/scenario.ts';
import type { Strategy } from './options.ts';

/** A position along the protocol where an injection fires. @public */
export interface InjectionPoint {
  /**
   * The first handover attempt it may fire in (0 for the first request): it fires in the first
   * attempt from this one on that reaches its phase, so an attempt cut short by an earlier
   * fault does not waste it.
   */
  readonly attempt: number;
  /** Index into {@link INJECTION_PHASES}. */
  readonly phase: number;
  /** Steps into the phase before firing; fires anyway just before the phase would be left. */
  readonly delay: number;
  /** Which enabled event of the injection's kind (weighted by the swarm). */
  readonly pick: number;
}

/** One step's choice: `[roll, pick]`. @public */
export type Choice = readonly [roll: number, pick: number];

/** A generated run. @public */
export interface Run {
  /** Weight per `EVENT_TYPES` entry in this run; 0 switches an environment or fault type off. */
  readonly swarm: readonly number[];
  readonly faultPoints: readonly InjectionPoint[];
  readonly environmentPoints: readonly InjectionPoint[];
  readonly abortPoints: readonly InjectionPoint[];
  readonly choices: readonly Choice[];
}

/** The phases an injection can aim at: every phase of a handover under way. @public */
export const INJECTION_PHASES: readonly Phase[] = PHASES.filter((p) => p !== 'completed' && p !== 'rolledBack');

/** Rolls are per mille. @internal */
export const ROLL_SCALE = 1000;
/** Picks range over 0..PICK_SCALE-1. @internal */
export const PICK_SCALE = 0x10000;
/** Longest delay, in steps, of an injection within its phase. @internal */
export const MAX_DELAY = 8;

/**
 * Swarm levels of environment and fault types: the first is what shrinking goes back to (on,
 * weight 1); half the runs switch a given type off.
 * @internal
 */
const DISRUPTION_LEVELS = [1, 0, 0, 3] as const;
/** Swarm levels of protocol types: never off; slow, normal or eager. @internal */
const PROTOCOL_LEVELS = [1, 0.25, 4] as const;

/** What shapes the arbitrary. @internal */
export interface RunShape {
  readonly scenario: Scenario;
  readonly maxSteps: number;
  readonly swarm: boolean;
  readonly strategy: Strategy;
}

const point = (attempts: number): fc.Arbitrary<InjectionPoint> =>
  fc.record({
    attempt: fc.nat(Math.max(0, attempts - 1)),
    phase: fc.nat(INJECTION_PHASES.length - 1),
    delay: fc.nat(MAX_DELAY),
    pick: fc.nat(PICK_SCALE - 1),
  });

/**
 * The arbitrary of runs for a scenario.
 *
 * @remarks
 * A run places its whole budget: as many fault points as the fault budget, as many environment
 * points as scheduling changes plus guest writes (more could never fire), and one operator
 * abort in half the runs. Whether a point fires depends on the swarm and on the run reaching
 * its phase. The `weighted` strategy has the swarm but no points; `uniform` has neither: its
 * runs are choices only.
 * @public
 */
export function runArbitrary(shape: RunShape): fc.Arbitrary<Run> {
  const choices = fc.array(fc.tuple(fc.nat(ROLL_SCALE - 1), fc.nat(PICK_SCALE - 1)), { maxLength: shape.maxSteps, size: 'max' });
  const none = fc.constant([]);
  if (shape.strategy === 'uniform') return fc.record({ swarm: none, faultPoints: none, environmentPoints: none, abortPoints: none, choices });
  const b = shape.scenario.bounds;
  const swarm = shape.swarm
    ? fc.tuple(...EVENT_TYPES.map((t) => fc.constantFrom(...(EVENT_KINDS[t] === 'protocol' ? PROTOCOL_LEVELS : DISRUPTION_LEVELS))))
    : fc.constant(EVENT_TYPES.map(() => 1));
  if (shape.strategy === 'weighted') return fc.record({ swarm, faultPoints: none, environmentPoints: none, abortPoints: none, choices });
  return fc.record({
    swarm,
    faultPoints: fc.array(point(b.attempts), { minLength: b.faults, maxLength: b.faults }),
    environmentPoints: fc.array(point(b.attempts), { minLength: b.schedChanges + b.guestWrites, maxLength: b.schedChanges + b.guestWrites }),
    abortPoints: fc.array(point(b.attempts), { maxLength: 1, size: 'max' }),
    choices,
  });
}
