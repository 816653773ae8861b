/**
 * Seeded bugs: every mutant of the catalogue is caught within the CI budget, by one of the
 * invariants its entry names or by the independent oracle, and its shrunk trace is short:
 * within a few steps of the shortest counterexample, which a breadth-first search finds.
 */
import { describe, expect, it } from 'vitest';
import { caughtAsExpected, check } from '../../src/checker/index.ts';
import type { CheckResult } from '../../src/checker/index.ts';
import { isLivenessMutant, mutants, mutantStep } from '../../src/mutants/catalog.ts';
import { explore, handoverSystem } from '../../src/explorer/index.ts';
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
  'M-25': 25, // measured 19 to 24 (DEADLOCK); the explorer's shortest deadlock on tiny is 15
  'M-26': 21, // measured 19 to 20 (TERMINATION, the drive's cycle included)
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

  if (isLivenessMutant(m)) {
    it('breaks no safety property: with the liveness checks off, the same runs find nothing on default', () => {
      const r = check({ scenario: defaultScenario, mutant: m, seed: SEED, runs: 1000, witnesses: [], requiredEvents: [], liveness: false });
      expect(r.counterexample?.violation).toBeUndefined();
      expect(r.runs).toBe(1000);
    });

    it('on tiny, its shrunk trace is as short as the explorer allows: within the slack of the shortest deadlock, or round the cycle once past the first non-terminating state', () => {
      const r = checkMutant(m, tiny);
      expect(r.status).toBe('violation');
      const cx = r.counterexample!;
      expect(m.caughtBy).toContain(cx.violation.id);
      // 50,000 states prove the shortest non-termination (unexpanded states count as terminating): the whole space is test/explorer's.
      const x = explore(handoverSystem(tiny, { step: mutantStep(m) }), { checkTermination: true, maxStates: 50_000 });
      expect(x.violation?.kind).toBe(cx.violation.id === 'DEADLOCK' ? 'deadlock' : 'nontermination');
      const shortest = x.violation!.trace.length - 1;
      expect(cx.shrunkLength).toBeGreaterThanOrEqual(shortest);
      // A deadlock is a state; a termination violation is a cycle the drive must close (send, relay, drop at least).
      expect(cx.shrunkLength).toBeLessThanOrEqual(shortest + (cx.violation.id === 'DEADLOCK' ? SLACK : 2 * SLACK));
      // The quiescence drive's steps end the trace, and replay to the same violation.
      if (cx.violation.id === 'TERMINATION') expect(cx.driven).toBeGreaterThan(0);
    });
    return;
  }

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
