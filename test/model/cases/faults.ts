/**
 * Cases of the fault events (src/model/steps/faults.ts), each drawn from the fault budget:
 * F01 to F05, F07, F15, F17, F19.
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
import { crowded, trio } from '../../support/scenarios.ts';

type Fault =
  | 'device/unitPinned'
  | 'fault/hypervisorCrashed'
  | 'fault/spReset'
  | 'fault/messageLost'
  | 'fault/messageDuplicated'
  | 'fault/unitTransferFailed'
  | 'fault/switchoverTimedOut';

const init = (): ServerState => deepFreeze(initialState(tiny));
const at = (events: readonly HandoverEvent[]) => (): ServerState => drive(tiny, events);
const h = (s: ServerState) => {
  if (s.handover === null) throw new Error('no handover');
  return s.handover;
};
/** tiny's single fault is spent on a device pin of u1. */
const spent = (events: readonly HandoverEvent[]) => at([...events, ev.pinned('u1')]);
const sent = [...upTo.synchronising, ev.schedSent];

/** The cases of the fault events, by event name. @internal */
export const faultCases: CaseTable<Fault> = {
  'device/unitPinned': {
    accepted: [
      {
        proves: 'couples u1 for good to hA, which has the VM, and spends a fault (F15)',
        state: at(upTo.consolidating),
        event: ev.pinned('u1'),
        then: (_b, after) => {
          expect(after.units['u1']).toMatchObject({ pinnedTo: 'hA', place: { kind: 'managed', by: 'hA' } });
          expect(after.used.faults).toBe(1);
        },
      },
      {
        proves: 'after the commit, couples a unit to the target, which now has the VM (F15)',
        state: at(upTo.committed),
        event: ev.pinned('u1'),
        then: (_b, after) => expect(after.units['u1']?.pinnedTo).toBe('hB'),
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the unit is unknown', state: at(upTo.consolidating), event: ev.pinned('u9') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.pinned('u1') },
      { code: 'R-12', when: 'u4 is possessed by no VM', state: () => drive(crowded, upTo.consolidating), event: ev.pinned('u4') },
      { code: 'R-10', when: 'u2 is already pinned', state: at(upTo.consolidating), event: ev.pinned('u2') },
      { code: 'R-12', when: 'u1 is in flight, managed by nobody', state: at([...upTo.assigning, ev.released('u1')]), event: ev.pinned('u1') },
      { code: 'R-05', when: 'hA, which has the VM, crashed', state: at([...upTo.consolidating, ev.crashed('hA')]), event: ev.pinned('u1') },
      { code: 'R-15', when: 'the fault budget is spent', state: spent(upTo.consolidating), event: ev.pinned('u0') },
    ],
  },

  'fault/hypervisorCrashed': {
    accepted: [
      {
        proves: 'a target crash before the commit rolls back in a new epoch (F01, departure)',
        state: at(upTo.consolidating),
        event: ev.crashed('hB'),
        then: (before, after, effects) => {
          expect(after.hypervisors['hB']).toEqual({ status: 'crashed', config: null, sched: null });
          expect(h(after)).toMatchObject({ phase: 'aborting', abortReason: 'targetCrashed', epoch: before.sp.epoch + 1 });
          expect(after.vms['vm0']?.dispatchedBy).toEqual(['hA']);
          expect(after.used.faults).toBe(1);
          expect(effects).toEqual([{ kind: 'aborted', reason: 'targetCrashed' }]);
        },
      },
      {
        proves: 'a source crash before the commit stops the VM and rolls back (F03, departure)',
        state: at(upTo.synchronised),
        event: ev.crashed('hA'),
        then: (_b, after, effects) => {
          expect(after.vms['vm0']).toMatchObject({ holder: 'hA', dispatchedBy: [] });
          expect(h(after)).toMatchObject({ phase: 'aborting', abortReason: 'sourceCrashed' });
          expect(effects).toEqual([{ kind: 'aborted', reason: 'sourceCrashed' }]);
        },
      },
      {
        proves: 'a target crash after the commit does not roll back: the VM waits for hB (F02, roll forward)',
        state: at(upTo.committed),
        event: ev.crashed('hB'),
        then: (before, after, effects) => {
          expect(h(after).phase).toBe('committed');
          expect(after.sp.epoch).toBe(before.sp.epoch);
          expect(after.vms['vm0']).toMatchObject({ holder: 'hB', dispatchedBy: [] });
          expect(effects).toEqual([]);
        },
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the hypervisor is unknown', state: at(upTo.consolidating), event: ev.crashed('hZ') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.crashed('hA') },
      { code: 'R-23', when: 'hC takes no part in the handover', state: () => drive(trio, upTo.consolidating), event: ev.crashed('hC') },
      { code: 'R-05', when: 'hB has already crashed', state: at([...upTo.consolidating, ev.crashed('hB')]), event: ev.crashed('hB') },
      { code: 'R-15', when: 'the fault budget is spent', state: spent(upTo.consolidating), event: ev.crashed('hB') },
    ],
  },

  'fault/spReset': {
    accepted: [
      {
        proves: 'an SP reset before the commit loses the channel and rolls back in a later epoch (F05)',
        state: at(sent),
        event: ev.spReset,
        then: (before, after, effects) => {
          expect(after.channel).toEqual([]);
          expect(after.sp.epoch).toBeGreaterThan(before.sp.epoch);
          expect(h(after)).toMatchObject({ phase: 'aborting', abortReason: 'spReset', epoch: after.sp.epoch });
          expect(h(after).ghost.spReset).toBe(true);
          for (const hv of ['hA', 'hB']) expect(after.hypervisors[hv]?.config).toBeNull();
          expect(effects).toEqual([{ kind: 'aborted', reason: 'spReset' }]);
        },
      },
      {
        proves: 'an SP reset after the commit keeps the commit record and starts a new epoch to resend in (F05, roll forward)',
        state: at(upTo.committed),
        event: ev.spReset,
        then: (before, after, effects) => {
          expect(after.sp.epoch).toBe(before.sp.epoch + 1);
          expect(h(after)).toMatchObject({ phase: 'committed', commits: 1, epoch: after.sp.epoch, lastSent: null, versionsSent: 0 });
          expect(after.hypervisors['hB']).toEqual({ status: 'running', config: null, sched: null });
          expect(after.vms['vm0']?.holder).toBe('hB');
          expect(effects).toEqual([]);
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.spReset },
      { code: 'R-15', when: 'the fault budget is spent', state: spent(upTo.consolidating), event: ev.spReset },
    ],
  },

  'fault/messageLost': {
    accepted: [
      {
        proves: 'loses the scheduling message on its way to the SP (F04)',
        state: at(sent),
        event: ev.lost('toSp', 1, 0),
        then: (_b, after) => {
          expect(after.channel).toEqual([]);
          expect(after.used.faults).toBe(1);
        },
      },
      {
        proves: 'loses a stale message after the handover ended (message faults need no handover)',
        state: at([...sent, ev.aborted, ev.rollbackCompleted]),
        event: ev.lost('toSp', 1, 0),
        then: (_b, after) => expect(after.channel).toEqual([]),
      },
    ],
    rejected: [
      { code: 'R-25', when: 'no such message', state: at(sent), event: ev.lost('toSp', 1, 9) },
      { code: 'R-15', when: 'the fault budget is spent', state: at([...sent, ev.pinned('u1')]), event: ev.lost('toSp', 1, 0) },
    ],
  },

  'fault/messageDuplicated': {
    accepted: [
      {
        proves: 'puts a second copy of a message on the channel (F17)',
        state: at(sent),
        event: ev.duplicated('toSp', 1, 0),
        then: (before, after) => {
          expect(after.channel).toEqual([...before.channel, ...before.channel]);
          expect(after.used.faults).toBe(1);
        },
      },
    ],
    rejected: [
      { code: 'R-25', when: 'the message is on the other leg', state: at(sent), event: ev.duplicated('toTarget', 1, 0) },
      { code: 'R-15', when: 'the fault budget is spent', state: at([...sent, ev.pinned('u1')]), event: ev.duplicated('toSp', 1, 0) },
    ],
  },

  'fault/unitTransferFailed': {
    accepted: [
      {
        proves: "the transfer of u1 fails after u0 reached the target: a partial transfer, rolled back (F07)",
        state: at([...upTo.assigning, ev.released('u0'), ev.acquired('u0'), ev.released('u1')]),
        event: ev.transferFailed('u1'),
        then: (_b, after, effects) => {
          expect(h(after)).toMatchObject({ phase: 'aborting', abortReason: 'transferFailed' });
          expect(h(after).ghost.partialTransfer).toBe(true);
          expect(effects).toEqual([{ kind: 'aborted', reason: 'transferFailed' }]);
        },
      },
      {
        proves: 'the transfer of the first unit fails: rolled back, not partial (F07)',
        state: at([...upTo.assigning, ev.released('u0')]),
        event: ev.transferFailed('u0'),
        then: (_b, after) => expect(h(after).ghost.partialTransfer).toBe(false),
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the unit is unknown', state: at(upTo.assigning), event: ev.transferFailed('u9') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.transferFailed('u0') },
      { code: 'R-04', when: 'the VM is only quiesced', state: at(upTo.quiesced), event: ev.transferFailed('u0') },
      { code: 'R-09', when: 'u2 is not reassignable', state: at(upTo.assigning), event: ev.transferFailed('u2') },
      { code: 'R-12', when: 'u0 is not in flight', state: at(upTo.assigning), event: ev.transferFailed('u0') },
      { code: 'R-15', when: 'the fault budget is spent', state: spent([...upTo.assigning, ev.released('u0')]), event: ev.transferFailed('u0') },
    ],
  },

  'fault/switchoverTimedOut': {
    accepted: [
      {
        proves: 'a timeout in the switchover window rolls back (F19, departure)',
        state: at(upTo.quiesced),
        event: ev.timedOut,
        then: (_b, after, effects) => {
          expect(h(after)).toMatchObject({ phase: 'aborting', abortReason: 'timeout' });
          expect(effects).toEqual([{ kind: 'aborted', reason: 'timeout' }]);
        },
      },
      {
        proves: 'a timeout after the commit is ignored but spends a fault: the commit decided (F19)',
        state: at(upTo.committed),
        event: ev.timedOut,
        then: (before, after, effects) => {
          expect(after.handover).toEqual(before.handover);
          expect(after.used.faults).toBe(1);
          expect(effects).toEqual([{ kind: 'ignored', reason: 'timeout after the commit: roll forward' }]);
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.timedOut },
      { code: 'R-04', when: 'the switchover window is not open', state: at(upTo.synchronised), event: ev.timedOut },
      { code: 'R-15', when: 'the fault budget is spent', state: spent(upTo.quiesced), event: ev.timedOut },
    ],
  },
};
