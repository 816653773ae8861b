/**
 * The model-based property suites: per named scenario, random runs with faults, partial
 * transfers and concurrent scheduling updates, every invariant and the independent oracle
 * checked after every step, every witness reached, every event type taken.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { check, formatSummary, INJECTION_PHASES } from '../../src/checker/index.ts';
import type { CheckResult } from '../../src/checker/index.ts';
import { EVENT_KINDS, EVENT_TYPES } from '../../src/model/events.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { defaultScenario, fragmented, small, tiny } from '../../models/scenarios/index.ts';
import { invariants } from '../../properties/invariants.ts';
import { witnesses } from '../../properties/witnesses.ts';
import { SEED } from './seed.ts';

/**
 * Runs per scenario. Measured over seeds 1 to 8: the last witness was first reached by run 492
 * (tiny), 359 (small, default) and 584 (fragmented), so these leave a margin of about 1.7 for
 * another `VMH_SEED`. W-18 VersionSkipped (issue 14) is rarer: with seed 42 first reached by run
 * 45 (tiny), 69 (small), 150 (default) and 92 (fragmented), but over seeds 1 to 5 as late as 553
 * (small), and with seed 1 not within default's 700 runs (docs/checked.md).
 */
const SUITES: readonly { readonly scenario: Scenario; readonly runs: number }[] = [
  { scenario: tiny, runs: 1000 },
  { scenario: small, runs: 700 },
  { scenario: defaultScenario, runs: 700 },
  { scenario: fragmented, runs: 1000 },
];

for (const { scenario, runs } of SUITES)
describe(`random suite on ${scenario.name} (seed ${SEED})`, () => {
  let r: CheckResult;
  beforeAll(() => {
    r = check({ scenario, seed: SEED, runs });
    console.info(formatSummary(r));
  });

  it(`holds every invariant and agrees with the ORACLE on every state of ${runs} runs`, () => {
    expect(r.counterexample?.violation).toBeUndefined();
    expect(r.runs).toBe(runs);
    // Every state was checked: the initial one of each run and the one after each accepted event.
    const accepted = EVENT_TYPES.reduce((n, t) => n + r.coverage.events[t], 0);
    expect(r.invariantChecks).toBe(invariants.length * (r.runs + accepted));
  });

  it.each(witnesses.map((w) => [w.id, w.name]))('witness %s %s is reached', (id) => {
    const w = r.witnesses.find((x) => x.id === id);
    expect(w?.reached, `${id} never reached in ${runs} runs`).toBe(true);
  });

  it('takes every event type and visits every phase (coverage complete)', () => {
    expect(r.missing).toEqual({ witnesses: [], events: [], phases: [] });
    expect(r.status).toBe('ok');
  });

  it('injects faults in every phase of a handover, before and after the commit point', () => {
    const faultTypes = EVENT_TYPES.filter((t) => EVENT_KINDS[t] === 'fault');
    const struck = INJECTION_PHASES.filter((p) => faultTypes.some((t) => (r.coverage.disruptionsByPhase[p][t] ?? 0) > 0));
    expect(struck).toEqual(INJECTION_PHASES);
  });

  it('takes rejected events, each of which left the state untouched', () => {
    const taken = Object.values(r.coverage.rejections).reduce((a, b) => a + (b ?? 0), 0);
    expect(taken).toBeGreaterThan(0);
  });
});
