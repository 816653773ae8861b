/**
 * Cases of the preparation steps (src/model/steps/prepare.ts): request (C1.1), configuration
 * (C1.3), classification (C1.6) and consolidation (C1.8, F.1, F.2, F10, F15).
 */
import { expect } from 'vitest';
import { tiny } from '../../../models/scenarios/index.ts';
import { initialState } from '../../../src/model/init.ts';
import type { ServerState } from '../../../src/model/state.ts';
import type { CaseTable } from '../../support/cases.ts';
import { drive } from '../../support/drive.ts';
import { ev, tinyUpTo as upTo } from '../../support/events.ts';
import { deepFreeze } from '../../support/freeze.ts';
import { withHv, withUnit, withVm } from '../../support/patch.ts';
import { trio } from '../../support/scenarios.ts';

type Prepare =
  | 'sp/handoverRequested'
  | 'sp/hypervisorConfigured'
  | 'source/unitsClassified'
  | 'source/unitCopied'
  | 'source/pinDetected'
  | 'source/consolidationFinished';

const init = (): ServerState => deepFreeze(initialState(tiny));
const at = (events: Parameters<typeof drive>[1]) => (): ServerState => drive(tiny, events);
const h = (s: ServerState) => {
  if (s.handover === null) throw new Error('no handover');
  return s.handover;
};
const crashedSource = (events: Parameters<typeof drive>[1]) => () => withHv(drive(tiny, events), 'hA', { status: 'crashed' });
const unconfiguredSource = (events: Parameters<typeof drive>[1]) => () => withHv(drive(tiny, events), 'hA', { config: null });

/** The cases of the preparation steps, by event name. @internal */
export const prepareCases: CaseTable<Prepare> = {
  'sp/handoverRequested': {
    accepted: [
      {
        proves: 'opens a handover of vm0 from hA to hB in a new epoch, in the configuring phase (C1.1)',
        state: init,
        event: ev.requested(),
        then: (before, after, effects) => {
          expect(after.sp.epoch).toBe(before.sp.epoch + 1);
          expect(after.handover).toMatchObject({
            vm: 'vm0',
            source: 'hA',
            target: 'hB',
            epoch: 1,
            phase: 'configuring',
            targetNode: 'n1',
            reassignable: [],
            unreassignable: [],
            classified: false,
            commits: 0,
          });
          expect(after.used.attempts).toBe(1);
          // No unit's variable changes; the ghost recorder notes each unit of vm0 as it was (INV-13, INV-14).
          for (const [id, u] of Object.entries(before.units)) {
            const { ghost: _was, ...rest } = u;
            const { ghost, ...now } = after.units[id]!;
            expect(now).toEqual(rest);
            expect(ghost).toEqual({ before: { place: u.place, node: u.node, pinnedTo: u.pinnedTo, copy: null, original: null }, copiedAt: [] });
          }
          const idle = { config: null, sched: null };
          expect(after.ghost).toEqual({ before: { holder: 'hA', dispatchedBy: ['hA'], source: idle, target: idle }, frozenAt: null, commit: null, resume: null });
          expect(effects).toEqual([]);
        },
      },
      {
        proves: 'opens the way back from the new holder after a completed handover, with nothing of the first leaking (F12)',
        state: at(upTo.completed),
        event: ev.requested('hB', 'hA'),
        then: (before, after) => {
          expect(h(after)).toMatchObject({ source: 'hB', target: 'hA', epoch: 2, targetNode: 'n0', phase: 'configuring', commits: 0 });
          expect(h(after).ghost).toEqual({ partialTransfer: false, schedRaced: false, recopied: false, spReset: false, pinDetected: false });
          expect(h(after).lastSent).toBeNull();
          expect(after.completed).toBe(before.completed);
        },
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the VM is unknown', state: init, event: ev.requested('hA', 'hB', 'vm9') },
      { code: 'R-01', when: 'the source is unknown', state: init, event: ev.requested('hZ', 'hB') },
      { code: 'R-01', when: 'the target is unknown', state: init, event: ev.requested('hA', 'hZ') },
      { code: 'R-03', when: 'a handover is already under way', state: at(upTo.configuring), event: ev.requested() },
      { code: 'R-17', when: 'source and target are the same hypervisor', state: init, event: ev.requested('hA', 'hA') },
      { code: 'R-16', when: 'the source does not have the VM', state: init, event: ev.requested('hB', 'hA') },
      {
        code: 'R-05',
        when: 'the source has crashed',
        state: () => withHv(init(), 'hA', { status: 'crashed' }),
        event: ev.requested(),
        handBuilt: true,
      },
      {
        code: 'R-05',
        when: 'the target crashed after the commit of the previous handover and was not restarted',
        state: at([...upTo.committed, ev.crashed('hA'), ev.resumed]),
        event: ev.requested('hB', 'hA'),
      },
      {
        code: 'R-19',
        when: 'the source does not dispatch the VM',
        state: () => withVm(init(), 'vm0', { dispatchedBy: [] }),
        event: ev.requested(),
        handBuilt: true,
      },
      {
        code: 'R-15',
        when: 'both attempts of tiny are used',
        state: at([ev.requested(), ev.aborted, ev.rollbackCompleted, ev.requested(), ev.aborted, ev.rollbackCompleted]),
        event: ev.requested(),
      },
    ],
  },

  'sp/hypervisorConfigured': {
    accepted: [
      {
        proves: 'configures the source for the current epoch; the phase waits for the target (C1.3)',
        state: at(upTo.configuring),
        event: ev.configured('hA'),
        then: (_b, after) => {
          expect(after.hypervisors['hA']?.config).toEqual({ epoch: 1 });
          expect(after.hypervisors['hB']?.config).toBeNull();
          expect(h(after).phase).toBe('configuring');
        },
      },
      {
        proves: 'configuring the second of the pair (target first here) opens classification (C1.3)',
        state: at([...upTo.configuring, ev.configured('hB')]),
        event: ev.configured('hA'),
        then: (_b, after) => {
          expect(after.hypervisors['hA']?.config).toEqual({ epoch: 1 });
          expect(h(after).phase).toBe('classifying');
        },
      },
      {
        proves: 'reconfigures a restarted target after the commit, and the phase stays committed (F02, roll forward)',
        state: at([...upTo.committed, ev.crashed('hB'), ev.restarted('hB')]),
        event: ev.configured('hB'),
        then: (_b, after) => {
          expect(after.hypervisors['hB']?.config).toEqual({ epoch: 1 });
          expect(h(after).phase).toBe('committed');
        },
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the hypervisor is unknown', state: at(upTo.configuring), event: ev.configured('hZ') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.configured('hA') },
      { code: 'R-23', when: 'hC is neither source nor target', state: () => drive(trio, upTo.configuring), event: ev.configured('hC') },
      { code: 'R-04', when: 'the phase is classifying', state: at(upTo.classifying), event: ev.configured('hA') },
      {
        code: 'R-05',
        when: 'the target crashed after the commit and was not restarted (F02)',
        state: at([...upTo.committed, ev.crashed('hB')]),
        event: ev.configured('hB'),
      },
      {
        code: 'R-21',
        when: 'the source is already configured in this epoch',
        state: at([...upTo.configuring, ev.configured('hA')]),
        event: ev.configured('hA'),
      },
    ],
  },

  'source/unitsClassified': {
    accepted: [
      {
        proves: "splits vm0's units into the reassignable u0, u1 and the unreassignable u2 (C1.6)",
        state: at(upTo.classifying),
        event: ev.classified,
        then: (before, after) => {
          expect(h(after)).toMatchObject({ phase: 'consolidating', classified: true, reassignable: ['u0', 'u1'], unreassignable: ['u2'] });
          expect(after.units).toBe(before.units);
        },
      },
      {
        proves: 'classifies unreassignable a unit a device pinned before classification (F15, C1.6)',
        state: at([...upTo.classifying, ev.pinned('u1')]),
        event: ev.classified,
        then: (_b, after) => {
          expect(h(after).reassignable).toEqual(['u0']);
          expect(h(after).unreassignable).toEqual(['u1', 'u2']);
        },
      },
      {
        proves: "discards a copy an earlier attempt left (the rollback drops them, INV-14), so the retry redoes its work (F11)",
        state: () => withUnit(drive(tiny, [...upTo.synchronising, ev.aborted, ev.rollbackCompleted, ...upTo.classifying]), 'u1', { copy: { node: 'n1', version: 0, dirty: false } }),
        event: ev.classified,
        then: (before, after) => {
          expect(before.units['u1']?.copy).not.toBeNull();
          expect(after.units['u1']?.copy).toBeNull();
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.classified },
      { code: 'R-04', when: 'the phase is configuring', state: at(upTo.configuring), event: ev.classified },
      { code: 'R-05', when: 'the source is not running', state: crashedSource(upTo.classifying), event: ev.classified, handBuilt: true },
      { code: 'R-06', when: 'the source is not configured', state: unconfiguredSource(upTo.classifying), event: ev.classified, handBuilt: true },
    ],
  },

  'source/unitCopied': {
    accepted: [
      {
        proves: "copies u1 to the target's node n1 while the VM keeps running on hA (C1.8, F.2)",
        state: at(upTo.consolidating),
        event: ev.copied('u1'),
        then: (_b, after) => {
          expect(after.units['u1']).toMatchObject({ node: 'n0', place: { kind: 'managed', by: 'hA' }, copy: { node: 'n1', version: 0, dirty: false } });
          expect(after.vms['vm0']?.dispatchedBy).toEqual(['hA']);
          expect(h(after).ghost.recopied).toBe(false);
        },
      },
      {
        proves: 'copies a unit the guest wrote after its copy again, and records the recopy (F10)',
        state: at([...upTo.consolidating, ev.copied('u1'), ev.written('u1')]),
        event: ev.copied('u1'),
        then: (before, after) => {
          expect(before.units['u1']?.copy?.dirty).toBe(true);
          expect(after.units['u1']?.copy).toEqual({ node: 'n1', version: 1, dirty: false });
          expect(h(after).ghost.recopied).toBe(true);
        },
      },
      {
        proves: 'copies a dirty unit again in the switchover window (F10)',
        state: at([...upTo.synchronised, ev.written('u1'), ev.quiesced]),
        event: ev.copied('u1'),
        then: (_b, after) => expect(after.units['u1']?.copy).toEqual({ node: 'n1', version: 1, dirty: false }),
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the unit is unknown', state: at(upTo.consolidating), event: ev.copied('u9') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.copied('u1') },
      { code: 'R-04', when: 'the units are not classified yet', state: at(upTo.classifying), event: ev.copied('u1') },
      { code: 'R-09', when: 'u2 is unreassignable', state: at(upTo.consolidating), event: ev.copied('u2') },
      { code: 'R-10', when: 'a device pinned u1 after classification (F15)', state: at([...upTo.consolidating, ev.pinned('u1')]), event: ev.copied('u1') },
      {
        code: 'R-12',
        when: 'u1 is not managed by the source',
        state: () => withUnit(drive(tiny, upTo.consolidating), 'u1', { place: { kind: 'managed', by: 'hB' } }),
        event: ev.copied('u1'),
        handBuilt: true,
      },
      { code: 'R-20', when: 'u0 is already on n1 (F.1)', state: at(upTo.consolidating), event: ev.copied('u0') },
      { code: 'R-20', when: 'u1 already has a clean copy', state: at([...upTo.consolidating, ev.copied('u1')]), event: ev.copied('u1') },
      { code: 'R-05', when: 'the source is not running', state: crashedSource(upTo.consolidating), event: ev.copied('u1'), handBuilt: true },
      { code: 'R-06', when: 'the source is not configured', state: unconfiguredSource(upTo.consolidating), event: ev.copied('u1'), handBuilt: true },
    ],
  },

  'source/pinDetected': {
    accepted: [
      {
        proves: 'moves u1, pinned after classification, to the unreassignable portion and drops its copy (F15, C1.7)',
        state: at([...upTo.consolidating, ev.copied('u1'), ev.pinned('u1')]),
        event: ev.pinDetected('u1'),
        then: (_b, after) => {
          expect(h(after).reassignable).toEqual(['u0']);
          expect(h(after).unreassignable).toEqual(['u2', 'u1']);
          expect(h(after).ghost.pinDetected).toBe(true);
          expect(after.units['u1']).toMatchObject({ copy: null, pinnedTo: 'hA', place: { kind: 'managed', by: 'hA' } });
        },
      },
      {
        proves: 'notices a pin during the assignment, before the unit moves (F15)',
        state: at([...upTo.assigning, ev.pinned('u1')]),
        event: ev.pinDetected('u1'),
        then: (_b, after) => {
          expect(h(after).phase).toBe('assigning');
          expect(h(after).reassignable).toEqual(['u0']);
        },
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the unit is unknown', state: at(upTo.consolidating), event: ev.pinDetected('u9') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.pinDetected('u1') },
      { code: 'R-04', when: 'the units are not classified yet', state: at([...upTo.classifying, ev.pinned('u1')]), event: ev.pinDetected('u1') },
      { code: 'R-04', when: 'the commit point was recorded', state: at(upTo.committed), event: ev.pinDetected('u1') },
      { code: 'R-04', when: 'the handover is rolling back', state: at([...upTo.consolidating, ev.pinned('u1'), ev.aborted]), event: ev.pinDetected('u1') },
      { code: 'R-09', when: 'u2 is not in the reassignable portion', state: at(upTo.consolidating), event: ev.pinDetected('u2') },
      { code: 'R-24', when: 'u1 is not pinned', state: at(upTo.consolidating), event: ev.pinDetected('u1') },
      {
        code: 'R-12',
        when: 'u1 is in flight',
        state: () => withUnit(drive(tiny, [...upTo.assigning, ev.released('u1')]), 'u1', { pinnedTo: 'hA' }),
        event: ev.pinDetected('u1'),
        handBuilt: true,
      },
      {
        code: 'R-05',
        when: 'the source is not running',
        state: crashedSource([...upTo.consolidating, ev.pinned('u1')]),
        event: ev.pinDetected('u1'),
        handBuilt: true,
      },
    ],
  },

  'source/consolidationFinished': {
    accepted: [
      {
        proves: 'opens synchronisation once u1 is copied to n1 and u0 is already there (C1.8, F.1)',
        state: at([...upTo.consolidating, ev.copied('u1')]),
        event: ev.consolidated,
        then: (before, after) => {
          expect(h(after).phase).toBe('synchronising');
          expect(after.units).toBe(before.units);
        },
      },
    ],
    rejected: [
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.consolidated },
      { code: 'R-04', when: 'the phase is classifying', state: at(upTo.classifying), event: ev.consolidated },
      { code: 'R-05', when: 'the source is not running', state: crashedSource([...upTo.consolidating, ev.copied('u1')]), event: ev.consolidated, handBuilt: true },
      { code: 'R-06', when: 'the source is not configured', state: unconfiguredSource([...upTo.consolidating, ev.copied('u1')]), event: ev.consolidated, handBuilt: true },
      { code: 'R-10', when: 'a device pinned u1 and the source has not noticed (F15)', state: at([...upTo.consolidating, ev.copied('u1'), ev.pinned('u1')]), event: ev.consolidated },
      { code: 'R-11', when: 'u1 is not copied yet', state: at(upTo.consolidating), event: ev.consolidated },
      { code: 'R-11', when: "the guest wrote u1 after its copy (F10)", state: at([...upTo.consolidating, ev.copied('u1'), ev.written('u1')]), event: ev.consolidated },
    ],
  },
};
