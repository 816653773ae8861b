/**
 * Trace validation of the worked example's logs (issue 10): the clean log conforms, the buggy one
 * diverges at the record where the target takes a page the source has not released, a log with
 * records removed at random still conforms within the hidden-step bound, and two records swapped
 * diverge.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateLog, validateSteps } from '../../src/conformance/index.ts';
import type { LogRecord, ValidationResult } from '../../src/conformance/index.ts';
import { findMutant, mutantStep } from '../../src/mutants/catalog.ts';
import { fromItf, replayTrace, toItf } from '../../src/trace/index.ts';
import { sessionLog } from '../../examples/handover-impl/session.ts';
import { SUPPORTED_EVENTS } from '../../examples/handover-impl/adapter.ts';
import { SEED } from '../checker/seed.ts';
import { BUGGY_LOG, CLEAN_LOG, exampleMapping, logRecords, mappingWithHidden, ok } from './support.ts';

const validate = (records: readonly LogRecord[], maxHidden = 2, mapping = exampleMapping()): ValidationResult =>
  ok(validateLog(mapping, records, 'log.jsonl', { maxHidden }));

describe('the worked example (examples/handover-impl)', () => {
  it('clean.jsonl and buggy.jsonl are what the scripted session writes (not stale)', () => {
    expect(readFileSync(CLEAN_LOG, 'utf8')).toBe(sessionLog());
    expect(readFileSync(BUGGY_LOG, 'utf8')).toBe(sessionLog({ eager: true }));
  });

  it('the clean log conforms, and its reconstructed run replays under the reference reducer and through ITF', () => {
    const r = validate(logRecords(CLEAN_LOG));
    expect(r.status).toBe('conforms');
    if (r.status !== 'conforms') return;
    // Every event record is one step; the two sp/schedRelayed of the first migration and the one of the second are hidden.
    expect(r.stats.hiddenSteps).toBe(3);
    expect(r.run.steps.filter((s) => s.event.type === 'sp/schedRelayed')).toHaveLength(3);
    expect(r.run.steps.at(-1)?.state.completed).toBe(2);
    const replayed = replayTrace(ok(fromItf(JSON.parse(JSON.stringify(toItf(r.run))), 'run.itf.json')));
    expect(replayed.firstRejection).toBeNull();
    expect(replayed.firstDivergence).toBeNull();
  });

  it('the clean log diverges with no hidden step allowed, at the first record that needs the unlogged relay', () => {
    const r = validate(logRecords(CLEAN_LOG), 0);
    expect(r.status).toBe('diverges');
    if (r.status !== 'diverges') return;
    expect(r.record.events[0]?.type).toBe('target/schedReceived');
    expect(r.line).toBe(14);
  });

  it('the buggy log diverges at line 20, where HV-B takes pg-0 before HV-A has released it (R-12), for every hidden bound that explains the relays', () => {
    for (const k of [1, 2, 4]) {
      const r = validate(logRecords(BUGGY_LOG), k);
      expect(r.status, `max hidden ${k}`).toBe('diverges');
      if (r.status !== 'diverges') continue;
      expect(r.line).toBe(20);
      expect(r.record.events).toEqual([{ type: 'target/unitAcquired', params: { unit: 'u0' } }]);
      const best = r.closest[0]!;
      expect(best.disagreements[0]).toMatchObject({ kind: 'rejected', rejection: { code: 'R-12', guard: 'u0 is in flight' } });
      expect(best.state.units['u0']?.place).toEqual({ kind: 'managed', by: 'hA' });
    }
  });

  it('a reducer whose run breaks a property is reported as a violation at the record that took the step (M-03, ORACLE)', () => {
    const m = findMutant('M-03')!;
    const r = ok(validateLog(exampleMapping(), logRecords(CLEAN_LOG), 'clean.jsonl', { step: mutantStep(m) }));
    expect(r.status).toBe('violation');
    if (r.status !== 'violation') return;
    expect(r.line).toBe(16); // guest.paused: the mutant's quiesce leaves HV-A dispatching web-1
    expect(r.run.steps.at(-1)?.event.type).toBe('source/vmQuiesced');
    expect(r.run.violation?.id).toBe(r.violation.id);
  });
});

describe(`logs with records removed or swapped (seed ${SEED})`, () => {
  const clean = logRecords(CLEAN_LOG);
  const K = 2;

  it(`a log with up to ${K} records removed at random from between each pair kept still conforms with --max-hidden ${K}, hidden = the implementation's events (seed ${SEED})`, () => {
    // Any event the implementation performs may be missing from the log (faults and guest writes, which it never performs, stay out).
    const anyHidden = mappingWithHidden(SUPPORTED_EVENTS);
    const lines = new Set(clean.map((r) => r.line));
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...lines), { minLength: 1, maxLength: 8 }), (removed) => {
        const gone = new Set(removed);
        const kept = clean.filter((r) => !gone.has(r.line));
        // Up to K consecutive removals: one hidden step per removed event record.
        let run = 0;
        for (const r of clean) {
          run = gone.has(r.line) ? run + 1 : 0;
          if (run > K) return true;
        }
        const v = validate(kept, K, anyHidden);
        if (v.status !== 'conforms') throw new Error(`removed lines ${[...gone].join(', ')}: ${v.status} at line ${'line' in v ? v.line : '?'}`);
        return true;
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  const swapped = (a: number, b: number): LogRecord[] => {
    const out = [...clean];
    const i = out.findIndex((r) => r.line === a);
    const j = out.findIndex((r) => r.line === b);
    [out[i], out[j]] = [out[j]!, out[i]!];
    return out;
  };

  it.each([
    [20, 21, 'page.released and page.taken of pg-0'],
    [24, 26, 'commit and guest.resumed'],
    [16, 18, 'guest.paused and handoff.begin'],
    [1, 29, 'the two migrate.begin'],
  ])('swapping lines %i and %i (%s) diverges, with hidden "any" too', (a, b) => {
    for (const mapping of [exampleMapping(), mappingWithHidden('any')]) {
      const r = validate(swapped(a, b), K, mapping);
      expect(r.status).toBe('diverges');
      if (r.status === 'diverges') expect(r.line).toBeLessThanOrEqual(Math.max(a, b));
    }
  });

  it('an empty log conforms with the empty run; an observation-only record is checked against the current state', () => {
    const tinyScenario = exampleMapping().scenario;
    expect(validateSteps(tinyScenario, []).status).toBe('conforms');
    const wrong = validateSteps(tinyScenario, [{ line: 1, events: [], pins: [{ var: 'vm.holder', vm: 'vm0', equals: 'hB' }] }], { maxHidden: 0 });
    expect(wrong.status).toBe('diverges');
    if (wrong.status === 'diverges')
      expect(wrong.closest[0]?.disagreements[0]).toEqual({ kind: 'pins', event: null, mismatches: [{ path: 'vms.vm0.holder', observed: 'hB', state: 'hA' }] });
    expect(() => validateSteps(tinyScenario, [], { maxHidden: -1 })).toThrow(RangeError);
  });
});
