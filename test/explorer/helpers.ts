/**
 * Small hand-made transition systems and checks shared by the explorer tests.
 */

import type { TraceStep, TransitionSystem } from '../../src/explorer/index.ts';

/** An edge of a hand-made graph: a named action leading to a numbered state. */
export interface Edge {
  readonly name: string;
  readonly to: number;
  /** A fault edge, ignored by deadlock and termination checks. */
  readonly fault?: boolean;
  /** A rejected edge: offered by `actions` but refused by `step`. */
  readonly rejected?: boolean;
}

/** A finite system given as an adjacency list over numbered states, for deadlock and termination cases. */
export function graphSystem(
  graph: Readonly<Record<number, readonly Edge[]>>,
  options: { readonly initial?: readonly number[]; readonly terminal?: readonly number[] } = {},
): TransitionSystem<number, Edge> {
  const terminal = new Set(options.terminal ?? []);
  return {
    initialStates: options.initial ?? [0],
    actions: (s) => graph[s] ?? [],
    step: (_s, a) => (a.rejected === true ? null : a.to),
    actionName: (a) => a.name,
    encode: (s) => String(s),
    invariants: [],
    isTerminal: (s) => terminal.has(s),
    isFault: (a) => a.fault === true,
  };
}

/** An infinite binary tree of counters: state n has successors 2n+1 and 2n+2. Nothing ever terminates. */
export function infiniteTree(): TransitionSystem<number, 'left' | 'right'> {
  const both = ['left', 'right'] as const;
  return {
    initialStates: [0],
    actions: () => both,
    step: (s, a) => (a === 'left' ? 2 * s + 1 : 2 * s + 2),
    actionName: (a) => `tree/${a}`,
    encode: (s) => s.toString(36),
    invariants: [],
  };
}

/** Freezes `value` and everything reachable from it, so any mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Wraps a system so that every state it produces is deep-frozen: a step that mutates its input then throws. */
export function frozen<S, A>(system: TransitionSystem<S, A>): TransitionSystem<S, A> {
  return {
    ...system,
    initialStates: system.initialStates.map(deepFreeze),
    step: (s, a) => {
      const t = system.step(s, a);
      return t === null ? null : deepFreeze(t);
    },
  };
}

/**
 * Replays `trace` with `system.step` from its first state and returns the
 * states obtained, to compare with the trace's own states.
 */
export function replay<S, A>(system: TransitionSystem<S, A>, trace: readonly TraceStep<S, A>[]): S[] {
  const first = trace[0];
  if (first === undefined) throw new Error('empty trace');
  const states: S[] = [first.state];
  let s = first.state;
  for (const t of trace.slice(1)) {
    if (t.action === null) throw new Error('a non-initial trace step has no action');
    const next = system.step(s, t.action);
    if (next === null) throw new Error(`trace action ${system.actionName(t.action)} was rejected on replay`);
    states.push(next);
    s = next;
  }
  return states;
}

/** The fields of a result that depend on the clock or the heap, removed to compare two runs. */
export function withoutTiming<R extends { elapsedMs: number; statesPerSecond: number; heapUsedBytes: number }>(
  r: R,
): Omit<R, 'elapsedMs' | 'statesPerSecond' | 'heapUsedBytes'> {
  const { elapsedMs: _e, statesPerSecond: _s, heapUsedBytes: _h, ...rest } = r;
  return rest;
}
