/**
 * The review's examples of issue 15 (acceptance point 2), each as a scripted run of a seeded bug:
 * the state where the bug shows is caught by name by the outcome property written for it, the
 * invariants that existed before (INV-0 to INV-10) miss it, and the reference reducer on the same
 * events breaks nothing. Also the promise of INV-16: after the commit the VM resumes with nothing
 * more from the source.
 */
import { describe, expect, it } from 'vitest';
import { tiny } from '../../models/scenarios/index.ts';
import { invariants, violations } from '../../properties/invariants.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import type { ServerState } from '../../src/model/state.ts';
import { step as referenceStep } from '../../src/model/step.ts';
import { findMutant, mutantStep } from '../../src/mutants/catalog.ts';
import { drive } from '../support/drive.ts';
import { ev, tinyUpTo as upTo } from '../support/events.ts';

/** The invariants before issue 15's outcome properties (and before INV-1's clause (d)). */
const OLD = new Set(['INV-0', 'INV-1', 'INV-2', 'INV-3', 'INV-4', 'INV-5', 'INV-6', 'INV-7', 'INV-8', 'INV-10']);

const under = (mutant: string, events: readonly HandoverEvent[]): ServerState => drive(tiny, events, mutantStep(findMutant(mutant)!));
const named = (s: ServerState): string[] => violations(s).map((v) => `${v.id} ${v.name}: ${v.explanation}`);

describe("the review's examples are caught by the property named for them", () => {
  it('a reducer that never moves memory (M-15 releaseLeavesContent) breaks INV-13 Consolidated on completion', () => {
    const s = under('M-15', upTo.completed);
    expect(named(s)).toEqual(['INV-13 Consolidated: (a) reassignable unit u1 is on n0 on completion, not on the target\'s node n1']);
    // Every older invariant holds: no write is lost (held = written), the units are the target's.
    expect(violations(s, invariants.filter((i) => OLD.has(i.id)))).toEqual([]);
    expect(violations(drive(tiny, upTo.completed))).toEqual([]);
  });

  it('a source that dispatches mid-rollback while the target holds units (M-19 dispatchOnFirstReclaim) breaks INV-11 and INV-12', () => {
    // u0 and u1 both reached hB; the target crashes, the rollback starts, and the source runs the
    // VM as soon as u0 is back, while hB still manages u1.
    const events = [...upTo.transferred, ev.crashed('hB'), ev.reclaimed('u0')];
    const s = under('M-19', events);
    expect(s.units['u1']!.place).toEqual({ kind: 'managed', by: 'hB' });
    expect(named(s)).toEqual([
      'INV-11 DispatchOnlyByManager: (c) VM vm0 is dispatched by hA but its unit u1 is managed by hB, not managed by hA',
      'INV-12 NoRunInSwitchover: (b) hA dispatches vm0 during a rollback begun after the freeze, before it completed',
    ]);
    expect(violations(s, invariants.filter((i) => OLD.has(i.id)))).toEqual([]);
    expect(violations(drive(tiny, events))).toEqual([]);
  });

  it('a leaked copy after rollback (M-20 rollbackKeepsCopies) breaks INV-14 RollbackExact', () => {
    const events = [...upTo.synchronising, ev.aborted, ev.rollbackCompleted];
    const s = under('M-20', events);
    expect(named(s)).toEqual(['INV-14 RollbackExact: (d) a copy of unit u1 on n1 is left after the rollback']);
    expect(violations(s, invariants.filter((i) => OLD.has(i.id)))).toEqual([]);
    expect(violations(drive(tiny, events))).toEqual([]);
  });

  it('a unit left on the target node after rollback (M-21 reclaimLeavesContentOnTarget) breaks INV-14 RollbackExact', () => {
    const events = [...upTo.transferred, ev.aborted, ev.reclaimed('u0'), ev.reclaimed('u1'), ev.rollbackCompleted];
    const s = under('M-21', events);
    expect(named(s)).toEqual(['INV-14 RollbackExact: (c) unit u1 is on n1 after the rollback, before the request it was on n0']);
    expect(violations(s, invariants.filter((i) => OLD.has(i.id)))).toEqual([]);
    expect(violations(drive(tiny, events))).toEqual([]);
  });

  it('a commit before the final snapshot is acknowledged (M-23 commitBeforeFinalSnapshot) breaks INV-16, and the VM cannot resume once the source is lost', () => {
    // The target never received scheduling information; the units are its own.
    const transferred = [...upTo.synchronising, ev.quiesced, ev.assignmentStarted, ev.released('u0'), ev.acquired('u0'), ev.released('u1'), ev.acquired('u1')];
    const reference = referenceStep(drive(tiny, transferred), ev.committed);
    expect(reference.ok ? null : reference.rejection.code).toBe('R-13');
    const s = under('M-23', [...transferred, ev.committed]);
    expect(named(s)).toEqual(['INV-16 CommitAfterFinalSnapshot: (a) the SP recorded the commit point of vm0 while hB held no scheduling information']);
    expect(violations(s, invariants.filter((i) => OLD.has(i.id)))).toEqual([]);
    // What the property protects: with the source crashed after this commit, the target can never resume.
    const lost = under('M-23', [...transferred, ev.committed, ev.crashed('hA')]);
    const resume = mutantStep(findMutant('M-23')!)(lost, ev.resumed);
    expect(resume.ok ? null : resume.rejection.code).toBe('R-13');
  });

  it('after a commit the reference allows, the VM resumes although the source crashed and never comes back (INV-16)', () => {
    const s = drive(tiny, [...upTo.committed, ev.crashed('hA')]);
    expect(s.hypervisors['hA']!.status).toBe('crashed');
    const r = referenceStep(s, ev.resumed);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.state.handover!.phase).toBe('completed');
      expect(r.state.vms['vm0']!.dispatchedBy).toEqual(['hB']);
      expect(violations(r.state)).toEqual([]);
    }
  });

  it('a freeze of the wrong version (M-22 freezesLastSent) is caught by INV-15 against the independent ghost record, not by INV-4', () => {
    // A reschedule after the snapshot was sent: the VM is at version 1 when quiesced.
    const events = [...upTo.synchronised, ev.rescheduled(), ...upTo.completed.slice(upTo.synchronised.length)];
    const s = under('M-22', events);
    expect(s.handover).toMatchObject({ frozenVersion: 0, resumedWith: 0 });
    expect(s.ghost.frozenAt).toBe(1);
    expect(named(s)).toEqual(['INV-15 ResumedVersionIsFrozen: (b) hB resumed vm0 holding scheduling version 0; the source\'s version at the freeze was 1']);
  });
});
