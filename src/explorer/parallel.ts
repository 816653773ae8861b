/**
 * Breadth-first exploration on several threads, with the counts, the verdict and the
 * counterexample of the sequential {@link explore} whatever the number of workers.
 *
 * The search is level-synchronous. Each worker holds a contiguous range of the level's states
 * and expands it, reading the coordinator's fingerprint table (a SharedArrayBuffer) to drop
 * successors seen in earlier levels; the coordinator then admits the proposals worker by worker
 * into the table (it is the only writer, and writes only while the workers wait), assigns
 * indices and parent links in exactly the order of a sequential search, and the workers check
 * the invariants of the states they proposed and keep them as the next level. Ranges are
 * rebalanced between levels, moving states between neighbours, so that all workers stay busy.
 * See level.ts for why the order, and so every count and the first violation, cannot depend
 * on the number of workers.
 *
 * Workers build the system themselves from a {@link SystemRef}: functions do not cross
 * threads. The coordinator builds it too, to rebuild counterexamples by replay.
 */

import os from 'node:os';
import { siblingModule, startWorker } from '../io/worker.ts';
import { Int32Column } from './columns.ts';
import type { ExploreOptions } from './explore.ts';
import { stateFingerprinter } from './fingerprint.ts';
import { FingerprintSet } from './fingerprintSet.ts';
import type { FingerprintTables } from './fingerprintSet.ts';
import type { ExpandReport, Key, LevelEvent, LevelOptions, Recount, SettleReport } from './level.ts';
import { compareKeys, LevelWorker, STAGE_ADMIT, STAGE_STATE } from './level.ts';
import { ParentLinks } from './parentLinks.ts';
import type { Found } from './outcome.ts';
import { admitInitialStates, kindKey, outcome } from './outcome.ts';
import type { ExploreResult, StopReason } from './result.ts';
import type { TransitionSystem } from '../../models/system.ts';
import type { SystemRef } from './systemRef.ts';
import { loadSystem } from './systemRef.ts';

/**
 * Options of {@link exploreParallel}: those of `explore`, plus the number of workers.
 *
 * @remarks
 * `onProgress` is called at the end of a level in which a multiple of `progressEvery` was
 * crossed (the workers do not report inside a level), and
 * `timeBudgetMs` is checked by the workers every 64 states: a level cut by time is dropped
 * whole, so the counts of a run stopped by time cover the completed levels. `maxHeapBytes`
 * bounds the coordinator's heap and tables, and each worker's own heap (checked every 4,096
 * states it expands; a level cut by it is dropped like one cut by time).
 * @public
 */
export interface ParallelExploreOptions extends ExploreOptions {
  /** Worker threads; default `os.availableParallelism()`. */
  readonly workers?: number;
  /**
   * `'threads'` (default) runs each worker in a worker thread; `'inline'` runs the same workers
   * one after the other in this thread, for tests and debugging (same results, no speed-up).
   */
  readonly transport?: 'threads' | 'inline';
}

/** A request to a worker. @internal */
export type WorkerRequest =
  | { readonly id: number; readonly type: 'start'; readonly positions: readonly number[]; readonly base: number }
  | { readonly id: number; readonly type: 'expand'; readonly tables: FingerprintTables; readonly moved?: Moved }
  | {
      readonly id: number;
      readonly type: 'settle';
      readonly admitted: Uint8Array;
      readonly base: number;
      /** Rebalancing: cut the new share at these local offsets and return the pieces bound for other workers. */
      readonly cuts?: readonly number[];
      readonly self: number;
    }
  | { readonly id: number; readonly type: 'recount'; readonly key: Key };

/** The pieces of a rebalanced level sent to a worker with its next `expand` (see {@link LevelWorker.give}). @internal */
export interface Moved {
  readonly pieces: readonly (readonly unknown[])[];
  readonly base: number;
  readonly self: number;
}

/** A worker's answer to `settle`: its report, and the pieces of its share bound for other workers when asked to cut. @internal */
export interface Settled {
  readonly report: SettleReport;
  readonly pieces: unknown[][] | null;
}

/** A worker's answer: the request's id and its result, or the error it threw. @internal */
export type WorkerReply = { readonly id: number; readonly result?: unknown; readonly error?: string };

/** Runs one request on a {@link LevelWorker}; shared by the thread (worker.ts) and the inline transport. @internal */
export function handleRequest<S, A>(worker: LevelWorker<S, A>, r: WorkerRequest): WorkerReply {
  switch (r.type) {
    case 'start':
      worker.start(r.positions, r.base);
      return { id: r.id, result: null };
    case 'expand':
      if (r.moved !== undefined) worker.give(r.moved.pieces as readonly (readonly S[])[], r.moved.base, r.moved.self);
      return { id: r.id, result: worker.expand(r.tables) };
    case 'settle': {
      const report = worker.settle(r.admitted, r.base);
      const result: Settled = { report, pieces: r.cuts === undefined ? null : worker.take(r.cuts, r.self) };
      return { id: r.id, result };
    }
    case 'recount':
      return { id: r.id, result: worker.recount(r.key) };
  }
}

/** Distributes a request without its id. */
type Request = WorkerRequest extends infer R ? (R extends { readonly id: number } ? Omit<R, 'id'> : never) : never;

/** One worker as the coordinator sees it. */
interface Endpoint {
  call<T>(request: Request): Promise<T>;
  close(): Promise<void>;
}

function inlineEndpoint(system: TransitionSystem<unknown, unknown>, options: LevelOptions): Endpoint {
  const worker = new LevelWorker(system, options);
  let next = 0;
  return {
    call: <T>(request: Request) => Promise.resolve(handleRequest(worker, { ...request, id: next++ } as WorkerRequest).result as T),
    close: () => Promise.resolve(),
  };
}

function threadEndpoint(ref: SystemRef, options: LevelOptions): Endpoint {
  // worker.js in the build, worker.ts (behind tsx) in the sources.
  const worker = startWorker(siblingModule(import.meta.url, 'worker'), { workerData: { ref, options } });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const failAll = (e: Error): void => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    if (p === undefined) return;
    pending.delete(reply.id);
    if (reply.error !== undefined) p.reject(new Error(`explore worker: ${reply.error}`));
    else p.resolve(reply.result);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`explore worker exited with code ${code}`)));
  return {
    call: <T>(request: Request) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        worker.postMessage({ ...request, id });
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

/** A worker's event as a violation to report (an action invariant keeps the position of its step). */
function foundOf(e: LevelEvent): Found {
  if (e.kind === 'deadlock') return { kind: 'deadlock', index: e.index, explanation: e.explanation };
  return e.stage === STAGE_STATE
    ? { kind: 'invariant', index: e.index, id: e.id, name: e.name, explanation: e.explanation }
    : { kind: 'invariant', index: e.index, via: e.position, id: e.id, name: e.name, explanation: e.explanation };
}

const add = (into: Map<string, number>, from: Readonly<Record<string, number>>): void => {
  for (const [k, v] of Object.entries(from)) into.set(k, (into.get(k) ?? 0) + v);
};

/** Splits `n` states in `parts` contiguous ranges of sizes differing by at most one: the start of each, then n. */
function evenCuts(n: number, parts: number): number[] {
  return Array.from({ length: parts + 1 }, (_, k) => Math.floor((n * k) / parts));
}

/**
 * Explores the system named by `ref` on `options.workers` threads; the result equals
 * `explore(system, options)` apart from timing and memory figures.
 *
 * @remarks
 * Equal means: the same verdict, the same distinct, generated and rejected counts, depth,
 * per-action counts, violation count and the same first violation with the same shortest
 * trace, for any number of workers (tested), including a run cut by `maxStates` or stopped
 * by a violation. Runs cut by time or memory are not deterministic in either explorer.
 *
 * @example
 * ```ts
 * const result = await exploreParallel(
 *   { module: new URL('../../models/classic/paxosCommit.ts', import.meta.url).href, exportName: 'paxosCommit', args: [] },
 *   { workers: 2 },
 * );
 * ```
 * @public
 */
export async function exploreParallel(ref: SystemRef, options: ParallelExploreOptions = {}): Promise<ExploreResult<unknown, unknown>> {
  const start = performance.now();
  const system = await loadSystem(ref);
  const workerCount = Math.max(1, Math.floor(options.workers ?? os.availableParallelism()));
  const maxStates = options.maxStates ?? Infinity;
  const maxDepth = options.maxDepth ?? Infinity;
  const timeBudgetMs = options.timeBudgetMs ?? Infinity;
  const maxHeapBytes = options.maxHeapBytes ?? Infinity;
  const checkDeadlock = options.checkDeadlock ?? true;
  const checkTermination = options.checkTermination ?? false;
  const continueOnViolation = options.continueOnViolation ?? false;
  const progressEvery = Math.max(1, options.progressEvery ?? 100_000);
  let reported = 0;
  const symmetry = options.symmetry !== false && system.canonicalise !== undefined;
  const canonicalise = symmetry ? system.canonicalise : undefined;
  if (checkTermination && system.isTerminal === undefined) {
    throw new TypeError('explore: checkTermination needs system.isTerminal to know which states are goals');
  }

  const visited = new FingerprintSet({ withIndex: checkTermination, shared: options.transport !== 'inline' });
  const links = new ParentLinks();
  const edgeFrom = new Int32Column();
  const edgeTo = new Int32Column();
  const terminals = new Int32Column();
  const explorerBytes = (): number => visited.bytes + links.bytes + edgeFrom.bytes + edgeTo.bytes + terminals.bytes;
  const actionCounts = new Map<string, number>();
  const distinctByAction = new Map<string, number>();
  const found: Found[] = [];
  const foundKinds = new Set<string>();
  let violationCount = 0;
  let generated = 0;
  let rejected = 0;
  let deepest = 0;
  let heapPeak = 0;
  let distinctStates = 0;
  let expanded = 0;
  let stoppedBy: StopReason | undefined;
  const overMemory = (): boolean => {
    const heapUsed = process.memoryUsage().heapUsed;
    if (heapUsed > heapPeak) heapPeak = heapUsed;
    return heapUsed + explorerBytes() > maxHeapBytes;
  };
  const keep = (f: Found): void => {
    const kind = kindKey(f);
    if (!foundKinds.has(kind)) {
      foundKinds.add(kind);
      found.push(f);
    }
  };

  // Depth 0, here as in the sequential explorer.
  const lanes = new Int32Array(2);
  const fingerprint = stateFingerprinter(system, canonicalise, lanes);
  const roots: number[] = [];
  const admitted = admitInitialStates(system.initialStates, fingerprint, lanes, visited, links, maxStates, (s, position, index) => {
    roots.push(position);
    for (const inv of system.invariants) {
      const explanation = inv.check(s);
      if (explanation === null) continue;
      violationCount++;
      keep({ kind: 'invariant', index, id: inv.id, name: inv.name, explanation });
      if (!continueOnViolation) return true;
    }
    return false;
  });
  generated += admitted.generated;
  stoppedBy = admitted.stoppedBy;
  distinctStates = visited.count;
  if (stoppedBy === undefined && overMemory()) stoppedBy = 'memory';

  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const stopRequested = (): boolean => {
    if (options.shouldStop?.() === true) Atomics.store(stopFlag, 0, 1);
    return Atomics.load(stopFlag, 0) !== 0;
  };

  const levelOptions: LevelOptions = {
    checkDeadlock,
    checkTermination,
    continueOnViolation,
    symmetry,
    deadline: Number.isFinite(timeBudgetMs) ? Date.now() + timeBudgetMs - (performance.now() - start) : Number.MAX_SAFE_INTEGER,
    stop: stopFlag,
    ...(Number.isFinite(maxHeapBytes) ? { maxHeapBytes } : {}),
  };
  const endpoints: Endpoint[] = [];
  // shouldStop is polled here, between levels and, while the workers expand one, on a timer
  // (this thread's event loop is free then); the workers see it through the shared flag.
  const poll = options.shouldStop === undefined ? undefined : setInterval(stopRequested, 50);
  try {
    if (stoppedBy === undefined && roots.length > 0) {
      for (let w = 0; w < workerCount; w++) {
        endpoints.push(options.transport === 'inline' ? inlineEndpoint(system, levelOptions) : threadEndpoint(ref, levelOptions));
      }
      const cuts = evenCuts(roots.length, workerCount);
      await Promise.all(endpoints.map((e, w) => e.call({ type: 'start', positions: roots.slice(cuts[w], cuts[w + 1]), base: cuts[w] as number })));
    }
    let depth = 0;
    let levelStart = 0;
    let levelSize = roots.length;
    /** Start index of each worker's range in the current level, then the level's end. */
    let ranges = evenCuts(levelSize, workerCount).map((c) => c + levelStart);
    /** States to move between workers with the next `expand`, when the last level was rebalanced. */
    let moving: Moved[] | undefined;
    while (stoppedBy === undefined && levelSize > 0) {
      if (depth >= maxDepth) {
        stoppedBy = 'maxDepth';
        break;
      }
      if (performance.now() - start >= timeBudgetMs) {
        stoppedBy = 'time';
        break;
      }
      if (stopRequested()) {
        stoppedBy = 'interrupted';
        break;
      }
      const tables = visited.tables;
      const reports = await Promise.all(
        endpoints.map((e, w) => e.call<ExpandReport>({ type: 'expand', tables, ...(moving === undefined ? {} : { moved: moving[w] as Moved }) })),
      );
      moving = undefined;
      // A level cut short is dropped whole, so the counts cover the completed levels.
      if (reports.some((r) => r.overMemory === true)) {
        stoppedBy = 'memory';
        break;
      }
      if (reports.some((r) => r.timedOut)) {
        stoppedBy = Atomics.load(stopFlag, 0) !== 0 ? 'interrupted' : 'time';
        break;
      }
      // The first violation met while expanding, in the order of the sequential search.
      let stop: Key | undefined;
      const events: LevelEvent[] = [];
      for (const r of reports) events.push(...r.events);
      if (!continueOnViolation) for (const e of events) if (stop === undefined || compareKeys(e, stop) < 0) stop = e;
      // Admission, worker by worker: the order of a sequential search.
      const levelEnd = levelStart + levelSize;
      const admitted: Uint8Array[] = [];
      const resolved: Int32Array[] = [];
      let cut: Key | undefined; // where maxStates stopped the admission
      for (const r of reports) {
        const n = r.parents.length;
        const adm = new Uint8Array(n);
        const res = new Int32Array(n).fill(-1);
        for (let c = 0; c < n; c++) {
          const key: Key = { parent: r.parents[c] as number, position: r.positions[c] as number, stage: STAGE_ADMIT };
          if (cut !== undefined || (stop !== undefined && compareKeys(key, stop) > 0)) break;
          const a = r.lanes[2 * c] as number;
          const b = r.lanes[2 * c + 1] as number;
          if (visited.count >= maxStates && !visited.has(a, b)) {
            cut = key;
            break;
          }
          const existing = visited.insert(a, b);
          if (existing === -1) {
            res[c] = links.push(key.parent, key.position, b);
            adm[c] = 1;
          } else res[c] = existing;
        }
        admitted.push(adm);
        resolved.push(res);
      }
      const bases: number[] = [];
      let nextBase = levelEnd;
      for (const adm of admitted) {
        bases.push(nextBase);
        for (const x of adm) nextBase += x;
      }
      // The next level's shares are known now, so the rebalancing cut travels with `settle` and the
      // pieces with the next `expand`: two round trips per level, which is what an oversubscribed machine makes slow.
      const sizes = admitted.map((adm) => adm.reduce((a, x) => a + x, 0));
      const plan = rebalancePlan(sizes, levelEnd);
      const answers = await Promise.all(
        endpoints.map((e, w) =>
          e.call<Settled>({
            type: 'settle',
            admitted: admitted[w] as Uint8Array,
            base: bases[w] as number,
            self: w,
            ...(plan.cuts === null ? {} : { cuts: plan.cuts[w] as number[] }),
          }),
        ),
      );
      const settled = answers.map((a) => a.report);
      if (plan.cuts !== null) moving = endpoints.map((_, j) => ({ pieces: answers.map((a) => (a.pieces as unknown[][])[j] as unknown[]), base: plan.ranges[j] as number, self: j }));
      for (const s of settled) events.push(...s.events);
      if (cut !== undefined) stop = stop === undefined || compareKeys(cut, stop) < 0 ? cut : stop;
      if (!continueOnViolation) for (const e of events) if (stop === undefined || compareKeys(e, stop) < 0) stop = e;

      if (stop !== undefined) {
        // The sequential search stops at `stop`: count what it would have counted.
        const key = stop;
        const owner = ranges.findIndex((from, w) => w < workerCount && key.parent >= from && key.parent < (ranges[w + 1] as number));
        for (let w = 0; w < owner; w++) {
          const r = reports[w] as ExpandReport;
          generated += r.generated;
          rejected += r.rejected;
          add(actionCounts, r.actionCounts);
          add(distinctByAction, (settled[w] as SettleReport).distinctByAction);
        }
        const rc = await (endpoints[owner] as Endpoint).call<Recount>({ type: 'recount', key });
        generated += rc.generated;
        rejected += rc.rejected;
        add(actionCounts, rc.actionCounts);
        add(distinctByAction, rc.distinctByAction);
        let admittedBefore = 0;
        for (let w = 0; w < reports.length; w++) {
          const r = reports[w] as ExpandReport;
          const adm = admitted[w] as Uint8Array;
          for (let c = 0; c < adm.length; c++) {
            if (adm[c] !== 1) continue;
            const k: Key = { parent: r.parents[c] as number, position: r.positions[c] as number, stage: STAGE_STATE };
            if (compareKeys(k, key) <= 0) admittedBefore++;
          }
        }
        distinctStates = levelEnd + admittedBefore;
        if (admittedBefore > 0) deepest = depth + 1;
        if (cut !== undefined && key === cut) {
          stoppedBy = 'maxStates';
          expanded = key.parent;
          collectEdges(reports, resolved, key.parent);
          // Only with continueOnViolation can violations precede the cut; they count for the whole level (level.ts).
          for (let w = 0; w < reports.length; w++) violationCount += (reports[w] as ExpandReport).violations + (settled[w] as SettleReport).violations;
          events.sort(compareKeys);
          for (const e of events) if (compareKeys(e, key) < 0) keep(foundOf(e));
        } else {
          const e = key as LevelEvent;
          violationCount++;
          keep(foundOf(e));
          stoppedBy = 'violation';
        }
        break;
      }

      for (let w = 0; w < reports.length; w++) {
        const r = reports[w] as ExpandReport;
        generated += r.generated;
        rejected += r.rejected;
        add(actionCounts, r.actionCounts);
        add(distinctByAction, (settled[w] as SettleReport).distinctByAction);
        violationCount += r.violations + (settled[w] as SettleReport).violations;
      }
      events.sort(compareKeys);
      for (const e of events) {
        keep(foundOf(e));
      }
      collectEdges(reports, resolved, levelEnd);
      expanded = levelEnd;
      distinctStates = visited.count;
      const nextSize = distinctStates - levelEnd;
      if (nextSize > 0) deepest = depth + 1;
      levelStart = levelEnd;
      levelSize = nextSize;
      depth++;
      // As often as the sequential search would report: once per progressEvery states crossed.
      if (options.onProgress !== undefined && Math.floor(distinctStates / progressEvery) > Math.floor(reported / progressEvery)) {
        reported = distinctStates;
        options.onProgress({
          distinctStates,
          statesGenerated: generated,
          depth,
          queueSize: levelSize,
          elapsedMs: performance.now() - start,
        });
      }
      if (overMemory()) {
        stoppedBy = 'memory';
        break;
      }
      ranges = plan.ranges;
    }
  } finally {
    clearInterval(poll);
    await Promise.all(endpoints.map((e) => e.close()));
  }

  /** Termination edges of a level, up to (not including) states from `parentLimit` on, whose edges do not matter. */
  function collectEdges(reports: readonly ExpandReport[], resolved: readonly Int32Array[], parentLimit: number): void {
    if (!checkTermination) return;
    for (let w = 0; w < reports.length; w++) {
      const r = reports[w] as ExpandReport;
      const res = resolved[w] as Int32Array;
      for (let k = 0; k < r.oldEdges.length; k += 2) {
        if ((r.oldEdges[k] as number) >= parentLimit) break;
        edgeFrom.push(r.oldEdges[k] as number);
        edgeTo.push(r.oldEdges[k + 1] as number);
      }
      for (let k = 0; k < r.newEdges.length; k += 2) {
        const from = r.newEdges[k] as number;
        const to = res[r.newEdges[k + 1] as number] as number;
        if (from >= parentLimit) break;
        if (to < 0) continue;
        edgeFrom.push(from);
        edgeTo.push(to);
      }
      for (const t of r.terminals) if (t < parentLimit) terminals.push(t);
    }
  }

  overMemory(); // a last heap sample, so that heapUsedBytes covers the whole run
  const sorted = (m: Map<string, number>): Record<string, number> => Object.fromEntries([...m].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return outcome({
    system,
    canonicalise,
    visited,
    links,
    termination: checkTermination ? { expanded, edgeFrom, edgeTo, terminals } : undefined,
    found,
    violationCount,
    stoppedBy,
    distinctStates,
    generated,
    rejected,
    deepest,
    actionCounts: sorted(actionCounts),
    distinctByAction: sorted(distinctByAction),
    start,
    explorerBytes,
    heapPeak,
  });
}

/** Below this many states a level is not worth moving states for. */
const REBALANCE_MIN = 256;

/**
 * How to even out the workers' shares of the new level (sizes `sizes`, starting at index
 * `levelStart`) when one is more than an eighth off its fair share, keeping the ranges contiguous
 * and in order: the start index of each worker's range then the level's end, and for each
 * worker the local offsets at which to cut its share (null when no state moves).
 */
function rebalancePlan(sizes: readonly number[], levelStart: number): { readonly ranges: number[]; readonly cuts: number[][] | null } {
  const total = sizes.reduce((a, b) => a + b, 0);
  const current = [levelStart];
  for (const s of sizes) current.push((current[current.length - 1] as number) + s);
  const fair = total / Math.max(1, sizes.length);
  if (total < REBALANCE_MIN || sizes.every((s) => Math.abs(s - fair) <= fair / 8)) return { ranges: current, cuts: null };
  const target = evenCuts(total, sizes.length).map((c) => c + levelStart);
  // Worker w's states [current[w], current[w+1]) cut along the target ranges.
  const cuts = sizes.map((_, w) => {
    const from = current[w] as number;
    const to = current[w + 1] as number;
    return target.map((t) => Math.min(Math.max(t, from), to) - from);
  });
  return { ranges: target, cuts };
}
