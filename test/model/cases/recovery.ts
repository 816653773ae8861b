/**
 * Cases of rollback and recovery (src/model/steps/recovery.ts). Departure: claim 1 names no
 * failure handling; before the commit point a fault or an abort rolls back, after it roll forward.
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
import { crowded, unpinned } from '../../support/scenarios.ts';

type Recovery =
  | 'operator/handoverAborted'
  | 'source/unitReclaimed'
  | 'source/rollbackCompleted'
  | 'sp/hypervisorRestarted'
  | 'sp/hypervisorRetired';

const init = (): ServerState => deepFreeze(initialState(tiny));
const at = (events: readonly HandoverEvent[]) => (): ServerState => drive(tiny, events);
const h = (s: ServerState) => {
  if (s.handover === null) throw new Error('no handover');
  return s.handover;
};

/** u0 is at the target and u1 in flight when u1's transfer fails: a partial transfer (F07). */
const partial = [...upTo.assigning, ev.released('u0'), ev.acquired('u0'), ev.released('u1'), ev.transferFailed('u1')];

/** The cases of the rollback and recovery steps, by event name. @internal */
export const recoveryCases: CaseTable<Recovery> = {
  'operator/handoverAborted': {
    accepted: [
      {
        proves: 'rolls back from the configuring phase: epoch advanced, both hypervisors deconfigured (F06, departure)',
        state: at([...upTo.configuring, ev.configured('hA')]),
        event: ev.aborted,
        then: (before, after, effects) => {
          expect(after.sp.epoch).toBe(before.sp.epoch + 1);
          expect(h(after)).toMatchObject({ phase: 'aborting', abortReason: 'operator', epoch: after.sp.epoch });
          expect(after.hypervisors['hA']?.config).toBeNull();
          expect(effects).toEqual([{ kind: 'aborted', reason: 'operator' }]);
        },
      },
      {
        proves: 'rolls back during the freeze; the target forgets the scheduling information it got (F06)',
        state: at(upTo.quiesced),
        event: ev.aborted,
        then: (before, after) => {
          expect(before.hypervisors['hB']?.sched).not.toBeNull();
          expect(after.hypervisors['hB']).toEqual({ status: 'running', config: null, sched: null });
          expect(h(after).phase).toBe('aborting');
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.aborted },
      { code: 'R-08', when: 'the commit point was recorded (F06)', state: at(upTo.committed), event: ev.aborted },
      { code: 'R-04', when: 'the handover is already rolling back', state: at([...upTo.configuring, ev.aborted]), event: ev.aborted },
    ],
  },

  'source/unitReclaimed': {
    accepted: [
      {
        proves: 'takes back u0 from the target after a partial transfer (F07)',
        state: at(partial),
        event: ev.reclaimed('u0'),
        then: (_b, after) => expect(after.units['u0']?.place).toEqual({ kind: 'managed', by: 'hA' }),
      },
      {
        proves: "takes back the in-flight u1 into the frame it kept on n0, dropping the content moved to n1 (F07, F.2, INV-14)",
        state: at(partial),
        event: ev.reclaimed('u1'),
        then: (before, after) => {
          expect(before.units['u1']).toMatchObject({ place: { kind: 'inFlight' }, node: 'n1', original: { node: 'n0', version: 0 } });
          expect(after.units['u1']).toMatchObject({ place: { kind: 'managed', by: 'hA' }, node: 'n0', held: 0, written: 0, original: null });
        },
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the unit is unknown', state: at(partial), event: ev.reclaimed('u9') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.reclaimed('u0') },
      { code: 'R-04', when: 'the handover is not rolling back', state: at([...upTo.assigning, ev.released('u0')]), event: ev.reclaimed('u0') },
      { code: 'R-09', when: 'u2 is not reassignable', state: at(partial), event: ev.reclaimed('u2') },
      {
        code: 'R-12',
        when: 'u1 never left the source',
        state: at([...upTo.assigning, ev.released('u0'), ev.transferFailed('u0')]),
        event: ev.reclaimed('u1'),
      },
      {
        code: 'R-05',
        when: 'the source crashed (F03) and has not restarted',
        state: at([...upTo.assigning, ev.released('u0'), ev.crashed('hA')]),
        event: ev.reclaimed('u0'),
      },
    ],
  },

  'source/rollbackCompleted': {
    accepted: [
      {
        proves: 'ends the rollback: vm0 runs on hA with every unit it had, nothing in flight (INV-8, F07)',
        state: at([...partial, ev.reclaimed('u0'), ev.reclaimed('u1')]),
        event: ev.rollbackCompleted,
        then: (before, after) => {
          expect(h(after).phase).toBe('rolledBack');
          expect(after.vms['vm0']).toMatchObject({ holder: 'hA', dispatchedBy: ['hA'] });
          expect(after.rolledBack).toBe(before.rolledBack + 1);
          for (const u of ['u0', 'u1', 'u2']) expect(after.units[u]?.place).toEqual({ kind: 'managed', by: 'hA' });
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.rollbackCompleted },
      { code: 'R-04', when: 'the handover is not rolling back', state: at(upTo.assigning), event: ev.rollbackCompleted },
      { code: 'R-05', when: 'the source crashed and has not restarted (F03)', state: at([...upTo.consolidating, ev.crashed('hA')]), event: ev.rollbackCompleted },
      { code: 'R-12', when: 'u0 and u1 are still away from the source', state: at(partial), event: ev.rollbackCompleted },
    ],
  },

  'sp/hypervisorRestarted': {
    accepted: [
      {
        proves: 'restarts a crashed hypervisor with no configuration and no scheduling information',
        state: at([...upTo.synchronised, ev.crashed('hB')]),
        event: ev.restarted('hB'),
        then: (_b, after) => expect(after.hypervisors['hB']).toEqual({ status: 'running', config: null, sched: null }),
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the hypervisor is unknown', state: init, event: ev.restarted('hZ') },
      { code: 'R-22', when: 'the hypervisor is running', state: init, event: ev.restarted('hA') },
    ],
  },

  'sp/hypervisorRetired': {
    accepted: [
      {
        proves: 'retires the source once nothing is coupled to it any more (F16)',
        state: () => drive(unpinned, upTo.completed),
        event: ev.retired('hA'),
        then: (_b, after) => expect(after.hypervisors['hA']?.status).toBe('retired'),
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the hypervisor is unknown', state: at(upTo.completed), event: ev.retired('hZ') },
      {
        code: 'R-05',
        when: 'the source crashed after the commit and was not restarted',
        state: at([...upTo.committed, ev.crashed('hA'), ev.resumed]),
        event: ev.retired('hA'),
      },
      { code: 'R-04', when: 'no handover has completed', state: init, event: ev.retired('hA') },
      { code: 'R-04', when: 'hB is the target, not the source, of the completed handover', state: at(upTo.completed), event: ev.retired('hB') },
      { code: 'R-18', when: 'hA still has vm1', state: () => drive(crowded, upTo.completed), event: ev.retired('hA') },
      { code: 'R-18', when: 'hA still manages the unreassignable u2 (F16, C1.7)', state: at(upTo.completed), event: ev.retired('hA') },
    ],
  },
};
