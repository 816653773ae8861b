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
 * Upper bounds on the shrunk trace on `default`: the longest measured over seeds 1 to 10 and 42
 * (M-15 to M-24 and the remeasured ones: `check` as `checkMutant` below, with those seeds),
 * plus one step where that was above the shortest (bench/mutants.ts, docs/checked.md). The
 * shortest counterexamples come from a breadth-first search where it fits in memory.
 */
const DEFAULT_BOUND: Readonly<Record<string, number>> = {
  // Remeasured after issue 15's first stage (the commit needs the final snapshot, so every trace
  // through a commit is three steps longer): M-01, M-03, M-06, M-07, M-09, M-12, M-14 and M-15..M-24.
  'M-01': 27, // measured 23 to 26; shortest on tiny 19
  'M-02': 13, // measured 11 to 12; shortest 11
  'M-03': 9, // measured 9 (INV-12 at the freeze); shortest on tiny 7
  'M-04': 14, // measured 12 to 13; shortest 12
  'M-05': 12, // measured 12; shortest 12
  'M-06': 16, // measured 14 to 15; shortest 14
  'M-07': 24, // measured 19 to 23; shortest on tiny 15
  'M-08': 3, // measured 3; shortest 3
  'M-09': 25, // measured 20 to 24; the search did not fit in memory
  'M-10': 13, // measured 12; shortest 12
  'M-11': 15, // measured 13 to 14; shortest 13
  'M-12': 24, // measured 22 to 23; shortest on tiny 17
  'M-13': 5, // measured 5; shortest 5
  'M-14': 24, // measured 22 to 23; shortest on tiny 15
  'M-15': 24, // measured 19 to 23; shortest on tiny 16
  'M-16': 5, // measured 5; shortest 5
  'M-17': 6, // measured 6; shortest 6
  'M-18': 2, // measured 2; shortest 2
  'M-19': 16, // measured 13 to 15; shortest on tiny 11
  'M-20': 9, // measured 7 to 8; shortest 7
  'M-21': 16, // measured 14 to 15; shortest on tiny 12
  'M-22': 25, // measured 22 to 24; shortest on tiny 16
  'M-23': 20, // measured 17 to 19; shortest on tiny 11
  'M-24': 4, // measured 4; shortest 4
  'M-25': 25, // measured 19 to 24 (DEADLOCK); the explorer's shortest deadlock on tiny is 14
  'M-26': 21, // measured 19 to 20 (TERMINATION, the drive's cycle included)
};

/** The mutants of issue 15's outcome properties (INV-1 (d), INV-11 to INV-16). */
const OUTCOME_MUTANTS = new Set(['M-15', 'M-16', 'M-17', 'M-18', 'M-19', 'M-20', 'M-21', 'M-22', 'M-23', 'M-24']);

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
    // Issue 15's mutants are caught by the outcome property written for them, by name, not by the oracle.
    if (OUTCOME_MUTANTS.has(id)) expect(m.caughtBy).toContain(cx.violation.id);
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
      // A termination violation is a cycle the drive must close (send, relay, drop at least). A
      // deadlock is a state, but since the commit waits for the final snapshot (issue 15) M-25's
      // deadlock comes before the commit, and the shrunk run keeps the drive's steps into it:
      // measured 22 against the shortest 14 with seed 42.
      expect(cx.shrunkLength).toBeLessThanOrEqual(shortest + 2 * SLACK);
      // The quiescence drive's steps end the trace, and replay to the same violation.
      if (cx.violation.id === 'TERMINATION') expect(cx.driven).toBeGreaterThan(0);
    });
    return;
  }

  it(`on tiny, its shrunk trace is at most ${SLACK} steps longer than the shortest (breadth-first search)`, () => {
    // Liveness off: the breadth-first search below looks for the shortest invariant violation, so the
    // random checker must report one too (M-22 may deadlock before its INV-15 breaks).
    const r = check({ scenario: tiny, mutant: m, seed: SEED, runs: RUNS, witnesses: [], requiredEvents: [], liveness: false });
    expect(r.status).toBe('violation');
    const cx = r.counterexample!;
    const shortest = shortestViolation(tiny, mutantStep(m), [cx.violation.id]);
    expect(shortest).not.toBeNull();
    expect(cx.shrunkLength).toBeGreaterThanOrEqual(shortest!.events.length);
    expect(cx.shrunkLength).toBeLessThanOrEqual(shortest!.events.length + SLACK);
  });
});
