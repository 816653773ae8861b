/**
 * The checkers' fast path (src/model/fastPath.ts, the memoised REF-1, the code-unit
 * fingerprint) is equal to the reference pipeline: on every reachable state of tiny and on
 * random states of default (fast-check, seed pinned and printed), the same candidates in the
 * same order, the same result of every candidate (accepted with an equal state and effects, or
 * rejected with the same rejection and the very same state), the same enabled transitions, the
 * same fingerprint and the same REF-1 verdict; a random check gives the same result through
 * either pipeline; a mutant's step is never replaced by the fast one.
 *
 * Budget: one breadth-first walk of tiny (241,089 states) stepping every candidate twice, about
 * 25 s on a 2-core machine; the random part and the checks a few seconds.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { abstractStepUncached, checkRefinement, refinesLifecycle } from '../../properties/refinement.ts';
import { check } from '../../src/checker/index.ts';
import { fingerprintCodeUnits, fingerprintLanes } from '../../src/explorer/fingerprint.ts';
import { handoverSystem } from '../../src/explorer/handover.ts';
import type { Transition } from '../../src/model/enabled.ts';
import { candidateEvents, enabledTransitions } from '../../src/model/enabled.ts';
import { encodeCodeUnits, encodeState } from '../../src/model/encode.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { formatEvent } from '../../src/model/events.ts';
import { fastCandidates, fastEnabledTransitions, stepPipeline, successorsOf, trustedStep } from '../../src/model/fastPath.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ServerState } from '../../src/model/state.ts';
import { step as referenceStep } from '../../src/model/step.ts';
import { mutants, mutantStep } from '../../src/mutants/catalog.ts';

const SEED = 1302;

/** How often each (leaf before, event, leaf after) is also asked of xstate without the memo: xstate costs 30 µs a step. */
const UNCACHED_PER_KEY = 20;

/** Compares the two pipelines on one state; returns the first difference, or null. Counts what it compared. */
class Comparer {
  states = 0;
  candidates = 0;
  transitions = 0;
  uncachedRefinements = 0;
  private readonly asked = new Map<string, number>();
  private readonly ref = new Int32Array(2);
  private readonly fast = new Int32Array(2);

  /** The reference's enabled transitions of the last state compared (what the walks go on with). */
  enabled: Transition[] = [];

  compare(s: ServerState): string | null {
    this.states++;
    const reference = candidateEvents(s);
    const fast = fastCandidates(s);
    if (!isDeepStrictEqual(reference, [...fast])) return `candidates differ: ${reference.map(formatEvent).join(' ')} / ${fast.map(formatEvent).join(' ')}`;
    const ref: Transition[] = [];
    this.enabled = ref;
    for (const event of reference) {
      this.candidates++;
      const r = referenceStep(s, event);
      if (r.ok) ref.push({ event, state: r.state });
      const t = trustedStep(s, event);
      if (r.ok !== t.ok) return `${formatEvent(event)}: reference ${r.ok ? 'accepts' : 'rejects'}, fast path ${t.ok ? 'accepts' : 'rejects'}`;
      if (!r.ok && !t.ok) {
        if (t.state !== s) return `${formatEvent(event)}: the fast path's rejection returned another state`;
        const a = r.rejection;
        const b = t.rejection;
        if (a.code !== b.code || a.step !== b.step || a.guard !== b.guard) return `${formatEvent(event)}: rejections differ`;
      } else if (!isDeepStrictEqual(r, t)) return `${formatEvent(event)}: successor states or effects differ`;
    }
    const got = fastEnabledTransitions(s);
    if (ref.length !== got.length) return `${ref.length} enabled transitions, fast path ${got.length}`;
    for (let i = 0; i < ref.length; i++) {
      const a = ref[i]!;
      const b = got[i]!;
      this.transitions++;
      if (!isDeepStrictEqual(a.event, b.event) || encodeState(a.state) !== encodeState(b.state)) return `transition ${i} differs: ${formatEvent(a.event)} / ${formatEvent(b.event)}`;
      const verdict = checkRefinement(s, b.event, b.state);
      const key = `${s.handover?.phase ?? 'idle'} ${formatEvent(b.event)} ${b.state.handover?.phase ?? 'idle'}`;
      const n = this.asked.get(key) ?? 0;
      if (n < UNCACHED_PER_KEY || verdict !== null) {
        this.asked.set(key, n + 1);
        this.uncachedRefinements++;
        const u = abstractStepUncached(s, a.event, a.state);
        const expected = u.ok ? null : u.explanation;
        if (verdict !== expected) return `REF-1 on ${formatEvent(a.event)}: memoised ${String(verdict)}, xstate ${String(expected)}`;
      }
    }
    const units = encodeCodeUnits(s);
    fingerprintCodeUnits(units.units, units.length, this.fast);
    fingerprintLanes(encodeState(s), this.ref);
    if (this.fast[0] !== this.ref[0] || this.fast[1] !== this.ref[1]) return 'fingerprints differ';
    return null;
  }
}

/** Every reachable state of a scenario, breadth-first by the reference reducer, each given to `visit`. */
function everyState(sc: Scenario, c: Comparer): { states: number; difference: string | null } {
  const s0 = initialState(sc);
  const seen = new Set<string>([encodeState(s0)]);
  let level = [s0];
  while (level.length > 0) {
    const next: ServerState[] = [];
    for (const s of level) {
      const d = c.compare(s);
      if (d !== null) return { states: seen.size, difference: `${d}\n  in ${encodeState(s)}` };
      for (const t of c.enabled) {
        const k = encodeState(t.state);
        if (!seen.has(k)) {
          seen.add(k);
          next.push(t.state);
        }
      }
    }
    level = next;
  }
  return { states: seen.size, difference: null };
}

describe('the fast path equals the reference pipeline', () => {
  it('on every reachable state of tiny: candidates, every candidate\'s result, enabled transitions, fingerprint, REF-1', () => {
    const c = new Comparer();
    const r = everyState(tiny, c);
    expect(r.difference).toBeNull();
    // The whole of tiny (the count test/explorer/handover.test.ts asserts), every candidate of each.
    expect(r.states).toBe(241_089);
    expect(c.states).toBe(241_089);
    expect(c.transitions).toBe(864_075); // the explorer's 864,076 generated count the initial state too
    expect(c.candidates).toBeGreaterThan(10 * c.states);
    expect(c.uncachedRefinements).toBeGreaterThan(1000);
  }, 300_000);

  it(`on random states of default (fast-check seed ${SEED})`, () => {
    const c = new Comparer();
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 60, maxLength: 150 }), (picks) => {
        let s = initialState(defaultScenario);
        for (const p of picks) {
          const d = c.compare(s);
          if (d !== null) throw new Error(`${d}\n  in ${encodeState(s)}`);
          const ts = c.enabled;
          if (ts.length === 0) break;
          s = ts[p % ts.length]!.state;
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
    console.log(`fast path vs reference on default: seed ${SEED}, ${c.states} states, ${c.candidates} candidates, ${c.transitions} transitions`);
    expect(c.states).toBeGreaterThan(10_000);
  }, 120_000);

  it('the explorer\'s successors are the fast path\'s for the reference reducer and the given step\'s for any other', () => {
    expect(successorsOf(referenceStep)).toBe(fastEnabledTransitions);
    expect(stepPipeline(referenceStep, candidateEvents)).toEqual({ step: trustedStep, candidates: fastCandidates });
    // Custom candidates keep the reference path: the given step and candidates, untouched.
    const own = (s: ServerState): readonly HandoverEvent[] => candidateEvents(s);
    expect(stepPipeline(referenceStep, own)).toEqual({ step: referenceStep, candidates: own });
    const s1 = enabledTransitions(initialState(tiny))[0]!.state;
    for (const m of mutants) {
      const step = mutantStep(m);
      expect(stepPipeline(step, candidateEvents).step).toBe(step);
      // The mutant's own successors, through the system the explorer runs.
      const system = handoverSystem(tiny, { step });
      for (const s of [initialState(tiny), s1])
        expect(system.actions(s).map((t) => encodeState(t.state))).toEqual(enabledTransitions(s, step).map((t) => encodeState(t.state)));
    }
  });

  it('a random check on default gives the same result through the fast and the reference pipeline', () => {
    // Candidates other than the model's own function take the reference path (stepPipeline).
    // Every invariant, REF-1 and the oracle on every step, as `vm-handover check` runs them.
    const options = { scenario: defaultScenario, seed: SEED, runs: 60, actionProperties: [refinesLifecycle] };
    const reference = check({ ...options, candidates: (s) => candidateEvents(s) });
    const fast = check(options);
    expect(fast.status).not.toBe('violation');
    expect(fast.checkedSteps).toBeGreaterThan(1000);
    expect({ ...fast, elapsedMs: 0 }).toEqual({ ...reference, elapsedMs: 0 });
  }, 60_000);
});
