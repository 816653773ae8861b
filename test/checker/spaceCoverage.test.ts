/**
 * Coverage against the exhaustive space (src/checker/spaceCoverage.ts), on a scenario the
 * explorer finishes at once: tiny without environment events, one fault, one attempt.
 */
import { describe, expect, it } from 'vitest';
import { abstractState, spaceCoverage } from '../../src/checker/index.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { SEED } from './seed.ts';

const little: Scenario = { ...tiny, name: 'little', bounds: { faults: 1, schedChanges: 0, guestWrites: 0, attempts: 1 } };

describe(`spaceCoverage (seed ${SEED})`, () => {
  it('counts as reached exactly the distinct states the check reports, all of them reachable, and shares between 0 and 1', async () => {
    const c = await spaceCoverage({ scenario: little, seed: SEED, runs: 100, witnesses: [], requiredEvents: [] });
    expect(c.outside).toBe(0);
    expect(c.states.reached).toBe(c.check.distinctStates);
    expect(c.states.reached).toBeGreaterThan(1);
    expect(c.states.reached).toBeLessThan(c.states.reachable);
    expect(c.states.share).toBeCloseTo(c.states.reached / c.states.reachable, 12);
    expect(c.abstract.reachable).toBeLessThan(c.states.reachable);
    expect(c.abstract.share).toBeGreaterThanOrEqual(c.states.share);
    expect(c.unreachedExamples.length).toBeGreaterThan(0);
  });

  it('names the phase, each unit place with its content and copy, and the version relations', () => {
    expect(abstractState(initialState(tiny))).toBe('idle | hv hv hv# | ');
  });
});
