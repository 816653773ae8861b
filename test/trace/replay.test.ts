import { describe, expect, it } from 'vitest';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { violations } from '../../properties/invariants.ts';
import { initialState } from '../../src/model/init.ts';
import { fromItf, toItf } from '../../src/trace/itf.ts';
import { replayTrace } from '../../src/trace/replay.ts';
import { formatStepTable } from '../../src/trace/table.ts';
import type { Trace } from '../../src/trace/trace.ts';
import { recordTrace, traceStates } from '../../src/trace/trace.ts';
import { ignorePinStep, PIN_THEN_RELEASE, randomWalk } from './support.ts';

/** The seeded bug's counterexample, saved as ITF and read back, as the CLI would. */
function savedCounterexample(): Trace {
  const { trace } = recordTrace(tiny, PIN_THEN_RELEASE, ignorePinStep);
  const violation = violations(traceStates(trace).at(-1)!)[0]!;
  const read = fromItf(JSON.parse(JSON.stringify(toItf({ ...trace, mutant: 'ignorePin', violation }))), 'cx.itf.json');
  if (!read.ok) throw new Error('decode failed');
  return read.value;
}

/** A trace's ITF document, tampered with by `edit`, read back. */
function tampered(t: Trace, edit: (states: Record<string, unknown>[]) => void): Trace {
  const doc = JSON.parse(JSON.stringify(toItf(t))) as { states: Record<string, unknown>[] };
  edit(doc.states);
  const read = fromItf(doc, 'tampered.itf.json');
  if (!read.ok) throw new Error('decode failed');
  return read.value;
}

describe('replay of a faithful trace', () => {
  it('accepts every event and finds every recorded state (random walk of default, 30 steps)', () => {
    const t = randomWalk(defaultScenario, Array.from({ length: 30 }, (_, i) => (i * 7919) % 101));
    const report = replayTrace(t);
    expect(t.steps.length).toBeGreaterThan(10);
    expect(report.rows).toHaveLength(t.steps.length + 1);
    expect(report.firstDivergence).toBeNull();
    expect(report.firstRejection).toBeNull();
    expect(report.rows.map((r) => r.state)).toEqual(traceStates(t));
    expect(report.reproduced).toBeNull();
  });
});

describe('replay of a mutant counterexample (M: source releases a pinned unit, F15)', () => {
  it('reproduces INV-2 UnreassignableStaysWithSource at the last step when replayed with the same mutant step', () => {
    const t = savedCounterexample();
    const report = replayTrace(t, ignorePinStep);
    expect(report.firstDivergence).toBeNull();
    expect(report.firstRejection).toBeNull();
    expect(report.firstViolation).toEqual({
      index: 12,
      violation: { id: 'INV-2', name: 'UnreassignableStaysWithSource', explanation: '(a) unit u1 is coupled to hA but is in flight' },
    });
    expect(report.reproduced).toBe(true);
  });

  it('with the reference step the bad release is rejected (R-10) and the divergence is reported at $.units.u1.place', () => {
    const report = replayTrace(savedCounterexample());
    expect(report.firstRejection).toMatchObject({ index: 12, rejection: { code: 'R-10', step: 'source/unitReleased' } });
    expect(report.firstDivergence).toEqual({
      index: 12,
      divergence: { path: '$.units.u1.place', recorded: 'inFlight', replayed: 'managed(hA)' },
    });
    expect(report.firstViolation).toBeNull();
    expect(report.reproduced).toBe(false);
  });

  it('the step table shows each event, what changed and the violated invariant with its explanation', () => {
    const table = formatStepTable(replayTrace(savedCounterexample(), ignorePinStep).rows);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^step  event +what changed$/);
    // 12 steps, 16 lines of changes to the protocol's variables (one is the frame hA keeps of u1 at
    // its release), 6 of the ghost recorder's records (the three units and the VM before the
    // request, u1's copy, the freeze).
    expect(lines).toHaveLength(2 + 1 + 12 + 16 + 6);
    expect(table).toContain('ghost.frozenAt: none -> 0');
    expect(table).toContain('   1  sp/handoverRequested(vm0, hA, hB)  units.u0.ghost.before: none -> {place: managed(hA), node: n1');
    expect(table).toMatch(/\n {41}sp\.epoch: 0 -> 1\n/);
    expect(table).toContain('  11  device/unitPinned(u1)              units.u1.pinnedTo: none -> hA');
    expect(table).toContain('  12  source/unitReleased(u1)            units.u1.place: managed(hA) -> inFlight');
    expect(table).toContain('VIOLATED INV-2 UnreassignableStaysWithSource: (a) unit u1 is coupled to hA but is in flight');
    expect(table).toContain('sp/schedRelayed(e1, v0)');
    expect(table).toContain('channel: added {leg: toTarget, to: hB, vm: vm0, epoch: 1, version: 0}');
  });

  it('the step table of the reference replay shows the rejection and the divergence', () => {
    const table = formatStepTable(replayTrace(savedCounterexample()).rows);
    expect(table).toContain(
      '  12  source/unitReleased(u1)            REJECTED R-10: the unit is pinned (unreassignable in truth); failed guard: u1 is not pinned (F15)',
    );
    expect(table).toContain('DIVERGES from the recorded state at $.units.u1.place: recorded inFlight, replayed managed(hA)');
    expect(table).not.toContain('VIOLATED');
  });
});

describe('replay of a tampered trace', () => {
  const faithful = recordTrace(tiny, PIN_THEN_RELEASE.slice(0, 11)).trace;

  it('reports the first divergence with its JSON path when a recorded state was edited', () => {
    const t = tampered(faithful, (states) => {
      ((states[4]!['handover'] as { value: Record<string, unknown> }).value)['phase'] = 'assigning';
    });
    const report = replayTrace(t);
    expect(report.firstRejection).toBeNull();
    expect(report.firstDivergence).toEqual({
      index: 4,
      divergence: { path: '$.handover.phase', recorded: 'assigning', replayed: 'consolidating' },
    });
    expect(report.rows.filter((r) => r.divergence !== null).map((r) => r.index)).toEqual([4]);
  });

  it('reports a key the recorded state lacks or has too many as absent', () => {
    const t = tampered(faithful, (states) => {
      (states[2]!['units'] as { '#map': unknown[] })['#map'].pop();
      const vms = states[3]!['vms'] as { '#map': unknown[][] };
      vms['#map'].push(['vm9', vms['#map'][0]![1]]);
    });
    const report = replayTrace(t);
    expect(report.rows[2]!.divergence).toEqual({ path: '$.units.u2', recorded: 'absent', replayed: expect.stringMatching(/^\{place: managed\(hA\)/) as unknown });
    expect(report.rows[3]!.divergence).toEqual({ path: '$.vms.vm9', recorded: expect.stringMatching(/^\{holder: hA/) as unknown, replayed: 'absent' });
  });

  it('reports an initial state that is not the scenario\'s initial state at step 0', () => {
    const t: Trace = { ...faithful, initial: { ...initialState(tiny), completed: 3 } };
    expect(replayTrace(t).firstDivergence).toEqual({ index: 0, divergence: { path: '$.completed', recorded: '3', replayed: '0' } });
  });

  it('does not report a divergence when another tool reordered the elements of a set', () => {
    const t = tampered(faithful, (states) => {
      const h = (states[6]!['handover'] as { value: { reassignable: { '#set': string[] } } }).value;
      h.reassignable['#set'].reverse();
    });
    expect(t.steps[5]!.state.handover?.reassignable).toEqual(['u1', 'u0']);
    expect(replayTrace(t).firstDivergence).toBeNull();
  });
});

describe('the step table', () => {
  it('notes effects, and repeats a lasting violation by id only after printing it in full once', () => {
    // An SP reset before the commit aborts the handover: the reducer reports the abort as an effect.
    const { trace } = recordTrace(tiny, [...PIN_THEN_RELEASE.slice(0, 7), { type: 'fault/spReset' }, { type: 'source/rollbackCompleted' }]);
    const rows = replayTrace(trace).rows;
    expect(formatStepTable(rows)).toContain('note: aborted: spReset');
    const made = { id: 'INV-9', name: 'Made', explanation: 'made up for the table' };
    const lines = formatStepTable(rows.map((r) => (r.index >= 8 ? { ...r, violations: [made] } : r))).split('\n');
    expect(lines.filter((l) => l.includes('VIOLATED INV-9 Made: made up for the table'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('still violated: INV-9'))).toHaveLength(1);
  });

  it('writes (no change) for an accepted event that leaves the state as it was', () => {
    const rows = replayTrace(recordTrace(tiny, PIN_THEN_RELEASE.slice(0, 1)).trace).rows.map((r) => ({ ...r, changes: [] }));
    expect(formatStepTable(rows)).toContain('   1  sp/handoverRequested(vm0, hA, hB)  (no change)');
  });
});
