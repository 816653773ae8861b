/**
 * The reducer's entry check (src/model/wellFormed.ts): malformed events are rejected as values
 * before dispatch, and a handler's crash on a hand-built state becomes a
 * MalformedStateError naming what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { tiny } from '../../models/scenarios/index.ts';
import { paramsOf } from '../../src/model/eventParams.ts';
import { candidateEvents } from '../../src/model/enabled.ts';
import { EVENT_TYPES } from '../../src/model/events.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import type { ServerState } from '../../src/model/state.ts';
import { makeStep, referenceHandlers, step } from '../../src/model/step.ts';
import { eventRejection, MalformedStateError, stateProblems } from '../../src/model/wellFormed.ts';
import { PROTO_KEYS, reachableStates } from '../fuzz/harness.ts';
import { ev, tinyUpTo } from '../support/events.ts';
import { deepFreeze } from '../support/freeze.ts';
import { drive } from '../support/drive.ts';

const s0 = deepFreeze(initialState(tiny));
const rejects = (s: ServerState, e: unknown) => {
  const r = step(s, e as HandoverEvent);
  expect(r.state).toBe(s);
  return r.ok ? null : r.rejection;
};

describe('malformed events are rejected before any handler sees them, with the very same state', () => {
  it.each([
    ['null', null, null, 'event is an object'],
    ['an array', [ev.classified], null, 'event is an object'],
    ['a string', 'source/unitsClassified', null, 'event is an object'],
    ['no type', { unit: 'u1' }, null, 'event.type is one of the 29 event types'],
    ['an unknown type', { type: 'source/unitStolen', unit: 'u1' }, null, 'event.type is one of the 29 event types'],
    ['a prototype member as type', { type: 'constructor' }, null, 'event.type is one of the 29 event types'],
    ['a missing field', { type: 'source/unitCopied' }, 'source/unitCopied', 'event.unit is present'],
    ['a number for an identifier', { type: 'source/unitCopied', unit: 1 }, 'source/unitCopied', 'event.unit is a unit identifier (a string)'],
    ['an object for an identifier', { type: 'sp/hypervisorConfigured', hv: { id: 'hA' } }, 'sp/hypervisorConfigured', 'event.hv is a hypervisor identifier (a string)'],
    ['a string epoch', { type: 'sp/schedRelayed', epoch: '1', version: 0 }, 'sp/schedRelayed', 'event.epoch is a non-negative safe integer'],
    ['a negative version', { type: 'sp/schedRelayed', epoch: 1, version: -1 }, 'sp/schedRelayed', 'event.version is a non-negative safe integer'],
    ['a fractional epoch', { type: 'sp/schedRelayed', epoch: 1.5, version: 0 }, 'sp/schedRelayed', 'event.epoch is a non-negative safe integer'],
    ['an unsafe integer', { type: 'sp/schedRelayed', epoch: 2 ** 53, version: 0 }, 'sp/schedRelayed', 'event.epoch is a non-negative safe integer'],
    ['NaN', { type: 'sp/schedRelayed', epoch: NaN, version: 0 }, 'sp/schedRelayed', 'event.epoch is a non-negative safe integer'],
    ['Infinity', { type: 'target/schedReceived', epoch: 1, version: Infinity }, 'target/schedReceived', 'event.version is a non-negative safe integer'],
    ['an unknown leg', { type: 'fault/messageLost', leg: 'toSource', epoch: 1, version: 0 }, 'fault/messageLost', 'event.leg is toSp or toTarget'],
    ['an extra field', { type: 'source/unitsClassified', unit: 'u1' }, 'source/unitsClassified', 'event has no field "unit"'],
    ['an own __proto__ field', JSON.parse('{"type":"source/unitsClassified","__proto__":{"polluted":1}}'), 'source/unitsClassified', 'event has no field "__proto__"'],
  ])('%s: R-26', (_what, event, stepName, guard) => {
    expect(rejects(s0, event)).toEqual({ code: 'R-26', step: stepName, guard });
  });

  it.each(PROTO_KEYS)('an identifier %s that every object inherits is unknown (R-01), not a crash', (id) => {
    const s = drive(tiny, tinyUpTo.consolidating);
    expect(rejects(s, { type: 'source/unitCopied', unit: id })).toEqual({ code: 'R-01', step: 'source/unitCopied', guard: `unit ${id} exists` });
    expect(rejects(s, { type: 'sp/handoverRequested', vm: id, source: 'hA', target: 'hB' })?.code).toBe('R-01');
    expect(rejects(s, { type: 'fault/hypervisorCrashed', hv: id })?.code).toBe('R-01');
  });

  it('shape comes before identifiers: an unknown unit and an extra field is R-26', () => {
    expect(rejects(s0, { type: 'source/unitCopied', unit: 'u9', extra: 1 })?.code).toBe('R-26');
    expect(rejects(s0, { type: 'source/unitCopied', unit: 'u9' })?.code).toBe('R-01');
  });

  it('a long identifier is cut short in the guard', () => {
    const guard = rejects(s0, { type: 'source/unitCopied', unit: 'x'.repeat(100_000) })?.guard ?? '';
    expect(guard.length).toBeLessThan(60);
    expect(guard).toMatch(/^unit x+… exists$/);
  });

  it('a field Object.prototype lends an event does not count as the event\'s own', () => {
    try {
      Object.assign(Object.prototype, { unit: 'u1' });
      expect(rejects(s0, { type: 'source/unitCopied' })).toEqual({ code: 'R-26', step: 'source/unitCopied', guard: 'event.unit is present' });
    } finally {
      delete (Object.prototype as { unit?: string }).unit;
    }
  });

  it('an event on a null-prototype object is judged by its own fields like any other', () => {
    const e = Object.assign(Object.create(null) as object, { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
    expect(step(s0, e as HandoverEvent).ok).toBe(true);
  });

  it('every candidate event of reachable states passes the check, and loses it with any field removed or one added', () => {
    for (const s of reachableStates(20)) {
      for (const e of candidateEvents(s)) {
        expect(eventRejection(s, e)).toBeNull();
        for (const [name] of paramsOf(e.type)) {
          const { [name]: _gone, ...rest } = e as unknown as Record<string, unknown>;
          expect(eventRejection(s, rest)).toMatchObject({ code: 'R-26', guard: `event.${name} is present` });
        }
        expect(eventRejection(s, { ...e, extra: 0 })).toMatchObject({ code: 'R-26', guard: 'event has no field "extra"' });
      }
    }
  });

  it('reads the field table: every event type is known to the check', () => {
    for (const type of EVENT_TYPES) expect(eventRejection(s0, { type })?.guard ?? 'passed').not.toMatch(/event.type/);
  });
});

describe('a handler that throws on a hand-built state ends in a MalformedStateError naming the problem', () => {
  it('a state without its unit table', () => {
    const bad = deepFreeze({ ...s0, units: undefined }) as unknown as ServerState;
    const thrown = (() => {
      try {
        step(bad, ev.copied('u1'));
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(MalformedStateError);
    const error = thrown as MalformedStateError;
    expect(error.problems[0]).toEqual({ path: 'state.units', expected: 'an object keyed by identifier', got: 'nothing' });
    expect(error.message).toMatch(/^malformed state: state\.units: expected an object keyed by identifier; got nothing/);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('a scenario without bounds', () => {
    const bad = deepFreeze({ ...s0, scenario: { ...tiny, bounds: undefined } }) as unknown as ServerState;
    expect(() => step(bad, ev.requested())).toThrow(/malformed state: state\.scenario\.bounds: expected an object; got nothing/);
  });

  it('a crash on a well-formed state is the reducer\'s own bug and is rethrown as it is', () => {
    const buggy = makeStep({ ...referenceHandlers, 'source/unitsClassified': () => { throw new RangeError('boom'); } });
    const s = drive(tiny, tinyUpTo.classifying);
    expect(() => buggy(s, ev.classified)).toThrow(RangeError);
  });
});

describe('stateProblems', () => {
  it('finds nothing in reachable states', () => {
    for (const s of reachableStates(30)) expect(stateProblems(s)).toEqual([]);
  });

  it('names missing and extra table entries, wrong types, unknown references and bad enumerations', () => {
    const u1 = s0.units.u1!;
    const bad = {
      ...s0,
      units: { ...s0.units, u1: { ...u1, place: { kind: 'lost' } }, u9: u1 },
      vms: {},
      sp: { epoch: -1 },
      channel: [{ leg: 'toSp', to: '__proto__', vm: 'vm0', epoch: 0, version: 0 }],
    };
    // In the order of the state's fields; emptying `vms` makes every unit's VM unknown too.
    expect(stateProblems(bad)).toEqual([
      { path: 'state.units.u0.vm', expected: 'a VM of the state', got: 'vm0' },
      { path: 'state.units.u1.place.kind', expected: 'one of "free", "inFlight", "managed"', got: 'lost' },
      { path: 'state.units.u1.vm', expected: 'a VM of the state', got: 'vm0' },
      { path: 'state.units.u2.vm', expected: 'a VM of the state', got: 'vm0' },
      { path: 'state.units.u9.vm', expected: 'a VM of the state', got: 'vm0' },
      { path: 'state.units.u9', expected: 'no entry (the scenario does not name it)', got: 'an entry' },
      { path: 'state.vms.vm0', expected: 'an entry (the scenario names it)', got: 'nothing' },
      { path: 'state.sp.epoch', expected: 'a non-negative safe integer', got: '-1' },
      { path: 'state.channel[0].to', expected: 'a hypervisor of the state', got: '__proto__' },
      { path: 'state.channel[0].vm', expected: 'a VM of the state', got: 'vm0' },
    ]);
  });

  it('a value that is not an object at all', () => {
    expect(stateProblems(null)).toEqual([{ path: 'state', expected: 'an object', got: 'null' }]);
  });
});
