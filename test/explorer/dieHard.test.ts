import { describe, expect, it } from 'vitest';
import { explore } from '../../src/explorer/index.ts';
import { dieHard, JUG_ACTIONS, jugsNotSolved, jugsTypeOK, pour } from '../../models/classic/dieHard.ts';
import type { Jugs } from '../../models/classic/dieHard.ts';
import { frozen, replay } from './helpers.ts';

/**
 * The reachable states computed without the explorer: a naive recursive
 * closure over pairs, written from the puzzle's rules rather than from `pour`.
 */
function naiveReachable(): Set<string> {
  const seen = new Set<string>();
  const visit = (small: number, big: number): void => {
    const key = `${small},${big}`;
    if (seen.has(key)) return;
    seen.add(key);
    const toBig = Math.min(small, 5 - big);
    const toSmall = Math.min(big, 3 - small);
    visit(3, big);
    visit(small, 5);
    visit(0, big);
    visit(small, 0);
    visit(small - toBig, big + toBig);
    visit(small + toSmall, big - toSmall);
  };
  visit(0, 0);
  return seen;
}

/** Length of the shortest move sequence reaching big = 4, by a naive breadth-first search. */
function naiveShortestSolution(): number {
  let frontier: Jugs[] = [{ small: 0, big: 0 }];
  const seen = new Set(['0,0']);
  for (let depth = 0; frontier.length > 0; depth++) {
    if (frontier.some((j) => j.big === 4)) return depth;
    const next: Jugs[] = [];
    for (const j of frontier) {
      for (const a of JUG_ACTIONS) {
        const t = pour(j, a);
        if (!seen.has(`${t.small},${t.big}`)) {
          seen.add(`${t.small},${t.big}`);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
  return -1;
}

describe('Die Hard water jugs (DieHard.tla)', () => {
  it('has exactly 16 reachable states, the same set as a naive closure', () => {
    const naive = naiveReachable();
    expect(naive.size).toBe(16);
    // Exactly the states where one jug is empty or full: the puzzle's known characterisation.
    for (const key of naive) {
      const [small, big] = key.split(',').map(Number) as [number, number];
      expect(small === 0 || small === 3 || big === 0 || big === 5).toBe(true);
    }
    const result = explore(frozen({ ...dieHard(), invariants: [jugsTypeOK] }));
    expect(result.status).toBe('ok');
    expect(result.complete).toBe(true);
    expect(result.distinctStates).toBe(naive.size);
    expect(result.distinctStates).toBe(16);
    // 1 initial state + 16 states x 6 always-enabled actions.
    expect(result.statesGenerated).toBe(97);
    expect(result.rejected).toBe(0);
    expect(result.actionCounts).toEqual(Object.fromEntries(JUG_ACTIONS.map((a) => [a, 16])));
  });

  it('DH-2 NotSolved (big /= 4) is violated by a shortest trace of 6 steps that replays', () => {
    const system = dieHard();
    const result = explore(system);
    expect(result.status).toBe('violation');
    expect(result.complete).toBe(false);
    expect(result.stoppedBy).toBe('violation');
    const v = result.violation;
    expect(v?.kind).toBe('invariant');
    expect(v?.invariantId).toBe('DH-2');
    expect(v?.invariantName).toBe('NotSolved');
    expect(v?.explanation).toBe('the big jug holds exactly 4 gallons');
    const trace = v?.trace ?? [];
    expect(trace.length - 1).toBe(6);
    expect(trace.length - 1).toBe(naiveShortestSolution());
    expect(trace[0]).toEqual({ action: null, actionName: null, state: { small: 0, big: 0 } });
    expect(trace.at(-1)?.state.big).toBe(4);
    expect(replay(system, trace)).toEqual(trace.map((t) => t.state));
    expect(trace.map((t) => t.actionName)).toEqual([
      null,
      'FillBig',
      'BigToSmall',
      'EmptySmall',
      'BigToSmall',
      'FillBig',
      'BigToSmall',
    ]);
  });

  it('DH-1 TypeOK rejects jugs outside their capacity and DH-2 accepts other contents', () => {
    expect(jugsTypeOK.check({ small: 4, big: 0 })).toMatch(/outside/);
    expect(jugsTypeOK.check({ small: 0, big: -1 })).toMatch(/outside/);
    expect(jugsTypeOK.check({ small: 1.5, big: 0 })).toMatch(/outside/);
    expect(jugsTypeOK.check({ small: 3, big: 5 })).toBeNull();
    expect(jugsNotSolved.check({ small: 3, big: 5 })).toBeNull();
  });

  it('with continueOnViolation explores all 16 states and records the single violated invariant once', () => {
    const result = explore(dieHard(), { continueOnViolation: true });
    expect(result.status).toBe('violation');
    expect(result.complete).toBe(true);
    expect(result.stoppedBy).toBeUndefined();
    expect(result.distinctStates).toBe(16);
    // Two states have big = 4: (3,4) and (0,4).
    expect(result.violationCount).toBe(2);
    expect(result.violations).toHaveLength(1);
  });
});
