/**
 * The small public and internal helpers of src/model that the step tests reach only on their
 * happy side: event names and kinds, the channel's multiset operations, and the programmer
 * errors (exceptions, never rejections) of the update kit and the dispatch.
 */
import { describe, expect, it } from 'vitest';
import { tiny } from '../../models/scenarios/index.ts';
import { EVENT_KINDS, EVENT_TYPES, eventKind, formatEvent } from '../../src/model/events.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import type { Message } from '../../src/model/state.ts';
import { isActive, isMessage, isPreCommit, PHASES, removeMessage, sortChannel } from '../../src/model/state.ts';
import { step } from '../../src/model/step.ts';
import { abort, setHandover, setHv, setUnit, setVm } from '../../src/model/steps/kit.ts';
import { markSpReset } from '../../src/model/steps/recovery.ts';
import { drive } from '../support/drive.ts';
import { ev, tinyUpTo } from '../support/events.ts';
import { deepFreeze } from '../support/freeze.ts';

const msg = (leg: Message['leg'], epoch: number, version: number): Message => ({ leg, to: 'hB', vm: 'vm0', epoch, version });

describe('events', () => {
  it('every event has a kind; faults are exactly the device pin and the fault/ events', () => {
    expect(EVENT_TYPES).toHaveLength(29);
    const faults = EVENT_TYPES.filter((t) => EVENT_KINDS[t] === 'fault');
    expect(faults.every((t) => t.startsWith('fault/') || t === 'device/unitPinned')).toBe(true);
    expect(EVENT_TYPES.filter((t) => t.startsWith('fault/')).every((t) => faults.includes(t))).toBe(true);
    expect(eventKind(ev.requested())).toBe('protocol');
    expect(eventKind(ev.written('u1'))).toBe('environment');
    expect(eventKind(ev.spReset)).toBe('fault');
  });

  it('formats an event as its name and its parameters, epochs and versions abbreviated', () => {
    expect(formatEvent(ev.classified)).toBe('source/unitsClassified');
    expect(formatEvent(ev.copied('u1'))).toBe('source/unitCopied(u1)');
    expect(formatEvent(ev.lost('toSp', 2, 1))).toBe('fault/messageLost(toSp, e2, v1)');
  });

  it('an event name the dispatch does not know is rejected (R-26) before dispatch, with the very same state', () => {
    const s = deepFreeze(initialState(tiny));
    const r = step(s, { type: 'sp/nonsense' } as unknown as HandoverEvent);
    expect(r).toEqual({ ok: false, state: s, rejection: { code: 'R-26', step: null, guard: 'event.type is one of the 29 event types' } });
    expect(r.state).toBe(s);
  });
});

describe('phases', () => {
  it('orders the phases as the protocol runs; aborting and rolledBack are neither before the commit nor active at the end', () => {
    expect(PHASES.filter(isPreCommit)).toEqual(['configuring', 'classifying', 'consolidating', 'synchronising', 'quiesced', 'assigning']);
    expect(isActive(null)).toBe(false);
    expect(isActive(drive(tiny, tinyUpTo.completed).handover)).toBe(false);
    expect(isActive(drive(tiny, tinyUpTo.committed).handover)).toBe(true);
  });
});

describe('the channel is a multiset in canonical order (F17)', () => {
  it('sorts by leg, epoch and version, so equal multisets are equal arrays', () => {
    const a = [msg('toTarget', 1, 0), msg('toSp', 2, 0), msg('toSp', 1, 1), msg('toSp', 1, 0)];
    expect(sortChannel(a)).toEqual([msg('toSp', 1, 0), msg('toSp', 1, 1), msg('toSp', 2, 0), msg('toTarget', 1, 0)]);
    expect(sortChannel([...a].reverse())).toEqual(sortChannel(a));
  });

  it('removes one copy of a message, and nothing when it is absent', () => {
    const two = [msg('toSp', 1, 0), msg('toSp', 1, 0)];
    expect(removeMessage(two, { leg: 'toSp', epoch: 1, version: 0 })).toEqual([msg('toSp', 1, 0)]);
    expect(removeMessage(two, { leg: 'toTarget', epoch: 1, version: 0 })).toBe(two);
    expect(isMessage(msg('toSp', 1, 0), { leg: 'toSp', epoch: 1, version: 1 })).toBe(false);
  });
});

describe('the update kit reports programmer errors as exceptions', () => {
  const s = deepFreeze(initialState(tiny));
  it.each([
    ['setUnit', () => setUnit(s, 'u9', {})],
    ['setHv', () => setHv(s, 'hZ', {})],
    ['setVm', () => setVm(s, 'vm9', {})],
    ['setHandover', () => setHandover(s, {})],
    ['abort', () => abort(s, 'operator')],
  ] as const)('%s on something that does not exist throws', (_name, f) => {
    expect(f).toThrow(/programmer error/);
  });

  it('markSpReset without a handover leaves the state as it is', () => {
    expect(markSpReset(s)).toBe(s);
  });
});
