/**
 * The conformance layer's small parts: pins against states, patterns, hidden sets, the reports of
 * each verdict and each kind of mismatch, and mapping values of every kind.
 */
import { describe, expect, it } from 'vitest';
import {
  checkImplementation,
  formatImplementationReport,
  formatPattern,
  formatPinMismatch,
  formatRecord,
  formatValidation,
  hiddenTypes,
  lockStep,
  observeState,
  parseMapping,
  pinHolds,
  pinMismatch,
  validateSteps,
  validationJson,
} from '../../src/conformance/index.ts';
import type { Implementation, ImplementationCheckResult, Mismatch } from '../../src/conformance/index.ts';
import { formatInputError } from '../../src/input/errors.ts';
import { EVENT_TYPES } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import { step } from '../../src/model/step.ts';
import type { ServerState } from '../../src/model/state.ts';
import { findMutant, mutantStep } from '../../src/mutants/catalog.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { SEED } from '../checker/seed.ts';
import { mappingJson } from './support.ts';

const s0 = initialState(tiny);

describe('pins', () => {
  it('hold or not against a state, with the path and both values named', () => {
    expect(pinHolds(s0, { var: 'unit.place', unit: 'u0', equals: 'managed' })).toBe(true);
    expect(pinHolds(s0, { var: 'unit.place', unit: 'u0', equals: 'managed', by: 'hB' })).toBe(false);
    expect(pinHolds(s0, { var: 'unit.place', unit: 'u9', equals: 'free' })).toBe(false);
    expect(pinHolds(s0, { var: 'phase', equals: 'none' })).toBe(true);
    expect(pinMismatch(s0, [{ var: 'vm.schedVersion', vm: 'vm0', equals: 3 }, { var: 'vm.holder', vm: 'vm9', equals: 'hA' }])).toEqual([
      { path: 'vms.vm0.schedVersion', observed: '3', state: '0' },
      { path: 'vms.vm9.holder', observed: 'hA', state: 'absent' },
    ]);
    expect(formatPinMismatch({ path: 'units.u0.place', observed: 'free', state: 'managed(hA)' })).toBe('units.u0.place: observed free, the specification has managed(hA)');
    // A complete observation of a state holds in it, and not in a state that differs.
    const all = observeState(s0);
    expect(pinMismatch(s0, all)).toEqual([]);
    const r = step(s0, { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
    expect(pinMismatch(r.state, all).map((m) => m.path)).toEqual(['handover.phase']);
  });

  it('patterns print what they fix; hidden sets follow the mapping', () => {
    expect(formatPattern({ type: 'sp/schedRelayed', params: {} })).toBe('sp/schedRelayed');
    expect(formatPattern({ type: 'source/unitCopied', params: { unit: 'u1' } })).toBe('source/unitCopied(unit=u1)');
    expect(hiddenTypes('any', ['source/unitCopied'], EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(hiddenTypes('unlogged', ['source/unitCopied'], EVENT_TYPES).has('source/unitCopied')).toBe(false);
    expect([...hiddenTypes(['fault/spReset'], [], EVENT_TYPES)]).toEqual(['fault/spReset']);
    expect(formatRecord({ line: 1, events: [], pins: [{ var: 'phase', equals: 'none' }] })).toBe('no event | pins handover.phase = none');
  });
});

describe('reports of a validation', () => {
  const steps = [{ line: 3, events: [{ type: 'sp/handoverRequested', params: { vm: 'vm0' } }], pins: [] }, { line: 4, events: [{ type: 'source/vmQuiesced', params: {} }], pins: [] }] as const;

  it('of each verdict, as text and JSON', () => {
    const conforms = validateSteps(tiny, steps.slice(0, 1));
    expect(formatValidation(conforms, 'l.jsonl')).toMatch(/^CONFORMS: l\.jsonl: 1 records, 1 steps \(0 hidden\)/);
    expect(validationJson(conforms, 'l.jsonl')).toMatchObject({ status: 'conforms', run: ['sp/handoverRequested(vm0, hA, hB)'] });
    const diverges = validateSteps(tiny, steps, { maxHidden: 0 });
    expect(validationJson(diverges, 'l.jsonl')).toMatchObject({ status: 'diverges', line: 4, record: 2, expected: 'source/vmQuiesced' });
    expect(formatValidation(diverges, 'l.jsonl')).toContain('source/vmQuiesced is rejected: R-04');
    // M-07 records the commit twice: a complete handover's run breaks a property on the way.
    const events = [
      { type: 'sp/handoverRequested' }, { type: 'sp/hypervisorConfigured' }, { type: 'sp/hypervisorConfigured' }, { type: 'source/unitsClassified' },
      { type: 'source/unitCopied' }, { type: 'source/consolidationFinished' }, { type: 'source/schedSent' }, { type: 'target/schedReceived' },
      { type: 'source/vmQuiesced' }, { type: 'source/assignmentStarted' }, { type: 'source/unitReleased' }, { type: 'target/unitAcquired' },
      { type: 'source/unitReleased' }, { type: 'target/unitAcquired' }, { type: 'sp/commitRecorded' }, { type: 'sp/commitRecorded' },
    ] as const;
    const log = events.map((e, i) => ({ line: i + 1, events: [{ type: e.type, params: {} }], pins: [] }));
    const v = validateSteps(tiny, log, { step: mutantStep(findMutant('M-07')!) });
    expect(v.status).toBe('violation');
    expect(formatValidation(v, 'l.jsonl')).toMatch(/^VIOLATION: l\.jsonl:16: the run that explains the log breaks /);
    expect(validationJson(v, 'l.jsonl')).toMatchObject({ status: 'violation', line: 16, record: 16 });
  });
});

describe('reports of checkImplementation', () => {
  const mismatch = (m: Partial<Mismatch>): ImplementationCheckResult => ({
    status: 'mismatch', scenario: 'tiny', seed: 7, runs: 1, steps: 3,
    mismatch: { events: [{ type: 'source/unitsClassified' }], kind: 'pins', specAccepted: true, mismatches: [], state: s0, ...m },
  });
  it('name each kind of mismatch, and the replay', () => {
    expect(formatImplementationReport(mismatch({ kind: 'threw', error: 'boom' }))).toContain('the implementation threw on source/unitsClassified: boom');
    expect(formatImplementationReport(mismatch({ kind: 'accepted', specAccepted: false }))).toContain('the specification rejects source/unitsClassified, the implementation took it');
    expect(formatImplementationReport(mismatch({ kind: 'accepted', specAccepted: true }))).toContain('takes source/unitsClassified, the implementation refused it');
    expect(formatImplementationReport(mismatch({ events: [], mismatches: [{ path: 'p', observed: 'a', state: 'b' }] }))).toContain('after the reset: p: observed a, the specification has b');
    expect(formatImplementationReport(mismatch({}))).toContain('replay: checkImplementation(impl, { scenario, seed: 7 })');
  });

  it(`a reference-backed implementation agrees with rejected events fed too (rejectedShare 0.3, seed ${SEED})`, async () => {
    let s: ServerState = s0;
    const impl: Implementation = {
      reset: () => void (s = initialState(tiny)),
      apply: (e) => {
        const r = step(s, e);
        s = r.state;
        return { accepted: r.ok, pins: observeState(s) };
      },
      observe: () => ({ pins: observeState(s) }),
    };
    const r = await checkImplementation(impl, { scenario: tiny, seed: SEED, runs: 10, rejectedShare: 0.3 });
    expect(r.status).toBe('ok');
    expect(await lockStep(impl, tiny, [{ type: 'target/vmResumed' }])).toBeNull();
  });
});

describe('mapping values', () => {
  const withRecord = (rec: unknown): string[] => {
    const m = structuredClone(mappingJson());
    (m['records'] as Record<string, unknown>)['x'] = rec;
    const r = parseMapping(m, 'map.json');
    return r.ok ? [] : r.error.map(formatInputError);
  };
  it('are checked by kind: legs, places, phases, numbers and literal types', () => {
    expect(withRecord({ events: [{ type: 'fault/messageLost', leg: 'sideways' }] })).toEqual(['map.json: $.records.x.events[0].leg: expected a channel leg: toSp or toTarget; got "sideways"']);
    expect(withRecord({ pins: [{ var: 'unit.place', unit: 'u0', equals: 'lost' }] })).toEqual(['map.json: $.records.x.pins[0].equals: expected a place: managed, free, inFlight; got "lost"']);
    expect(withRecord({ pins: [{ var: 'phase', equals: 'done' }] })[0]).toMatch(/^map\.json: \$\.records\.x\.pins\[0\]\.equals: expected a phase: one of configuring, .*, none; got "done"$/);
    expect(withRecord({ pins: [{ var: 'vm.schedVersion', vm: 'vm0', equals: 1.5 }] })).toEqual(['map.json: $.records.x.pins[0].equals: expected a scheduling version (a non-negative integer); got 1.5']);
    expect(withRecord({ events: [{ type: 'sp/schedRelayed', version: true }] })).toEqual(['map.json: $.records.x.events[0].version: expected a string or a number (a literal, or "$field" for a record field); got true']);
    expect(withRecord({ events: [{ type: 'source/vmQuiesced', unit: 'u0' }] })).toEqual(['map.json: $.records.x.events[0].unit: expected no parameter (source/vmQuiesced has none); got unknown key "unit"']);
    expect(withRecord({ pins: [{ var: 'phase', equals: 'none', vm: 'vm0' }] })).toEqual(['map.json: $.records.x.pins[0].vm: expected a field of phase: equals; got unknown key "vm"']);
    expect(withRecord({ events: [{ type: 'sp/schedRelayed', epoch: 1 }] })).toEqual([]);
  });

  it('an inline scenario is accepted and its identifiers are the ones checked', () => {
    const m = { ...structuredClone(mappingJson()), scenario: { ...tiny, units: tiny.units.filter((u) => u.id !== 'u2') } };
    const r = parseMapping(m, 'map.json');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.map({ op: 'page.copied', page: 'nic-0' }, 'l', 1)).toEqual({ ok: false, error: [{ file: 'l:1', path: '$.page', expected: 'a unit of scenario tiny: one of u0, u1 (after renaming by names)', got: '"nic-0"' }] });
  });
});
