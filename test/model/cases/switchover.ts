/**
 * Cases of the switchover steps (src/model/steps/switchover.ts): scheduling information through
 * the SP (C1.4, F.3), the freeze, the assignment (C1.2, C1.9), the commit point (C1.1) and the
 * resume (C1.5, C1.10).
 */
import { expect } from 'vitest';
import { tiny } from '../../../models/scenarios/index.ts';
import { initialState } from '../../../src/model/init.ts';
import type { HandoverEvent } from '../../../src/model/events.ts';
import type { ServerState } from '../../../src/model/state.ts';
import type { CaseTable } from '../../support/cases.ts';
import { drive } from '../../support/drive.ts';
import { ev, tinyUpTo as upTo } from '../../support/events.ts';
import { deepFreeze } from '../../support/freeze.ts';
import { withHv, withUnit, withVm } from '../../support/patch.ts';

type Switchover =
  | 'source/schedSent'
  | 'sp/schedRelayed'
  | 'target/schedReceived'
  | 'source/vmQuiesced'
  | 'source/assignmentStarted'
  | 'source/unitReleased'
  | 'target/unitAcquired'
  | 'sp/commitRecorded'
  | 'target/vmResumed';

const init = (): ServerState => deepFreeze(initialState(tiny));
const at = (events: readonly HandoverEvent[]) => (): ServerState => drive(tiny, events);
const h = (s: ServerState) => {
  if (s.handover === null) throw new Error('no handover');
  return s.handover;
};
const hvDown = (hv: string, events: readonly HandoverEvent[]) => () => withHv(drive(tiny, events), hv, { status: 'crashed' });
const hvUnconfigured = (hv: string, events: readonly HandoverEvent[]) => () => withHv(drive(tiny, events), hv, { config: null });

const sent = [...upTo.synchronising, ev.schedSent];
const relayed = [...sent, ev.relayed(1, 0)];
/** Every step of the tiny handover up to the commit, but the target never got scheduling information. */
const transferredUnsynced = [
  ...upTo.synchronising,
  ev.quiesced,
  ev.assignmentStarted,
  ev.released('u0'),
  ev.acquired('u0'),
  ev.released('u1'),
  ev.acquired('u1'),
];
/** The VM was rescheduled after its snapshot reached the target and frozen at once: the target holds an older version. */
const transferredStale = [
  ...upTo.synchronised,
  ev.rescheduled(),
  ev.quiesced,
  ev.assignmentStarted,
  ev.released('u0'),
  ev.acquired('u0'),
  ev.released('u1'),
  ev.acquired('u1'),
];
/** The target lost its scheduling information in a crash after the commit, and was restarted and reconfigured (F02). */
const committedTargetLost = [...upTo.committed, ev.crashed('hB'), ev.restarted('hB'), ev.configured('hB')];
/** The VM is rescheduled after its snapshot reached the target and resent afterwards (F20, F.3). */
const committedAfterResync = [
  ...upTo.synchronised,
  ev.rescheduled(),
  ev.schedSent,
  ev.relayed(1, 1),
  ev.received(1, 1),
  ev.quiesced,
  ev.assignmentStarted,
  ev.released('u0'),
  ev.acquired('u0'),
  ev.released('u1'),
  ev.acquired('u1'),
  ev.committed,
];

/** The cases of the switchover steps, by event name. @internal */
export const switchoverCases: CaseTable<Switchover> = {
  'source/schedSent': {
    accepted: [
      {
        proves: "sends scheduling version 0 of epoch 1 on the source-to-SP leg (C1.4)",
        state: at(upTo.synchronising),
        event: ev.schedSent,
        then: (_b, after) => {
          expect(after.channel).toEqual([{ leg: 'toSp', to: 'hB', vm: 'vm0', epoch: 1, version: 0 }]);
          expect(h(after)).toMatchObject({ lastSent: 0, versionsSent: 1 });
        },
      },
      {
        proves: 'sends a second set after the VM was rescheduled (F.3, F20)',
        state: at([...upTo.synchronised, ev.rescheduled()]),
        event: ev.schedSent,
        then: (_b, after) => {
          expect(after.channel).toEqual([{ leg: 'toSp', to: 'hB', vm: 'vm0', epoch: 1, version: 1 }]);
          expect(h(after)).toMatchObject({ lastSent: 1, versionsSent: 2 });
        },
      },
      {
        proves: 'sends the same version again when its only copy was lost, without counting a new set (F04)',
        state: at([...sent, ev.lost('toSp', 1, 0)]),
        event: ev.schedSent,
        then: (_b, after) => {
          expect(after.channel).toEqual([{ leg: 'toSp', to: 'hB', vm: 'vm0', epoch: 1, version: 0 }]);
          expect(h(after)).toMatchObject({ lastSent: 0, versionsSent: 1 });
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.schedSent },
      { code: 'R-04', when: 'the phase is consolidating', state: at(upTo.consolidating), event: ev.schedSent },
      { code: 'R-05', when: 'the source crashed after the commit', state: at([...upTo.committed, ev.crashed('hA')]), event: ev.schedSent },
      {
        code: 'R-06',
        when: 'the source restarted after the commit and is not reconfigured',
        state: at([...upTo.committed, ev.crashed('hA'), ev.restarted('hA')]),
        event: ev.schedSent,
      },
      { code: 'R-14', when: 'the current version is on its way to the target', state: at(sent), event: ev.schedSent },
      { code: 'R-14', when: 'the target already has the current version', state: at(upTo.synchronised), event: ev.schedSent },
    ],
  },

  'sp/schedRelayed': {
    accepted: [
      {
        proves: 'relays version 0 of epoch 1 from the source-to-SP leg to the SP-to-target leg (C1.4)',
        state: at(sent),
        event: ev.relayed(1, 0),
        then: (before, after, effects) => {
          expect(after.channel).toEqual([{ leg: 'toTarget', to: 'hB', vm: 'vm0', epoch: 1, version: 0 }]);
          expect(after.sp).toEqual(before.sp);
          expect(effects).toEqual([]);
        },
      },
      {
        proves: 'drops a message of an aborted epoch with an ignored effect (F17)',
        state: at([...sent, ev.aborted]),
        event: ev.relayed(1, 0),
        then: (before, after, effects) => {
          expect(after.channel).toEqual([]);
          expect(after.sp).toEqual(before.sp);
          expect(effects).toEqual([{ kind: 'ignored', reason: expect.stringContaining('toSp e1 v0 is not of epoch 2') }]);
        },
      },
    ],
    rejected: [
      { code: 'R-25', when: 'no message of that version is on the channel', state: at(sent), event: ev.relayed(1, 9) },
      { code: 'R-25', when: 'the message is on the SP-to-target leg already', state: at(relayed), event: ev.relayed(1, 0) },
    ],
  },

  'target/schedReceived': {
    accepted: [
      {
        proves: 'applies version 0 of epoch 1 at the target, once (C1.4)',
        state: at(relayed),
        event: ev.received(1, 0),
        then: (_b, after, effects) => {
          expect(after.hypervisors['hB']?.sched).toEqual({ vm: 'vm0', epoch: 1, version: 0, applied: 1 });
          expect(after.channel).toEqual([]);
          expect(effects).toEqual([]);
        },
      },
      {
        proves: 'ignores a duplicate that is not newer than what the target has (F17)',
        state: at([...relayed, ev.duplicated('toTarget', 1, 0), ev.received(1, 0)]),
        event: ev.received(1, 0),
        then: (before, after, effects) => {
          expect(after.hypervisors['hB']).toBe(before.hypervisors['hB']);
          expect(after.channel).toEqual([]);
          expect(effects).toEqual([{ kind: 'ignored', reason: expect.stringContaining('not newer than version 0') }]);
        },
      },
      {
        proves: 'ignores a message of an epoch the target is no longer configured in (F17)',
        state: at([...relayed, ev.aborted]),
        event: ev.received(1, 0),
        then: (_b, after, effects) => {
          expect(after.hypervisors['hB']?.sched).toBeNull();
          expect(effects).toEqual([{ kind: 'ignored', reason: expect.stringContaining("not of hB's configured epoch") }]);
        },
      },
    ],
    rejected: [
      { code: 'R-25', when: 'no message of that version is on the channel', state: at(relayed), event: ev.received(1, 9) },
      { code: 'R-25', when: 'the message is still on the source-to-SP leg', state: at(sent), event: ev.received(1, 0) },
    ],
  },

  'source/vmQuiesced': {
    accepted: [
      {
        proves: 'stops dispatching vm0 on hA and freezes its scheduling version (switchover window)',
        state: at(upTo.synchronised),
        event: ev.quiesced,
        then: (_b, after) => {
          expect(after.vms['vm0']).toMatchObject({ holder: 'hA', dispatchedBy: [] });
          expect(h(after)).toMatchObject({ phase: 'quiesced', frozenVersion: 0 });
        },
      },
      {
        proves: 'freezes the version of a reschedule that landed just before the freeze (F13)',
        state: at([...upTo.synchronised, ev.rescheduled()]),
        event: ev.quiesced,
        then: (_b, after) => expect(h(after).frozenVersion).toBe(1),
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.quiesced },
      { code: 'R-04', when: 'the phase is consolidating', state: at(upTo.consolidating), event: ev.quiesced },
      { code: 'R-05', when: 'the source is not running', state: hvDown('hA', upTo.synchronised), event: ev.quiesced, handBuilt: true },
      { code: 'R-06', when: 'the source is not configured', state: hvUnconfigured('hA', upTo.synchronised), event: ev.quiesced, handBuilt: true },
      {
        code: 'R-19',
        when: 'the source does not dispatch the VM',
        state: () => withVm(drive(tiny, upTo.synchronised), 'vm0', { dispatchedBy: [] }),
        event: ev.quiesced,
        handBuilt: true,
      },
    ],
  },

  'source/assignmentStarted': {
    accepted: [
      {
        proves: 'starts assigning when u1 is copied clean and u0 is in place (C1.8, C1.9)',
        state: at(upTo.quiesced),
        event: ev.assignmentStarted,
        then: (before, after) => {
          expect(h(after).phase).toBe('assigning');
          expect(after.units).toBe(before.units);
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.assignmentStarted },
      { code: 'R-04', when: 'the VM is not quiesced', state: at(upTo.synchronised), event: ev.assignmentStarted },
      { code: 'R-05', when: 'the source is not running', state: hvDown('hA', upTo.quiesced), event: ev.assignmentStarted, handBuilt: true },
      { code: 'R-06', when: 'the source is not configured', state: hvUnconfigured('hA', upTo.quiesced), event: ev.assignmentStarted, handBuilt: true },
      { code: 'R-05', when: 'the target is not running', state: hvDown('hB', upTo.quiesced), event: ev.assignmentStarted, handBuilt: true },
      { code: 'R-06', when: 'the target is not configured', state: hvUnconfigured('hB', upTo.quiesced), event: ev.assignmentStarted, handBuilt: true },
      { code: 'R-10', when: 'a device pinned u1 in the window (F15)', state: at([...upTo.quiesced, ev.pinned('u1')]), event: ev.assignmentStarted },
      {
        code: 'R-11',
        when: "the guest wrote u1 after its copy (F10)",
        state: at([...upTo.synchronised, ev.written('u1'), ev.quiesced]),
        event: ev.assignmentStarted,
      },
    ],
  },

  'source/unitReleased': {
    accepted: [
      {
        proves: 'releases u0, already on n1, in place: in flight, same node, same content (F.1, C1.9)',
        state: at(upTo.assigning),
        event: ev.released('u0'),
        then: (before, after) => {
          expect(after.units['u0']).toEqual({ ...before.units['u0'], place: { kind: 'inFlight' } });
        },
      },
      {
        proves: 'releases u1 onto its copy on n1 (F.2, C1.8)',
        state: at(upTo.assigning),
        event: ev.released('u1'),
        then: (_b, after) => {
          expect(after.units['u1']).toMatchObject({ place: { kind: 'inFlight' }, node: 'n1', held: 0, written: 0, copy: null });
        },
      },
      {
        proves: 'releases a recopied unit with the content of its last write (F10)',
        state: at([...upTo.synchronised, ev.written('u1'), ev.quiesced, ev.copied('u1'), ev.assignmentStarted]),
        event: ev.released('u1'),
        then: (_b, after) => expect(after.units['u1']).toMatchObject({ node: 'n1', held: 1, written: 1 }),
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the unit is unknown', state: at(upTo.assigning), event: ev.released('u9') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.released('u0') },
      { code: 'R-04', when: 'the VM is only quiesced', state: at(upTo.quiesced), event: ev.released('u0') },
      { code: 'R-09', when: 'u2 is unreassignable (C1.7)', state: at(upTo.assigning), event: ev.released('u2') },
      { code: 'R-12', when: 'u0 was already released', state: at([...upTo.assigning, ev.released('u0')]), event: ev.released('u0') },
      { code: 'R-10', when: 'a device pinned u1 during the assignment (F15)', state: at([...upTo.assigning, ev.pinned('u1')]), event: ev.released('u1') },
      {
        code: 'R-11',
        when: "u1's copy is dirty",
        state: () => withUnit(drive(tiny, upTo.assigning), 'u1', { copy: { node: 'n1', version: 0, dirty: true } }),
        event: ev.released('u1'),
        handBuilt: true,
      },
      { code: 'R-05', when: 'the source is not running', state: hvDown('hA', upTo.assigning), event: ev.released('u0'), handBuilt: true },
      { code: 'R-06', when: 'the source is not configured', state: hvUnconfigured('hA', upTo.assigning), event: ev.released('u0'), handBuilt: true },
    ],
  },

  'target/unitAcquired': {
    accepted: [
      {
        proves: 'puts the in-flight u0 under the management of hB (C1.2, C1.9)',
        state: at([...upTo.assigning, ev.released('u0')]),
        event: ev.acquired('u0'),
        then: (_b, after) => expect(after.units['u0']?.place).toEqual({ kind: 'managed', by: 'hB' }),
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the unit is unknown', state: at(upTo.assigning), event: ev.acquired('u9') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.acquired('u0') },
      { code: 'R-04', when: 'the VM is only quiesced', state: at(upTo.quiesced), event: ev.acquired('u0') },
      { code: 'R-09', when: 'u2 is unreassignable (C1.7)', state: at(upTo.assigning), event: ev.acquired('u2') },
      { code: 'R-12', when: 'u0 is not in flight', state: at(upTo.assigning), event: ev.acquired('u0') },
      { code: 'R-05', when: 'the target is not running', state: hvDown('hB', [...upTo.assigning, ev.released('u0')]), event: ev.acquired('u0'), handBuilt: true },
      {
        code: 'R-06',
        when: 'the target is not configured',
        state: hvUnconfigured('hB', [...upTo.assigning, ev.released('u0')]),
        event: ev.acquired('u0'),
        handBuilt: true,
      },
    ],
  },

  'sp/commitRecorded': {
    accepted: [
      {
        proves: 'records the single commit point: hB has vm0 from now on, the second period starts (C1.1)',
        state: at(upTo.transferred),
        event: ev.committed,
        then: (_b, after) => {
          expect(h(after)).toMatchObject({ phase: 'committed', commits: 1 });
          expect(after.vms['vm0']).toMatchObject({ holder: 'hB', dispatchedBy: [] });
        },
      },
      {
        proves: 'records it once hB holds the final snapshot, and the source frees the frame it kept of u1 (issue 15 item 3)',
        state: at(upTo.transferred),
        event: ev.committed,
        then: (before, after) => {
          expect(before.hypervisors['hB']?.sched).toMatchObject({ epoch: 1, version: 0 });
          expect(before.units['u1']?.original).toEqual({ node: 'n0', version: 0 });
          expect(after.units['u1']).toMatchObject({ node: 'n1', original: null });
          expect(after.ghost.commit).toEqual({ spEpoch: 1, targetSched: { epoch: 1, version: 0 } });
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.committed },
      { code: 'R-08', when: 'the commit point is already recorded', state: at(upTo.committed), event: ev.committed },
      { code: 'R-04', when: 'the VM is only quiesced', state: at(upTo.quiesced), event: ev.committed },
      { code: 'R-05', when: 'the target is not running', state: hvDown('hB', upTo.transferred), event: ev.committed, handBuilt: true },
      { code: 'R-06', when: 'the target is not configured', state: hvUnconfigured('hB', upTo.transferred), event: ev.committed, handBuilt: true },
      {
        code: 'R-12',
        when: 'u1 is not assigned to the target yet (C1.9)',
        state: at([...upTo.assigning, ev.released('u0'), ev.acquired('u0')]),
        event: ev.committed,
      },
      { code: 'R-13', when: 'the target never received the final scheduling snapshot (C1.4, issue 15 item 3)', state: at(transferredUnsynced), event: ev.committed },
      { code: 'R-13', when: 'the target holds a version older than the one frozen at the quiesce (F13, F20)', state: at(transferredStale), event: ev.committed },
    ],
  },

  'target/vmResumed': {
    accepted: [
      {
        proves: 'runs vm0 on hB with the reassignable portion and ends the handover (C1.5, C1.10)',
        state: at(upTo.committed),
        event: ev.resumed,
        then: (before, after) => {
          expect(after.vms['vm0']).toEqual({ holder: 'hB', dispatchedBy: ['hB'], schedVersion: 0 });
          expect(h(after)).toMatchObject({ phase: 'completed', resumedWith: 0 });
          expect(after.completed).toBe(before.completed + 1);
          expect(after.hypervisors['hA']?.config).toBeNull();
          expect(after.hypervisors['hB']).toEqual({ status: 'running', config: null, sched: null });
          expect(after.units['u2']?.place).toEqual({ kind: 'managed', by: 'hA' });
        },
      },
      {
        proves: 'resumes with the version resent after a reschedule (F20, F.3)',
        state: at(committedAfterResync),
        event: ev.resumed,
        then: (_b, after) => expect(h(after)).toMatchObject({ phase: 'completed', resumedWith: 1, frozenVersion: 1 }),
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.resumed },
      { code: 'R-07', when: 'every unit is at the target but no commit point is recorded', state: at(upTo.transferred), event: ev.resumed },
      { code: 'R-05', when: 'the target crashed after the commit (F02)', state: at([...upTo.committed, ev.crashed('hB')]), event: ev.resumed },
      {
        code: 'R-06',
        when: 'the target restarted after the commit and is not reconfigured (F02)',
        state: at([...upTo.committed, ev.crashed('hB'), ev.restarted('hB')]),
        event: ev.resumed,
      },
      {
        code: 'R-12',
        when: 'u1 is not managed by the target',
        state: () => withUnit(drive(tiny, upTo.committed), 'u1', { place: { kind: 'managed', by: 'hA' } }),
        event: ev.resumed,
        handBuilt: true,
      },
      { code: 'R-13', when: 'the target lost its scheduling information in a crash after the commit (C1.4, F02)', state: at(committedTargetLost), event: ev.resumed },
      {
        code: 'R-13',
        when: 'the target has a version older than the one frozen at the quiesce (F20)',
        state: () => withHv(drive(tiny, committedAfterResync), 'hB', { sched: { vm: 'vm0', epoch: 1, version: 0, applied: 1 } }),
        event: ev.resumed,
        handBuilt: true,
      },
    ],
  },
};
