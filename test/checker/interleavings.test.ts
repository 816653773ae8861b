/**
 * The interleaving witnesses W-17 EnvironmentBurst and W-18 VersionSkipped on hand-written runs of
 * tiny: each reached by the interleaving it names and not by its near miss.
 */
import { describe, expect, it } from 'vitest';
import { WitnessTracker } from '../../src/checker/witnessTracker.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import { step } from '../../src/model/step.ts';
import { environmentBurst, versionSkipped } from '../../properties/witnesses.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { ev, tinyUpTo } from '../support/events.ts';

/** Up to synchronising, the first snapshot (v0) sent. */
const toSynchronising: readonly HandoverEvent[] = [...tinyUpTo.synchronising, ev.schedSent];
const rescheduled: HandoverEvent = { type: 'scheduler/vmRescheduled', vm: 'vm0' };
const written: HandoverEvent = { type: 'guest/memoryWritten', unit: 'u0' };

/** Which of the two witnesses one run of these events reaches. */
function reached(events: readonly HandoverEvent[]): string[] {
  const tracker = new WitnessTracker([environmentBurst, versionSkipped]);
  let s = initialState(tiny);
  tracker.start(s);
  for (const e of events) {
    const r = step(s, e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.code} ${r.rejection.guard}`);
    tracker.accepted(s, e, r.state);
    s = r.state;
  }
  return tracker.outcomes().filter((o) => o.reached).map((o) => o.id);
}

describe('W-17 EnvironmentBurst', () => {
  it('is reached by two environment events in a row', () => {
    expect(reached([...toSynchronising, rescheduled, written])).toContain('W-17');
  });

  it('is not reached when a protocol step comes between them (resetOn)', () => {
    expect(reached([...toSynchronising, rescheduled, { type: 'source/schedSent' }, written])).not.toContain('W-17');
  });
});

describe('W-18 VersionSkipped', () => {
  const twoSent = [...toSynchronising, rescheduled, { type: 'source/schedSent' } as const];

  it('is reached when the target applies v1 first, v0 still on the way', () => {
    expect(reached([...twoSent, { type: 'sp/schedRelayed', epoch: 1, version: 1 }, { type: 'target/schedReceived', epoch: 1, version: 1 }])).toEqual(['W-18']);
  });

  it('is not reached when the versions arrive in order', () => {
    const inOrder: HandoverEvent[] = [
      ...twoSent,
      { type: 'sp/schedRelayed', epoch: 1, version: 0 },
      { type: 'target/schedReceived', epoch: 1, version: 0 },
      { type: 'sp/schedRelayed', epoch: 1, version: 1 },
      { type: 'target/schedReceived', epoch: 1, version: 1 },
    ];
    expect(reached(inOrder)).toEqual([]);
  });
});
