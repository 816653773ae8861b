import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarios, tiny } from '../../models/scenarios/index.ts';
import { violations } from '../../properties/invariants.ts';
import type { EventType } from '../../src/model/events.ts';
import { formatInputError } from '../../src/input/errors.ts';
import { fromItf, ITF_VARS, toItf } from '../../src/trace/itf.ts';
import { makeTrace, recordTrace, traceStates } from '../../src/trace/trace.ts';
import type { Trace } from '../../src/trace/trace.ts';
import { ignorePinStep, PIN_THEN_RELEASE, randomWalk } from './support.ts';

/** Through JSON text, as a file would carry it. */
const viaJson = (t: Trace): unknown => JSON.parse(JSON.stringify(toItf(t))) as unknown;

/** The counterexample of the seeded bug, with every optional field of a trace set. */
function counterexample(): Trace {
  const { trace, rejected } = recordTrace(tiny, PIN_THEN_RELEASE, ignorePinStep);
  expect(rejected).toBeNull();
  const violation = violations(traceStates(trace).at(-1)!)[0]!;
  return { ...trace, seed: '42', replayPath: '3:1:0', mutant: 'ignorePin', violation };
}

/** A fresh, mutable copy of the counterexample's ITF document, to tamper with. */
type Doc = { '#meta': Record<string, unknown>; vars: unknown; states: Record<string, unknown>[] } & Record<string, unknown>;
const doc = (): Doc => viaJson(counterexample()) as Doc;

/** The error lines of a decode that must fail. */
function errorsOf(json: unknown): string[] {
  const r = fromItf(json, 'cx.itf.json');
  if (r.ok) throw new Error('expected the decode to fail');
  return r.error.map(formatInputError);
}

describe('ITF round trip', () => {
  const seen = new Set<EventType>();
  const phases = new Set<string>();
  it('fromItf(toItf(t)) deep-equals t for random walks of every scenario (seed 42, 40 runs of 10 to 40 steps)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(scenarios)),
        fc.array(fc.nat(), { minLength: 10, maxLength: 40, size: 'max' }),
        fc.record({ seed: fc.string(), replayPath: fc.string(), mutant: fc.string() }, { requiredKeys: [] }),
        (scenario, choices, origin) => {
          const t: Trace = { ...randomWalk(scenario, choices), ...origin };
          for (const s of t.steps) {
            seen.add(s.event.type);
            phases.add(s.state.handover?.phase ?? 'none');
          }
          const back = fromItf(viaJson(t), 'walk.itf.json');
          expect(back).toEqual({ ok: true, value: t });
        },
      ),
      { seed: 42, numRuns: 40 },
    );
    // Witnesses: the walks went far enough (most event types, a completed handover and a
    // rollback) for the round trip to cover every kind of state.
    expect(seen.size).toBeGreaterThanOrEqual(25);
    expect(phases).toContain('completed');
    expect(phases).toContain('rolledBack');
  });

  it('round-trips a counterexample with its seed, replay path, mutant and violation', () => {
    const t = counterexample();
    expect(fromItf(viaJson(t), 'cx.itf.json')).toEqual({ ok: true, value: t });
  });

  it('decoded states share the scenario object, as states of one run do', () => {
    const r = fromItf(viaJson(counterexample()), 'cx.itf.json');
    if (!r.ok) throw new Error('decode failed');
    for (const s of traceStates(r.value)) expect(s.scenario).toBe(r.value.scenario);
  });
});

describe('ITF encoding', () => {
  it('uses every ITF form: #map, #set, #tup, #bigint and Quint variants', () => {
    const text = JSON.stringify(toItf(counterexample()));
    for (const form of ['"#map"', '"#set"', '"#tup"', '"#bigint"', '"tag":"Some"', '"tag":"None"', '"tag":"managed"', '"tag":"inFlight"'])
      expect(text).toContain(form);
    expect(text).not.toContain('#unserializable');
  });

  it('writes #meta with the format, source, scenario, seed, replay path, mutant and violated invariant', () => {
    const meta = toItf(counterexample())['#meta'];
    expect(meta).toMatchObject({
      format: 'ITF',
      source: 'vm-handover',
      status: 'violation',
      scenario: tiny,
      seed: '42',
      replayPath: '3:1:0',
      mutant: 'ignorePin',
      violation: { id: 'INV-2', name: 'UnreassignableStaysWithSource' },
    });
    expect(meta['format-description']).toMatch(/015adr-trace/);
    expect(meta.description).toBe('Counterexample to INV-2 UnreassignableStaysWithSource: 12 steps on scenario tiny with mutant ignorePin');
  });

  it('writes a plain trace with status ok and no optional fields', () => {
    const meta = toItf(recordTrace(tiny, PIN_THEN_RELEASE.slice(0, 1)).trace)['#meta'];
    expect(meta.status).toBe('ok');
    expect(meta.description).toBe('Trace of 1 step on scenario tiny');
    expect(Object.keys(meta)).not.toContain('seed');
    expect(Object.keys(meta)).not.toContain('violation');
  });

  it('lists the state variables and the mbt:: variables; each state has #meta.index and no scenario', () => {
    const itf = toItf(counterexample());
    expect(itf.vars).toEqual(ITF_VARS);
    expect(ITF_VARS).toEqual(['units', 'hypervisors', 'vms', 'sp', 'channel', 'handover', 'completed', 'rolledBack', 'used', 'ghost', 'mbt::actionTaken', 'mbt::nondetPicks']);
    itf.states.forEach((s, i) => {
      expect(s['#meta']).toEqual({ index: i });
      expect(Object.keys(s).sort()).toEqual(['#meta', ...ITF_VARS].sort());
    });
  });

  it('records each step as Quint does: mbt::actionTaken is the event type, mbt::nondetPicks its parameters', () => {
    const states = toItf(counterexample()).states;
    expect(states[0]!['mbt::actionTaken']).toBe('init');
    expect(states[1]!['mbt::actionTaken']).toBe('sp/handoverRequested');
    expect(states[1]!['mbt::nondetPicks']).toMatchObject({
      vm: { tag: 'Some', value: 'vm0' },
      source: { tag: 'Some', value: 'hA' },
      target: { tag: 'Some', value: 'hB' },
      unit: { tag: 'None', value: { '#tup': [] } },
    });
    expect(states[8]!['mbt::nondetPicks']).toMatchObject({
      epoch: { tag: 'Some', value: { '#bigint': '1' } },
      version: { tag: 'Some', value: { '#bigint': '0' } },
      leg: { tag: 'None', value: { '#tup': [] } },
    });
  });

  it('recordTrace stops at the first event the reducer refuses and says which (R-10 for the reference release of a pinned unit)', () => {
    const { trace, rejected } = recordTrace(tiny, PIN_THEN_RELEASE);
    expect(trace.steps).toHaveLength(11);
    expect(rejected).toMatchObject({ index: 12, event: PIN_THEN_RELEASE[11], rejection: { code: 'R-10' } });
  });

  it('makeTrace builds a trace from parallel lists and refuses lists that do not fit', () => {
    const t = counterexample();
    const rebuilt = makeTrace(tiny, t.steps.map((s) => s.event), traceStates(t), { seed: '42' });
    expect(rebuilt).toEqual({ scenario: tiny, initial: t.initial, steps: t.steps, seed: '42' });
    expect(() => makeTrace(tiny, t.steps.map((s) => s.event), [t.initial])).toThrow(/programmer error/);
  });
});

describe('ITF decoding accepts what ADR-015 and older Quint allow', () => {
  it('reads integers written as plain JSON numbers', () => {
    const d = doc();
    (d.states[1]!['sp'] as Record<string, unknown>)['epoch'] = 1;
    expect(fromItf(d, 'cx.itf.json')).toEqual({ ok: true, value: counterexample() });
  });

  it('reads None written with the old empty-record payload', () => {
    const d = doc();
    d.states[0]!['handover'] = { tag: 'None', value: {} };
    expect(fromItf(d, 'cx.itf.json').ok).toBe(true);
  });

  it('ignores params, loop, other #meta keys and states without #meta', () => {
    const d = doc();
    Object.assign(d, { params: [], loop: 0 });
    Object.assign(d['#meta'], { timestamp: 1 });
    delete d.states[3]!['#meta'];
    expect(fromItf(d, 'cx.itf.json')).toEqual({ ok: true, value: counterexample() });
  });
});

describe('ITF decoding reports bad input with the file, the JSON path and what was expected', () => {
  it('a value of the wrong shape deep inside a state', () => {
    const d = doc();
    const units = d.states[2]!['units'] as { '#map': [string, Record<string, unknown>][] };
    units['#map'][1]![1]['place'] = { tag: 'lost', value: { '#tup': [] } };
    expect(errorsOf(d)).toEqual([
      'cx.itf.json: $.states[2].units["#map"][1][1].place.tag: expected a place: a variant tagged managed, free or inFlight; got "lost"',
    ]);
  });

  it('a #bigint that is not digits, and one beyond 2^53', () => {
    const d = doc();
    (d.states[1]!['sp'] as Record<string, unknown>)['epoch'] = { '#bigint': '1e3' };
    d.states[2]!['completed'] = { '#bigint': '99999999999999999999' };
    d.states[3]!['rolledBack'] = 'zero';
    expect(errorsOf(d)).toEqual([
      'cx.itf.json: $.states[1].sp.epoch["#bigint"]: expected decimal digits, e.g. "42"; got "1e3"',
      'cx.itf.json: $.states[2].completed: expected an integer of magnitude below 2^53; got {"#bigint":"99999999999999999999"}',
      'cx.itf.json: $.states[3].rolledBack: expected an integer: {"#bigint": "<decimal digits>"} or a JSON integer; got "zero"',
    ]);
  });

  it('a map with a key twice, a set with an element twice, an Option of the wrong form', () => {
    const d = doc();
    const units = d.states[1]!['units'] as { '#map': unknown[] };
    units['#map'].push(units['#map'][0]);
    const vm0 = (d.states[1]!['vms'] as { '#map': [string, Record<string, unknown>][] })['#map'][0]![1];
    vm0['dispatchedBy'] = { '#set': ['hA', 'hA'] };
    d.states[2]!['handover'] = { tag: 'Maybe', value: 1 };
    expect(errorsOf(d)).toEqual([
      'cx.itf.json: $.states[1].units["#map"][3][0]: expected a key not already in the map; got "u0"',
      'cx.itf.json: $.states[1].vms["#map"][0][1].dispatchedBy["#set"][1]: expected an element not already in the set; got "hA"',
      'cx.itf.json: $.states[2].handover.tag: expected an Option: {"tag": "Some", "value": ...} or {"tag": "None", "value": {"#tup": []}}; got "Maybe"',
    ]);
  });

  it('a missing state variable, an unknown record field, a missing #meta scenario', () => {
    const d = doc();
    delete d.states[4]!['channel'];
    (d.states[5]!['sp'] as Record<string, unknown>)['nextSeq'] = { '#bigint': '0' };
    delete d['#meta']['scenario'];
    expect(errorsOf(d)).toEqual([
      'cx.itf.json: $["#meta"].scenario: expected an object; got nothing',
      'cx.itf.json: $.states[4].channel: expected a sequence (a JSON array); got nothing',
      'cx.itf.json: $.states[5].sp: expected only known keys; got unknown key "nextSeq"',
    ]);
  });

  it('a bad scenario in #meta is reported at its path inside #meta', () => {
    const d = doc();
    const scenario = d['#meta']['scenario'] as { units: Record<string, unknown>[] };
    scenario.units[2]!['node'] = 'n7';
    expect(errorsOf(d)).toEqual(['cx.itf.json: $["#meta"].scenario.units[2].node: expected one of n0, n1; got "n7"']);
  });

  it('vars that do not list the variables, and no states at all', () => {
    const d = doc();
    d.vars = ['units'];
    d.states = [];
    expect(errorsOf(d)).toEqual([
      'cx.itf.json: $.states: expected at least one state (the initial state); got []',
      'cx.itf.json: $.vars: expected a list naming hypervisors, vms, sp, channel, handover, completed, rolledBack, used, ghost, mbt::actionTaken, mbt::nondetPicks; got a list without them',
    ]);
  });

  it('not an ITF document at all', () => {
    expect(errorsOf([1, 2])).toEqual(['cx.itf.json: $: expected an object; got [1,2]']);
  });

  it('actions that are not events, picks that do not fit the action, indices out of order', () => {
    const d = doc();
    d.states[0]!['mbt::actionTaken'] = 'start';
    d.states[2]!['mbt::actionTaken'] = 'sp/hypervisorConfiguredd';
    const picks3 = d.states[3]!['mbt::nondetPicks'] as Record<string, unknown>;
    picks3['hv'] = { tag: 'None', value: { '#tup': [] } };
    picks3['unit'] = { tag: 'Some', value: 'u1' };
    d.states[4]!['#meta'] = { index: 7 };
    const lines = errorsOf(d);
    expect(lines[0]).toBe('cx.itf.json: $.states[0]["mbt::actionTaken"]: expected "init" in the first state; got "start"');
    expect(lines[1]).toMatch(/^cx\.itf\.json: \$\.states\[2\]\["mbt::actionTaken"\]: expected an event type \(one of sp\/handoverRequested, .*\); got "sp\/hypervisorConfiguredd"$/);
    expect(lines.slice(2)).toEqual([
      'cx.itf.json: $.states[3]["mbt::nondetPicks"].hv: expected Some(hv) for sp/hypervisorConfigured; got None',
      'cx.itf.json: $.states[3]["mbt::nondetPicks"].unit: expected None: sp/hypervisorConfigured has no parameter unit; got Some("u1")',
      'cx.itf.json: $.states[4]["#meta"].index: expected 4; got 7',
    ]);
  });
});
