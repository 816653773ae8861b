import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.ts';

describe('the public surface (src/index.ts)', () => {
  it('exposes the model, the checkers, traces and mutants, and they work together', () => {
    const s0 = api.initialState(api.scenarios.tiny!);
    const r = api.step(s0, { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
    expect(r.ok).toBe(true);
    expect(api.violations(r.state)).toEqual([]);
    expect(api.enabledEvents(r.state).map((e) => e.type)).toContain('sp/hypervisorConfigured');
    expect(api.mutants.length).toBeGreaterThanOrEqual(12);
    expect(api.findMutant('M-01')?.name).toBe('resumeBeforeLastSched');
    expect(typeof api.check).toBe('function');
    expect(typeof api.explore).toBe('function');
    expect(api.lifecycleMermaid()).toMatch(/^stateDiagram-v2/);
  });

  it('rejects a step with the very same state object and a stable code', () => {
    const s0 = api.initialState(api.scenarios.tiny!);
    const r = api.step(s0, { type: 'target/vmResumed' });
    expect(r.ok).toBe(false);
    expect(r.state).toBe(s0);
    if (!r.ok) expect(api.REJECTION_CODES[r.rejection.code]).toBeDefined();
  });

  it('names what is wrong with a hand-built state: stateProblems, and MalformedStateError from step', () => {
    const s0 = api.initialState(api.scenarios.tiny!);
    const bad = { ...s0, units: undefined } as unknown as api.ServerState;
    expect(api.stateProblems(bad)).toEqual([{ path: 'state.units', expected: 'an object keyed by identifier', got: 'nothing' }]);
    expect(() => api.step(bad, { type: 'source/unitCopied', unit: 'u1' })).toThrow(api.MalformedStateError);
  });
});
