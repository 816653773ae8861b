/**
 * The failure report and the summary a person reads, and the state diff behind them.
 */
import { describe, expect, it } from 'vitest';
import { check, diffStates, formatChange, formatCounterexample, formatReport, formatSummary, replayCommand } from '../../src/checker/index.ts';
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

describe('diffStates: what a step changed, in the domain words', () => {
  const s0 = initialState(tiny);
  const s1 = after(s0, { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });

  it('a new handover reads as one phrase, with the counters it moved', () => {
    expect(diffStates(s0, s1).map(formatChange)).toEqual([
      'sp.epoch: 0 -> 1',
      'handover: none -> vm0 from hA to hB (configuring, epoch 1)',
      'used.attempts: 0 -> 1',
    ]);
  });

  it('a configuration, a place, a copy and a phase read as phrases', () => {
    const s2 = after(s1, { type: 'sp/hypervisorConfigured', hv: 'hA' }, { type: 'sp/hypervisorConfigured', hv: 'hB' }, { type: 'source/unitsClassified' });
    expect(diffStates(s1, after(s1, { type: 'sp/hypervisorConfigured', hv: 'hA' })).map(formatChange)).toEqual([
      'hypervisors.hA.config: none -> configured for epoch 1',
    ]);
    const s3 = after(s2, { type: 'source/unitCopied', unit: 'u1' });
    expect(diffStates(s2, s3).map(formatChange)).toEqual(['units.u1.copy: none -> copy v0 on n1']);
    const s4 = after(s3, { type: 'source/consolidationFinished' }, { type: 'source/vmQuiesced' }, { type: 'source/assignmentStarted' });
    const s5 = after(s4, { type: 'source/unitReleased', unit: 'u1' });
    expect(diffStates(s4, s5).map(formatChange)).toEqual([
      'units.u1.place: managed by hA -> in flight',
      'units.u1.node: n0 -> n1',
      'units.u1.copy: copy v0 on n1 -> none',
    ]);
  });

  it('the channel is a multiset: messages read as added and removed', () => {
    const s2 = after(s1, { type: 'sp/hypervisorConfigured', hv: 'hA' }, { type: 'sp/hypervisorConfigured', hv: 'hB' }, { type: 'source/unitsClassified' }, { type: 'source/unitCopied', unit: 'u1' }, { type: 'source/consolidationFinished' });
    const s3 = after(s2, { type: 'source/schedSent' });
    expect(diffStates(s2, s3).map(formatChange)).toEqual(['channel: + toSp e1 v0 for hB', 'handover.lastSent: none -> 0', 'handover.versionsSent: 0 -> 1']);
    const s4 = after(s3, { type: 'sp/schedRelayed', epoch: 1, version: 0 });
    expect(diffStates(s3, s4).map(formatChange)).toEqual(['channel: - toSp e1 v0 for hB', 'channel: + toTarget e1 v0 for hB']);
    const s5 = after(s4, { type: 'target/schedReceived', epoch: 1, version: 0 });
    expect(diffStates(s4, s5).map(formatChange)).toContain('hypervisors.hB.sched: none -> v0 of epoch 1, applied 1');
  });

  it('an unchanged state has no changes, and a field that appears or vanishes reads as absent', () => {
    expect(diffStates(s0, s0)).toEqual([]);
    const extra = { ...s0, used: { ...s0.used, bonus: 1 } } as unknown as ServerState;
    expect(diffStates(s0, extra).map(formatChange)).toEqual(['used.bonus: absent -> 1']);
    expect(diffStates(extra, s0).map(formatChange)).toEqual(['used.bonus: 1 -> absent']);
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
    expect(text).toMatch(/witnesses \d+\/16, event types \d+\/29, seed \d+/);
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
