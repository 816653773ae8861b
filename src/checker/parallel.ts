/**
 * `checkBatches`: {@link check} cut into batches (`batches.ts`) and run in this thread or on
 * worker threads, with a result that does not depend on the number of workers.
 *
 * @remarks
 * Worker `w` of `N` runs the batches `j` with `j mod N = w` ({@link shardOf}, the partition of
 * CI shards too), in order, each a plain `check`, and posts each batch's summary back. The
 * coordinator merges the summaries in batch order ({@link mergeBatches}): the first
 * counterexample is the lowest-numbered failing batch's, whichever worker found it first, and
 * workers stop once every batch before the first failure is in. Speculative batches after it
 * are dropped, so 1 and N workers report the same verdict, counterexample, counts, coverage and
 * witnesses for a seed (a test asserts it).
 *
 * Workers are new threads that load this TypeScript code through tsx (`--import tsx`), as the
 * binary does; a worker gets its options as data, so what cannot cross a thread boundary (a
 * user's `step` or `candidates`, property records not in the registries) is refused with
 * `workers > 1`, and accepted in-process (`workers: 1`). Progress crosses as messages.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { siblingModule, startWorker } from '../io/worker.ts';
import { findMutant } from '../mutants/catalog.ts';
import type { ActionProperty, Invariant } from '../../properties/invariants.ts';
import { invariants as allInvariants } from '../../properties/invariants.ts';
import { refinesLifecycle } from '../../properties/refinement.ts';
import type { Witness } from '../../properties/witnesses.ts';
import { witnesses as allWitnesses } from '../../properties/witnesses.ts';
import type { Batch, BatchSummary, MergedBatches, Shard } from './batches.ts';
import { batchesOfShard, DEFAULT_BATCH_RUNS, mergeBatches, planBatches } from './batches.ts';
import { checkKeyed } from './check.ts';
import type { CheckOptions } from './options.ts';
import { freshSeed, resolveOptions } from './options.ts';
import type { Monitor } from './properties.ts';
import { oracleMonitor } from './properties.ts';
import type { CheckResult, Counterexample } from './result.ts';
import { MAX_DISTINCT } from './distinct.ts';

/** Options of {@link checkBatches}: those of `check`, and how to cut and spread the runs. @public */
export interface BatchedCheckOptions extends CheckOptions {
  /** Runs per batch (default 100). Part of the result: another cut is another set of runs. */
  readonly batchRuns?: number;
  /** Worker threads (default 1: in this thread). Not part of the result. */
  readonly workers?: number;
  /** Run only this shard's batches (`--shard i/N`); merge the shards' reports with `vm-handover merge`. */
  readonly shard?: Shard;
}

/** What a failing batch hands over: its counterexample and where to replay it. @internal */
export interface Failure {
  readonly counterexample: Counterexample;
  readonly path?: string;
  readonly timeToFailureMs?: number;
}

/** The outcome of a batched check: the merged result and each batch's summary, in batch order. @public */
export interface BatchedCheckResult {
  readonly result: CheckResult;
  /** One per batch run and merged; a shard's report keeps them so `merge` can redo the merge exactly. */
  readonly summaries: readonly BatchSummary<Failure>[];
}

/** Records a worker can rebuild by id: the registries of the properties. */
const INVARIANTS: ReadonlyMap<string, Invariant> = new Map(allInvariants.map((i) => [i.id, i]));
const ACTION_PROPERTIES: ReadonlyMap<string, ActionProperty> = new Map([[refinesLifecycle.id, refinesLifecycle]]);
const MONITORS: ReadonlyMap<string, Monitor> = new Map([[oracleMonitor.id, oracleMonitor as Monitor]]);
const WITNESSES: ReadonlyMap<string, Witness> = new Map(allWitnesses.map((w) => [w.id, w]));

/** A batch's options as data, for a worker. @internal */
export interface WorkerJob {
  readonly options: Omit<CheckOptions, 'step' | 'mutant' | 'invariants' | 'actionProperties' | 'monitors' | 'witnesses' | 'candidates' | 'onProgress' | 'shouldStop' | 'seed' | 'runs' | 'path' | 'timeBudgetMs'> & {
    readonly mutant?: string;
    readonly invariants?: readonly string[];
    readonly actionProperties?: readonly string[];
    readonly monitors?: readonly string[];
    readonly witnesses?: readonly string[];
  };
  readonly batches: readonly Batch[];
  /**
   * The time budget in ms, or null; it counts from the worker's start, so that the seconds a
   * thread takes to load the code do not eat a short budget.
   */
  readonly budgetMs: number | null;
  /** Set to 1 when the run is to stop (the coordinator's `shouldStop`): polled between runs. */
  readonly stop?: Int32Array;
}

function ids<T extends { readonly id: string }>(what: string, given: readonly T[] | undefined, registry: ReadonlyMap<string, T>): string[] | undefined {
  if (given === undefined) return undefined;
  return given.map((x) => {
    if (registry.get(x.id) !== x) throw new TypeError(`checkBatches: ${what} ${x.id} is not one a worker can rebuild (run it with workers: 1)`);
    return x.id;
  });
}

/** The options of a worker's job, as data; throws on what cannot cross to a worker. @internal */
export function jobOptions(o: CheckOptions): WorkerJob['options'] {
  for (const k of ['step', 'candidates'] as const)
    if (o[k] !== undefined) throw new TypeError(`checkBatches: option ${k} is a function and cannot be sent to a worker (run it with workers: 1)`);
  const { step: _s, mutant, invariants, actionProperties, monitors, witnesses, candidates: _c, onProgress: _p, shouldStop: _stop, seed: _seed, runs: _r, path: _path, timeBudgetMs: _t, ...data } = o;
  const inv = ids('invariant', invariants, INVARIANTS);
  const act = ids('action property', actionProperties, ACTION_PROPERTIES);
  const mon = ids('monitor', monitors, MONITORS);
  const wit = ids('witness', witnesses, WITNESSES);
  return {
    ...data,
    ...(mutant === undefined ? {} : { mutant: mutant.id }),
    ...(inv === undefined ? {} : { invariants: inv }),
    ...(act === undefined ? {} : { actionProperties: act }),
    ...(mon === undefined ? {} : { monitors: mon }),
    ...(wit === undefined ? {} : { witnesses: wit }),
  };
}

/** The options of `check` rebuilt from a job's data. @internal */
export function fromJob(o: WorkerJob['options']): CheckOptions {
  const pick = <T>(list: readonly string[] | undefined, registry: ReadonlyMap<string, T>): T[] | undefined => list?.map((id) => registry.get(id)!);
  const { mutant, invariants, actionProperties, monitors, witnesses, ...data } = o;
  const m = mutant === undefined ? undefined : findMutant(mutant);
  if (mutant !== undefined && m === undefined) throw new TypeError(`checkBatches: unknown mutant ${mutant}`);
  const inv = pick(invariants, INVARIANTS);
  const act = pick(actionProperties, ACTION_PROPERTIES);
  const mon = pick(monitors, MONITORS);
  const wit = pick(witnesses, WITNESSES);
  return {
    ...data,
    ...(m === undefined ? {} : { mutant: m }),
    ...(inv === undefined ? {} : { invariants: inv }),
    ...(act === undefined ? {} : { actionProperties: act }),
    ...(mon === undefined ? {} : { monitors: mon }),
    ...(wit === undefined ? {} : { witnesses: wit }),
  };
}

/** What a worker posts now and then: its runs and steps so far. @internal */
export interface ProgressMessage {
  readonly kind: 'progress';
  readonly runs: number;
  readonly steps: number;
}

/** What a worker posts per batch. @internal */
export interface BatchMessage {
  readonly kind: 'batch';
  readonly summary: BatchSummary<Failure>;
  readonly distinct: readonly string[];
  readonly elapsedMs: number;
}

/**
 * Runs one batch: a plain `check` with the batch's seed and runs.
 * @param deadline - `Date.now()` by which to stop, or null.
 * @internal
 */
export function runBatch(options: CheckOptions, batch: Batch, deadline: number | null, before = { runs: 0, steps: 0 }): BatchMessage {
  const left = deadline === null ? undefined : Math.max(1, deadline - Date.now());
  const onProgress = options.onProgress;
  const { result: r, distinct } = checkKeyed({
    ...options,
    seed: batch.seed,
    runs: batch.runs,
    ...(left === undefined ? {} : { timeBudgetMs: left }),
    ...(onProgress === undefined ? {} : { onProgress: (p) => onProgress({ ...p, runs: before.runs + p.runs, steps: before.steps + p.steps }) }),
  });
  const failure: Failure | undefined = r.counterexample === undefined ? undefined : {
    counterexample: r.counterexample,
    ...(r.path === undefined ? {} : { path: r.path }),
    ...(r.timeToFailureMs === undefined ? {} : { timeToFailureMs: r.timeToFailureMs }),
  };
  return {
    kind: 'batch',
    summary: {
      index: batch.index, seed: batch.seed, status: r.status, runs: r.runs, steps: r.steps, checkedSteps: r.checkedSteps,
      invariantChecks: r.invariantChecks, coverage: r.coverage, witnesses: r.witnesses, interrupted: r.interrupted,
      ...(failure === undefined ? {} : { failure }),
    },
    distinct: [...distinct],
    elapsedMs: r.elapsedMs,
  };
}

/** The default number of workers: every core the process may use. @public */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Whether a batch stops its worker: a failure or a time budget ends the sequence. */
const ends = (s: BatchSummary<Failure>): boolean => s.failure !== undefined || s.interrupted;

/** Runs a worker's batches in this thread. */
function inProcess(options: CheckOptions, batches: readonly Batch[], deadline: number | null): BatchMessage[] {
  const out: BatchMessage[] = [];
  const before = { runs: 0, steps: 0 };
  for (const b of batches) {
    if (deadline !== null && Date.now() >= deadline) break;
    const m = runBatch(options, b, deadline, { ...before });
    out.push(m);
    before.runs += m.summary.runs;
    before.steps += m.summary.steps;
    if (ends(m.summary)) break;
  }
  return out;
}

/** worker.js in the build, worker.ts in the sources. */
const WORKER_URL = siblingModule(import.meta.url, 'worker');

/**
 * Runs the batches on `n` worker threads; resolves to every batch message received.
 * @internal
 */
async function onWorkers(options: CheckOptions, batches: readonly Batch[], n: number, budgetMs: number | null): Promise<BatchMessage[]> {
  const job = jobOptions(options);
  const received: BatchMessage[] = [];
  const done = new Set<number>();
  let firstFailure = Infinity;
  const workers: Worker[] = [];
  const progress = new Map<Worker, ProgressMessage>();
  const t0 = performance.now();
  // Everything before the first failure is in: the speculative rest can go.
  const settled = (): boolean => Number.isFinite(firstFailure) && batches.every((b) => b.index >= firstFailure || done.has(b.index));
  // shouldStop (a signal to the CLI) is a function and stays here: polled on this thread, whose
  // event loop is free while the workers compute, and passed on through a shared flag that each
  // worker's check polls between runs.
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const poll = options.shouldStop === undefined ? undefined : setInterval(() => {
    if (options.shouldStop?.() === true) Atomics.store(stop, 0, 1);
  }, 50);
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    const finish = () => {
      clearInterval(poll);
      for (const w of workers) void w.terminate();
      resolve();
    };
    for (let w = 0; w < n; w++) {
      const mine = batchesOfShard(batches, { index: w, count: n });
      if (mine.length === 0) continue;
      const worker = startWorker(WORKER_URL, { workerData: { options: job, batches: mine, budgetMs, stop } satisfies WorkerJob });
      workers.push(worker);
      running++;
      worker.on('message', (m: BatchMessage | ProgressMessage) => {
        if (m.kind === 'progress') {
          progress.set(worker, m);
          let runs = 0;
          let steps = 0;
          for (const p of progress.values()) (runs += p.runs), (steps += p.steps);
          options.onProgress?.({ runs, steps, elapsedMs: performance.now() - t0 });
          return;
        }
        received.push(m);
        done.add(m.summary.index);
        if (ends(m.summary) && m.summary.failure !== undefined) {
          firstFailure = Math.min(firstFailure, m.summary.index);
          for (const other of workers) other.postMessage({ kind: 'stopAfter', index: firstFailure });
        }
        if (settled()) finish();
      });
      worker.on('error', (e) => {
        clearInterval(poll);
        for (const other of workers) void other.terminate();
        reject(e);
      });
      worker.on('exit', () => {
        if (--running === 0) finish();
      });
    }
    if (running === 0) resolve();
  });
  return received;
}

/**
 * Checks a scenario with random runs cut into batches, in this thread or on worker threads;
 * the result is the same for every number of workers.
 *
 * @example
 * ```ts
 * import { checkBatches } from './src/checker/index.ts';
 * import { defaultScenario } from './models/scenarios/index.ts';
 * const { result } = await checkBatches({ scenario: defaultScenario, seed: 42, runs: 2000, workers: 2 });
 * console.log(result.status, result.checkedSteps);
 * ```
 * @public
 */
export async function checkBatches(options: BatchedCheckOptions): Promise<BatchedCheckResult> {
  const started = performance.now();
  const { batchRuns = DEFAULT_BATCH_RUNS, workers = 1, shard, ...rest } = options;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError(`workers must be a positive integer, got ${workers}`);
  if (rest.path !== undefined) throw new TypeError('checkBatches: a replay path belongs to one batch\'s seed; replay it with check');
  const seed = rest.seed ?? freshSeed();
  const config = resolveOptions({ ...rest, seed });
  const plan = planBatches(seed, config.runsGiven || rest.timeBudgetMs === undefined ? config.runs : null, batchRuns);
  const mine = shard === undefined ? plan : batchesOfShard(plan, shard);
  const deadline = rest.timeBudgetMs === undefined ? null : Date.now() + rest.timeBudgetMs;
  const n = Math.min(workers, mine.length);
  const messages = n <= 1 ? inProcess(rest, mine, deadline) : await onWorkers(rest, mine, n, rest.timeBudgetMs ?? null);
  const order = mine.map((b) => b.index);
  const merged = mergeBatches(messages.map((m) => m.summary), config.requiredEvents, order);
  if (merged.batches.length === 0) throw new Error('programmer error: no batch ran');
  const distinct = new Set<string>();
  const byIndex = new Map(messages.map((m) => [m.summary.index, m]));
  for (const j of merged.batches) for (const k of byIndex.get(j)!.distinct) if (distinct.size < MAX_DISTINCT) distinct.add(k);
  const result = assemble(config.scenario.name, config.mutant?.id ?? null, seed, batchRuns, merged, distinct.size, performance.now() - started, config);
  return { result, summaries: merged.batches.map((j) => byIndex.get(j)!.summary) };
}

/**
 * A merged result as a `CheckResult`.
 * @internal
 */
export function assemble(
  scenario: string,
  mutant: string | null,
  seed: number,
  batchRuns: number,
  merged: MergedBatches<Failure>,
  distinctStates: number | null,
  elapsedMs: number,
  generation: Pick<ReturnType<typeof resolveOptions>, 'maxSteps' | 'weights' | 'swarm' | 'rejectedShare' | 'strategy'>,
): CheckResult {
  const f = merged.failure;
  return {
    status: merged.status,
    scenario,
    mutant,
    runs: merged.runs,
    steps: merged.steps,
    checkedSteps: merged.checkedSteps,
    invariantChecks: merged.invariantChecks,
    distinctStates,
    seed,
    ...(f?.failure.path === undefined ? {} : { path: f.failure.path }),
    ...(f === undefined ? {} : { counterexample: f.failure.counterexample }),
    ...(f?.failure.timeToFailureMs === undefined ? {} : { timeToFailureMs: f.failure.timeToFailureMs }),
    batches: { batchRuns, merged: merged.batches, ...(f === undefined ? {} : { failing: { index: f.index, seed: f.seed } }) },
    witnesses: merged.witnesses,
    coverage: merged.coverage,
    missing: merged.missing,
    interrupted: merged.interrupted,
    generation: {
      maxSteps: generation.maxSteps,
      weights: generation.weights,
      swarm: generation.swarm,
      rejectedShare: generation.rejectedShare,
      strategy: generation.strategy,
    },
    elapsedMs,
  };
}
