/**
 * Scripted runs of the reference model: the happy path on every named scenario, and one script
 * per fault of ../shared/reference/domain.md that the model covers. Every invariant is checked
 * on every state each run passes through (`checkedRun`), every scripted event must be offered
 * by `enabledEvents`, and each test asserts the end state the fault must lead to.
 */
import { describe, expect, it } from 'vitest';
import { defaultScenario, fragmented, small, tiny } from '../../models/scenarios/index.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import type { ServerState } from '../../src/model/state.ts';
import { checkedRun } from '../support/checked.ts';
import { drive } from '../support/drive.ts';
import { defaultHappyPath, ev, syncFirst, tinyScript, tinyUpTo as upTo } from '../support/events.ts';
import { expectRejected } from '../support/expect.ts';
import { trio, unpinned } from '../support/scenarios.ts';

const handover = (s: ServerState) => {
  if (s.handover === null) throw new Error('no handover');
  return s.handover;
};

/** vm0 runs on hA with every unit of vm0 managed by hA, nothing in flight (INV-8, the departure's promise). */
function expectRunsOnSourceWithEverything(s: ServerState): void {
  expect(handover(s).phase).toBe('rolledBack');
  expect(s.vms['vm0']).toMatchObject({ holder: 'hA', dispatchedBy: ['hA'] });
  for (const spec of s.scenario.units.filter((u) => u.vm === 'vm0'))
    expect({ unit: spec.id, place: s.units[spec.id]?.place }).toEqual({ unit: spec.id, place: { kind: 'managed', by: 'hA' } });
  expect(Object.values(s.units).filter((u) => u.place.kind === 'inFlight')).toEqual([]);
}

/** vm0 runs on hB with its reassignable units, the unreassignable ones staying with hA (C1.5, C1.7, C1.10). */
function expectRunsOnTarget(s: ServerState, atTarget: readonly string[], atSource: readonly string[]): void {
  const h = handover(s);
  expect(h).toMatchObject({ phase: 'completed', commits: 1, source: 'hA', target: 'hB' });
  expect(s.vms['vm0']).toMatchObject({ holder: 'hB', dispatchedBy: ['hB'] });
  for (const u of atTarget) expect({ u, place: s.units[u]?.place, node: s.units[u]?.node }).toEqual({ u, place: { kind: 'managed', by: 'hB' }, node: 'n1' });
  for (const u of atSource) expect({ u, place: s.units[u]?.place }).toEqual({ u, place: { kind: 'managed', by: 'hA' } });
  expect(h.resumedWith).toBe(h.frozenVersion);
  for (const hv of ['hA', 'hB']) expect(s.hypervisors[hv]).toMatchObject({ config: null, sched: null });
}

describe('happy paths: every invariant holds on every state', () => {
  it('tiny: u0 changes owner in place (F.1), u1 moves to n1 (F.2), u2 stays coupled to hA (C1.7)', () => {
    const r = checkedRun(tiny, upTo.completed);
    expectRunsOnTarget(r.last, ['u0', 'u1'], ['u2']);
    expect(r.last.units['u0']?.node).toBe('n1');
    expect(r.last.completed).toBe(1);
    expect(r.last.channel).toEqual([]);
    // The first period precedes the second (C1.1): hA has vm0 until the commit, hB from it on.
    const committedAt = r.events.findIndex((e) => e.type === 'sp/commitRecorded') + 1;
    expect(r.states.slice(0, committedAt).every((s) => s.vms['vm0']?.holder === 'hA')).toBe(true);
    expect(r.states.slice(committedAt).every((s) => s.vms['vm0']?.holder === 'hB')).toBe(true);
  });

  it('small and default: u1, u3, u4 are copied to n1 and assigned one by one (C1.2, C1.8, C1.9)', () => {
    const smallPath = defaultHappyPath.filter((e) => !('unit' in e && e.unit === 'u4'));
    expectRunsOnTarget(checkedRun(small, smallPath).last, ['u0', 'u1', 'u3'], ['u2']);
    const r = checkedRun(defaultScenario, defaultHappyPath);
    expectRunsOnTarget(r.last, ['u0', 'u1', 'u3', 'u4'], ['u2']);
  });

  it('fragmented: units from n0, n2 and n3 are consolidated onto n1; u2 and u5 stay with hA (F.2, C1.7)', () => {
    const script: HandoverEvent[] = [
      ev.requested(),
      ev.configured('hA'),
      ev.configured('hB'),
      ev.classified,
      ...['u1', 'u3', 'u4', 'u6'].map((u) => ev.copied(u)),
      ev.consolidated,
      ...syncFirst,
      ev.quiesced,
      ev.assignmentStarted,
      ...['u0', 'u1', 'u3', 'u4', 'u6', 'u7'].flatMap((u) => [ev.released(u), ev.acquired(u)]),
      ev.committed,
      ev.resumed,
    ];
    const r = checkedRun(fragmented, script);
    expect(handover(r.states[4]!)).toMatchObject({ reassignable: ['u0', 'u1', 'u3', 'u4', 'u6', 'u7'], unreassignable: ['u2', 'u5'] });
    expectRunsOnTarget(r.last, ['u0', 'u1', 'u3', 'u4', 'u6', 'u7'], ['u2', 'u5']);
  });
});

describe('faults before the commit roll back (departure: the patent names no failure handling)', () => {
  it('F01 a target crash after u0 reached it: vm0 runs on hA with every unit, epoch advanced, and a retry completes', () => {
    const r = checkedRun(tiny, [...upTo.assigning, ev.released('u0'), ev.acquired('u0'), ev.crashed('hB'), ev.reclaimed('u0'), ev.rollbackCompleted]);
    expectRunsOnSourceWithEverything(r.last);
    expect(handover(r.last)).toMatchObject({ abortReason: 'targetCrashed', epoch: 2 });
    expect(r.last.sp.epoch).toBe(2);
    expect(r.last.hypervisors['hB']?.status).toBe('crashed');
    // The VM kept its units' contents: u0 never moved.
    expect(r.last.units['u0']).toMatchObject({ node: 'n1', held: 0, written: 0 });
    // A new handover starts once hB is back, and completes (attempt 2 of tiny).
    const retry = checkedRun(r.last, [ev.restarted('hB'), ...tinyScript(3).completed]);
    expectRunsOnTarget(retry.last, ['u0', 'u1'], ['u2']);
    expect(handover(retry.last).epoch).toBe(3);
  });

  it('F03 a source crash after its final state was sent: the VM stops, waits for hA to restart, then runs on hA with everything', () => {
    const crashed = checkedRun(tiny, [...upTo.assigning, ev.released('u0'), ev.acquired('u0'), ev.released('u1'), ev.crashed('hA')]).last;
    expect(crashed.vms['vm0']).toEqual({ holder: 'hA', dispatchedBy: [], schedVersion: 0 });
    expect(handover(crashed)).toMatchObject({ phase: 'aborting', abortReason: 'sourceCrashed' });
    expectRejected(crashed, ev.rollbackCompleted, 'R-05');
    expectRejected(crashed, ev.reclaimed('u0'), 'R-05');
    const r = checkedRun(crashed, [ev.restarted('hA'), ev.reclaimed('u0'), ev.reclaimed('u1'), ev.rollbackCompleted]);
    expectRunsOnSourceWithEverything(r.last);
    // u1 was in flight with the content of its copy on n1: reclaimed, it goes back to the frame hA kept
    // on n0, nothing written is lost (INV-6) and nothing of the attempt stays on n1 (INV-14).
    expect(r.last.units['u1']).toMatchObject({ node: 'n0', held: 0, written: 0, copy: null, original: null });
  });

  it('F05 an SP reset before the commit loses the channel and rolls back; the lost message cannot be relayed', () => {
    const r = checkedRun(tiny, [...upTo.synchronising, ev.schedSent, ev.spReset, ev.rollbackCompleted]);
    expectRunsOnSourceWithEverything(r.last);
    expect(handover(r.last)).toMatchObject({ abortReason: 'spReset' });
    expect(handover(r.last).ghost.spReset).toBe(true);
    expect(r.last.sp.epoch).toBeGreaterThan(1);
    expect(r.last.channel).toEqual([]);
    expectRejected(r.last, ev.relayed(1, 0), 'R-25');
  });

  it('F06 an abort during the freeze, and during the commit with every unit at the target, rolls back; after the commit it is refused (R-08)', () => {
    expectRunsOnSourceWithEverything(checkedRun(tiny, [...upTo.quiesced, ev.aborted, ev.rollbackCompleted]).last);
    const duringCommit = checkedRun(tiny, [...upTo.transferred, ev.aborted, ev.reclaimed('u0'), ev.reclaimed('u1'), ev.rollbackCompleted]);
    expectRunsOnSourceWithEverything(duringCommit.last);
    expect(duringCommit.last.sp.epoch).toBe(2);
    expectRejected(drive(tiny, upTo.committed), ev.aborted, 'R-08');
  });

  it('F07 the 3rd of 4 transfers fails on default: a partial transfer, rolled back unit by unit', () => {
    const assigning = defaultHappyPath.slice(0, defaultHappyPath.findIndex((e) => e.type === 'source/assignmentStarted') + 1);
    const r = checkedRun(defaultScenario, [
      ...assigning,
      ev.released('u0'),
      ev.acquired('u0'),
      ev.released('u1'),
      ev.acquired('u1'),
      ev.released('u3'),
      ev.transferFailed('u3'),
      ev.reclaimed('u0'),
      ev.reclaimed('u1'),
      ev.reclaimed('u3'),
      ev.rollbackCompleted,
    ]);
    expectRunsOnSourceWithEverything(r.last);
    expect(handover(r.last)).toMatchObject({ abortReason: 'transferFailed' });
    expect(handover(r.last).ghost.partialTransfer).toBe(true);
    // Every moved unit is back on n0, in the frame the source kept, and no copy is left (INV-14).
    for (const u of ['u1', 'u3', 'u4']) expect(r.last.units[u]).toMatchObject({ node: 'n0', copy: null, original: null });
  });

  it('F19 a switchover timeout in the window rolls back; after the commit it is ignored and the handover completes', () => {
    expectRunsOnSourceWithEverything(checkedRun(tiny, [...upTo.assigning, ev.released('u0'), ev.timedOut, ev.reclaimed('u0'), ev.rollbackCompleted]).last);
    const late = checkedRun(tiny, [...upTo.committed, ev.timedOut, ev.resumed]);
    expect(late.effects[upTo.committed.length]).toEqual([{ kind: 'ignored', reason: 'timeout after the commit: roll forward' }]);
    expectRunsOnTarget(late.last, ['u0', 'u1'], ['u2']);
  });
});

describe('faults after the commit roll forward', () => {
  it('F02 a target crash after the commit: the VM waits, hB restarts, is reconfigured, gets the scheduling information again and resumes', () => {
    const crashed = checkedRun(tiny, [...upTo.committed, ev.crashed('hB')]).last;
    expect(crashed.vms['vm0']).toMatchObject({ holder: 'hB', dispatchedBy: [] });
    expect(handover(crashed).phase).toBe('committed');
    const restarted = drive(crashed, [ev.restarted('hB')]);
    // The source may not resend to a target the SP has not configured yet.
    expectRejected(restarted, ev.schedSent, 'R-14');
    const r = checkedRun(crashed, [ev.restarted('hB'), ev.configured('hB'), ev.schedSent, ev.relayed(1, 0), ev.received(1, 0), ev.resumed]);
    expectRunsOnTarget(r.last, ['u0', 'u1'], ['u2']);
    expect(handover(r.last).commits).toBe(1);
  });

  it('F05 an SP reset after the commit keeps the commit record; both sides are reconfigured in a new epoch and the target resumes', () => {
    const r = checkedRun(tiny, [
      ...upTo.committed,
      ev.spReset,
      ev.configured('hA'),
      ev.configured('hB'),
      ev.schedSent,
      ev.relayed(2, 0),
      ev.received(2, 0),
      ev.resumed,
    ]);
    expectRunsOnTarget(r.last, ['u0', 'u1'], ['u2']);
    expect(handover(r.last)).toMatchObject({ epoch: 2, commits: 1 });
    expect(handover(r.last).ghost.spReset).toBe(true);
  });

  it('a source crash after the commit leaves u2 with the crashed hA; the target still resumes (C1.7)', () => {
    const r = checkedRun(tiny, [...upTo.committed, ev.crashed('hA'), ev.resumed]);
    expectRunsOnTarget(r.last, ['u0', 'u1'], ['u2']);
    expect(r.last.hypervisors['hA']?.status).toBe('crashed');
  });
});

describe('scheduling information and the SP channel (C1.4, F.3)', () => {
  it('F04 a lost scheduling message is sent again and the handover completes', () => {
    const r = checkedRun(tiny, [
      ...upTo.synchronising,
      ev.schedSent,
      ev.lost('toSp', 1, 0),
      ev.schedSent,
      ev.relayed(1, 0),
      ev.received(1, 0),
      ...upTo.completed.slice(upTo.synchronised.length),
    ]);
    expectRunsOnTarget(r.last, ['u0', 'u1'], ['u2']);
    expect(handover(r.last).versionsSent).toBe(1);
  });

  it('F17 a message of an aborted epoch reaching the retry is ignored with an ignored effect, and the retry completes', () => {
    const before = [...upTo.synchronising, ev.schedSent, ev.relayed(1, 0), ev.aborted, ev.rollbackCompleted, ...upTo.classifying];
    const r = checkedRun(tiny, [...before, ev.received(1, 0)]);
    expect(r.effects.at(-1)).toEqual([{ kind: 'ignored', reason: expect.stringContaining('toTarget e1 v0') }]);
    expect(r.last.hypervisors['hB']?.sched).toBeNull();
    expect(handover(r.last).epoch).toBe(3);
    const retry = checkedRun(r.last, [
      ev.classified,
      ev.copied('u1'),
      ev.consolidated,
      ev.schedSent,
      ev.relayed(3, 0),
      ev.received(3, 0),
      ...upTo.completed.slice(upTo.synchronised.length),
    ]);
    expectRunsOnTarget(retry.last, ['u0', 'u1'], ['u2']);
  });

  it('F17 a duplicated message is applied once', () => {
    const r = checkedRun(tiny, [...upTo.synchronising, ev.schedSent, ev.relayed(1, 0), ev.duplicated('toTarget', 1, 0), ev.received(1, 0), ev.received(1, 0)]);
    expect(r.effects.at(-1)).toEqual([{ kind: 'ignored', reason: expect.stringContaining('not newer') }]);
    expect(r.last.hypervisors['hB']?.sched).toMatchObject({ version: 0, applied: 1 });
  });

  it('F17 reordered snapshots: the older one arriving last is ignored, and the target resumes with the newer (F.3)', () => {
    const r = checkedRun(tiny, [
      ...upTo.synchronising,
      ev.schedSent,
      ev.rescheduled(),
      ev.schedSent,
      ev.relayed(1, 1),
      ev.received(1, 1),
      ev.relayed(1, 0),
      ev.received(1, 0),
      ev.quiesced,
      ...upTo.completed.slice(upTo.quiesced.length),
    ]);
    expect(r.effects[upTo.synchronising.length + 6]).toEqual([{ kind: 'ignored', reason: expect.stringContaining('not newer than version 1') }]);
    expect(handover(r.last)).toMatchObject({ versionsSent: 2, frozenVersion: 1, resumedWith: 1 });
    expectRunsOnTarget(r.last, ['u0', 'u1'], ['u2']);
  });

  it('F20 a reschedule after the snapshot reached the target: the commit is refused (R-13) until the new set is sent (F.3)', () => {
    const transferred = checkedRun(tiny, [
      ...upTo.synchronised,
      ev.rescheduled(),
      ...upTo.transferred.slice(upTo.synchronised.length),
    ]).last;
    expect(handover(transferred)).toMatchObject({ frozenVersion: 1 });
    expect(handover(transferred).ghost.schedRaced).toBe(true);
    expectRejected(transferred, ev.committed, 'R-13');
    const r = checkedRun(transferred, [ev.schedSent, ev.relayed(1, 1), ev.received(1, 1), ev.committed, ev.resumed]);
    expectRunsOnTarget(r.last, ['u0', 'u1'], ['u2']);
    expect(handover(r.last)).toMatchObject({ resumedWith: 1, versionsSent: 2 });
  });
});

describe('units that change under the handover', () => {
  it('F10 a guest write after the copy makes it dirty: consolidation waits (R-11) for a recopy, and the write reaches n1', () => {
    const dirty = checkedRun(tiny, [...upTo.consolidating, ev.copied('u1'), ev.written('u1')]).last;
    expectRejected(dirty, ev.consolidated, 'R-11');
    const r = checkedRun(dirty, [ev.copied('u1'), ...upTo.completed.slice(upTo.consolidating.length + 1)]);
    expectRunsOnTarget(r.last, ['u0', 'u1'], ['u2']);
    expect(r.last.units['u1']).toMatchObject({ node: 'n1', held: 1, written: 1 });
    expect(handover(r.last).ghost.recopied).toBe(true);
  });

  it('F10 a write after consolidation is caught at the freeze (R-11) and recopied in the window', () => {
    const dirty = checkedRun(tiny, [...upTo.synchronised, ev.written('u1'), ev.quiesced]).last;
    expectRejected(dirty, ev.assignmentStarted, 'R-11');
    const r = checkedRun(dirty, [ev.copied('u1'), ...upTo.completed.slice(upTo.quiesced.length)]);
    expect(r.last.units['u1']).toMatchObject({ node: 'n1', held: 1, written: 1 });
  });

  it('F15 a device pins u1 after classification: nothing moves it (R-10) until the source notices and keeps it (C1.7)', () => {
    const pinned = checkedRun(tiny, [...upTo.consolidating, ev.copied('u1'), ev.pinned('u1')]).last;
    expectRejected(pinned, ev.consolidated, 'R-10');
    const r = checkedRun(pinned, [ev.pinDetected('u1'), ev.consolidated, ...syncFirst, ev.quiesced, ev.assignmentStarted, ev.released('u0'), ev.acquired('u0'), ev.committed, ev.resumed]);
    expect(handover(r.last)).toMatchObject({ reassignable: ['u0'], unreassignable: ['u2', 'u1'] });
    expect(handover(r.last).ghost.pinDetected).toBe(true);
    expectRunsOnTarget(r.last, ['u0'], ['u1', 'u2']);
    expect(r.last.units['u1']).toMatchObject({ pinnedTo: 'hA', node: 'n0' });
  });

  it('F15 a pin in the switchover window is caught before the unit is released (R-10)', () => {
    const pinned = checkedRun(tiny, [...upTo.assigning, ev.released('u0'), ev.pinned('u1')]).last;
    expectRejected(pinned, ev.released('u1'), 'R-10');
    const r = checkedRun(pinned, [ev.pinDetected('u1'), ev.acquired('u0'), ev.committed, ev.resumed]);
    expectRunsOnTarget(r.last, ['u0'], ['u1', 'u2']);
  });
});

describe('successive handovers and retirement', () => {
  it('F12 back-to-back handovers hA to hB then hB to hA: nothing of the first leaks into the second', () => {
    const there = checkedRun(tiny, upTo.completed).last;
    const back = checkedRun(there, [
      ev.requested('hB', 'hA'),
      ev.configured('hB'),
      ev.configured('hA'),
      ev.classified,
      ev.copied('u0'),
      ev.copied('u1'),
      ev.consolidated,
      ev.schedSent,
      ev.relayed(2, 0),
      ev.received(2, 0),
      ev.quiesced,
      ev.assignmentStarted,
      ...['u0', 'u1'].flatMap((u) => [ev.released(u), ev.acquired(u)]),
      ev.committed,
      ev.resumed,
    ]);
    // The way back moves only what hB manages; u2 never left hA.
    expect(handover(back.states[4]!)).toMatchObject({ reassignable: ['u0', 'u1'], unreassignable: [] });
    expect(back.last.vms['vm0']).toMatchObject({ holder: 'hA', dispatchedBy: ['hA'] });
    for (const u of ['u0', 'u1', 'u2']) expect(back.last.units[u]).toMatchObject({ place: { kind: 'managed', by: 'hA' }, node: 'n0' });
    expect(back.last.completed).toBe(2);
    expect(handover(back.last)).toMatchObject({ epoch: 2, commits: 1 });
  });

  it('F12 a second handover to a third hypervisor hC', () => {
    const r = checkedRun(trio, [
      ...upTo.completed,
      ev.requested('hB', 'hC'),
      ev.configured('hB'),
      ev.configured('hC'),
      ev.classified,
      ev.consolidated,
      ev.schedSent,
      ev.relayed(2, 0),
      ev.received(2, 0),
      ev.quiesced,
      ev.assignmentStarted,
      ...['u0', 'u1'].flatMap((u) => [ev.released(u), ev.acquired(u)]),
      ev.committed,
      ev.resumed,
    ]);
    expect(r.last.vms['vm0']).toMatchObject({ holder: 'hC', dispatchedBy: ['hC'] });
    expect(r.last.units['u2']?.place).toEqual({ kind: 'managed', by: 'hA' });
  });

  it('F16 the source may not retire while u2 is coupled to it (R-18); without coupled units it retires and is never a target again', () => {
    expectRejected(drive(tiny, upTo.completed), ev.retired('hA'), 'R-18');
    const r = checkedRun(unpinned, [...upTo.completed, ev.retired('hA')]);
    expect(r.last.hypervisors['hA']?.status).toBe('retired');
    expectRejected(r.last, ev.requested('hB', 'hA'), 'R-05');
    // Retiring twice is refused: it is no longer running.
    expectRejected(r.last, ev.retired('hA'), 'R-05');
  });
});
