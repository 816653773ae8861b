import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { violations } from '../../properties/invariants.ts';
import { abstractLeaf, abstractState, abstractStep, checkRefinement, refinesLifecycle } from '../../properties/refinement.ts';
import { formatStateValue } from '../../models/lifecycleChart.ts';
import { skipPhaseMutant, skipPhaseStep } from '../../src/lifecycle/skipPhaseMutant.ts';
import { findWitnesses, protocolSpine } from '../../src/lifecycle/witnesses.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { makeStep, referenceHandlers } from '../../src/model/step.ts';
import { initialState } from '../../src/model/init.ts';
import { PHASES } from '../../src/model/state.ts';
import type { Phase, ServerState } from '../../src/model/state.ts';
import { ok, setHandover } from '../../src/model/steps/kit.ts';
import { hypervisorConfigured, unitCopied } from '../../src/model/steps/prepare.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { formatTrace, replay, walk } from './helpers.ts';
import type { TraceStep } from './helpers.ts';

const request: HandoverEvent = { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' };
/** tiny up to consolidating with u1 copied: the reassignable portion is consolidated. */
const toConsolidated: readonly HandoverEvent[] = [
  request,
  { type: 'sp/hypervisorConfigured', hv: 'hA' },
  { type: 'sp/hypervisorConfigured', hv: 'hB' },
  { type: 'source/unitsClassified' },
  { type: 'source/unitCopied', unit: 'u1' },
];

const withPhase = (s: ServerState, phase: Phase): ServerState => setHandover(s, { phase });

/** The first step of a trace that breaks REF-1, with its explanation. */
function firstUnrefined(trace: readonly TraceStep[]): { index: number; explanation: string } | null {
  for (const [index, t] of trace.entries()) {
    const explanation = checkRefinement(t.before, t.event, t.after);
    if (explanation !== null) return { index, explanation };
  }
  return null;
}

describe('the refinement mapping', () => {
  it('maps a server with no handover to idle', () => {
    expect(abstractState(initialState(tiny))).toBe('idle');
  });

  it('maps each phase to its leaf inside its composite', () => {
    const s = replay(tiny, [request])[0]!.after;
    const mapped = Object.fromEntries(PHASES.map((p) => [p, formatStateValue(abstractState(withPhase(s, p)))]));
    expect(mapped).toEqual({
      configuring: 'preparing.configuring',
      classifying: 'preparing.classifying',
      consolidating: 'preparing.consolidating',
      synchronising: 'preparing.synchronising',
      quiesced: 'switching.quiesced',
      assigning: 'switching.assigning',
      committed: 'committed',
      completed: 'completed',
      aborting: 'aborting',
      rolledBack: 'rolledBack',
    });
    expect(abstractState(withPhase(s, 'quiesced'))).toEqual({ switching: 'quiesced' });
  });

  it('refuses a phase the chart does not know, as a programmer error', () => {
    const s = replay(tiny, [request])[0]!.after;
    const bogus = { ...s, handover: { ...s.handover!, phase: 'teleporting' as Phase } };
    expect(abstractLeaf(bogus)).toBe('teleporting');
    expect(() => abstractState(bogus)).toThrow(/not a state of the lifecycle chart/);
  });
});

describe('REF-1 RefinesLifecycle on the reference reducer', () => {
  it('holds on every step of the happy path of tiny, which visits the phases in protocol order twice and retires the old source', () => {
    const spine = protocolSpine(tiny);
    const trace = replay(tiny, spine.slice(1).map((n) => n.event!));
    expect(firstUnrefined(trace)).toBeNull();
    const visited = trace.map((t) => formatStateValue(abstractState(t.after))).filter((v, i, all) => v !== all[i - 1]);
    const once = ['preparing.configuring', 'preparing.classifying', 'preparing.consolidating', 'preparing.synchronising', 'switching.quiesced', 'switching.assigning', 'committed', 'completed'];
    expect(visited).toEqual([...once, ...once]);
    expect(trace.at(-1)!.event.type).toBe('sp/hypervisorRetired');
  });

  const walks = (scenario: Scenario, seed: number, numRuns: number) =>
    it(`holds on ${numRuns} seeded random walks of ${scenario.name} (seed ${seed}), which reach the commit, completion and rollback`, () => {
      const reached = new Set<string>();
      fc.assert(
        fc.property(fc.array(fc.nat({ max: 4_000 }), { minLength: 20, maxLength: 45 }), (choices) => {
          const trace = walk(scenario, choices);
          for (const t of trace) reached.add(formatStateValue(abstractState(t.after)));
          const bad = firstUnrefined(trace);
          if (bad !== null) throw new Error(`REF-1 broken at step ${bad.index + 1}: ${bad.explanation}\n${formatTrace(trace.map((t) => t.event))}`);
        }),
        { seed, numRuns },
      );
      // Witnesses: a run that never got past preparing would prove little.
      expect([...reached]).toEqual(expect.arrayContaining(['committed', 'completed', 'aborting', 'rolledBack']));
    });
  walks(tiny, 42, 60);
  walks(defaultScenario, 7, 40);
});

describe('REF-1 catches reducers that do not refine the chart', () => {
  it(`catches the skip-phase mutant ${skipPhaseMutant.name} on a scripted trace, where every state invariant but INV-15 still holds`, () => {
    const trace = replay(tiny, [...toConsolidated, { type: 'target/vmResumed' }], skipPhaseStep);
    const last = trace.at(-1)!;
    expect(abstractLeaf(last.before)).toBe('consolidating');
    expect(abstractLeaf(last.after)).toBe('completed');
    // Only the outcome property over the independent freeze record sees it in the state (INV-15 (a)).
    expect(violations(last.after).map((v) => v.id)).toEqual(['INV-15']);
    expect(checkRefinement(last.before, last.event, last.after)).toBe(
      'target/vmResumed was accepted in preparing.consolidating and led to completed, but the lifecycle has no transition on target/vmResumed in preparing.consolidating',
    );
    expect(firstUnrefined(trace.slice(0, -1))).toBeNull();
  });

  it('the reference reducer refuses that very step (R-07), so the trace is the mutant\'s alone', () => {
    expect(() => replay(tiny, [...toConsolidated, { type: 'target/vmResumed' }])).toThrow(/R-07/);
  });

  it('finds the skip-phase mutant by seeded random walks of tiny (seed 42): the first broken step is the skip', () => {
    const result = fc.check(
      fc.property(fc.array(fc.nat({ max: 4_000 }), { minLength: 1, maxLength: 30 }), (choices) => firstUnrefined(walk(tiny, choices, skipPhaseStep)) === null),
      // No shrinking: the first failing walk already shows the skip, and shrinking costs seconds.
      { seed: 42, numRuns: 200, endOnFailure: true },
    );
    expect(result.failed).toBe(true);
    const trace = walk(tiny, result.counterexample![0], skipPhaseStep);
    const bad = firstUnrefined(trace)!;
    expect(trace[bad.index]!.event.type).toBe('target/vmResumed');
    expect(bad.explanation).toMatch(/in preparing\.consolidating/);
  });

  it('finds the skip-phase mutant by the witness search off the happy path of tiny', () => {
    const { unrefined } = findWitnesses([tiny], { step: skipPhaseStep });
    expect(unrefined.length).toBeGreaterThan(0);
    expect(unrefined[0]!.events.at(-1)).toEqual({ type: 'target/vmResumed' });
    expect(unrefined[0]!.explanation).toMatch(/^target\/vmResumed was accepted in preparing\.consolidating/);
  });

  it('catches a guard broken in the reducer: leaving configuring after the first configuration (bothConfigured)', () => {
    const eager = makeStep({
      ...referenceHandlers,
      'sp/hypervisorConfigured': (s, e) => {
        const r = hypervisorConfigured(s, e);
        return r.ok && r.state.handover?.phase === 'configuring' ? ok(withPhase(r.state, 'classifying')) : r;
      },
    });
    const [first] = replay(tiny, [request, { type: 'sp/hypervisorConfigured', hv: 'hA' }], eager).slice(1);
    expect(checkRefinement(first!.before, first!.event, first!.after)).toBe(
      'sp/hypervisorConfigured(hA) led from preparing.configuring to preparing.classifying; the lifecycle leads to preparing.configuring (preparing.configuring --sp/hypervisorConfigured--> (stays))',
    );
  });

  it('catches a stutter in the wrong phase: a unit copied while assigning, which changes no phase', () => {
    const lax = makeStep({
      ...referenceHandlers,
      'source/unitCopied': (s, e) => (s.handover?.phase === 'assigning' ? ok(s) : unitCopied(s, e)),
    });
    const spine = protocolSpine(tiny).map((n) => n.state);
    const assigning = spine.find((s) => s.handover?.phase === 'assigning')!;
    const r = lax(assigning, { type: 'source/unitCopied', unit: 'u1' });
    expect(r.ok).toBe(true);
    expect(refinesLifecycle.check(assigning, { type: 'source/unitCopied', unit: 'u1' }, r.state)).toBe(
      'source/unitCopied(u1) was accepted in switching.assigning, but the lifecycle has no transition on source/unitCopied in switching.assigning',
    );
  });

  it('names the chart transition a refining step takes', () => {
    const [, first, second] = replay(tiny, [request, { type: 'sp/hypervisorConfigured', hv: 'hA' }, { type: 'sp/hypervisorConfigured', hv: 'hB' }]);
    const stays = abstractStep(first!.before, first!.event, first!.after);
    const moves = abstractStep(second!.before, second!.event, second!.after);
    expect(stays.ok && stays.transition.id).toBe('preparing.configuring --sp/hypervisorConfigured--> (stays)');
    expect(moves.ok && moves.transition.id).toBe('preparing.configuring --sp/hypervisorConfigured [bothConfigured]--> preparing.classifying');
    expect(refinesLifecycle).toMatchObject({ id: 'REF-1', name: 'RefinesLifecycle' });
  });
});
