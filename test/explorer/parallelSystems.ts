/**
 * Small transition systems the parallel explorer's tests name by SystemRef (a worker must be
 * able to import them).
 */
import type { TransitionSystem } from '../../src/explorer/index.ts';

/**
 * A 10 x 10 lattice walked by `x+1` and `y+1`, terminal at (9, 9), where (4, 6) has no way out:
 * the first deadlock of a breadth-first search is at depth 10, in the middle of a wide level.
 */
export function deadlockLattice(): TransitionSystem<number, 'x' | 'y'> {
  const both = ['x', 'y'] as const;
  return {
    initialStates: [0],
    actions: (s) => (s === 406 ? [] : both.filter((a) => (a === 'x' ? Math.floor(s / 100) < 9 : s % 100 < 9))),
    step: (s, a) => (a === 'x' ? s + 100 : s + 1),
    actionName: (a) => `lattice/${a}`,
    encode: (s) => String(s),
    invariants: [],
    isTerminal: (s) => s === 909,
  };
}
