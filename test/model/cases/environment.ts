/**
 * Cases of the environment events (src/model/steps/environment.ts): the scheduler and the guest
 * keep running during the handover (F10, F13, F20).
 */
import { expect } from 'vitest';
import { fragmented, tiny } from '../../../models/scenarios/index.ts';
import { initialState } from '../../../src/model/init.ts';
import type { HandoverEvent } from '../../../src/model/events.ts';
import type { ServerState } from '../../../src/model/state.ts';
import type { CaseTable } from '../../support/cases.ts';
import { drive } from '../../support/drive.ts';
import { ev, syncFirst, tinyUpTo as upTo } from '../../support/events.ts';
import { deepFreeze } from '../../support/freeze.ts';
import { crowded } from '../../support/scenarios.ts';

type Environment = 'scheduler/vmRescheduled' | 'guest/memoryWritten';

const init = (): ServerState => deepFreeze(initialState(tiny));
const at = (events: readonly HandoverEvent[]) => (): ServerState => drive(tiny, events);

/** The fragmented handover up to the commit: u1, u3, u4, u6 are copied to n1; u2 and u5 stay with hA. */
const fragmentedCommitted: readonly HandoverEvent[] = [
  ev.requested(),
  ev.configured('hA'),
  ev.configured('hB'),
  ev.classified,
  ...['u1', 'u3', 'u4', 'u6'].map(ev.copied),
  ev.consolidated,
  ...syncFirst,
  ev.quiesced,
  ev.assignmentStarted,
  ...['u0', 'u1', 'u3', 'u4', 'u6', 'u7'].flatMap((u) => [ev.released(u), ev.acquired(u)]),
  ev.committed,
];

/** The cases of the environment events, by event name. @internal */
export const environmentCases: CaseTable<Environment> = {
  'scheduler/vmRescheduled': {
    accepted: [
      {
        proves: 'changes the scheduling information of the VM under handover before anything was sent (F13)',
        state: at(upTo.consolidating),
        event: ev.rescheduled(),
        then: (before, after) => {
          expect(after.vms['vm0']?.schedVersion).toBe(1);
          expect(after.used.schedChanges).toBe(1);
          expect(after.handover?.ghost).toEqual(before.handover?.ghost);
        },
      },
      {
        proves: 'marks the race when the VM is rescheduled after its snapshot was sent (F20)',
        state: at(upTo.synchronised),
        event: ev.rescheduled(),
        then: (before, after) => {
          expect(before.handover?.ghost.schedRaced).toBe(false);
          expect(after.handover?.ghost.schedRaced).toBe(true);
        },
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the VM is unknown', state: init, event: ev.rescheduled('vm9') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.rescheduled() },
      { code: 'R-02', when: 'the handover under way is of another VM', state: () => drive(crowded, upTo.consolidating), event: ev.rescheduled('vm1') },
      { code: 'R-19', when: 'the VM is quiesced', state: at(upTo.quiesced), event: ev.rescheduled() },
      { code: 'R-15', when: 'the one scheduling change of tiny is used', state: at([...upTo.consolidating, ev.rescheduled()]), event: ev.rescheduled() },
    ],
  },

  'guest/memoryWritten': {
    accepted: [
      {
        proves: 'writes u1 in place: the truth and the content held advance together',
        state: at(upTo.consolidating),
        event: ev.written('u1'),
        then: (_b, after) => {
          expect(after.units['u1']).toMatchObject({ written: 1, held: 1, copy: null });
          expect(after.used.guestWrites).toBe(1);
        },
      },
      {
        proves: "marks u1's copy dirty in the source's dirty log (F10)",
        state: at([...upTo.consolidating, ev.copied('u1')]),
        event: ev.written('u1'),
        then: (_b, after) => expect(after.units['u1']?.copy).toEqual({ node: 'n1', version: 0, dirty: true }),
      },
    ],
    rejected: [
      { code: 'R-01', when: 'the unit is unknown', state: at(upTo.consolidating), event: ev.written('u9') },
      { code: 'R-12', when: 'u2 is an I/O adapter, not memory', state: at(upTo.consolidating), event: ev.written('u2') },
      { code: 'R-12', when: 'u4 is possessed by no VM', state: () => drive(crowded, upTo.consolidating), event: ev.written('u4') },
      { code: 'R-02', when: 'no handover is under way', state: init, event: ev.written('u1') },
      { code: 'R-02', when: 'u3 belongs to vm1, not to the VM under handover', state: () => drive(crowded, upTo.consolidating), event: ev.written('u3') },
      { code: 'R-19', when: 'the VM is quiesced', state: at(upTo.quiesced), event: ev.written('u1') },
      {
        code: 'R-12',
        when: 'u5 is coupled to hA, which crashed as the target of the way back (fragmented, F12)',
        state: () => drive(fragmented, [...fragmentedCommitted, ev.resumed, ev.requested('hB', 'hA'), ev.crashed('hA')]),
        event: ev.written('u5'),
      },
      { code: 'R-15', when: 'the one guest write of tiny is used', state: at([...upTo.consolidating, ev.written('u1')]), event: ev.written('u0') },
    ],
  },
};
