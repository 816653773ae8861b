/**
 * The fuzz suite at a CI-sized count (issue 12, item 1); `npm run fuzz` runs the same targets
 * with 1,000,000 inputs. Seeds are pinned and in the titles.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ServerState } from '../../src/model/state.ts';
import type { FuzzCounts, FuzzTarget } from './harness.ts';
import { eventLineTarget, fuzz, itfTarget, reachableStates, scenarioFileTarget, stepEventTarget, stepStateTarget } from './harness.ts';

const SEED = 20261202;
const pool = reachableStates(60);

/** The counts the goals are on, with the first finding of each kind in the failure message. */
const goals = (c: FuzzCounts) => ({
  crashes: c.crashes,
  mutations: c.mutations,
  pollutions: c.pollutions,
  findings: c.findings.filter((f) => f.kind !== 'typedError' || c.target !== 'step: malformed states'),
});
const none = { crashes: 0, mutations: 0, pollutions: 0, findings: [] };

describe(`fuzz (seed ${SEED}): no uncaught exception, no mutation of a frozen input, no prototype pollution`, () => {
  it('malformed events into step from reachable states are all rejected as values (4,000 inputs)', () => {
    const c = fuzz(stepEventTarget(pool), { runs: 4000, seed: SEED });
    expect(goals(c)).toEqual(none);
    expect(c.typedErrors).toBe(0);
    // The inputs are mostly defective: nearly all must be rejected, and some intact ones accepted.
    expect(c.rejected).toBeGreaterThan(c.inputs * 0.9);
    expect(c.accepted).toBeGreaterThan(0);
  });

  it('malformed hand-built states end in a result or a MalformedStateError, never another exception (3,000 inputs)', () => {
    const c = fuzz(stepStateTarget(pool), { runs: 3000, seed: SEED + 1 });
    expect(goals(c)).toEqual(none);
    expect(c.typedErrors).toBeGreaterThan(0);
  });

  it('malformed event lines are input errors, and what parses steps cleanly (1,500 inputs)', () => {
    const c = fuzz(eventLineTarget(pool), { runs: 1500, seed: SEED + 2 });
    expect(goals(c)).toEqual(none);
    expect(c.typedErrors).toBe(0);
    expect(c.rejected).toBeGreaterThan(0);
  });

  it('malformed scenario files are input errors, and a scenario that validates can be stepped (1,000 inputs)', () => {
    const c = fuzz(scenarioFileTarget(), { runs: 1000, seed: SEED + 3 });
    expect(goals(c)).toEqual(none);
    expect(c.typedErrors).toBe(0);
    expect(c.accepted).toBeGreaterThan(0);
  });

  it('malformed ITF traces are input errors, and a trace that reads back replays (300 inputs)', () => {
    const c = fuzz(itfTarget(), { runs: 300, seed: SEED + 4 });
    expect(goals(c)).toEqual(none);
    expect(c.typedErrors).toBe(0);
    expect(c.accepted).toBeGreaterThan(0);
  });
});

describe('the fuzz harness counts what it claims to count', () => {
  const s = pool[0]!;
  const target = (exercise: (n: number) => 'accepted'): FuzzTarget<number> => ({
    name: 'broken', what: 'a deliberately broken target', typedErrorExpected: false, arbitrary: fc.nat(), exercise,
  });

  it('a write into a frozen state is a mutation, not a crash', () => {
    const c = fuzz(target(() => {
      (s as { completed: number }).completed = 7;
      return 'accepted';
    }), { runs: 5, seed: 1 });
    expect([c.mutations, c.crashes]).toEqual([5, 0]);
    expect(s.completed).not.toBe(7);
  });

  it('a change to Object.prototype is a pollution, and it is undone', () => {
    const c = fuzz(target(() => {
      Object.assign(Object.prototype, { polluted: true });
      return 'accepted';
    }), { runs: 3, seed: 1 });
    expect(c.pollutions).toBe(3);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('any other exception is a crash, with the input kept', () => {
    const c = fuzz(target((n) => {
      if (n % 2 === 0) throw new RangeError('boom');
      return 'accepted';
    }), { runs: 50, seed: 1 });
    expect(c.crashes).toBeGreaterThan(0);
    expect(c.crashes + c.accepted).toBe(50);
    expect(c.findings[0]).toMatchObject({ kind: 'crash', error: expect.stringContaining('RangeError: boom') });
  });

  it('the pool holds reachable states of three scenarios, deep-frozen', () => {
    const names = new Set(pool.map((x: ServerState) => x.scenario.name));
    expect([...names].sort()).toEqual(['default', 'small', 'tiny']);
    expect(pool.every((x) => Object.isFrozen(x) && Object.isFrozen(x.units))).toBe(true);
  });
});
