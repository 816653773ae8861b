import { initialTransition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { COMPOSITES, LIFECYCLE_RULES, lifecycleMachine } from '../../models/lifecycle.ts';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { abstractStep } from '../../properties/refinement.ts';
import { abstractTransitions, formatStateValue, LEAF_VALUES, stateNodes } from '../../models/lifecycleChart.ts';
import { findWitnesses } from '../../src/lifecycle/witnesses.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { EVENT_TYPES } from '../../src/model/events.ts';
import { makeStep, referenceHandlers } from '../../src/model/step.ts';
import { isPreCommit, PHASES } from '../../src/model/state.ts';
import { no } from '../../src/model/steps/kit.ts';
import { formatTrace, replay } from './helpers.ts';

// One search for the whole file: tiny first, default only for what tiny leaves (about 2 s).
const search = findWitnesses([tiny, defaultScenario]);
const chart = abstractTransitions();

/** One event of every type, without parameters: the chart reads only the type when no concrete state is given. */
const oneOfEach = EVENT_TYPES.map((type) => ({ type }) as HandoverEvent);

describe('the lifecycle chart is built from PHASES alone', () => {
  it('has exactly the phases of PHASES and idle as its leaves, and no other state but the two composites', () => {
    expect([...LEAF_VALUES.keys()].sort()).toEqual(['idle', ...PHASES].sort());
    const composites = stateNodes().filter((n) => n.type === 'compound' && n.path.length > 0).map((n) => n.key);
    expect(composites).toEqual(Object.keys(COMPOSITES));
    expect(stateNodes().every((n) => n.type === 'atomic' || n.type === 'compound')).toBe(true);
  });

  it("says the reducer's isPreCommit by structure: a phase is before the commit exactly when it sits in preparing or switching", () => {
    for (const p of PHASES) expect([p, isPreCommit(p)]).toEqual([p, [...COMPOSITES.preparing, ...COMPOSITES.switching].includes(p)]);
  });

  it('builds one transition per rule of LIFECYCLE_RULES, so no rule is dropped for want of its state', () => {
    expect(chart.map((t) => `${t.event} ${t.cites}`).sort()).toEqual(LIFECYCLE_RULES.map((r) => `${r.on} ${r.cites}`).sort());
  });

  it('declares every event of the model somewhere, so no event is accepted by the reducer and unknown to the chart', () => {
    expect(new Set(chart.map((t) => t.event))).toEqual(new Set(EVENT_TYPES));
  });
});

describe('the chart walked on its own with xstate/graph', () => {
  const paths = getShortestPaths(lifecycleMachine, { events: oneOfEach });
  const reached = new Set(paths.map((p) => formatStateValue(p.state.value)));

  it('reaches every leaf from idle: the chart has no dead state', () => {
    expect([...reached].sort()).toEqual([...LEAF_VALUES.values()].map(formatStateValue).sort());
  });

  it('reaches completed first by the protocol of claim 1, in claim order', () => {
    const toCompleted = paths.find((p) => formatStateValue(p.state.value) === 'completed')!;
    // The first step of an xstate/graph path is the machine's own xstate.init.
    expect(toCompleted.steps.slice(1).map((s) => s.event.type)).toEqual([
      'sp/handoverRequested',
      'sp/hypervisorConfigured',
      'source/unitsClassified',
      'source/consolidationFinished',
      'source/vmQuiesced',
      'source/assignmentStarted',
      'sp/commitRecorded',
      'target/vmResumed',
    ]);
  });

  it('starts in idle', () => {
    expect(initialTransition(lifecycleMachine)[0].value).toBe('idle');
  });
});

describe(`every transition of the chart is taken by a reducer trace (tiny, then default; ${search.steps} steps searched)`, () => {
  it('meets no reducer step that breaks REF-1 on the way', () => {
    expect(search.unrefined).toEqual([]);
  });

  it.each(chart.map((t) => [t.id, t] as const))('is realised: %s', (id) => {
    const w = search.witnesses.get(id);
    if (w === undefined) throw new Error(`no reducer trace takes ${id}; unrealised: ${search.unrealised.map((t) => t.id).join('; ')}`);
    // The witness is a real trace: it replays, and its last step is that very transition.
    const trace = replay(w.scenario === tiny.name ? tiny : defaultScenario, w.events);
    const last = trace.at(-1)!;
    const r = abstractStep(last.before, last.event, last.after);
    expect(r.ok && r.transition.id, formatTrace(w.events)).toBe(id);
  });
});

describe('the coverage check can fail', () => {
  it('names a transition the reducer cannot take: source/unitReclaimed when every reclaim is refused', () => {
    const stubborn = makeStep({ ...referenceHandlers, 'source/unitReclaimed': (s, e) => no(s, e.type, 'R-04', 'never') });
    const { unrealised } = findWitnesses([tiny], { step: stubborn });
    expect(unrealised.map((t) => t.id)).toEqual(['aborting --source/unitReclaimed--> (stays)']);
  });
});
