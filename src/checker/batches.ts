/**
 * Batches: how a check of many runs is cut into independent pieces, each one seed, so that
 * worker threads (`--workers N`) and CI shards (`--shard i/N`) can run them apart and the
 * merged result is the same whatever the number of workers or shards.
 *
 * @remarks
 * A check of `runs` runs with seed `S` is the batches `0, 1, ...` of `batchRuns` runs each
 * (the last one shorter), batch `j` a plain {@link check} with seed {@link batchSeed}`(S, j)`;
 * batch 0 has seed `S` itself, so a check of at most `batchRuns` runs is exactly `check` with
 * that seed. The cut depends on `S`, `runs` and `batchRuns` only, never on the number of
 * workers: that is what makes the result independent of it.
 *
 * Merging follows the order of the batches, as if one process had run them one after the
 * other and stopped at the first violation: the first counterexample is the one of the
 * lowest-numbered failing batch, and the statistics (runs, steps, coverage, witnesses) are
 * summed over the batches up to and including that one; batches after it that ran anyway
 * (on another worker or shard) are left out. {@link shardOf} assigns batches to workers and
 * shards with one function, round robin: batch `j` to `j mod N`.
 */
import type { EventType } from '../model/events.ts';
import type { Coverage, PhaseKey } from './coverage.ts';
import { coverageGaps, PHASE_KEYS } from './coverage.ts';
import type { CheckStatus, Missing } from './result.ts';
import type { WitnessOutcome } from './witnessTracker.ts';

/** Runs per batch by default: small enough to keep every core busy, large enough that a batch costs far more than its start. @public */
export const DEFAULT_BATCH_RUNS = 100;

/**
 * The seed of batch `index` of a check with seed `seed`: the seed itself for batch 0, a mix
 * of the two (a 32-bit integer hash, made non-negative) for the others.
 * @public
 */
export function batchSeed(seed: number, index: number): number {
  if (index === 0) return seed;
  // murmur3's finaliser over the pair: consecutive indices give unrelated seeds.
  let h = (seed ^ Math.imul(index, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fff_ffff;
}

/** One batch of a plan. @public */
export interface Batch {
  readonly index: number;
  readonly seed: number;
  readonly runs: number;
}

/**
 * The batches of a check of `runs` runs (null: unbounded, as under a time budget; the plan is
 * then cut at `limit` batches, ten million runs by default) with seed `seed`.
 * @public
 */
export function planBatches(seed: number, runs: number | null, batchRuns: number = DEFAULT_BATCH_RUNS, limit = 100_000): Batch[] {
  if (!Number.isInteger(batchRuns) || batchRuns < 1) throw new RangeError(`batchRuns must be a positive integer, got ${batchRuns}`);
  const count = runs === null ? limit : Math.ceil(runs / batchRuns);
  const out: Batch[] = [];
  for (let j = 0; j < count; j++) out.push({ index: j, seed: batchSeed(seed, j), runs: runs === null ? batchRuns : Math.min(batchRuns, runs - j * batchRuns) });
  return out;
}

/** A shard `i/N`: the `index`-th (0-based) of `count` parts. @public */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Whether batch `batch` belongs to shard (or worker) `shard`: round robin, the one partition
 * function of both workers and CI shards.
 * @public
 */
export function shardOf(batch: number, shard: Shard): boolean {
  return batch % shard.count === shard.index;
}

/** The batches of a plan that belong to a shard. @public */
export function batchesOfShard(plan: readonly Batch[], shard: Shard): Batch[] {
  return plan.filter((b) => shardOf(b.index, shard));
}

/**
 * What a batch reports, as much as merging needs; `T` carries the counterexample (a full one
 * in process, its JSON form in a report file).
 * @public
 */
export interface BatchSummary<T> extends BatchFigures {
  readonly index: number;
  readonly seed: number;
  /** Present when the batch found a violation. */
  readonly failure?: T;
}

/** The figures a batch has and a merge sums. @public */
export interface BatchFigures {
  readonly status: CheckStatus;
  readonly runs: number;
  readonly steps: number;
  readonly checkedSteps: number;
  readonly invariantChecks: number;
  readonly coverage: Coverage;
  readonly witnesses: readonly WitnessOutcome[];
  readonly interrupted: boolean;
}

/** Merged batches: the sums, the first failure and what the whole missed. @public */
export interface MergedBatches<T> extends BatchFigures {
  readonly missing: Missing;
  /** The batches merged, in order (those after the first failure, or after a gap, are not). */
  readonly batches: readonly number[];
  /** The first failing batch, with its failure. */
  readonly failure?: { readonly index: number; readonly seed: number; readonly failure: T };
}

function addCoverage(a: Coverage, b: Coverage): Coverage {
  const sum = <K extends string>(x: Readonly<Partial<Record<K, number>>>, y: Readonly<Partial<Record<K, number>>>): Partial<Record<K, number>> => {
    const out: Partial<Record<K, number>> = { ...x };
    for (const [k, v] of Object.entries(y) as [K, number][]) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const codes = sum(a.rejections, b.rejections);
  return {
    events: sum(a.events, b.events) as Record<EventType, number>,
    phases: sum(a.phases, b.phases) as Record<PhaseKey, number>,
    disruptionsByPhase: Object.fromEntries(PHASE_KEYS.map((p) => [p, sum(a.disruptionsByPhase[p] ?? {}, b.disruptionsByPhase[p] ?? {})])) as Coverage['disruptionsByPhase'],
    rejections: Object.fromEntries(Object.keys(codes).sort().map((c) => [c, codes[c as keyof typeof codes]])) as Coverage['rejections'],
    injections: { planned: a.injections.planned + b.injections.planned, fired: a.injections.fired + b.injections.fired },
  };
}

/**
 * Merges batch summaries as if one process had run them in order (see the file's remarks).
 *
 * @remarks
 * The summaries may come in any order and from any number of workers or shards; duplicates of
 * a batch are an error. Only a gapless prefix `0..k` is merged: a batch is missing when a time
 * budget stopped its worker before it, and merging past a gap would count runs that a rerun
 * with the reported number of runs would not repeat. A witness's `firstRun` is numbered over
 * the merged runs.
 * @param required - the event types the check requires (an empty list requires none, and no phase either).
 * @param order - the batches in the order they count (a shard's own batches); default 0, 1, 2, ...
 * @public
 */
export function mergeBatches<T>(summaries: readonly BatchSummary<T>[], required: readonly EventType[], order?: readonly number[]): MergedBatches<T> {
  if (summaries.length === 0) throw new RangeError('mergeBatches: no batch to merge');
  const byIndex = new Map<number, BatchSummary<T>>();
  for (const s of summaries) {
    if (byIndex.has(s.index)) throw new RangeError(`mergeBatches: batch ${s.index} given twice`);
    byIndex.set(s.index, s);
  }
  const taken: BatchSummary<T>[] = [];
  const expected = order ?? [...byIndex.keys()].sort((a, b) => a - b).map((_, i) => i);
  for (const j of expected) {
    const s = byIndex.get(j);
    if (s === undefined) break;
    taken.push(s);
    // After a failure or an interruption nothing further counts: one process would have stopped there.
    if (s.failure !== undefined || s.interrupted) break;
  }
  if (taken.length === 0) throw new RangeError(`mergeBatches: batch ${expected[0] ?? 0} is missing (got ${[...byIndex.keys()].sort((a, b) => a - b).join(', ')})`);
  let coverage = taken[0]!.coverage;
  for (const s of taken.slice(1)) coverage = addCoverage(coverage, s.coverage);
  let offset = 0;
  const witnesses = taken[0]!.witnesses.map((w) => ({ ...w, firstRun: null as number | null, runs: 0 }));
  for (const s of taken) {
    s.witnesses.forEach((w, i) => {
      const m = witnesses[i]!;
      if (m.id !== w.id) throw new RangeError(`mergeBatches: batch ${s.index} tracks witness ${w.id} where batch 0 tracks ${m.id}`);
      m.runs += w.runs;
      if (m.firstRun === null && w.firstRun !== null) m.firstRun = offset + w.firstRun;
    });
    offset += s.runs;
  }
  const outcomes: WitnessOutcome[] = witnesses.map((w) => ({ ...w, reached: w.firstRun !== null }));
  const last = taken[taken.length - 1]!;
  const gaps = coverageGaps(coverage, required);
  const missing: Missing = { witnesses: outcomes.filter((w) => !w.reached).map((w) => w.id), events: gaps.events, phases: gaps.phases };
  const complete = missing.witnesses.length === 0 && missing.events.length === 0 && missing.phases.length === 0;
  const status: CheckStatus = last.failure !== undefined ? 'violation' : complete ? 'ok' : 'incomplete';
  const total = (f: (s: BatchSummary<T>) => number): number => taken.reduce((n, s) => n + f(s), 0);
  return {
    status,
    runs: total((s) => s.runs),
    steps: total((s) => s.steps),
    checkedSteps: total((s) => s.checkedSteps),
    invariantChecks: total((s) => s.invariantChecks),
    coverage,
    witnesses: outcomes,
    missing,
    interrupted: last.interrupted,
    batches: taken.map((s) => s.index),
    ...(last.failure === undefined ? {} : { failure: { index: last.index, seed: last.seed, failure: last.failure } }),
  };
}
