/**
 * The Die Hard water-jug puzzle, after Lamport's DieHard.tla (TLA+ video
 * course, lecture 3): with a 3-gallon and a 5-gallon jug and a tap, measure
 * exactly 4 gallons. The puzzle is solved by model checking the invariant
 * "the big jug does not hold 4 gallons": its shortest counterexample is the
 * solution.
 *
 * Left out: nothing; the spec is this small. Every action is always enabled,
 * as in the TLA+ spec (filling a full jug is a step that changes nothing).
 *
 * Checked configuration (test/explorer/dieHard.test.ts): 16 distinct
 * reachable states, 97 states generated (1 initial + 16 states × 6 actions),
 * NotSolved violated by a 6-step trace.
 */

import { match } from 'ts-pattern';
import type { Invariant, TransitionSystem } from '../system.ts';

/** Capacity of the small jug, in gallons. */
const SMALL = 3;
/** Capacity of the big jug, in gallons. */
const BIG = 5;

/**
 * Contents of the two jugs, in whole gallons.
 *
 * @public
 */
export interface Jugs {
  /** Gallons in the 3-gallon jug, 0..3. */
  readonly small: number;
  /** Gallons in the 5-gallon jug, 0..5. */
  readonly big: number;
}

/**
 * The six moves of the puzzle, named as in DieHard.tla.
 *
 * @remarks
 * departure: plain TLA+ names rather than `actor/eventName`, so per-action
 * counts compare directly with TLC's output for DieHard.tla.
 * @public
 */
export type JugAction = 'FillSmall' | 'FillBig' | 'EmptySmall' | 'EmptyBig' | 'SmallToBig' | 'BigToSmall';

/**
 * Every move, in the order of DieHard.tla's `Next`.
 *
 * @public
 */
export const JUG_ACTIONS: readonly JugAction[] = [
  'FillSmall',
  'FillBig',
  'EmptySmall',
  'EmptyBig',
  'SmallToBig',
  'BigToSmall',
];

/**
 * The jugs after `action`: pouring stops when the source is empty or the
 * destination full, whichever comes first.
 *
 * @public
 */
export function pour(jugs: Jugs, action: JugAction): Jugs {
  const { small, big } = jugs;
  return match(action)
    .with('FillSmall', () => ({ small: SMALL, big }))
    .with('FillBig', () => ({ small, big: BIG }))
    .with('EmptySmall', () => ({ small: 0, big }))
    .with('EmptyBig', () => ({ small, big: 0 }))
    .with('SmallToBig', () => {
      const moved = Math.min(small, BIG - big);
      return { small: small - moved, big: big + moved };
    })
    .with('BigToSmall', () => {
      const moved = Math.min(big, SMALL - small);
      return { small: small + moved, big: big - moved };
    })
    .exhaustive();
}

/**
 * DieHard.tla's TypeOK: each jug holds a whole number of gallons within its capacity.
 *
 * @public
 */
export const jugsTypeOK: Invariant<Jugs> = {
  id: 'DH-1',
  name: 'TypeOK',
  check: (s) => {
    const within = (g: number, capacity: number): boolean => Number.isInteger(g) && g >= 0 && g <= capacity;
    return within(s.small, SMALL) && within(s.big, BIG)
      ? null
      : `jugs hold small=${s.small}, big=${s.big}, outside 0..${SMALL} and 0..${BIG}`;
  },
};

/**
 * DieHard.tla's NotSolved: the big jug does not hold exactly 4 gallons. Its
 * violation is the puzzle's solution.
 *
 * @public
 */
export const jugsNotSolved: Invariant<Jugs> = {
  id: 'DH-2',
  name: 'NotSolved',
  check: (s) => (s.big === 4 ? 'the big jug holds exactly 4 gallons' : null),
};

/**
 * The Die Hard puzzle as a transition system, starting with both jugs empty
 * and checking {@link jugsTypeOK} and {@link jugsNotSolved}.
 *
 * @example
 * ```ts
 * const result = explore(dieHard());
 * result.violation?.trace.length; // 7: the initial state and 6 moves
 * ```
 * @public
 */
export function dieHard(): TransitionSystem<Jugs, JugAction> {
  return {
    initialStates: [{ small: 0, big: 0 }],
    actions: () => JUG_ACTIONS,
    step: pour,
    actionName: (a) => a,
    encode: (s) => `${s.small},${s.big}`,
    invariants: [jugsTypeOK, jugsNotSolved],
  };
}
