import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { tiny } from '../../models/scenarios/index.ts';
import type { Invariant } from '../../properties/invariants.ts';
import { invariants } from '../../properties/invariants.ts';
import { refinesLifecycle } from '../../properties/refinement.ts';
import { handoverLogic } from '../../src/embed/actor.ts';
import type { HandoverActorContext } from '../../src/embed/actor.ts';
import { skipPhaseStep } from '../../src/lifecycle/skipPhaseMutant.ts';
import { protocolSpine } from '../../src/lifecycle/witnesses.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';

const request: HandoverEvent = { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' };
const happyPath = protocolSpine(tiny)
  .slice(1)
  .map((n) => n.event!);

/** Starts an actor and records every snapshot context it emits. */
function started(logic: ReturnType<typeof handoverLogic>) {
  const actor = createActor(logic);
  const seen: HandoverActorContext[] = [];
  actor.subscribe((snap) => seen.push(snap.context));
  actor.start();
  return { actor, seen };
}

describe('the handover actor (reducer as xstate actor logic)', () => {
  it('starts in the scenario\'s initial state, idle, with nothing received', () => {
    const { actor } = started(handoverLogic(tiny));
    const ctx = actor.getSnapshot().context;
    expect(actor.getSnapshot().status).toBe('active');
    expect(ctx.state).toEqual(initialState(tiny));
    expect(ctx).toMatchObject({ lifecycle: 'idle', lastEvent: null, lastRejection: null, violations: [], accepted: 0, rejected: 0 });
  });

  it('applies an accepted event and tells subscribers the new lifecycle state', () => {
    const { actor, seen } = started(handoverLogic(tiny));
    actor.send(request);
    const ctx = actor.getSnapshot().context;
    expect(ctx.lifecycle).toBe('preparing.configuring');
    expect(ctx.state.handover?.phase).toBe('configuring');
    expect(ctx).toMatchObject({ lastEvent: request, lastRejection: null, accepted: 1, rejected: 0 });
    expect(seen.map((c) => c.lifecycle)).toEqual(['idle', 'preparing.configuring']);
  });

  it('shows a rejection with its code and keeps the very same state object (R-07: resume before the commit)', () => {
    const { actor } = started(handoverLogic(tiny));
    actor.send(request);
    const before = actor.getSnapshot().context.state;
    actor.send({ type: 'target/vmResumed' });
    const ctx = actor.getSnapshot().context;
    expect(ctx.lastRejection).toEqual({ code: 'R-07', step: 'target/vmResumed', guard: 'phase = committed' });
    expect(ctx.state).toBe(before);
    expect(ctx).toMatchObject({ lifecycle: 'preparing.configuring', accepted: 1, rejected: 1, lastEffects: [] });
    actor.send({ type: 'sp/hypervisorConfigured', hv: 'hA' });
    expect(actor.getSnapshot().context.lastRejection).toBeNull();
  });

  it('runs the happy path of tiny to a retired old source with every invariant and REF-1 checked after each event, none broken', () => {
    const { actor, seen } = started(handoverLogic(tiny, { invariants, actionProperties: [refinesLifecycle] }));
    for (const e of happyPath) actor.send(e);
    const ctx = actor.getSnapshot().context;
    expect(ctx).toMatchObject({ lifecycle: 'completed', accepted: happyPath.length, rejected: 0 });
    expect(ctx.state.hypervisors['hB']?.status).toBe('retired');
    expect(seen.flatMap((c) => c.violations)).toEqual([]);
    expect(seen.filter((c, i) => i > 0 && c.lifecycle !== seen[i - 1]!.lifecycle).map((c) => c.lifecycle)).toContain('committed');
  });

  it('reports the skip-phase mutant as a REF-1 violation on the step that skips', () => {
    const { actor } = started(handoverLogic(tiny, { step: skipPhaseStep, invariants, actionProperties: [refinesLifecycle] }));
    for (const e of happyPath.slice(0, 5)) actor.send(e);
    expect(actor.getSnapshot().context.lifecycle).toBe('preparing.consolidating');
    actor.send({ type: 'target/vmResumed' });
    const ctx = actor.getSnapshot().context;
    expect(ctx.lifecycle).toBe('completed');
    // INV-15 too: the ghost recorder saw no freeze (issue 15's outcome properties).
    expect(ctx.violations.map((v) => v.id)).toEqual(['INV-15', 'REF-1']);
    expect(ctx.violations.find((v) => v.id === 'REF-1')!.explanation).toMatch(/no transition on target\/vmResumed in preparing\.consolidating/);
  });

  it('checks the invariants it is given after each accepted event, and keeps their violations across a rejection', () => {
    const noClassifying: Invariant = {
      id: 'X-1',
      name: 'NeverClassifying',
      statement: 'A test invariant that breaks as soon as the source may classify.',
      cites: [],
      check: (s) => (s.handover?.phase === 'classifying' ? 'the handover reached classifying' : null),
    };
    const { actor } = started(handoverLogic(tiny, { invariants: [noClassifying] }));
    for (const e of happyPath.slice(0, 3)) actor.send(e);
    expect(actor.getSnapshot().context.violations).toEqual([{ id: 'X-1', name: 'NeverClassifying', explanation: 'the handover reached classifying' }]);
    actor.send({ type: 'sp/commitRecorded' });
    expect(actor.getSnapshot().context.lastRejection?.code).toBe('R-04');
    expect(actor.getSnapshot().context.violations.map((v) => v.id)).toEqual(['X-1']);
    actor.send({ type: 'source/unitsClassified' });
    expect(actor.getSnapshot().context.violations).toEqual([]);
  });
});
