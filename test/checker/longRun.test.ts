/**
 * The long, time-budgeted run (src/checker/longRun.ts), on a small budget and a subset.
 */
import { describe, expect, it } from 'vitest';
import { longRun, parseBudget, parseLongRunArgs } from '../../src/checker/index.ts';
import { findMutant } from '../../src/mutants/catalog.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { witnesses } from '../../properties/witnesses.ts';
import { SEED } from './seed.ts';

describe('long run', () => {
  it('checks the scenarios and catches the mutants it is given, printing the seed first', () => {
    const lines: string[] = [];
    const r = longRun({ budgetMs: 3000, seed: SEED, scenarios: [tiny], mutants: [findMutant('M-08')!, findMutant('M-13')!], log: (l) => lines.push(l) });
    expect(lines[0]).toBe(`long run: seed ${SEED}, budget 3 s (1 scenarios, 2 mutants)`);
    expect(r.entries.map((e) => e.what)).toEqual(['mutant M-08', 'mutant M-13', 'scenario tiny']);
    expect(r.entries.filter((e) => e.what.startsWith('mutant')).every((e) => e.ok)).toBe(true);
    expect(lines.some((l) => /^✓ M-08 spResetKeepsTargetConfig: caught by INV-7 in run \d+/.test(l))).toBe(true);
    expect(r.seed).toBe(SEED);
  });

  it('fails, and says which, when a scenario misses a witness or a mutant escapes', () => {
    const lines: string[] = [];
    // With a budget this small nothing much is reached: the scenario is incomplete.
    const r = longRun({ budgetMs: 1, seed: SEED, scenarios: [tiny], mutants: [], log: (l) => lines.push(l) });
    expect(r.ok).toBe(false);
    expect(lines.at(-1)).toBe(`long run FAILED (seed ${SEED}): scenario tiny`);
    expect(lines.some((l) => l.startsWith('✗ INCOMPLETE'))).toBe(true);
    // A mutant only caught by a witness-free... a mutant that is the reference escapes.
    const escaped = longRun({ budgetMs: 200, seed: SEED, scenarios: [], mutants: [{ ...findMutant('M-08')!, id: 'M-00', name: 'none', handlers: {} }], log: (l) => lines.push(l) });
    expect(escaped.ok).toBe(false);
    expect(lines.some((l) => l.startsWith('✗ M-00 none: NOT CAUGHT in'))).toBe(true);
    expect(witnesses.length).toBeGreaterThan(0);
  });

  it('reads --budget and --seed from the command line', () => {
    expect(parseBudget('60s')).toBe(60_000);
    expect(parseBudget('2m')).toBe(120_000);
    expect(parseBudget('1500ms')).toBe(1500);
    expect(parseBudget('90')).toBe(90_000);
    expect(() => parseBudget('soon')).toThrow(/budget must look like/);
    expect(parseLongRunArgs([])).toEqual({ budgetMs: 60_000 });
    expect(parseLongRunArgs(['--budget', '10s', '--seed', '7'])).toEqual({ budgetMs: 10_000, seed: 7 });
    expect(parseLongRunArgs(['--budget=5s'])).toEqual({ budgetMs: 5000 });
    expect(() => parseLongRunArgs(['--seed', 'x'])).toThrow(/--seed must be an integer/);
    expect(() => parseLongRunArgs(['--budget'])).toThrow(/needs a value/);
    expect(() => parseLongRunArgs(['--fast'])).toThrow(/unknown option --fast/);
  });
});
