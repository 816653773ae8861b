/**
 * The checker's contract, option by option: what it reports when a step breaks the rules of a
 * reducer (a rejection that touches the state, an exception), action properties and monitors,
 * witnesses and coverage requirements, strategies, budgets, progress, and bad options.
 */
import { describe, expect, it } from 'vitest';
import { check, defaultQuiescenceBound, formatCounterexample, formatReport, REJECTION_TOUCHED, STEP_THREW } from '../../src/checker/index.ts';
import { resolveOptions } from '../../src/checker/options.ts';
import { driverContext } from '../../src/checker/driver.ts';
import { deltaDebug } from '../../src/checker/deltaDebug.ts';
import { initialState } from '../../src/model/init.ts';
import type { Invariant } from '../../properties/invariants.ts';
import type { ActionProperty, Monitor } from '../../src/checker/index.ts';
import { makeStep, referenceHandlers, step as referenceStep } from '../../src/model/step.ts';
import type { Step } from '../../src/model/step.ts';
import { no, ok } from '../../src/model/steps/kit.ts';
import { findMutant } from '../../src/mutants/catalog.ts';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { witnesses } from '../../properties/witnesses.ts';
import type { Witness } from '../../properties/witnesses.ts';
import { stateStage } from '../../properties/witnesses.ts';
import { SEED } from './seed.ts';

const quiet = { witnesses: [], requiredEvents: [] } as const;

describe('rejected events (house rule 1: a rejection returns the very same state)', () => {
  it(`reports ${REJECTION_TOUCHED} when a rejected event returns a different state object`, () => {
    // The bug: a refused abort returns a copy of the state instead of the state itself.
    const sloppy: Step = makeStep({
      ...referenceHandlers,
      'operator/handoverAborted': (s, e) => {
        const r = referenceHandlers['operator/handoverAborted'](s, e);
        return r.ok ? r : { ...r, state: { ...s } };
      },
    });
    const r = check({ scenario: tiny, step: sloppy, seed: SEED, runs: 50, ...quiet });
    expect(r.status).toBe('violation');
    expect(r.counterexample!.violation.id).toBe(REJECTION_TOUCHED);
    expect(r.counterexample!.events.at(-1)!.type).toBe('operator/handoverAborted');
    // Nothing else is needed: in the initial state the abort is already refused.
    expect(r.counterexample!.shrunkLength).toBe(1);
    const text = formatCounterexample(r.counterexample!);
    expect(text).toContain('REJECT RejectionLeavesStateUntouched is violated after 1 step:');
    expect(text).toContain('(no change)');
  });

  it(`reports ${STEP_THREW} when step throws instead of returning a value`, () => {
    const throwing: Step = makeStep({
      ...referenceHandlers,
      'source/unitsClassified': () => {
        throw new Error('boom');
      },
    });
    const r = check({ scenario: tiny, step: throwing, seed: SEED, runs: 50, ...quiet });
    expect(r.counterexample!.violation.id).toBe(STEP_THREW);
    expect(r.counterexample!.violation.explanation).toContain('boom');
  });

  it('takes about the configured share of rejected events, and none with a share of 0', () => {
    const some = check({ scenario: tiny, seed: SEED, runs: 100, rejectedShare: 0.2, ...quiet });
    const none = check({ scenario: tiny, seed: SEED, runs: 100, rejectedShare: 0, ...quiet });
    const count = (r: typeof some) => Object.values(r.coverage.rejections).reduce((a, b) => a + (b ?? 0), 0);
    expect(count(some)).toBeGreaterThan(0.1 * some.steps);
    expect(count(none)).toBe(0);
  });
});

describe('action properties and monitors', () => {
  const noCommitEver: ActionProperty = {
    id: 'ACT-1',
    name: 'NoCommitEver',
    statement: 'No commit point is ever recorded (false on purpose).',
    cites: [],
    check: (_b, e) => (e.type === 'sp/commitRecorded' ? 'a commit was recorded' : null),
  };

  it('checks action properties after every accepted step and reports them by id', () => {
    const r = check({ scenario: tiny, seed: SEED, runs: 200, actionProperties: [noCommitEver], ...quiet });
    expect(r.counterexample!.violation).toMatchObject({ id: 'ACT-1', name: 'NoCommitEver', explanation: 'a commit was recorded' });
    expect(r.counterexample!.events.at(-1)!.type).toBe('sp/commitRecorded');
  });

  it('reports a property that throws as a violation of that property', () => {
    const broken: ActionProperty = { id: 'ACT-2', name: 'Throws', statement: 'Throws on every step.', cites: [], check: () => { throw new TypeError('oops'); } };
    const r = check({ scenario: tiny, seed: SEED, runs: 5, actionProperties: [broken], ...quiet });
    expect(r.counterexample!.violation.id).toBe('ACT-2');
    expect(r.counterexample!.violation.explanation).toBe('threw TypeError: oops');
  });

  it('reports an invariant, a monitor start or a monitor step that throws, by its id', () => {
    const bad: Invariant = { id: 'INV-X', name: 'Throws', statement: '', cites: [], check: () => { throw 'not an Error'; } };
    const r1 = check({ scenario: tiny, seed: SEED, runs: 2, invariants: [bad], ...quiet });
    expect(r1.counterexample!.violation).toMatchObject({ id: 'INV-X', explanation: 'threw not an Error' });
    const startThrows: Monitor<null> = { id: 'MON-4', name: 'StartThrows', start: () => { throw new Error('at start'); }, next: () => ({ ok: true, state: null }) };
    const r2 = check({ scenario: tiny, seed: SEED, runs: 2, monitors: [startThrows], ...quiet });
    expect(r2.counterexample!.violation).toMatchObject({ id: 'MON-4', explanation: 'threw Error: at start' });
    const nextThrows: Monitor<null> = { id: 'MON-5', name: 'NextThrows', start: () => ({ ok: true, state: null }), next: () => { throw new Error('on a step'); } };
    const r3 = check({ scenario: tiny, seed: SEED, runs: 2, monitors: [nextThrows], ...quiet });
    expect(r3.counterexample!.violation).toMatchObject({ id: 'MON-5', explanation: 'threw Error: on a step' });
    expect(r3.counterexample!.shrunkLength).toBe(1);
  });

  it('delta debugging refuses a run that does not fail as claimed (a programmer error)', () => {
    const config = resolveOptions({ scenario: tiny });
    const ctx = driverContext(config, initialState(tiny));
    expect(() => deltaDebug(ctx, [{ type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' }], 'INV-1')).toThrow(/does not replay to INV-1/);
  });

  it('runs custom monitors along each run, from the initial state on', () => {
    const counting: Monitor<number> = {
      id: 'MON-1',
      name: 'AtMostTenSteps',
      start: () => ({ ok: true, state: 0 }),
      next: (n) => (n + 1 > 10 ? { ok: false, explanation: 'an eleventh step' } : { ok: true, state: n + 1 }),
    };
    const r = check({ scenario: tiny, seed: SEED, runs: 100, monitors: [counting], rejectedShare: 0, ...quiet });
    expect(r.counterexample!.violation.id).toBe('MON-1');
    expect(r.counterexample!.shrunkLength).toBe(11);
  });

  it('reports a monitor that already objects to the initial state, with an empty trace', () => {
    const grumpy: Monitor<null> = { id: 'MON-2', name: 'Grumpy', start: () => ({ ok: false, explanation: 'no' }), next: () => ({ ok: true, state: null }) };
    const r = check({ scenario: tiny, seed: SEED, runs: 3, monitors: [grumpy], ...quiet });
    expect(r.counterexample!.violation.id).toBe('MON-2');
    expect(r.counterexample!.events).toEqual([]);
  });

  it('catches a mutant with the ORACLE alone when every invariant is switched off', () => {
    const r = check({ scenario: defaultScenario, mutant: findMutant('M-03')!, seed: SEED, runs: 200, invariants: [], ...quiet });
    expect(r.counterexample!.violation.id).toBe('ORACLE');
    expect(r.counterexample!.violation.explanation).toContain('vms.vm0.dispatchedBy');
  });
});

describe('witnesses and coverage requirements', () => {
  const never: Witness = { id: 'W-X', name: 'Never', statement: 'never', cites: [], stages: [stateStage(() => false)] };

  it('is incomplete, and names it, when a required witness is never reached', () => {
    const r = check({ scenario: tiny, seed: SEED, runs: 20, witnesses: [never], requiredEvents: [] });
    expect(r.status).toBe('incomplete');
    expect(r.missing.witnesses).toEqual(['W-X']);
    expect(formatReport(r)).toContain('witnesses never reached: W-X');
  });

  it('is incomplete, and names them, when required event types are never taken', () => {
    const r = check({ scenario: tiny, seed: SEED, runs: 1, maxSteps: 10, witnesses: [], requiredEvents: ['sp/hypervisorRetired'] });
    expect(r.status).toBe('incomplete');
    expect(r.missing.events).toEqual(['sp/hypervisorRetired']);
    expect(formatReport(r)).toContain('event types never taken: sp/hypervisorRetired');
  });

  it('is ok with nothing required, and counts a multi-stage witness only when its stages come in order', () => {
    const started = stateStage((s) => s.handover !== null);
    const idle = stateStage((s) => s.handover === null);
    const twoStages: Witness = { id: 'W-Y', name: 'RequestThenIdle', statement: '', cites: [], stages: [started, idle] };
    const r = check({ scenario: tiny, seed: SEED, runs: 30, witnesses: [twoStages], requiredEvents: [] });
    // The handover is never null again once requested: the second stage cannot follow the first.
    expect(r.missing.witnesses).toEqual(['W-Y']);
    const r2 = check({ scenario: tiny, seed: SEED, runs: 30, witnesses: [], requiredEvents: [] });
    expect(r2.status).toBe('ok');
  });
});

describe('strategies, budgets, progress and options', () => {
  it('uniform strategy: a plain random walk over enabled events, no injections', () => {
    const r = check({ scenario: tiny, seed: SEED, runs: 50, strategy: 'uniform', ...quiet });
    expect(r.status).toBe('ok');
    expect(r.coverage.injections).toEqual({ planned: 0, fired: 0 });
    expect(Object.keys(r.coverage.rejections)).toEqual([]);
    expect(r.generation.strategy).toBe('uniform');
  });

  it('swarm off: every event type keeps its weight and the runs still cover the protocol', () => {
    const r = check({ scenario: tiny, seed: SEED, runs: 200, swarm: false, witnesses: witnesses.slice(0, 2), requiredEvents: [] });
    expect(r.status).toBe('ok');
  });

  it('stops at the time budget and says so (time budget 0: interrupted before the runs were done)', () => {
    const r = check({ scenario: tiny, seed: SEED, timeBudgetMs: 0, ...quiet });
    expect(r.interrupted).toBe(true);
    expect(r.runs).toBeLessThan(1000);
  });

  it('reports progress after every generated run', () => {
    const seen: number[] = [];
    const r = check({ scenario: tiny, seed: SEED, runs: 25, onProgress: (p) => seen.push(p.runs), ...quiet });
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(r.runs).toBe(25);
  });

  it('gives a fresh non-negative seed when none is given, and reports it', () => {
    const r = check({ scenario: tiny, runs: 1, ...quiet });
    expect(Number.isInteger(r.seed)).toBe(true);
    expect(r.seed).toBeGreaterThanOrEqual(0);
  });

  it('refuses bad options as programmer errors', () => {
    expect(() => check({ scenario: tiny, step: referenceStep, mutant: findMutant('M-01')! })).toThrow(/either step or mutant/);
    expect(() => check({ scenario: tiny, runs: 0 })).toThrow(RangeError);
    expect(() => check({ scenario: tiny, maxSteps: 1.5 })).toThrow(RangeError);
    expect(() => check({ scenario: tiny, rejectedShare: 1 })).toThrow(RangeError);
    expect(() => check({ scenario: tiny, weights: { protocol: 0, environment: 0, fault: 0 } })).toThrow(/all be 0/);
    expect(() => check({ scenario: tiny, weights: { fault: -1 } })).toThrow(/weights.fault/);
  });

  it('runs at most maxSteps events per run, then at most quiescenceBound steps of the quiescence drive', () => {
    const counting = (limit: number): Monitor<number> => ({
      id: 'MON-3',
      name: 'Length',
      start: () => ({ ok: true, state: 0 }),
      next: (n) => (n + 1 > limit ? { ok: false, explanation: `more than ${limit} accepted events` } : { ok: true, state: n + 1 }),
    });
    const off = check({ scenario: tiny, seed: SEED, runs: 100, maxSteps: 5, monitors: [counting(5)], liveness: false, ...quiet });
    expect(off.counterexample).toBeUndefined();
    const on = check({ scenario: tiny, seed: SEED, runs: 100, maxSteps: 5, monitors: [counting(5 + defaultQuiescenceBound(tiny))], ...quiet });
    expect(on.counterexample).toBeUndefined();
    // The drive did run: five steps end no handover of tiny, so the runs took more than five.
    const strict = check({ scenario: tiny, seed: SEED, runs: 100, maxSteps: 5, monitors: [counting(5)], ...quiet });
    expect(strict.counterexample?.violation.id).toBe('MON-3');
  });

  it('a step that refuses everything ends every run at once, and the run set is incomplete', () => {
    const refuseAll: Step = (s, e) => no(s, e.type, 'R-04', 'nothing');
    const r = check({ scenario: tiny, step: refuseAll, seed: SEED, runs: 10, rejectedShare: 0, witnesses: [], requiredEvents: ['sp/handoverRequested'] });
    expect(r.steps).toBe(0);
    expect(r.status).toBe('incomplete');
  });

  it('accepts a user step over the same events (here: the reference, wrapped)', () => {
    const wrapped: Step = (s, e) => {
      const r = referenceStep(s, e);
      return r.ok ? ok(r.state, ...r.effects) : r;
    };
    const r = check({ scenario: tiny, step: wrapped, seed: SEED, runs: 20, ...quiet });
    expect(r.status).toBe('ok');
    expect(r.mutant).toBeNull();
  });
});
