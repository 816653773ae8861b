/**
 * The independent ownership oracle (models/oracle.ts): it agrees with the reducer where both
 * are right, names the field where they disagree, objects to events its simple model forbids,
 * and shares no code with the reducer.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HandoverEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import type { ServerState } from '../../src/model/state.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import { check } from '../../src/checker/index.ts';
import { SEED } from './seed.ts';
import { step } from '../../src/model/step.ts';
import { scenarios, tiny } from '../../models/scenarios/index.ts';
import type { OracleState } from '../../models/oracle.ts';
import { disagreement, initialOracle, oracleStep, projectOracle, projectServer } from '../../models/oracle.ts';
import { tinyUpTo } from '../support/events.ts';

/** Runs events through both descriptions, asserting agreement after each; returns both ends. */
function both(events: readonly HandoverEvent[], s0: ServerState = initialState(tiny)): { s: ServerState; o: OracleState } {
  let s = s0;
  let o = initialOracle(s0.scenario);
  for (const e of events) {
    const r = step(s, e);
    if (!r.ok) throw new Error(`${e.type} rejected: ${r.rejection.code} ${r.rejection.guard}`);
    const v = oracleStep(o, e, s.scenario);
    if (!v.ok) throw new Error(`oracle objects to ${e.type}: ${v.objection}`);
    s = r.state;
    o = v.state;
    expect(disagreement(o, s), `after ${e.type}`).toBeNull();
  }
  return { s, o };
}

const request: HandoverEvent = { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' };
// The tiny handover up to the assignment, with the scheduling information synchronised.
const toAssigning: readonly HandoverEvent[] = tinyUpTo.assigning;
const toCommitted: readonly HandoverEvent[] = [
  ...toAssigning,
  { type: 'source/unitReleased', unit: 'u0' },
  { type: 'target/unitAcquired', unit: 'u0' },
  { type: 'source/unitReleased', unit: 'u1' },
  { type: 'target/unitAcquired', unit: 'u1' },
  { type: 'sp/commitRecorded' },
];

describe('the ORACLE agrees with the reducer', () => {
  it.each(Object.keys(scenarios))('on the initial state of scenario %s', (name) => {
    const sc = scenarios[name]!;
    expect(disagreement(initialOracle(sc), initialState(sc))).toBeNull();
    expect(projectOracle(initialOracle(sc), sc)).toEqual(projectServer(initialState(sc)));
  });

  it('along a whole handover of tiny (C1.1 to C1.10), then a rollback of the second one (F07)', () => {
    const { s, o } = both([
      ...toCommitted,
      { type: 'target/vmResumed' },
      { type: 'sp/handoverRequested', vm: 'vm0', source: 'hB', target: 'hA' },
      { type: 'sp/hypervisorConfigured', hv: 'hB' },
      { type: 'sp/hypervisorConfigured', hv: 'hA' },
      { type: 'source/unitsClassified' },
      { type: 'operator/handoverAborted' },
      { type: 'source/rollbackCompleted' },
    ]);
    expect(o.holder['vm0']).toBe('hB');
    expect(o.resumedWith).toBe(0);
    expect(s.completed).toBe(1);
  });
});

describe('the ORACLE on a scenario with a second VM (a user\'s own scenario)', () => {
  /** tiny plus vm1 (unit u3) on hA: a bystander of vm0's handover. */
  const crowded: Scenario = {
    ...tiny,
    name: 'crowded',
    vms: [...tiny.vms, { id: 'vm1', holder: 'hA' }],
    units: [...tiny.units, { id: 'u3', kind: 'memory', node: 'n0', vm: 'vm1', unreassignable: false }],
    bounds: { ...tiny.bounds, faults: 2 },
  };

  it('a crash stops the bystander too, and the restart runs it again while vm0 waits for its rollback', () => {
    const { o } = both([request, { type: 'fault/hypervisorCrashed', hv: 'hA' }, { type: 'sp/hypervisorRestarted', hv: 'hA' }], initialState(crowded));
    expect(o.dispatchers).toEqual({ vm0: [], vm1: ['hA'] });
  });

  it('agrees with the reducer on every step of random runs (no violation on 150 runs)', () => {
    const r = check({ scenario: crowded, seed: SEED, runs: 150, witnesses: [], requiredEvents: [] });
    expect(r.counterexample?.violation).toBeUndefined();
    expect(r.coverage.events['sp/hypervisorRestarted']).toBeGreaterThan(0);
  });
});

describe('the ORACLE names the field on which the descriptions disagree', () => {
  it('a unit the reducer put in flight that the oracle still sees with the source', () => {
    const s = initialState(tiny);
    const wrong: ServerState = { ...s, units: { ...s.units, u1: { ...s.units['u1']!, place: { kind: 'inFlight' } } } };
    expect(disagreement(initialOracle(tiny), wrong)).toBe('units.u1.place: the reducer says in flight, the oracle says managed by hA');
  });

  it('a unit or a VM one description lacks shows as ?', () => {
    const s = initialState(tiny);
    const { u1: _gone, ...rest } = s.units;
    expect(disagreement(initialOracle(tiny), { ...s, units: rest })).toBe('units.u1.place: the reducer says ?, the oracle says managed by hA');
    const o = initialOracle(tiny);
    const lacking: OracleState = { ...o, holder: {}, dispatchers: {}, schedVersion: {}, place: {} };
    expect(projectOracle(lacking, tiny).slice(0, 3)).toEqual([
      ['vms.vm0.holder', '?'],
      ['vms.vm0.dispatchedBy', '[]'],
      ['vms.vm0.schedVersion', '?'],
    ]);
    const noVm: ServerState = { ...s, vms: {} };
    expect(projectServer(noVm).slice(0, 3)).toEqual([
      ['vms.vm0.holder', '?'],
      ['vms.vm0.dispatchedBy', '[?]'],
      ['vms.vm0.schedVersion', '?'],
    ]);
  });

  it('a VM dispatched by two hypervisors', () => {
    const s = initialState(tiny);
    const wrong: ServerState = { ...s, vms: { vm0: { ...s.vms['vm0']!, dispatchedBy: ['hA', 'hB'] } } };
    expect(disagreement(initialOracle(tiny), wrong)).toBe('vms.vm0.dispatchedBy: the reducer says [hA, hB], the oracle says [hA]');
  });
});

describe('the ORACLE objects to events its ownership model forbids', () => {
  const at = (events: readonly HandoverEvent[]) => both(events).o;
  const objection = (o: OracleState, e: HandoverEvent): string => {
    const r = oracleStep(o, e, tiny);
    return r.ok ? 'accepted' : r.objection;
  };

  it('a second commit point (C1.1)', () => {
    expect(objection(at(toCommitted), { type: 'sp/commitRecorded' })).toBe('a second commit point recorded for vm0');
  });
  it('a commit while a unit is still in flight (C1.9)', () => {
    expect(objection(at([...toAssigning, { type: 'source/unitReleased', unit: 'u0' }]), { type: 'sp/commitRecorded' })).toBe(
      'commit recorded while unit u0 is in flight',
    );
  });
  it('a resume before the commit point (C1.5)', () => {
    expect(objection(at(toAssigning), { type: 'target/vmResumed' })).toBe('hB resumed vm0 before the commit point');
  });
  it('a rollback or a reclaim after the commit point (F06, F19)', () => {
    const o = at(toCommitted);
    expect(objection(o, { type: 'source/rollbackCompleted' })).toBe('rollback of vm0 completed after the commit point');
    expect(objection(o, { type: 'source/unitReclaimed', unit: 'u1' })).toBe('unit u1 reclaimed after the commit point');
  });
  it('releasing an unreassignable unit (C1.7) or a pinned one (F15)', () => {
    const o = at(toAssigning);
    expect(objection(o, { type: 'source/unitReleased', unit: 'u2' })).toBe('unit u2 released but it is not in the portion that moves');
    const pinned = oracleStep(o, { type: 'device/unitPinned', unit: 'u1' }, tiny);
    expect(pinned.ok && objection(pinned.state, { type: 'source/unitReleased', unit: 'u1' })).toBe('unit u1 released but it is pinned to hA');
  });
  it('releasing a unit that already left the source (C1.2)', () => {
    const o = at([...toAssigning, { type: 'source/unitReleased', unit: 'u1' }]);
    expect(objection(o, { type: 'source/unitReleased', unit: 'u1' })).toBe('unit u1 released but it is in flight, not managed by hA');
  });
  it('acquiring a unit that is not in flight (C1.2)', () => {
    expect(objection(at(toAssigning), { type: 'target/unitAcquired', unit: 'u1' })).toBe('unit u1 acquired but it is managed by hA, not in flight');
  });
  it('retiring a hypervisor that still manages a unit or has a VM (F16)', () => {
    expect(objection(at(toCommitted), { type: 'sp/hypervisorRetired', hv: 'hA' })).toBe('hA retired while it manages unit u2');
    expect(objection(initialOracle({ ...tiny, units: [] }), { type: 'sp/hypervisorRetired', hv: 'hA' })).toBe('hA retired while it has vm0');
  });
  it('protocol steps with no handover under way, or out of order', () => {
    const o = initialOracle(tiny);
    for (const e of [
      { type: 'source/unitsClassified' },
      { type: 'source/vmQuiesced' },
      { type: 'sp/commitRecorded' },
      { type: 'target/vmResumed' },
      { type: 'source/rollbackCompleted' },
      { type: 'source/unitReclaimed', unit: 'u1' },
      { type: 'target/unitAcquired', unit: 'u1' },
    ] as const)
      expect(objection(o, e)).toMatch(/with no handover under way/);
    expect(objection(o, { type: 'source/pinDetected', unit: 'u1' })).toBe('pin of u1 detected before classification');
    expect(objection({ ...o, holder: {} }, { type: 'device/unitPinned', unit: 'u9' })).toBe('unit u9 pinned but possessed by no VM');
  });
});

describe('the ORACLE is independent of the reducer', () => {
  it('imports no handler, kit or reducer code from src/model (types only)', () => {
    const source = readFileSync(new URL('../../models/oracle.ts', import.meta.url), 'utf8');
    const imports = source.split('\n').filter((l) => l.startsWith('import'));
    expect(imports.length).toBeGreaterThan(0);
    for (const line of imports) expect(line, line).toMatch(/^import type /);
  });
});
