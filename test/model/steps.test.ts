/**
 * Every protocol step, environment event and fault of src/model/events.ts: the cases where the
 * reference reducer accepts it, with the effect asserted, and one case per rejection code, where
 * it returns that code, the step's name and the very same state object.
 *
 * The table is total over the event types (a missing event does not compile), and a test reads
 * each handler's source for the codes it can return, so a new guard without a case fails here.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/model/events.ts';
import type { EventType } from '../../src/model/events.ts';
import { REJECTION_CODES } from '../../src/model/rejection.ts';
import type { RejectionCode } from '../../src/model/rejection.ts';
import { enabledEvents } from '../../src/model/enabled.ts';
import type { CaseTable } from '../support/cases.ts';
import { codesIn } from '../support/codes.ts';
import { expectAccepted, expectRejected } from '../support/expect.ts';
import { environmentCases } from './cases/environment.ts';
import { faultCases } from './cases/faults.ts';
import { prepareCases } from './cases/prepare.ts';
import { recoveryCases } from './cases/recovery.ts';
import { switchoverCases } from './cases/switchover.ts';

const table: CaseTable<EventType> = {
  ...prepareCases,
  ...switchoverCases,
  ...recoveryCases,
  ...environmentCases,
  ...faultCases,
};

for (const type of EVENT_TYPES) {
  const cases = table[type];
  describe(type, () => {
    for (const c of cases.accepted) {
      it(`accepts ${type}: ${c.proves}`, () => {
        const before = c.state();
        const { state: after, effects } = expectAccepted(before, c.event);
        // The checkers find the same step through enabledEvents.
        expect(enabledEvents(before)).toContainEqual(c.event);
        c.then(before, after, effects);
      });
    }
    for (const c of cases.rejected) {
      it(`rejects ${type} with ${c.code} when ${c.when}${c.handBuilt ? ' (hand-built state)' : ''}`, () => {
        const before = c.state();
        expectRejected(before, c.event, c.code);
        expect(enabledEvents(before)).not.toContainEqual(c.event);
      });
    }
    it(`has a rejected case for every code ${type} can return (read from its handler)`, () => {
      const tested = new Set(cases.rejected.map((c) => c.code));
      const possible = codesIn(type);
      expect(possible.size).toBeGreaterThan(0);
      expect([...possible].filter((c) => !tested.has(c)).sort()).toEqual([]);
      expect([...tested].filter((c) => !possible.has(c)).sort()).toEqual([]);
    });
  });
}

describe('the case table as a whole', () => {
  it('has at least one accepted case for every event type', () => {
    expect(EVENT_TYPES.filter((t) => table[t].accepted.length === 0)).toEqual([]);
  });

  it('exercises every rejection code of src/model/rejection.ts at least once', () => {
    const tested = new Set(EVENT_TYPES.flatMap((t) => table[t].rejected.map((c) => c.code)));
    // R-26 comes only from the entry check (src/model/wellFormed.ts), before any handler runs:
    // test/model/wellFormed.test.ts exercises it.
    expect(Object.keys(REJECTION_CODES).filter((c) => !tested.has(c as RejectionCode))).toEqual(['R-26']);
  });

  it('every case event has the type of the table entry it sits in', () => {
    for (const t of EVENT_TYPES) {
      for (const c of [...table[t].accepted, ...table[t].rejected]) expect(c.event.type).toBe(t);
    }
  });
});
