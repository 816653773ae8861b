import { describe, expect, it } from 'vitest';
import { dieHard } from '../../models/classic/dieHard.ts';
import type { Jugs, JugAction } from '../../models/classic/dieHard.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { violations } from '../../properties/invariants.ts';
import { explore } from '../../src/explorer/index.ts';
import { handoverSystem } from '../../src/explorer/handover.ts';
import { skipPhaseStep } from '../../src/lifecycle/skipPhaseMutant.ts';

describe('action invariants in the explorer ([][P]_vars)', () => {
  it('Die Hard: "no pour moves more than 2 gallons" breaks on a shortest trace that ends with the offending step', () => {
    const system = {
      ...dieHard(),
      invariants: [],
      actionInvariants: [
        {
          id: 'ACT-1',
          name: 'SmallPours',
          check: (b: Jugs, a: JugAction, t: Jugs) =>
            (a === 'SmallToBig' || a === 'BigToSmall') && Math.abs(b.big - t.big) > 2 ? `${a} moved ${Math.abs(b.big - t.big)} gallons` : null,
        },
      ],
    };
    const r = explore(system);
    expect(r.status).toBe('violation');
    if (r.violation?.kind !== 'invariant') throw new Error('expected an action-invariant violation');
    expect(r.violation.invariantId).toBe('ACT-1');
    // FillSmall, then SmallToBig moves 3: the shortest violating behaviour has two steps, and
    // the trace ends with the step that broke the property (not at the state it reached).
    expect(r.violation.trace.map((t) => t.actionName)).toEqual([null, 'FillSmall', 'SmallToBig']);
    expect(r.violation.trace.at(-1)!.state).toEqual({ small: 0, big: 3 });
    expect(r.violation.explanation).toBe('SmallToBig moved 3 gallons');
  });

  it('REF-1 runs in the explorer: the skip-phase mutant, which breaks no invariant but INV-15, is caught with a shortest trace', () => {
    const r = explore(handoverSystem(tiny, { step: skipPhaseStep }), { maxStates: 200_000 });
    expect(r.status).toBe('violation');
    if (r.violation?.kind !== 'invariant') throw new Error('expected a REF-1 violation');
    expect(r.violation.invariantId).toBe('REF-1');
    const events = r.violation.trace.slice(1).map((t) => t.action!.event.type);
    expect(events.at(-1)).toBe('target/vmResumed');
    // request, two configurations, classification, the copy of u1, then the resume from consolidating.
    expect(events).toEqual([
      'sp/handoverRequested',
      'sp/hypervisorConfigured',
      'sp/hypervisorConfigured',
      'source/unitsClassified',
      'source/unitCopied',
      'target/vmResumed',
    ]);
    for (const step of r.violation.trace.slice(0, -1)) expect(violations(step.state)).toEqual([]);
    // The mutant fakes the handover's frozen version; only the ghost record of the freeze, which
    // no handler writes, shows that no freeze happened (INV-15 (a)).
    expect(violations(r.violation.trace.at(-1)!.state).map((v) => `${v.id} ${v.explanation}`)).toEqual([
      'INV-15 (a) hB resumed vm0 without any freeze in this handover',
    ]);
  });

  it('without REF-1 ([] turns it off) the same mutant is caught on the same trace by INV-15 ResumedVersionIsFrozen', () => {
    // Before issue 15's outcome properties the state invariants caught it only later (a longer trace).
    const r = explore(handoverSystem(tiny, { step: skipPhaseStep, actionProperties: [] }), { maxStates: 200_000 });
    expect(r.status).toBe('violation');
    if (r.violation?.kind !== 'invariant') throw new Error('expected a violation');
    expect(r.violation.invariantId).toBe('INV-15');
    expect(r.violation.trace.length).toBe(7);
  });

  it('the reference reducer refines the lifecycle on every transition of a bounded tiny search', () => {
    const r = explore(handoverSystem(tiny), { maxStates: 20_000 });
    expect(r.status).toBe('incomplete');
    expect(r.violationCount).toBe(0);
  });
});
