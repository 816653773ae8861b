/**
 * Determinism and replay: the same seed gives the same trace byte for byte, and the printed
 * replay line (seed and path) of a deliberately injected bug reproduces it.
 */
import { describe, expect, it } from 'vitest';
import { check, formatReport, replayCommand } from '../../src/checker/index.ts';
import { makeStep, referenceHandlers } from '../../src/model/step.ts';
import { isActive } from '../../src/model/state.ts';
import { findMutant } from '../../src/mutants/catalog.ts';
import { defaultScenario, tiny } from '../../models/scenarios/index.ts';
import { SEED } from './seed.ts';

const quiet = { witnesses: [], requiredEvents: [] } as const;

/**
 * A deliberately injected bug, not in the catalogue: the SP records the commit point as soon as
 * one reassignable unit has reached the target, not all of them (C1.9).
 */
const commitTooEarly = makeStep({
  ...referenceHandlers,
  'sp/commitRecorded': (s, e) => {
    const h = s.handover;
    if (!isActive(h) || h.phase !== 'assigning') return referenceHandlers['sp/commitRecorded'](s, e);
    const arrived = h.reassignable.some((id) => s.units[id]!.place.kind === 'managed' && (s.units[id]!.place as { by: string }).by === h.target);
    if (!arrived) return referenceHandlers['sp/commitRecorded'](s, e);
    const moved = { ...s, vms: { ...s.vms, [h.vm]: { ...s.vms[h.vm]!, holder: h.target } } };
    return { ok: true, state: { ...moved, handover: { ...h, phase: 'committed', commits: h.commits + 1 } }, effects: [] };
  },
});

describe(`determinism (seed ${SEED})`, () => {
  it('the same seed gives the same counterexample, byte for byte (JSON of the events and states)', () => {
    const m = findMutant('M-04')!;
    const a = check({ scenario: defaultScenario, mutant: m, seed: SEED, runs: 2000, ...quiet });
    const b = check({ scenario: defaultScenario, mutant: m, seed: SEED, runs: 2000, ...quiet });
    expect(a.status).toBe('violation');
    expect(JSON.stringify(b.counterexample!.events)).toBe(JSON.stringify(a.counterexample!.events));
    expect(JSON.stringify(b.counterexample!.states)).toBe(JSON.stringify(a.counterexample!.states));
    expect(b.path).toBe(a.path);
  });

  it('the same seed gives the same runs on the reference: same steps, coverage and witnesses', () => {
    const a = check({ scenario: tiny, seed: SEED, runs: 150 });
    const b = check({ scenario: tiny, seed: SEED, runs: 150 });
    expect(b.steps).toBe(a.steps);
    expect(JSON.stringify(b.coverage)).toBe(JSON.stringify(a.coverage));
    expect(JSON.stringify(b.witnesses)).toBe(JSON.stringify(a.witnesses));
  });

  it('another seed gives other runs', () => {
    const a = check({ scenario: tiny, seed: SEED, runs: 150, ...quiet });
    const b = check({ scenario: tiny, seed: SEED + 1, runs: 150, ...quiet });
    expect(JSON.stringify(b.coverage)).not.toBe(JSON.stringify(a.coverage));
  });
});

describe('replay', () => {
  it('the printed replay line of a deliberately injected bug reproduces its trace', () => {
    const found = check({ scenario: defaultScenario, step: commitTooEarly, seed: SEED, runs: 2000, ...quiet });
    expect(found.status).toBe('violation');
    const line = formatReport(found).split('\n').find((l) => l.trim().startsWith('npx vm-handover check'))!.trim();
    expect(line).toBe(replayCommand(found));
    // What the CLI will do with the line: pass --scenario, --seed and --path to check.
    const flags = new Map([...line.matchAll(/--([a-z-]+) (\S+)/g)].map((m) => [m[1]!, m[2]!]));
    expect(flags.get('scenario')).toBe('default');
    const replayed = check({ scenario: defaultScenario, step: commitTooEarly, seed: Number(flags.get('seed')), path: flags.get('path')!, ...quiet });
    expect(replayed.runs).toBe(1);
    expect(replayed.counterexample!.violation).toEqual(found.counterexample!.violation);
    expect(JSON.stringify(replayed.counterexample!.events)).toBe(JSON.stringify(found.counterexample!.events));
  });

  it('the replay of a mutant with its seed and path reproduces the failure without generating', () => {
    const m = findMutant('M-08')!;
    const found = check({ scenario: defaultScenario, mutant: m, seed: SEED, runs: 2000, ...quiet });
    const replayed = check({ scenario: defaultScenario, mutant: m, seed: found.seed, path: found.path!, ...quiet });
    expect(replayed.runs).toBe(1);
    expect(replayed.counterexample!.events).toEqual(found.counterexample!.events);
  });
});
