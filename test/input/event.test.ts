import { describe, expect, it } from 'vitest';
import { scenarios, tiny } from '../../models/scenarios/index.ts';
import { candidateEvents } from '../../src/model/enabled.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { EVENT_TYPES } from '../../src/model/events.ts';
import { formatInputError } from '../../src/input/errors.ts';
import { parseEvent } from '../../src/input/event.ts';
import type { ParamTable } from '../../src/input/eventParams.ts';
import { EVENT_PARAMS, PARAM_NAMES, paramsOf } from '../../src/input/eventParams.ts';
import { randomWalk } from '../trace/support.ts';

const lines = (r: ReturnType<typeof parseEvent>): string[] => {
  if (r.ok) throw new Error('expected a failure');
  return r.error.map(formatInputError);
};

/** Every event the model can form along a walk of each scenario: all types, real parameters. */
const sampleEvents = (): HandoverEvent[] =>
  Object.values(scenarios).flatMap((sc) => {
    const t = randomWalk(sc, Array.from({ length: 40 }, (_, i) => (i * 7919) % 997));
    return [t.initial, ...t.steps.map((s) => s.state)].flatMap(candidateEvents);
  });

describe('the parameter table', () => {
  it('lists exactly the fields of every event the model forms', () => {
    const events = sampleEvents();
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(EVENT_TYPES));
    for (const e of events) expect(Object.keys(e).filter((k) => k !== 'type').sort()).toEqual(paramsOf(e.type).map(([n]) => n).sort());
  });

  it('gives each parameter name one kind across all events (so mbt::nondetPicks has one type per field)', () => {
    for (const type of EVENT_TYPES) for (const [name, kind] of paramsOf(type)) expect(PARAM_NAMES.get(name)).toBe(kind);
    expect([...PARAM_NAMES.keys()].sort()).toEqual(['epoch', 'hv', 'leg', 'source', 'target', 'unit', 'version', 'vm']);
    expect(Object.keys(EVENT_PARAMS)).toEqual(EVENT_TYPES);
  });
});

describe('parseEvent', () => {
  it('accepts every event the model forms, unchanged (all 29 types)', () => {
    for (const e of sampleEvents()) expect(parseEvent(JSON.parse(JSON.stringify(e)), 'event.json')).toEqual({ ok: true, value: e });
  });

  it('an unknown type lists the event types', () => {
    const [line] = lines(parseEvent({ type: 'source/unitCopyed', unit: 'u1' }, 'event.json'));
    expect(line).toMatch(/^event\.json: \$\.type: expected one of the 29 event types \(sp\/handoverRequested, .*fault\/switchoverTimedOut\); got "source\/unitCopyed"$/);
  });

  it('a missing parameter, a parameter of the wrong type, an unknown field', () => {
    expect(lines(parseEvent({ type: 'source/unitCopied' }, 'event.json'))).toEqual([
      'event.json: $.unit: expected a unit identifier (a string); got nothing',
    ]);
    expect(lines(parseEvent({ type: 'sp/schedRelayed', epoch: -1, version: 'v0' }, 'event.json'))).toEqual([
      'event.json: $.epoch: expected an epoch (a non-negative integer); got -1',
      'event.json: $.version: expected a version (a non-negative integer); got "v0"',
    ]);
    expect(lines(parseEvent({ type: 'fault/messageLost', leg: 'sideways', epoch: 1, version: 0 }, 'event.json'))).toEqual([
      'event.json: $.leg: expected a channel leg: toSp or toTarget; got "sideways"',
    ]);
    expect(lines(parseEvent({ type: 'fault/spReset', hv: 'hA' }, 'event.json'))).toEqual([
      'event.json: $: expected only known keys; got unknown key "hv"',
    ]);
    expect(lines(parseEvent({ type: 'sp/hypervisorConfigured', hv: '' }, 'event.json'))).toEqual([
      'event.json: $.hv: expected a hypervisor identifier (a non-empty string); got ""',
    ]);
  });

  it('not an object', () => {
    expect(lines(parseEvent(42, 'event.json'))).toEqual(['event.json: $: expected an object; got 42']);
  });

  it('with a scenario, identifiers must be the scenario\'s', () => {
    expect(lines(parseEvent({ type: 'sp/handoverRequested', vm: 'vm1', source: 'hA', target: 'hC' }, 'event.json', tiny))).toEqual([
      'event.json: $.vm: expected one of vm0; got "vm1"',
      'event.json: $.target: expected one of hA, hB; got "hC"',
    ]);
    expect(lines(parseEvent({ type: 'source/unitCopied', unit: 'u9' }, 'event.json', tiny))).toEqual([
      'event.json: $.unit: expected one of u0, u1, u2; got "u9"',
    ]);
    expect(parseEvent({ type: 'target/schedReceived', epoch: 9, version: 9 }, 'event.json', tiny).ok).toBe(true);
  });
});

describe('the parameter table is checked by the compiler', () => {
  it('refuses a parameter an event lacks, a missing one, and a kind that does not fit the field', () => {
    // @ts-expect-error source/unitsClassified has no parameter
    const extra: ParamTable<'source/unitsClassified'> = { unit: 'unit' };
    // @ts-expect-error source/unitCopied names its unit
    const missing: ParamTable<'source/unitCopied'> = {};
    // @ts-expect-error an epoch is a number, not an identifier
    const wrongKind: ParamTable<'sp/schedRelayed'> = { epoch: 'vm', version: 'version' };
    // @ts-expect-error a leg is neither an identifier nor a number
    const wrongLeg: ParamTable<'fault/messageLost'> = { leg: 'unit', epoch: 'epoch', version: 'version' };
    expect([extra, missing, wrongKind, wrongLeg]).toHaveLength(4);
  });
});
