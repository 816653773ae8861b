import { describe, expect, it } from 'vitest';
import { explore, formatExploreReport } from '../../src/explorer/index.ts';
import { dieHard } from '../../models/classic/dieHard.ts';
import { twoPhaseCommit } from '../../models/classic/twoPhaseCommit.ts';
import { graphSystem, infiniteTree } from './helpers.ts';

describe('formatExploreReport', () => {
  it('summarises a passing run like TLC: counts, depth, per-action figures, collision probability', () => {
    const report = formatExploreReport(explore(twoPhaseCommit({ rms: 3 })));
    const lines = report.split('\n');
    expect(lines[0]).toBe('Verdict: ok (state space exhausted)');
    expect(report).toContain('1,146 states generated, 288 distinct states found, 3,751 steps rejected.');
    expect(report).toContain('Depth of the search graph: 10 steps.');
    // 288 * 287 / 2 / 2^64
    expect(report).toContain('Fingerprint collision probability (optimistic): 2.2e-15.');
    expect(report).toMatch(/\d[\d,]* states\/s over \d+ ms\./);
    expect(report).toMatch(/\d+\.\d bytes\/state in explorer structures \(\d+\.\d KiB\); heap used peak \d+\.\d MiB\./);
    expect(lines).toContain('Actions (generated / distinct):');
    expect(lines).toContain('  TMCommit         1 / 1');
    expect(report).not.toContain('Error');
  });

  it('prints the violated invariant and the numbered counterexample with action names', () => {
    const report = formatExploreReport(explore(dieHard()));
    const lines = report.split('\n');
    expect(lines[0]).toBe('Verdict: violation (search stopped by violation)');
    expect(lines).toContain('Error: invariant DH-2 NotSolved violated: the big jug holds exactly 4 gallons');
    expect(lines).toContain('Counterexample, 6 steps:');
    expect(lines).toContain('  0: <initial state>');
    expect(lines).toContain('     {"small":0,"big":0}');
    expect(lines).toContain('  6: BigToSmall');
    expect(lines.at(-1)).toBe('     {"small":3,"big":4}');
    expect(report).not.toContain('violating states met in total');
  });

  it('uses formatState for trace states and counts all violating states when continuing', () => {
    const report = formatExploreReport(explore(dieHard(), { continueOnViolation: true }), {
      formatState: (s) => `small=${s.small} big=${s.big}`,
    });
    expect(report.split('\n')[0]).toBe('Verdict: violation (state space exhausted)');
    expect(report).toContain('(2 violating states met in total)');
    expect(report).toContain('     small=3 big=4');
  });

  it('says which bound stopped an incomplete run, and names deadlocks', () => {
    expect(formatExploreReport(explore(infiniteTree(), { maxStates: 10 })).split('\n')[0]).toBe(
      'Verdict: incomplete (search stopped by maxStates)',
    );
    const deadlock = formatExploreReport(
      explore({ ...infiniteTree(), actions: () => [] }),
    );
    expect(deadlock).toContain('Error: deadlock violated: no action is offered in this non-terminal state');
    expect(deadlock).toContain('Counterexample, 0 steps:');
    expect(deadlock).not.toContain('Actions (generated / distinct):');
  });

  it('shows 0 distinct for an action that only revisits states', () => {
    const system = graphSystem(
      {
        0: [{ name: 'go', to: 1 }],
        1: [
          { name: 'back', to: 0 },
          { name: 'finish', to: 2 },
        ],
      },
      { terminal: [2] },
    );
    const lines = formatExploreReport(explore(system)).split('\n');
    expect(lines).toContain('  back    1 / 0');
    expect(lines).toContain('  finish  1 / 1');
  });

  it('groups thousands in large figures', () => {
    const report = formatExploreReport(explore(twoPhaseCommit({ rms: 5 })));
    expect(report).toContain('58,146 states generated, 8,832 distinct states found');
  });
});
