/**
 * Exhaustive breadth-first exploration of a {@link TransitionSystem}, in the
 * manner of TLC: every reachable state is visited once (up to fingerprint
 * collisions), every invariant is checked on it, and a violation comes back as
 * a value with a shortest counterexample.
 *
 * Memory is the constraint that shapes the algorithm. Only the frontier (the
 * current and next breadth-first levels) holds full states; the visited set is a table
 * of 64-bit fingerprints at 10.7 to 16 bytes per state (`fingerprintSet.ts`), the parent links
 * 8 bytes per state more (`parentLinks.ts`), and counterexamples are rebuilt by replay
 * (`trace.ts`). Because states are numbered in discovery
 * order, the frontier is always a contiguous index range and needs no indices
 * of its own.
 *
 * This is the one-thread search (`--workers 1`); parallel.ts runs the same search on worker
 * threads with the same results, and both end in outcome.ts.
 */

import { Int32Column } from './columns.ts';
import { stateFingerprinter } from './fingerprint.ts';
import type { Found } from './outcome.ts';
import { admitInitialStates, kindKey, outcome } from './outcome.ts';
import type { ExploreResult, StopReason } from './result.ts';
import type { TransitionSystem } from '../../models/system.ts';
import { isDeadlock } from '../../models/system.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import { ParentLinks } from './parentLinks.ts';

/**
 * A snapshot passed to `onProgress`.
 *
 * @public
 */
export interface ExploreProgress {
  /** Distinct states found so far. */
  readonly distinctStates: number;
  /** States generated so far (initial states plus accepted steps). */
  readonly statesGenerated: number;
  /** Depth of the level being expanded. */
  readonly depth: number;
  /** States waiting to be expanded (rest of this level plus the next level so far). */
  readonly queueSize: number;
  /** Milliseconds since `explore` was called. */
  readonly elapsedMs: number;
}

/**
 * Options of {@link explore}. Every bound is off unless given.
 *
 * @public
 */
export interface ExploreOptions<S = unknown> {
  /** Stop (incomplete) rather than store more than this many distinct states. */
  readonly maxStates?: number;
  /** Do not expand states at this depth (initial states are at depth 0); incomplete if any exist. */
  readonly maxDepth?: number;
  /** Stop (incomplete) once this much wall-clock time has passed; checked every 64 expansions. */
  readonly timeBudgetMs?: number;
  /**
   * Stop (incomplete) when `process.memoryUsage().heapUsed` plus the explorer's
   * own typed arrays (which live outside the V8 heap) exceed this many bytes.
   */
  readonly maxHeapBytes?: number;
  /**
   * Asked where the time budget is checked (every 64 expansions): true stops the search
   * (incomplete, `stoppedBy: 'interrupted'`). The CLI answers it from SIGINT and SIGTERM.
   */
  readonly shouldStop?: () => boolean;
  /** Distinct states between two heap samples; default 10 000 (a sample costs microseconds). */
  readonly memoryCheckEvery?: number;
  /** Report non-terminal states with no accepted non-fault action; default true. */
  readonly checkDeadlock?: boolean;
  /**
   * Check that every state can reach a terminal state by non-fault actions; default false.
   * Costs 8 bytes per non-fault transition (the edge list), on top of the visited set.
   */
  readonly checkTermination?: boolean;
  /** Keep exploring after a violation, recording the first one of each kind; default false. */
  readonly continueOnViolation?: boolean;
  /** Apply `system.canonicalise`; default true when the system has one, ignored when it has none. */
  readonly symmetry?: boolean;
  /** Called every `progressEvery` distinct states. */
  readonly onProgress?: (progress: ExploreProgress) => void;
  /** Distinct states between two `onProgress` calls; default 100 000. */
  readonly progressEvery?: number;
  /**
   * Called once with each distinct state when it is first reached (initial states included),
   * in discovery order: what `check --coverage-of` learns the reachable set from. Sequential
   * search only (`exploreParallel` does not call it).
   */
  readonly onState?: (s: S) => void;
}

/** Per-name counters as the plain record of the result. */
function unbox(counts: Map<string, number[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, c] of counts) out[name] = c[0] as number;
  return out;
}

/** Expansions between two clock reads: cheap enough to be invisible, frequent enough to stop promptly. */
const TIME_CHECK_MASK = 63;

/**
 * Explores every state reachable in `system` breadth-first and checks its
 * invariants, deadlock freedom and, optionally, termination.
 *
 * @remarks
 * Never throws on a property violation: the verdict is in `status` and the
 * evidence in `violation`, with a shortest trace. A run stopped by a bound is
 * `complete: false` with `stoppedBy` set, and what it reports holds for the
 * part explored. Termination is checked on that part too: states not yet
 * expanded are assumed to terminate, so a reported non-termination is real.
 *
 * @throws TypeError when `checkTermination` is requested of a system without
 * `isTerminal`; Error when a trace replay diverges (non-deterministic system).
 * Both are programmer errors.
 *
 * @example
 * ```ts
 * const result = explore(dieHard());
 * if (result.status === 'violation') console.log(formatExploreReport(result));
 * ```
 * @public
 */
export function explore<S, A>(system: TransitionSystem<S, A>, options: ExploreOptions<S> = {}): ExploreResult<S, A> {
  const start = performance.now();
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  const timeBudgetMs = options.timeBudgetMs ?? Infinity;
  const maxHeapBytes = options.maxHeapBytes ?? Infinity;
  const memoryCheckEvery = Math.max(1, options.memoryCheckEvery ?? 10_000);
  const checkDeadlock = options.checkDeadlock ?? true;
  const checkTermination = options.checkTermination ?? false;
  const continueOnViolation = options.continueOnViolation ?? false;
  const onProgress = options.onProgress;
  const progressEvery = Math.max(1, options.progressEvery ?? 100_000);
  const canonicalise = options.symmetry === false ? undefined : system.canonicalise;
  const { actions, step, actionName, invariants, isFault, isTerminal } = system;
  const actionInvariants = system.actionInvariants ?? [];
  if (checkTermination && isTerminal === undefined) {
    throw new TypeError('explore: checkTermination needs system.isTerminal to know which states are goals');
  }

  // The termination check needs the index of a state seen before (the target of its edge), so only then does the set keep indices.
  const visited = new FingerprintSet({ withIndex: checkTermination });
  const links = new ParentLinks();
  const edgeFrom = new Int32Column();
  const edgeTo = new Int32Column();
  const terminals = new Int32Column();
  const explorerBytes = (): number => visited.bytes + links.bytes + edgeFrom.bytes + edgeTo.bytes + terminals.bytes;
  const lanes = new Int32Array(2);
  const actionCounts = new Map<string, number[]>();
  const distinctByAction = new Map<string, number[]>();
  const found: Found[] = [];
  const foundKeys = new Set<string>();
  let violationCount = 0;
  let generated = 0;
  let rejected = 0;
  let deepest = 0;
  let heapPeak = 0;
  let stoppedBy: StopReason | undefined;

  const fingerprint = stateFingerprinter(system, canonicalise, lanes);
  /** Records a violation; returns true when the search must stop. */
  const record = (f: Found): boolean => {
    violationCount++;
    const key = kindKey(f);
    if (!foundKeys.has(key)) {
      foundKeys.add(key);
      found.push(f);
    }
    return !continueOnViolation;
  };
  const checkInvariants = (s: S, index: number): boolean => {
    for (const inv of invariants) {
      const explanation = inv.check(s);
      if (explanation !== null && record({ kind: 'invariant', index, id: inv.id, name: inv.name, explanation })) {
        return true;
      }
    }
    return false;
  };
  /** Samples the heap; returns true when over budget. */
  const overMemory = (): boolean => {
    const heapUsed = process.memoryUsage().heapUsed;
    if (heapUsed > heapPeak) heapPeak = heapUsed;
    return heapUsed + explorerBytes() > maxHeapBytes;
  };
  /** One lookup per call: the counters are boxed so that a hit needs no `set`. */
  const bump = (counts: Map<string, number[]>, name: string): void => {
    const c = counts.get(name);
    if (c === undefined) counts.set(name, [1]);
    else c[0] = (c[0] as number) + 1;
  };

  // Depth 0: the initial states, merged up to fingerprint.
  let level: S[] = [];
  const roots = admitInitialStates(system.initialStates, fingerprint, lanes, visited, links, maxStates, (s, _position, index) => {
    level.push(s);
    options.onState?.(s);
    return checkInvariants(s, index);
  });
  generated += roots.generated;
  stoppedBy = roots.stoppedBy;
  if (stoppedBy === undefined && overMemory()) stoppedBy = 'memory';

  // Breadth-first, one level at a time; states of a level have indices [levelStart, levelStart + level.length).
  let depth = 0;
  let levelStart = 0;
  let expanded = 0;
  search: while (stoppedBy === undefined && level.length > 0) {
    if (depth >= maxDepth) {
      stoppedBy = 'maxDepth';
      break;
    }
    const next: S[] = [];
    for (let i = 0; i < level.length; i++) {
      const index = levelStart + i;
      if ((index & TIME_CHECK_MASK) === 0) {
        if (performance.now() - start >= timeBudgetMs) stoppedBy = 'time';
        else if (options.shouldStop?.() === true) stoppedBy = 'interrupted';
        if (stoppedBy !== undefined) break search;
      }
      const s = level[i] as S;
      const candidates = actions(s);
      let live = false;
      for (let position = 0; position < candidates.length; position++) {
        const a = candidates[position] as A;
        const t = step(s, a);
        if (t === null) {
          rejected++;
          continue;
        }
        generated++;
        const name = actionName(a);
        bump(actionCounts, name);
        for (const p of actionInvariants) {
          const explanation = p.check(s, a, t);
          if (explanation !== null && record({ kind: 'invariant', index, via: position, id: p.id, name: p.name, explanation })) {
            stoppedBy = 'violation';
            break search;
          }
        }
        const fault = isFault !== undefined && isFault(a);
        if (!fault) live = true;
        fingerprint(t);
        const fa = lanes[0] as number;
        const fb = lanes[1] as number;
        if (visited.count >= maxStates && !visited.has(fa, fb)) {
          stoppedBy = 'maxStates';
          break search;
        }
        let target = visited.insert(fa, fb);
        if (target === -1) {
          target = links.push(index, position, fb);
          next.push(t);
          options.onState?.(t);
          deepest = depth + 1;
          bump(distinctByAction, name);
          if (checkInvariants(t, target)) {
            stoppedBy = 'violation';
            break search;
          }
          const distinct = visited.count;
          if (onProgress !== undefined && distinct % progressEvery === 0) {
            onProgress({
              distinctStates: distinct,
              statesGenerated: generated,
              depth,
              queueSize: level.length - i - 1 + next.length,
              elapsedMs: performance.now() - start,
            });
          }
          if (distinct % memoryCheckEvery === 0 && overMemory()) {
            stoppedBy = 'memory';
            break search;
          }
        }
        if (checkTermination && !fault) {
          edgeFrom.push(index);
          edgeTo.push(target);
        }
      }
      const terminal = isTerminal !== undefined && isTerminal(s);
      if (checkTermination && terminal) terminals.push(index);
      expanded = index + 1;
      if (checkDeadlock && isDeadlock(terminal, live)) {
        const explanation =
          candidates.length === 0
            ? 'no action is offered in this non-terminal state'
            : `none of the ${candidates.length} actions offered is an accepted non-fault step ` +
              'in this non-terminal state';
        if (record({ kind: 'deadlock', index, explanation })) {
          stoppedBy = 'violation';
          break search;
        }
      }
    }
    levelStart += level.length;
    level = next;
    depth++;
  }

  overMemory(); // a last heap sample, so that heapUsedBytes covers the whole run
  return outcome({
    system,
    canonicalise,
    visited,
    links,
    termination: checkTermination ? { expanded, edgeFrom, edgeTo, terminals } : undefined,
    found,
    violationCount,
    stoppedBy,
    distinctStates: visited.count,
    generated,
    rejected,
    deepest,
    actionCounts: unbox(actionCounts),
    distinctByAction: unbox(distinctByAction),
    start,
    explorerBytes,
    heapPeak,
  });
}
