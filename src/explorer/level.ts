/**
 * One worker's share of a breadth-first level, for the parallel explorer (parallel.ts).
 *
 * The level is split in contiguous ranges of state indices, one per worker, and the order of a
 * sequential search is kept by construction: a worker expands its range in index order and
 * proposes the successors that are new with respect to the levels before (read in the shared
 * fingerprint table, which nobody writes meanwhile) and to its own earlier proposals; the
 * coordinator then admits the proposals worker by worker, so a state reached in two ranges
 * goes to the lower one, exactly where the sequential search first meets it. The new level is
 * the admitted proposals, in that order, so each worker keeps its own and nothing but counts
 * and fingerprints crosses threads.
 *
 * Everything that decides a verdict is keyed by where the sequential search would meet it:
 * (parent index, action position, stage), stage 0 an action invariant of the step, 1 the
 * successor's admission, 2 an invariant of the new state, and a deadlock at position +infinity.
 * The coordinator takes the smallest key, so the reported violation does not depend on the
 * number of workers.
 */

import { getHeapStatistics } from 'node:v8';
import { FingerprintSet } from './fingerprintSet.ts';
import type { FingerprintTables } from './fingerprintSet.ts';
import { stateFingerprinter } from './fingerprint.ts';
import type { TransitionSystem } from '../../models/system.ts';
import { isDeadlock } from '../../models/system.ts';

/** Stage of a key: an action invariant of the step. @internal */
export const STAGE_ACTION = 0;
/** Stage of a key: the admission of a new state (where `maxStates` stops). @internal */
export const STAGE_ADMIT = 1;
/** Stage of a key: an invariant of the new state. @internal */
export const STAGE_STATE = 2;
/** Position of a deadlock's key: after every step of the state. @internal */
export const AFTER_ALL = 0x7fffffff;

/**
 * Where the sequential search meets an event. @internal
 */
export interface Key {
  readonly parent: number;
  readonly position: number;
  readonly stage: number;
}

/** Order of keys, as the sequential search meets them. @internal */
export function compareKeys(x: Key, y: Key): number {
  return x.parent - y.parent || x.position - y.position || x.stage - y.stage;
}

/**
 * A violation found by a worker, before the coordinator rebuilds its trace. @internal
 */
export interface LevelEvent extends Key {
  readonly kind: 'invariant' | 'deadlock';
  /** For an invariant of a new state, the state's index is known only after admission: the coordinator fills it. */
  readonly id: string;
  readonly name: string;
  readonly explanation: string;
  /** Index of the offending state: the parent for an action invariant or a deadlock; -1 for a new state (see `candidate`). */
  readonly index: number;
  /** For a new state's invariant, its proposal number in the worker's list. */
  readonly candidate: number;
}

/** Options a worker needs. @internal */
export interface LevelOptions {
  readonly checkDeadlock: boolean;
  readonly checkTermination: boolean;
  readonly continueOnViolation: boolean;
  readonly symmetry: boolean;
  /** `Date.now()` after which the worker stops expanding (the coordinator then drops the level). */
  readonly deadline: number;
  /** Set to 1 by the coordinator when the search is to stop (its `shouldStop`): the worker stops expanding as at the deadline. */
  readonly stop?: Int32Array;
  /**
   * Bytes of this thread's heap past which the worker stops expanding (each worker thread has a
   * heap of its own, as big as the process's, which the coordinator's sampling does not see).
   */
  readonly maxHeapBytes?: number;
}

/** What a worker reports after expanding its range. @internal */
export interface ExpandReport {
  /** Proposed new states: fingerprint lanes (2 per proposal), parent index and action position. */
  readonly lanes: Int32Array;
  readonly parents: Int32Array;
  readonly positions: Int32Array;
  readonly generated: number;
  readonly rejected: number;
  readonly actionCounts: Record<string, number>;
  /** Violations met while expanding: the first of each kind, keyed. */
  readonly events: readonly LevelEvent[];
  readonly violations: number;
  /** Termination: edges (from, to) to states of earlier levels, and (from, proposal) to proposals. */
  readonly oldEdges: Int32Array;
  readonly newEdges: Int32Array;
  readonly terminals: Int32Array;
  /** The deadline passed (or the stop flag was set) before the range was expanded. */
  readonly timedOut: boolean;
  /** This thread's heap passed `maxHeapBytes` before the range was expanded. */
  readonly overMemory?: boolean;
}

/** What a worker reports once told which of its proposals were admitted. @internal */
export interface SettleReport {
  readonly events: readonly LevelEvent[];
  readonly violations: number;
  readonly distinctByAction: Record<string, number>;
  /** Size of the worker's share of the new level. */
  readonly frontier: number;
}

/** Counts of a worker's range up to a key (the sequential search stopped there). @internal */
export interface Recount {
  readonly generated: number;
  readonly rejected: number;
  readonly actionCounts: Record<string, number>;
  readonly distinctByAction: Record<string, number>;
}

const bump = (counts: Map<string, number[]>, name: string, by = 1): void => {
  const c = counts.get(name);
  if (c === undefined) counts.set(name, [by]);
  else c[0] = (c[0] as number) + by;
};
const unbox = (counts: Map<string, number[]>): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [name, c] of counts) out[name] = c[0] as number;
  return out;
};

/**
 * The state a worker keeps between messages: its share of the level and its proposals.
 * @internal
 */
export class LevelWorker<S, A> {
  /** This worker's share of the level being expanded, in index order. */
  private frontier: S[] = [];
  /** Index of `frontier[0]`. */
  private base = 0;
  private proposals: S[] = [];
  private proposalNames: string[] = [];
  private proposalParents = new Int32Array(0);
  private proposalPositions = new Int32Array(0);
  private admitted: Uint8Array = new Uint8Array(0);
  /** The share expanded last, kept after `settle` for `recount`. */
  private previous: S[] = [];
  private previousBase = 0;
  /** This worker's own piece during a rebalancing. */
  private kept: S[] = [];
  private readonly fingerprint: (s: S) => void;
  private readonly lanes = new Int32Array(2);

  constructor(
    private readonly system: TransitionSystem<S, A>,
    private readonly options: LevelOptions,
  ) {
    const canonicalise = options.symmetry ? system.canonicalise : undefined;
    this.fingerprint = stateFingerprinter(system, canonicalise, this.lanes);
  }

  /** Starts from the initial states at the given positions of `initialStates` (already admitted by the coordinator). */
  start(positions: readonly number[], base: number): void {
    this.frontier = positions.map((p) => this.system.initialStates[p] as S);
    this.base = base;
  }

  /** Expands this worker's share; `tables` is a read-only view of every state of earlier levels. */
  expand(tables: FingerprintTables): ExpandReport {
    const { actions, step, actionName, isFault, isTerminal } = this.system;
    const actionInvariants = this.system.actionInvariants ?? [];
    const { checkDeadlock, checkTermination, continueOnViolation, deadline, stop, maxHeapBytes } = this.options;
    const seen = FingerprintSet.view(tables);
    const local = new FingerprintSet({ withIndex: true });
    const lanes = this.lanes;
    const fingerprint = this.fingerprint;
    const laneList: number[] = [];
    const parents: number[] = [];
    const positions: number[] = [];
    const proposals: S[] = [];
    const names: string[] = [];
    const oldEdges: number[] = [];
    const newEdges: number[] = [];
    const terminals: number[] = [];
    const actionCounts = new Map<string, number[]>();
    const events: LevelEvent[] = [];
    const kinds = new Set<string>();
    let violations = 0;
    let generated = 0;
    let rejected = 0;
    /** Records a violation; true when this worker can stop (nothing later in its range can come first). */
    const record = (e: LevelEvent): boolean => {
      violations++;
      const kind = e.kind === 'invariant' ? `invariant:${e.id}` : 'deadlock';
      if (!kinds.has(kind)) {
        kinds.add(kind);
        events.push(e);
      }
      return !continueOnViolation;
    };
    let timedOut = false;
    let overMemory = false;
    expansion: for (let i = 0; i < this.frontier.length; i++) {
      // The heap every 4,096 states, as the sequential explorer samples it every 10,000 new ones.
      if ((i & 4095) === 0 && maxHeapBytes !== undefined && getHeapStatistics().used_heap_size > maxHeapBytes) {
        overMemory = true;
        break;
      }
      if ((i & 63) === 0 && (Date.now() > deadline || (stop !== undefined && Atomics.load(stop, 0) !== 0))) {
        timedOut = true;
        break;
      }
      const s = this.frontier[i] as S;
      const index = this.base + i;
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
          if (explanation !== null) {
            const e: LevelEvent = { kind: 'invariant', parent: index, position, stage: STAGE_ACTION, id: p.id, name: p.name, explanation, index, candidate: -1 };
            if (record(e)) break expansion;
          }
        }
        const fault = isFault !== undefined && isFault(a);
        if (!fault) live = true;
        fingerprint(t);
        const fa = lanes[0] as number;
        const fb = lanes[1] as number;
        const old = checkTermination ? seen.indexOf(fa, fb) : seen.has(fa, fb) ? -2 : -1;
        if (old !== -1) {
          if (checkTermination && !fault) oldEdges.push(index, old);
          continue;
        }
        let proposal = local.insert(fa, fb);
        if (proposal === -1) {
          proposal = proposals.length;
          proposals.push(t);
          names.push(name);
          laneList.push(fa, fb);
          parents.push(index);
          positions.push(position);
        }
        if (checkTermination && !fault) newEdges.push(index, proposal);
      }
      const terminal = isTerminal !== undefined && isTerminal(s);
      if (checkTermination && terminal) terminals.push(index);
      if (checkDeadlock && isDeadlock(terminal, live)) {
        const explanation =
          candidates.length === 0
            ? 'no action is offered in this non-terminal state'
            : `none of the ${candidates.length} actions offered is an accepted non-fault step ` + 'in this non-terminal state';
        const e: LevelEvent = { kind: 'deadlock', parent: index, position: AFTER_ALL, stage: 0, id: '', name: '', explanation, index, candidate: -1 };
        if (record(e)) break;
      }
    }
    this.proposals = proposals;
    this.proposalNames = names;
    this.proposalParents = Int32Array.from(parents);
    this.proposalPositions = Int32Array.from(positions);
    return {
      lanes: Int32Array.from(laneList),
      parents: this.proposalParents,
      positions: this.proposalPositions,
      generated,
      rejected,
      actionCounts: unbox(actionCounts),
      events,
      violations,
      oldEdges: Int32Array.from(oldEdges),
      newEdges: Int32Array.from(newEdges),
      terminals: Int32Array.from(terminals),
      timedOut,
      overMemory,
    };
  }

  /**
   * Keeps the admitted proposals as this worker's share of the next level, whose first index is
   * `base`, and checks the invariants on them.
   */
  settle(admitted: Uint8Array, base: number): SettleReport {
    const invariants = this.system.invariants;
    const next: S[] = [];
    const distinctByAction = new Map<string, number[]>();
    const events: LevelEvent[] = [];
    const kinds = new Set<string>();
    let violations = 0;
    let stop = false;
    for (let c = 0; c < this.proposals.length; c++) {
      if (admitted[c] !== 1) continue;
      const t = this.proposals[c] as S;
      const index = base + next.length;
      next.push(t);
      bump(distinctByAction, this.proposalNames[c] as string);
      if (stop) continue;
      for (const inv of invariants) {
        const explanation = inv.check(t);
        if (explanation === null) continue;
        violations++;
        const kind = `invariant:${inv.id}`;
        if (!kinds.has(kind)) {
          kinds.add(kind);
          events.push({
            kind: 'invariant',
            parent: this.proposalParents[c] as number,
            position: this.proposalPositions[c] as number,
            stage: STAGE_STATE,
            id: inv.id,
            name: inv.name,
            explanation,
            index,
            candidate: c,
          });
        }
        if (!this.options.continueOnViolation) {
          stop = true;
          break;
        }
      }
    }
    this.admitted = admitted;
    this.previous = this.frontier;
    this.previousBase = this.base;
    this.frontier = next;
    this.base = base;
    return { events, violations, distinctByAction: unbox(distinctByAction), frontier: next.length };
  }

  /**
   * The counts of the level just expanded, as the sequential search has them when it stops at
   * `key` (which lies in this worker's range): steps of the states before the key's parent,
   * steps of the parent up to the key's position, and the admitted proposals met before.
   * Called after `settle`, on the share expanded last.
   */
  recount(key: Key): Recount {
    const { actions, step, actionName } = this.system;
    const previous = this.previous;
    const previousBase = this.previousBase;
    const actionCounts = new Map<string, number[]>();
    let generated = 0;
    let rejected = 0;
    for (let i = 0; i < previous.length && previousBase + i <= key.parent; i++) {
      const s = previous[i] as S;
      const candidates = actions(s);
      const last = previousBase + i === key.parent ? Math.min(key.position, candidates.length - 1) : candidates.length - 1;
      for (let position = 0; position <= last; position++) {
        const a = candidates[position] as A;
        if (step(s, a) === null) rejected++;
        else {
          generated++;
          bump(actionCounts, actionName(a));
        }
      }
    }
    const distinctByAction = new Map<string, number[]>();
    for (let c = 0; c < this.proposals.length; c++) {
      if (this.admitted[c] !== 1) continue;
      const k: Key = { parent: this.proposalParents[c] as number, position: this.proposalPositions[c] as number, stage: STAGE_STATE };
      if (compareKeys(k, key) > 0) break;
      bump(distinctByAction, this.proposalNames[c] as string);
    }
    return { generated, rejected, actionCounts: unbox(actionCounts), distinctByAction: unbox(distinctByAction) };
  }

  /** Size of this worker's share of the next level. */
  get size(): number {
    return this.frontier.length;
  }

  /**
   * Cuts this worker's share of the next level at the given local offsets, for rebalancing:
   * piece j is `[cuts[j], cuts[j + 1])`, bound for worker j. Returns every piece but this
   * worker's own (`self`), which stays here: an empty list in its place.
   */
  take(cuts: readonly number[], self: number): S[][] {
    const pieces: S[][] = [];
    for (let j = 0; j + 1 < cuts.length; j++) pieces.push(j === self ? [] : this.frontier.slice(cuts[j], cuts[j + 1]));
    this.kept = this.frontier.slice(cuts[self], cuts[self + 1]);
    this.frontier = [];
    return pieces;
  }

  /**
   * Makes this worker's share the concatenation of `pieces` (piece j from worker j, its own
   * kept by {@link LevelWorker.take}), its first state being index `base`.
   */
  give(pieces: readonly (readonly S[])[], base: number, self: number): void {
    const next: S[] = [];
    pieces.forEach((p, j) => next.push(...(j === self ? this.kept : p)));
    this.frontier = next;
    this.kept = [];
    this.base = base;
  }
}
