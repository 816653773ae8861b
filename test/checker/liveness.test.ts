/**
 * Deadlock and termination in the random checker (src/checker/liveness.ts): the explorer's
 * deadlock on every state a run reaches, and a bounded quiescence drive at the end of every
 * run; both reported like any violation, with seed, replay path and a shrunk trace.
 */
import { describe, expect, it } from 'vitest';
import { check, DEADLOCK, defaultQuiescenceBound, formatCounterexample, TERMINATION } from '../../src/checker/index.ts';
import { explore, handoverSystem, isHandoverFault, isHandoverTerminal } from '../../src/explorer/index.ts';
import { enabledTransitions } from '../../src/model/enabled.ts';
import { makeStep, referenceHandlers } from '../../src/model/step.ts';
import type { Step } from '../../src/model/step.ts';
import { no } from '../../src/model/steps/kit.ts';
import { findMutant, LIVENESS_CHECKS, mutantStep } from '../../src/mutants/catalog.ts';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { SEED } from './seed.ts';

const quiet = { witnesses: [], requiredEvents: [] } as const;

/** A reducer whose target never resumes: every committed handover is stuck. */
const neverResumes: Step = makeStep({ ...referenceHandlers, 'target/vmResumed': (s, e) => no(s, e.type, 'R-07', 'never') });

describe(`deadlock (seed ${SEED})`, () => {
  it(`reports ${DEADLOCK} in a state that is not terminal and has no protocol step, as the explorer does`, () => {
    const r = check({ scenario: tiny, step: neverResumes, seed: SEED, runs: 50, ...quiet });
    expect(r.status).toBe('violation');
    const cx = r.counterexample!;
    expect(cx.violation.id).toBe(DEADLOCK);
    expect(cx.violation.explanation).toContain('phase committed');
    const last = cx.states[cx.states.length - 1]!;
    // The explorer's own predicates: not terminal, and every enabled event is a fault or an environment event.
    expect(isHandoverTerminal(last)).toBe(false);
    expect(enabledTransitions(last, neverResumes).filter((t) => !isHandoverFault(t.event.type))).toEqual([]);
    const x = explore(handoverSystem(tiny, { step: neverResumes }), { maxStates: 50_000 });
    expect(x.status).toBe('deadlock');
    // Shrunk to within a few steps of the explorer's shortest deadlock.
    expect(cx.shrunkLength).toBeLessThanOrEqual(x.violation!.trace.length - 1 + 4);
  });

  it('M-25 lostSnapshotNeverResent: found, shrunk by fast-check and delta debugging, and replayed by its seed and path', () => {
    const m = findMutant('M-25')!;
    const r = check({ scenario: defaultScenario, mutant: m, seed: SEED, runs: 1000, ...quiet });
    const cx = r.counterexample!;
    expect(cx.violation.id).toBe(DEADLOCK);
    expect(cx.shrunkLength).toBeLessThan(cx.originalLength);
    // A message was lost: the fault that the mutant does not recover from is in the shrunk trace.
    expect(cx.events.some((e) => e.type === 'fault/messageLost')).toBe(true);
    expect(r.path).toBeDefined();
    const again = check({ scenario: defaultScenario, mutant: m, seed: r.seed, path: r.path!, ...quiet });
    expect(again.counterexample?.events).toEqual(cx.events);
  });

  it('with liveness off, neither check runs: M-25 breaks no safety property', () => {
    const r = check({ scenario: tiny, mutant: findMutant('M-25')!, seed: SEED, runs: 300, liveness: false, ...quiet });
    expect(r.status).toBe('ok');
  });
});

describe(`termination: the quiescence drive (seed ${SEED})`, () => {
  it(`reports ${TERMINATION} when the drive does not end the handover within its bound, and says where the drive began`, () => {
    // Five steps leave a handover under way; three steps of drive cannot end it.
    const r = check({ scenario: tiny, seed: SEED, runs: 20, maxSteps: 5, quiescenceBound: 3, ...quiet });
    const cx = r.counterexample!;
    expect(cx.violation.id).toBe(TERMINATION);
    expect(cx.violation.explanation).toMatch(/^3 protocol steps after the run's last state/);
    expect(cx.driven).toBe(3);
    // Every driven step is a protocol step.
    expect(cx.events.slice(-3).every((e) => !isHandoverFault(e.type))).toBe(true);
    expect(formatCounterexample(cx)).toContain("the run's budget is spent: quiescence drive, faults and environment off");
  });

  it('M-26 quiescedSnapshotDropped: a protocol cycle, reported where the drive comes back to a state', () => {
    const m = findMutant('M-26')!;
    const r = check({ scenario: tiny, mutant: m, seed: SEED, runs: 200, ...quiet });
    const cx = r.counterexample!;
    expect(cx.violation.id).toBe(TERMINATION);
    expect(cx.violation.explanation).toMatch(/back in the state it was in 3 steps earlier/);
    // The cycle is closed well before the bound.
    expect(cx.driven!).toBeLessThan(defaultQuiescenceBound(tiny));
    expect(m.caughtBy.every((id) => LIVENESS_CHECKS.includes(id))).toBe(true);
    expect(LIVENESS_CHECKS).toEqual([DEADLOCK, TERMINATION]);
    // The explorer's termination check agrees.
    const x = explore(handoverSystem(tiny, { step: mutantStep(m) }), { checkTermination: true, maxStates: 50_000 });
    expect(x.status).toBe('nontermination');
  });

  it('the reference reducer ends every run of every named scenario within the default bound (the suites run with liveness on)', () => {
    const r = check({ scenario: defaultScenario, seed: SEED, runs: 300, ...quiet });
    expect(r.counterexample?.violation).toBeUndefined();
    expect(defaultQuiescenceBound(tiny)).toBe(38);
    expect(defaultQuiescenceBound(defaultScenario)).toBe(50);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => check({ scenario: tiny, quiescenceBound: 0 })).toThrow(/quiescenceBound must be a positive integer/);
  });
});
