/**
 * Termination under fairness as a graph question: every reachable state must
 * reach a terminal state along non-fault edges. Answered by one backward
 * breadth-first search from the goals over the reversed edge list, in time and
 * memory linear in states plus edges, instead of one forward search per state.
 */

import type { Int32Column } from './columns.ts';

/**
 * States that cannot reach a goal, as the smallest such index and their count.
 *
 * @internal
 */
export interface NonTerminating {
  /** Smallest offending state index (so the shallowest one, indices being BFS order), or -1. */
  readonly first: number;
  /** Number of offending states. */
  readonly count: number;
}

/**
 * Finds the expanded states from which no goal is reachable.
 *
 * @remarks
 * Goals are the terminal states and, when the search was cut short, every
 * state with index `>= expanded`: their successors are unknown, so they are
 * optimistically assumed to terminate. That keeps a reported violation sound
 * even for a bounded run: the offending state's every non-fault path stays
 * among fully expanded states and never meets a terminal one.
 *
 * @param stateCount - number of distinct states
 * @param expanded - states `[0, expanded)` had all their successors recorded
 * @param from - edge sources (non-fault accepted steps)
 * @param to - edge targets, parallel to `from`
 * @param terminals - indices of expanded terminal states
 * @internal
 */
export function findNonTerminating(
  stateCount: number,
  expanded: number,
  from: Int32Column,
  to: Int32Column,
  terminals: Int32Column,
): NonTerminating {
  const edgeCount = from.length;
  // Reverse adjacency in CSR form: predecessors of v are sources[start[v] .. start[v+1]).
  const start = new Int32Array(stateCount + 1);
  for (let e = 0; e < edgeCount; e++) (start[to.get(e) + 1] as number)++;
  for (let v = 0; v < stateCount; v++) start[v + 1] = (start[v + 1] as number) + (start[v] as number);
  const fill = start.slice(0, stateCount);
  const sources = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const v = to.get(e);
    sources[fill[v] as number] = from.get(e);
    fill[v] = (fill[v] as number) + 1;
  }

  const reached = new Uint8Array(stateCount);
  const queue = new Int32Array(stateCount);
  let tail = 0;
  const seed = (v: number): void => {
    if (reached[v] === 0) {
      reached[v] = 1;
      queue[tail++] = v;
    }
  };
  for (let i = 0; i < terminals.length; i++) seed(terminals.get(i));
  for (let v = expanded; v < stateCount; v++) seed(v);
  for (let head = 0; head < tail; head++) {
    const v = queue[head] as number;
    const end = start[v + 1] as number;
    for (let k = start[v] as number; k < end; k++) seed(sources[k] as number);
  }

  let first = -1;
  let count = 0;
  for (let v = 0; v < expanded; v++) {
    if (reached[v] === 0) {
      if (first < 0) first = v;
      count++;
    }
  }
  return { first, count };
}
