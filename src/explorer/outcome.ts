/**
 * The end of a search, shared by the sequential (explore.ts) and the parallel (parallel.ts)
 * explorer so that they cannot differ in it: the termination check over the recorded graph,
 * the counterexamples rebuilt by replay, and the result value with its statistics.
 */

import type { Int32Column } from './columns.ts';
import { collisionProbability } from './fingerprint.ts';
import type { FingerprintSet } from './fingerprintSet.ts';
import type { ParentLinks } from './parentLinks.ts';
import type { ExploreResult, StopReason, Violation } from './result.ts';
import type { TransitionSystem } from '../../models/system.ts';
import { findNonTerminating } from './termination.ts';
import { rebuildTrace } from './trace.ts';

/** A violation found during the search, before its trace is rebuilt. @internal */
export type Found =
  | {
      readonly kind: 'invariant';
      readonly index: number;
      /** For an action invariant: the position, among the actions of state `index`, of the step that broke it. */
      readonly via?: number;
      readonly id: string;
      readonly name: string;
      readonly explanation: string;
    }
  | { readonly kind: 'deadlock' | 'nontermination'; readonly index: number; readonly explanation: string };

/** The key under which only the first violation of a kind is kept. @internal */
export const kindKey = (f: Found): string => (f.kind === 'invariant' ? `invariant:${f.id}` : f.kind);

/** The termination graph recorded by a search. @internal */
export interface TerminationGraph {
  readonly expanded: number;
  readonly edgeFrom: Int32Column;
  readonly edgeTo: Int32Column;
  readonly terminals: Int32Column;
}

/** Everything a search has counted when it ends. @internal */
export interface SearchEnd<S, A> {
  readonly system: TransitionSystem<S, A>;
  readonly canonicalise: ((s: S) => S) | undefined;
  readonly visited: FingerprintSet;
  readonly links: ParentLinks;
  /** Checked when given and the search was not stopped by a violation. */
  readonly termination: TerminationGraph | undefined;
  readonly found: Found[];
  readonly violationCount: number;
  readonly stoppedBy: StopReason | undefined;
  readonly distinctStates: number;
  readonly generated: number;
  readonly rejected: number;
  readonly deepest: number;
  readonly actionCounts: Readonly<Record<string, number>>;
  readonly distinctByAction: Readonly<Record<string, number>>;
  readonly start: number;
  readonly explorerBytes: () => number;
  readonly heapPeak: number;
}

/**
 * Runs the termination check, rebuilds every counterexample and assembles the result.
 * @internal
 */
export function outcome<S, A>(end: SearchEnd<S, A>): ExploreResult<S, A> {
  const { system, canonicalise, visited, links, found, stoppedBy, distinctStates, generated } = end;
  let violationCount = end.violationCount;
  const t = end.termination;
  if (t !== undefined && stoppedBy !== 'violation') {
    const stuck = findNonTerminating(visited.count, t.expanded, t.edgeFrom, t.edgeTo, t.terminals);
    if (stuck.first >= 0) {
      violationCount += stuck.count;
      found.push({
        kind: 'nontermination',
        index: stuck.first,
        explanation:
          `no terminal state is reachable from this state by non-fault actions ` +
          `(${stuck.count} of ${t.expanded} expanded states are in the same situation)`,
      });
    }
  }

  const violations: Violation<S, A>[] = found.map((f) => {
    const trace = rebuildTrace(system, canonicalise, visited, links, f.index);
    if (f.kind === 'invariant' && f.via !== undefined) {
      // An action invariant broke on a step out of the traced state: replay that step too.
      const last = trace[trace.length - 1]!.state;
      const action = system.actions(last)[f.via]!;
      trace.push({ action, actionName: system.actionName(action), state: system.step(last, action)! });
    }
    return f.kind === 'invariant'
      ? { kind: 'invariant', invariantId: f.id, invariantName: f.name, explanation: f.explanation, trace }
      : { kind: f.kind, explanation: f.explanation, trace };
  });

  const bytes = end.explorerBytes();
  const elapsedMs = performance.now() - end.start;
  const stats = {
    distinctStates,
    statesGenerated: generated,
    rejected: end.rejected,
    maxDepth: end.deepest,
    actionCounts: end.actionCounts,
    distinctByAction: end.distinctByAction,
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? (generated * 1000) / elapsedMs : 0,
    bytesPerState: distinctStates > 0 ? bytes / distinctStates : 0,
    explorerBytes: bytes,
    fingerprintBytesPerState: distinctStates > 0 ? visited.fingerprintBytes / distinctStates : 0,
    parentLinkBytesPerState: distinctStates > 0 ? links.bytes / distinctStates : 0,
    heapUsedBytes: end.heapPeak,
    collisionProbability: collisionProbability(distinctStates),
    violationCount,
    violations,
  };
  const first = violations[0];
  if (first !== undefined) {
    const status = first.kind === 'invariant' ? 'violation' : first.kind;
    return stoppedBy === undefined
      ? { ...stats, status, complete: true, violation: first }
      : { ...stats, status, complete: false, stoppedBy, violation: first };
  }
  if (stoppedBy === undefined) return { ...stats, status: 'ok', complete: true };
  // 'violation' is only set right after a violation was recorded, so here a bound stopped the search.
  return { ...stats, status: 'incomplete', complete: false, stoppedBy: stoppedBy as Exclude<StopReason, 'violation'> };
}

/**
 * Depth 0 of a search: the initial states admitted in order, merged up to fingerprint. Each new
 * one gets a parent link with no parent and is handed to `admitted` (which checks it and says
 * whether the search must stop). Shared by the sequential and the parallel explorer, so both
 * count and number the initial states alike.
 * @internal
 */
export function admitInitialStates<S>(
  initial: readonly S[],
  fingerprint: (s: S) => void,
  lanes: Int32Array,
  visited: FingerprintSet,
  links: ParentLinks,
  maxStates: number,
  admitted: (s: S, position: number, index: number) => boolean,
): { readonly generated: number; readonly stoppedBy: 'maxStates' | 'violation' | undefined } {
  let generated = 0;
  for (let i = 0; i < initial.length; i++) {
    const s = initial[i] as S;
    generated++;
    fingerprint(s);
    const a = lanes[0] as number;
    const b = lanes[1] as number;
    if (visited.has(a, b)) continue;
    if (visited.count >= maxStates) return { generated, stoppedBy: 'maxStates' };
    visited.insert(a, b);
    if (admitted(s, i, links.push(-1, i, b))) return { generated, stoppedBy: 'violation' };
  }
  return { generated, stoppedBy: undefined };
}
