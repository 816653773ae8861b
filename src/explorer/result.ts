/**
 * What an exploration returns: a value describing the verdict, the evidence
 * (a shortest counterexample trace) and the statistics TLC would print.
 * A violation is a result, never an exception.
 */

/**
 * Why an exploration stopped before exhausting the state space.
 *
 * @remarks
 * `'violation'` means the first violation stopped the search (the default;
 * see `continueOnViolation`); `'interrupted'` that `shouldStop` said so. The
 * others are the resource bounds of `ExploreOptions`.
 * @public
 */
export type StopReason = 'maxStates' | 'maxDepth' | 'time' | 'memory' | 'interrupted' | 'violation';

/**
 * The verdict of an exploration.
 *
 * @remarks
 * `'incomplete'` is only used when a bound stopped the search and nothing was
 * found in the part explored: it is not a pass.
 * @public
 */
export type ExploreStatus = 'ok' | 'violation' | 'deadlock' | 'nontermination' | 'incomplete';

/**
 * One step of a counterexample: the action taken (null for the initial state)
 * and the state it produced.
 *
 * @remarks
 * Traces are real executions of the system: with symmetry reduction on, the
 * states are the concrete states the search expanded, not orbit
 * representatives, so replaying the actions with `step` reproduces them.
 * @public
 */
export interface TraceStep<S, A> {
  /** The action taken from the previous step's state; `null` on the first step. */
  readonly action: A | null;
  /** `system.actionName(action)`, kept so a report can print the trace without the system. */
  readonly actionName: string | null;
  /** The state after the action. */
  readonly state: S;
}

/**
 * Evidence that a property fails: which one, why, and a shortest trace from an
 * initial state to the offending state.
 *
 * @public
 */
export type Violation<S, A> =
  | {
      readonly kind: 'invariant';
      /** The broken invariant's stable id. */
      readonly invariantId: string;
      /** The broken invariant's name. */
      readonly invariantName: string;
      /** The invariant's own explanation of the offending state. */
      readonly explanation: string;
      /** Shortest trace to the first state found violating it; its last state is the offender. */
      readonly trace: readonly TraceStep<S, A>[];
    }
  | {
      readonly kind: 'deadlock' | 'nontermination';
      readonly invariantId?: never;
      readonly invariantName?: never;
      /** What was found in the last state of the trace. */
      readonly explanation: string;
      /** Shortest trace to the deadlocked state, or to a state from which no terminal state is reachable. */
      readonly trace: readonly TraceStep<S, A>[];
    };

/**
 * Statistics common to every result.
 *
 * @public
 */
export interface ExploreStats<S, A> {
  /** Distinct states found (after symmetry reduction when it is on). */
  readonly distinctStates: number;
  /** Initial states plus every accepted step, duplicates included (TLC's "states generated"). */
  readonly statesGenerated: number;
  /** Steps that returned `null` (a false guard). */
  readonly rejected: number;
  /** Largest number of steps from an initial state to a state found (initial states are at depth 0). */
  readonly maxDepth: number;
  /** Accepted steps per action name. */
  readonly actionCounts: Readonly<Record<string, number>>;
  /** New distinct states per action name (TLC's "distinct" column). */
  readonly distinctByAction: Readonly<Record<string, number>>;
  /** Wall-clock duration of the whole call, trace rebuilding included. */
  readonly elapsedMs: number;
  /** Generated states per second. */
  readonly statesPerSecond: number;
  /** Bytes of the explorer's own structures (visited set, edges) per distinct state; frontier states excluded. */
  readonly bytesPerState: number;
  /** Bytes of the explorer's own structures in total. */
  readonly explorerBytes: number;
  /** Bytes of the fingerprint table alone (the visited set proper) per distinct state: 10.7 to 16 at scale. */
  readonly fingerprintBytesPerState: number;
  /** Bytes of the parent links (parent index, action position, fingerprint tag) per distinct state: 8 at scale. */
  readonly parentLinkBytesPerState: number;
  /** Highest `process.memoryUsage().heapUsed` sampled during the run. */
  readonly heapUsedBytes: number;
  /** TLC's optimistic fingerprint collision probability for `distinctStates`. */
  readonly collisionProbability: number;
  /** Number of violating states met (every invariant failure and deadlock counts). */
  readonly violationCount: number;
  /** The first violation of each invariant, of deadlock and of termination, in the order found. */
  readonly violations: readonly Violation<S, A>[];
}

/**
 * The result of `explore`: a verdict plus statistics.
 *
 * @remarks
 * The union makes impossible combinations unwritable: `'ok'` is always
 * complete and carries no violation, `'incomplete'` always says which bound
 * stopped it, and the three failure verdicts always carry their evidence.
 * @public
 */
export type ExploreResult<S, A> = ExploreStats<S, A> &
  (
    | {
        readonly status: 'ok';
        readonly complete: true;
        readonly stoppedBy?: never;
        readonly violation?: never;
      }
    | {
        readonly status: 'incomplete';
        readonly complete: false;
        readonly stoppedBy: Exclude<StopReason, 'violation'>;
        readonly violation?: never;
      }
    | {
        readonly status: 'violation' | 'deadlock' | 'nontermination';
        readonly complete: boolean;
        readonly stoppedBy?: StopReason;
        /** The first violation found; equal to `violations[0]`. */
        readonly violation: Violation<S, A>;
      }
  );
