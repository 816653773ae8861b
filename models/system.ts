/**
 * The contract between a specification and the explorer: a pure transition
 * system given as data and functions, in the shape TLC expects of a TLA+ spec
 * (Init, Next split into named actions, invariants) but written in TypeScript.
 *
 * It lives with the models (the classic systems in `classic/` implement it) so that a
 * specification never imports its checker; the explorer (`src/explorer/`) consumes it and
 * re-exports the types from its public entry. Nothing here runs anything.
 */

/**
 * A state predicate checked on every distinct reachable state.
 *
 * @remarks
 * `check` returns `null` when the invariant holds and otherwise one sentence that
 * names the offending resource, so a counterexample explains itself without a
 * debugger. The `id` is stable (it keys reports and tests); `name` is for humans.
 *
 * @example
 * ```ts
 * const bigIsNotFour: Invariant<Jugs> = {
 *   id: 'DH-1', name: 'NotSolved',
 *   check: (s) => (s.big === 4 ? `the big jug holds 4 gallons` : null),
 * };
 * ```
 * @public
 */
export interface Invariant<S> {
  /** Stable identifier, e.g. `'TP-2'`; used as the key of per-invariant results. */
  readonly id: string;
  /** Human name, e.g. `'TCConsistent'`, after the TLA+ definition it mirrors. */
  readonly name: string;
  /** `null` when the invariant holds in `s`, else an explanation naming what broke. */
  readonly check: (s: S) => string | null;
}

/**
 * A property of one step (TLA+'s action property, `[][P]_vars`): given the state before, the
 * action and the state after, null when it holds, else an explanation. A refinement mapping is one.
 * @public
 */
export interface ActionInvariant<S, A> {
  readonly id: string;
  readonly name: string;
  readonly check: (before: S, action: A, after: S) => string | null;
}

/**
 * A pure, deterministic transition system over states `S` and actions `A`.
 *
 * @remarks
 * Determinism is a requirement, not a wish: the explorer does not keep visited
 * states, it keeps parent links and the *position* of the action in `actions(s)`,
 * and rebuilds counterexamples by replaying from the initial state. So
 * `actions(s)` must return the same list in the same order for equal states, and
 * `step` must return equal states for equal inputs. A replay that diverges is
 * detected and reported as a programmer error.
 *
 * `actions` may offer candidates whose guard is false; `step` then returns
 * `null` ("rejected"), which is counted but is not an error. This lets a spec
 * return one precomputed list of parameterised actions (no allocation per state)
 * and keep the guards next to the effects, as TLA+ actions do.
 *
 * @public
 */
export interface TransitionSystem<S, A> {
  /** The states the system may start in (TLA+ `Init`). Duplicates are merged. */
  readonly initialStates: readonly S[];
  /** The candidate actions in `s`, with their parameters, in a deterministic order. */
  readonly actions: (s: S) => readonly A[];
  /** The successor of `s` under `a`, or `null` when `a`'s guard is false in `s`. */
  readonly step: (s: S, a: A) => S | null;
  /** The action's name without parameters, e.g. `'source/unitCopied'`; keys the per-action counts. */
  readonly actionName: (a: A) => string;
  /** Canonical encoding: equal states must give equal strings, different states different ones. */
  readonly encode: (s: S) => string;
  /**
   * Optional packed encoding, used for fingerprints instead of `encode` when given: `write`
   * stores the state as exactly `words` int32 values in `out`, injectively (equal states equal
   * words, different states different words).
   *
   * @remarks
   * A state of a few packed words hashes without building a string, which is what makes a
   * million-state spec such as PaxosCommit fast (models/classic/paxosCommit.ts). `encode` stays
   * the readable form for reports and tests.
   */
  readonly pack?: { readonly words: number; readonly write: (s: S, out: Int32Array) => void };
  /**
   * Optional: the UTF-16 code units of `encode(s)` in a buffer the system reuses (read before
   * the next call), so that a fingerprint is hashed from them without building the string. The
   * fingerprint is the same as that of `encode(s)`; used when there is no `pack`.
   */
  readonly codeUnits?: (s: S) => { readonly units: Uint16Array; readonly length: number };
  /** Invariants checked on every distinct reachable state, in this order. */
  readonly invariants: readonly Invariant<S>[];
  /** Properties of every accepted step, checked on every generated transition (optional). */
  readonly actionInvariants?: readonly ActionInvariant<S, A>[];
  /** States where stopping is correct: they are never deadlocks and are the goal of the termination check. */
  readonly isTerminal?: (s: S) => boolean;
  /**
   * Fault or environment actions (crash, message loss): they neither prevent a
   * deadlock nor count towards termination.
   */
  readonly isFault?: (a: A) => boolean;
  /**
   * Symmetry reduction: maps a state to the representative of its orbit. Must
   * commute with the invariants (a state and its representative satisfy the same ones).
   */
  readonly canonicalise?: (s: S) => S;
}

/**
 * The deadlock of the explorer: a state that is not terminal and has no accepted non-fault
 * step. One definition for the sequential and the parallel search and the random checker.
 * @param terminal - `isTerminal(s)` (false when the system has none)
 * @param live - whether some accepted step out of the state is not a fault
 * @public
 */
export function isDeadlock(terminal: boolean, live: boolean): boolean {
  return !live && !terminal;
}
