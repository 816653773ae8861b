/**
 * The failure report and the summary a person reads, and the state diff behind them.
 */
import { describe, expect, it } from 'vitest';
import { check, formatCounterexample, formatReport, formatSummary, replayCommand } from '../../src/checker/index.ts';
import { diffStates, formatChange } from '../../src/trace/index.ts';
import type { CheckResult } from '../../src/checker/index.ts';
import { initialState } from '../../src/model/init.ts';
import type { ServerState } from '../../src/model/state.ts';
import { step } from '../../src/model/step.ts';
import { findMutant } from '../../src/mutants/catalog.ts';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { SEED } from './seed.ts';

const after = (s: ServerState, ...events: Parameters<typeof step>[1][]): ServerState =>
  events.reduce((x, e) => {
    const r = step(x, e);
    if (!r.ok) throw new Error(`${e.type} rejected`);
    return r.state;
  }, s);

describe('the report renders what a step changed with the trace\'s ITF diff (src/trace/diff.ts), by path', () => {
  const s0 = initialState(tiny);
  const s1 = after(s0, { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
  const show = (a: ServerState, b: ServerState): string[] => diffStates(a, b).map((c) => formatChange(c));

  it('a new handover appears whole, with the counters it moved', () => {
    // The ghost recorder notes each unit of vm0 and the VM as they were before the request.
    expect(show(s0, s1)).toEqual([
      expect.stringMatching(/^units\.u0\.ghost\.before: none -> \{place: managed\(hA\), node: n1, /) as unknown as string,
      expect.stringMatching(/^units\.u1\.ghost\.before: none -> \{place: managed\(hA\), node: n0, /) as unknown as string,
      expect.stringMatching(/^units\.u2\.ghost\.before: none -> \{place: managed\(hA\), node: n0, pinnedTo: hA, /) as unknown as string,
      'sp.epoch: 0 -> 1',
      expect.stringMatching(/^handover: none -> \{vm: vm0, source: hA, target: hB, epoch: 1, phase: configuring, /) as unknown as string,
      'used.attempts: 0 -> 1',
      expect.stringMatching(/^ghost\.before: none -> \{holder: hA, dispatchedBy: \{hA\}, /) as unknown as string,
    ]);
  });

  it('a configuration, a place, a copy and a phase read as ITF values at their paths', () => {
    const s2 = after(s1, { type: 'sp/hypervisorConfigured', hv: 'hA' }, { type: 'sp/hypervisorConfigured', hv: 'hB' }, { type: 'source/unitsClassified' });
    expect(show(s1, after(s1, { type: 'sp/hypervisorConfigured', hv: 'hA' }))).toEqual(['hypervisors.hA.config: none -> {epoch: 1}']);
    const s3 = after(s2, { type: 'source/unitCopied', unit: 'u1' });
    expect(show(s2, s3)).toEqual(['units.u1.copy: none -> {node: n1, version: 0, dirty: false}', 'units.u1.ghost.copiedAt: added 0']);
    const s4 = after(s3, { type: 'source/consolidationFinished' }, { type: 'source/vmQuiesced' }, { type: 'source/assignmentStarted' });
    const s5 = after(s4, { type: 'source/unitReleased', unit: 'u1' });
    expect(show(s4, s5)).toEqual([
      'units.u1.place: managed(hA) -> inFlight',
      'units.u1.node: n0 -> n1',
      'units.u1.copy: {node: n1, version: 0, dirty: false} -> none',
      'units.u1.original: none -> {node: n0, version: 0}',
    ]);
  });

  it('the channel is a multiset: messages read as added and removed', () => {
    const s2 = after(s1, { type: 'sp/hypervisorConfigured', hv: 'hA' }, { type: 'sp/hypervisorConfigured', hv: 'hB' }, { type: 'source/unitsClassified' }, { type: 'source/unitCopied', unit: 'u1' }, { type: 'source/consolidationFinished' });
    const s3 = after(s2, { type: 'source/schedSent' });
    expect(show(s2, s3)).toEqual(['channel: added {leg: toSp, to: hB, vm: vm0, epoch: 1, version: 0}', 'handover.lastSent: none -> 0', 'handover.versionsSent: 0 -> 1']);
    const s4 = after(s3, { type: 'sp/schedRelayed', epoch: 1, version: 0 });
    expect(show(s3, s4)).toEqual(['channel: removed {leg: toSp, to: hB, vm: vm0, epoch: 1, version: 0}', 'channel: added {leg: toTarget, to: hB, vm: vm0, epoch: 1, version: 0}']);
    const s5 = after(s4, { type: 'target/schedReceived', epoch: 1, version: 0 });
    expect(show(s4, s5)).toContain('hypervisors.hB.sched: none -> {vm: vm0, epoch: 1, version: 0, applied: 1}');
  });

  it('an unchanged state has no changes', () => {
    // Keys that appear or vanish are the ITF diff's own cases (test/trace/diff.test.ts).
    expect(diffStates(s0, s0)).toEqual([]);
  });

  it('the counterexample report prints exactly the ITF diff\'s lines under each step', () => {
    const cx = check({ scenario: tiny, mutant: findMutant('M-08')!, seed: SEED, runs: 500, witnesses: [], requiredEvents: [] }).counterexample!;
    const text = formatCounterexample(cx);
    const lines = cx.events.flatMap((_, i) => diffStates(cx.states[i]!, cx.states[i + 1]!).map((c) => formatChange(c)));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(text).toContain(`  ${l}`);
  });
});

describe('the failure report', () => {
  let r: CheckResult;
  const get = (): CheckResult => (r ??= check({ scenario: defaultScenario, mutant: findMutant('M-12')!, seed: SEED, runs: 2000, witnesses: [], requiredEvents: [] }));

  it('names the violated invariant with its explanation, then every step with its changes', () => {
    const text = formatCounterexample(get().counterexample!);
    const cx = get().counterexample!;
    expect(text).toContain(`INV-5 SingleCommitPoint is violated after ${cx.shrunkLength} steps:`);
    expect(text).toContain('  (b) phase aborting with 1 commit points');
    expect(text).toMatch(/^ 1\. sp\/handoverRequested\(vm0, hA, hB\)$/m);
    expect(text).toContain('handover.phase: committed -> aborting');
    expect(text).toMatch(/fault\/switchoverTimedOut\n(.*\n)*.*✗ INV-5 SingleCommitPoint: \(b\) phase aborting with 1 commit points/);
    expect(text).toContain(`Shrunk from ${cx.originalLength} events (first failing run) to ${cx.fastCheckLength} (fast-check) to ${cx.shrunkLength}`);
  });

  it('ends with the seed, the replay path and one line that replays it', () => {
    const res = get();
    const text = formatReport(res);
    expect(replayCommand(res)).toBe(`npx vm-handover check --scenario default --mutant M-12 --seed ${SEED} --path ${res.path}`);
    expect(text).toContain(`Seed ${SEED}, replay path ${res.path}. To replay it:\n  ${replayCommand(res)}`);
    expect(text).toContain('✗ VIOLATION found on scenario default (mutant M-12)');
  });

  it('a result without a failure has no path in its replay line', () => {
    const ok = check({ scenario: tiny, seed: SEED, runs: 3, witnesses: [], requiredEvents: [] });
    expect(replayCommand(ok)).toBe(`npx vm-handover check --scenario tiny --seed ${SEED}`);
  });

  it('names generation options that differ from the defaults in the replay line', () => {
    const res = check({ scenario: tiny, mutant: findMutant('M-08')!, seed: SEED, runs: 500, maxSteps: 50, swarm: false, rejectedShare: 0.1, weights: { fault: 0.2 }, witnesses: [], requiredEvents: [] });
    expect(replayCommand(res)).toMatch(/--max-steps 50 --no-swarm --rejected-share 0.1 --weights 0.95,0.04,0.2$/);
    const uniform = check({ scenario: tiny, mutant: findMutant('M-08')!, seed: SEED, runs: 500, strategy: 'uniform', witnesses: [], requiredEvents: [] });
    expect(replayCommand(uniform)).toContain('--strategy uniform');
  });

  it('lists the other invariants broken in the same last state', () => {
    const res = check({ scenario: tiny, mutant: findMutant('M-13')!, seed: SEED, runs: 100, witnesses: [], requiredEvents: [] });
    const ids = res.counterexample!.alsoBroken.map((v) => v.id);
    expect(ids).toContain('INV-4');
    expect(formatCounterexample(res.counterexample!)).toMatch(/✗ also INV-4 TargetRunsOnlyAfterCommit/);
  });
});

describe('the summary', () => {
  it('gives runs, steps, invariants checked, witnesses, coverage and seed', () => {
    const res = check({ scenario: tiny, seed: SEED, runs: 300 });
    const text = formatSummary(res);
    expect(text).toMatch(new RegExp(`^${res.status.toUpperCase()}: scenario tiny: 300 runs, [\\d,]+ steps, [\\d,]+ invariants checked,`));
    expect(text).toMatch(/witnesses \d+\/23, event types \d+\/29, seed \d+/);
    const report = formatReport(res);
    expect(report).toContain('Witnesses: ');
    expect(report).toContain('Coverage: ');
    expect(report).toContain('environment and fault events per phase');
    expect(report).toMatch(/injection points: [\d,]+ of [\d,]+ fired/);
  });

  it('an ok report says so, and a report with nothing required says none', () => {
    const res = check({ scenario: tiny, seed: SEED, runs: 5, witnesses: [], requiredEvents: [], rejectedShare: 0 });
    const text = formatReport(res);
    expect(text).toContain('✓ OK: no violation in 5 runs');
    expect(text).toContain('Witnesses: none required');
    expect(text).toContain('rejected events taken: none');
  });
});
