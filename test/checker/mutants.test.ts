/**
 * Seeded bugs: every mutant of the catalogue is caught within the CI budget, by one of the
 * invariants its entry names or by the independent oracle, and its shrunk trace is short:
 * within a few steps of the shortest counterexample, which a breadth-first search finds.
 */
import { describe, expect, it } from 'vitest';
import { caughtAsExpected, check } from '../../src/checker/index.ts';
import type { CheckResult } from '../../src/checker/index.ts';
import { mutants, mutantStep } from '../../src/mutants/catalog.ts';
import type { Mutant } from '../../src/mutants/catalog.ts';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { SEED } from './seed.ts';
import { shortestViolation } from './shortest.ts';

/** Runs allowed before a mutant counts as missed: far above the slowest median measured (docs/checked.md). */
const RUNS = 3000;

/**
 * Upper bounds on the shrunk trace on `default`: the longest measured over seeds 1 to 10 and 42,
 * plus one step where that was above the shortest (bench/mutants.ts, docs/checked.md). The
 * shortest counterexamples come from a breadth-first search where it fits in memory.
 */
const DEFAULT_BOUND: Readonly<Record<string, number>> = {
  'M-01': 21, // measured 16 to 20; shortest 16 (pins two units to skip their copies)
  'M-02': 13, // measured 11 to 12; shortest 11
  'M-03': 9, // measured 9; shortest 9
  'M-04': 14, // measured 12 to 13; shortest 12
  'M-05': 12, // measured 12; shortest 12
  'M-06': 16, // measured 14 to 15; shortest 14
  'M-07': 21, // measured 17 to 20; shortest 16
  'M-08': 3, // measured 3; shortest 3
  'M-09': 25, // measured 20 to 24; the search did not fit in memory
  'M-10': 13, // measured 12; shortest 12
  'M-11': 15, // measured 13 to 14; shortest 13
  'M-12': 21, // measured 19 to 20; shortest 18
  'M-13': 5, // measured 5; shortest 5
  'M-14': 21, // measured 18 to 20; shortest 16
};

/** How many steps above the shortest a shrunk trace may be. */
const SLACK = 4;

const checkMutant = (m: Mutant, scenario = defaultScenario): CheckResult =>
  check({ scenario, mutant: m, seed: SEED, runs: RUNS, witnesses: [], requiredEvents: [] });

describe.each(mutants.map((m) => [m.id, m.name, m] as const))(`mutant %s %s (seed ${SEED})`, (id, _name, m) => {
  it(`is caught on default by ${m.caughtBy.join(' or ')} or the ORACLE, with a short shrunk trace`, () => {
    const r = checkMutant(m);
    expect(r.status).toBe('violation');
    const cx = r.counterexample!;
    expect(caughtAsExpected(m, r), `caught by ${cx.violation.id}: ${cx.violation.explanation}`).toBe(true);
    expect(cx.shrunkLength).toBeLessThanOrEqual(DEFAULT_BOUND[id]!);
  });

  it(`on tiny, its shrunk trace is at most ${SLACK} steps longer than the shortest (breadth-first search)`, () => {
    const r = checkMutant(m, tiny);
    expect(r.status).toBe('violation');
    const cx = r.counterexample!;
    const shortest = shortestViolation(tiny, mutantStep(m), [cx.violation.id]);
    expect(shortest).not.toBeNull();
    expect(cx.shrunkLength).toBeGreaterThanOrEqual(shortest!.events.length);
    expect(cx.shrunkLength).toBeLessThanOrEqual(shortest!.events.length + SLACK);
  });
});
