/**
 * Batches, worker threads and their merge: the result of a seed does not depend on the number
 * of workers, and the merge is that of one process running the batches in order.
 */
import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../src/checker/batches.ts';
import { batchesOfShard, batchSeed, mergeBatches, planBatches } from '../../src/checker/batches.ts';
import { check } from '../../src/checker/check.ts';
import { checkBatches, jobOptions } from '../../src/checker/parallel.ts';
import { STEP_PROPERTIES } from '../../src/checker/properties.ts';
import type { CheckResult } from '../../src/checker/result.ts';
import { EVENT_TYPES } from '../../src/model/events.ts';
import { step } from '../../src/model/step.ts';
import { findMutant } from '../../src/mutants/catalog.ts';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { invariants } from '../../properties/invariants.ts';
import { SEED } from './seed.ts';

/** A result without its clock readings, which are the only thing allowed to differ. */
const timeless = (r: CheckResult) => JSON.stringify({ ...r, elapsedMs: 0, timeToFailureMs: r.timeToFailureMs === undefined ? undefined : 0 });

describe('batches: the cut, the seeds and the partition', () => {
  it('batch 0 has the check\'s own seed, the others distinct seeds; the runs add up to those asked', () => {
    const plan = planBatches(SEED, 1050, 100);
    expect(plan.map((b) => b.runs)).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50]);
    expect(plan[0]!.seed).toBe(SEED);
    expect(new Set(plan.map((b) => b.seed)).size).toBe(plan.length);
    for (const b of plan) expect(b.seed).toBe(batchSeed(SEED, b.index));
    expect(plan.every((b) => b.seed >= 0 && b.seed <= 0x7fff_ffff)).toBe(true);
    expect(() => planBatches(SEED, 10, 0)).toThrow(RangeError);
  });

  it('the shards of a plan partition it: every batch in exactly one shard, round robin', () => {
    const plan = planBatches(SEED, 1700, 100);
    for (const n of [1, 2, 3, 5]) {
      const shards = Array.from({ length: n }, (_, i) => batchesOfShard(plan, { index: i, count: n }).map((b) => b.index));
      expect(shards.flat().sort((a, b) => a - b)).toEqual(plan.map((b) => b.index));
      shards.forEach((s, i) => expect(s.every((j) => j % n === i)).toBe(true));
    }
  });

  it('a check of at most one batch is check() with the same seed', async () => {
    const o = { scenario: tiny, seed: SEED, runs: 60, ...STEP_PROPERTIES };
    const { result } = await checkBatches({ ...o, batchRuns: 100 });
    const plain = check(o);
    expect({ ...result, batches: undefined, elapsedMs: 0 }).toEqual({ ...plain, elapsedMs: 0 });
  });
});

describe('mergeBatches: one process running the batches in order', () => {
  const summaries = (): BatchSummary<string>[] => {
    const plan = planBatches(SEED, 500, 100);
    return plan.map((b) => {
      const r = check({ scenario: tiny, seed: b.seed, runs: b.runs });
      return { index: b.index, seed: b.seed, status: r.status, runs: r.runs, steps: r.steps, checkedSteps: r.checkedSteps, invariantChecks: r.invariantChecks, coverage: r.coverage, witnesses: r.witnesses, interrupted: r.interrupted };
    });
  };
  const all = summaries();

  it('sums runs, steps and coverage, numbers firstRun over the merged runs, whatever the order the summaries come in', () => {
    const m = mergeBatches(all, EVENT_TYPES);
    expect(mergeBatches([...all].reverse(), EVENT_TYPES)).toEqual(m);
    expect(m.runs).toBe(500);
    expect(m.steps).toBe(all.reduce((n, s) => n + s.steps, 0));
    expect(m.coverage.events['sp/handoverRequested']).toBe(all.reduce((n, s) => n + s.coverage.events['sp/handoverRequested'], 0));
    for (const [i, w] of m.witnesses.entries()) {
      const first = all.findIndex((s) => s.witnesses[i]!.firstRun !== null);
      expect(w.firstRun).toBe(first === -1 ? null : first * 100 + all[first]!.witnesses[i]!.firstRun!);
      expect(w.runs).toBe(all.reduce((n, s) => n + s.witnesses[i]!.runs, 0));
    }
  });

  it('stops at the first failing batch: later batches (run anyway elsewhere) are left out, and its failure is the one reported', () => {
    const failing = all.map((s) => (s.index === 2 || s.index === 4 ? { ...s, status: 'violation' as const, failure: `cx of ${s.index}` } : s));
    const m = mergeBatches([...failing].reverse(), EVENT_TYPES);
    expect(m).toMatchObject({ status: 'violation', batches: [0, 1, 2], runs: 300, failure: { index: 2, seed: all[2]!.seed, failure: 'cx of 2' } });
  });

  it('stops at a gap (a batch a time budget never reached) and refuses a batch given twice or no batch 0', () => {
    expect(mergeBatches(all.filter((s) => s.index !== 3), EVENT_TYPES).batches).toEqual([0, 1, 2]);
    expect(() => mergeBatches([...all, all[1]!], EVENT_TYPES)).toThrow(/batch 1 given twice/);
    expect(() => mergeBatches(all.slice(1), EVENT_TYPES)).toThrow(/batch 0 is missing/);
    expect(mergeBatches(batchesOfShard(planBatches(SEED, 500, 100), { index: 1, count: 2 }).map((b) => all[b.index]!), EVENT_TYPES, [1, 3]).batches).toEqual([1, 3]);
  });
});

describe(`worker threads (seed ${SEED})`, () => {
  it('1 and 2 workers give the same result on default: verdict, counts, coverage, witnesses, distinct states', async () => {
    const o = { scenario: defaultScenario, seed: SEED, runs: 400, batchRuns: 50, ...STEP_PROPERTIES };
    const one = await checkBatches({ ...o, workers: 1 });
    const two = await checkBatches({ ...o, workers: 2 });
    expect(one.result.batches!.merged).toHaveLength(8);
    expect(one.result.checkedSteps).toBeGreaterThan(0);
    expect(timeless(two.result)).toBe(timeless(one.result));
  });

  it('1 and 2 workers report the same first counterexample (lowest failing batch) for a mutant that fails in many batches', async () => {
    const o = { scenario: tiny, mutant: findMutant('M-02')!, seed: SEED, runs: 80, batchRuns: 5, ...STEP_PROPERTIES };
    const one = await checkBatches({ ...o, workers: 1 });
    const two = await checkBatches({ ...o, workers: 2 });
    expect(one.result.status).toBe('violation');
    expect(timeless(two.result)).toBe(timeless(one.result));
    // The failing batch is the first one that fails when run alone: nothing before it fails.
    const failing = one.result.batches!.failing!;
    for (const b of planBatches(SEED, 80, 5).slice(0, failing.index)) expect(check({ ...o, seed: b.seed, runs: b.runs }).status).not.toBe('violation');
    expect(check({ ...o, seed: failing.seed, runs: 5 }).counterexample!.events).toEqual(one.result.counterexample!.events);
  });

  it('what cannot cross to a worker is refused by name: a function option, a property record not in the registries', () => {
    expect(() => jobOptions({ scenario: tiny, step })).toThrow(/option step is a function/);
    const own = { ...invariants[0]!, check: () => null };
    expect(() => jobOptions({ scenario: tiny, invariants: [own] })).toThrow(/invariant INV-0 is not one a worker can rebuild/);
    expect(jobOptions({ scenario: tiny, mutant: findMutant('M-02')!, ...STEP_PROPERTIES })).toMatchObject({ mutant: 'M-02', actionProperties: ['REF-1'], monitors: ['ORACLE'] });
  });
});
