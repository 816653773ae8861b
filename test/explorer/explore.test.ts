import { describe, expect, it } from 'vitest';
import { explore } from '../../src/explorer/index.ts';
import type { ExploreProgress, TransitionSystem } from '../../src/explorer/index.ts';
import { graphSystem, infiniteTree, replay, withoutTiming } from './helpers.ts';

describe('deadlock detection', () => {
  // 0 -a-> 1 -b-> 2 (terminal); 0 -c-> 3 (no action at all); 1 -d-> 4 (only a fault); 2 is terminal.
  const graph = {
    0: [
      { name: 'a', to: 1 },
      { name: 'c', to: 3 },
    ],
    1: [
      { name: 'b', to: 2 },
      { name: 'd', to: 4 },
    ],
    4: [{ name: 'crash', to: 0, fault: true }],
  };

  it('reports a non-terminal state without actions with a shortest trace', () => {
    const system = graphSystem(graph, { terminal: [2] });
    const result = explore(system);
    expect(result.status).toBe('deadlock');
    expect(result.stoppedBy).toBe('violation');
    expect(result.violation?.kind).toBe('deadlock');
    expect(result.violation?.invariantId).toBeUndefined();
    expect(result.violation?.explanation).toBe('no action is offered in this non-terminal state');
    expect(result.violation?.trace.map((t) => t.state)).toEqual([0, 3]);
    expect(replay(system, result.violation?.trace ?? [])).toEqual([0, 3]);
  });

  it('does not report terminal states, but does report a state whose only accepted action is a fault', () => {
    const system = graphSystem({ ...graph, 0: [{ name: 'a', to: 1 }] }, { terminal: [2] });
    const result = explore(system);
    expect(result.status).toBe('deadlock');
    expect(result.violation?.trace.map((t) => t.state)).toEqual([0, 1, 4]);
    expect(result.violation?.explanation).toMatch(/none of the 1 actions offered/);
  });

  it('reports a state whose offered actions are all rejected, and counts the rejections', () => {
    const system = graphSystem({ 0: [{ name: 'a', to: 1, rejected: true }] });
    const result = explore(system);
    expect(result.status).toBe('deadlock');
    expect(result.rejected).toBe(1);
    expect(result.violation?.trace.map((t) => t.state)).toEqual([0]);
  });

  it('is ok when the only stopping state is terminal, and silent when checkDeadlock is false', () => {
    const ok = explore(graphSystem({ 0: [{ name: 'a', to: 1 }] }, { terminal: [1] }));
    expect(ok.status).toBe('ok');
    expect(ok.distinctStates).toBe(2);
    const off = explore(graphSystem(graph, { terminal: [2] }), { checkDeadlock: false });
    expect(off.status).toBe('ok');
    expect(off.distinctStates).toBe(5);
  });

  it('with continueOnViolation keeps the first deadlock, counts both, and is complete', () => {
    const result = explore(graphSystem(graph, { terminal: [2] }), { continueOnViolation: true });
    expect(result.status).toBe('deadlock');
    expect(result.complete).toBe(true);
    expect(result.violationCount).toBe(2);
    expect(result.violations).toHaveLength(1);
    expect(result.violation?.trace.map((t) => t.state)).toEqual([0, 3]);
  });
});

describe('termination under fairness (checkTermination)', () => {
  it('reports a reachable cycle that never reaches a terminal state, with the shortest trace into it', () => {
    // 0 -> 1 -> 2 (terminal); 1 -> 3 <-> 4: from 3 and 4 no terminal state is reachable.
    const system = graphSystem(
      {
        0: [{ name: 'go', to: 1 }],
        1: [
          { name: 'finish', to: 2 },
          { name: 'stray', to: 3 },
        ],
        3: [{ name: 'ping', to: 4 }],
        4: [{ name: 'pong', to: 3 }],
      },
      { terminal: [2] },
    );
    const result = explore(system, { checkTermination: true });
    expect(result.status).toBe('nontermination');
    expect(result.complete).toBe(true);
    expect(result.violationCount).toBe(2);
    expect(result.violation?.kind).toBe('nontermination');
    expect(result.violation?.explanation).toMatch(/2 of 5 expanded states/);
    expect(result.violation?.trace.map((t) => t.state)).toEqual([0, 1, 3]);
    expect(replay(system, result.violation?.trace ?? [])).toEqual([0, 1, 3]);
    // The same system has no deadlock: every non-terminal state has an action.
    expect(explore(system).status).toBe('ok');
  });

  it('accepts a cycle from which a terminal state stays reachable', () => {
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
    const result = explore(system, { checkTermination: true });
    expect(result.status).toBe('ok');
    expect(result.violationCount).toBe(0);
  });

  it('does not count fault edges as a way to terminate', () => {
    const system = graphSystem(
      {
        0: [
          { name: 'go', to: 1 },
          { name: 'crash', to: 2, fault: true },
        ],
        1: [{ name: 'back', to: 0 }],
      },
      { terminal: [2] },
    );
    const result = explore(system, { checkTermination: true });
    expect(result.status).toBe('nontermination');
    expect(result.violation?.trace.map((t) => t.state)).toEqual([0]);
  });

  it('on a bounded run reports only states whose every path stays among expanded states', () => {
    // 0 -> 1 <-> 2 never terminates; 0 -> 10 -> 11 -> ... is an endless chain cut by maxStates,
    // so its states, being possibly terminating beyond the bound, must not be reported.
    const chain: TransitionSystem<number, string> = {
      initialStates: [0],
      actions: (s) => (s === 0 ? ['loop', 'chain'] : s === 1 || s === 2 ? ['loop'] : ['chain']),
      step: (s, a) => (a === 'loop' ? (s === 1 ? 2 : 1) : s === 0 ? 10 : s + 1),
      actionName: (a) => a,
      encode: (s) => String(s),
      invariants: [],
      isTerminal: () => false,
    };
    const result = explore(chain, { checkTermination: true, maxStates: 20 });
    expect(result.status).toBe('nontermination');
    expect(result.complete).toBe(false);
    expect(result.stoppedBy).toBe('maxStates');
    expect(result.violationCount).toBe(2);
    expect(result.violation?.trace.map((t) => t.state)).toEqual([0, 1]);
  });

  it('requires isTerminal, a programmer error otherwise', () => {
    expect(() => explore(infiniteTree(), { checkTermination: true })).toThrow(TypeError);
  });
});

describe('bounds make the result honest: complete false and the reason', () => {
  it('maxStates stops at exactly that many distinct states', () => {
    const result = explore(infiniteTree(), { maxStates: 100 });
    expect(result.status).toBe('incomplete');
    expect(result.complete).toBe(false);
    expect(result.stoppedBy).toBe('maxStates');
    expect(result.distinctStates).toBe(100);
    expect(result.violation).toBeUndefined();
  });

  it('maxStates also bounds the initial states', () => {
    const result = explore({ ...infiniteTree(), initialStates: [0, 1, 2] }, { maxStates: 2 });
    expect(result.stoppedBy).toBe('maxStates');
    expect(result.distinctStates).toBe(2);
  });

  it('a maxStates equal to the state-space size still completes', () => {
    const result = explore(graphSystem({ 0: [{ name: 'a', to: 1 }] }, { terminal: [1] }), { maxStates: 2 });
    expect(result.status).toBe('ok');
    expect(result.complete).toBe(true);
  });

  it('maxDepth leaves the deepest level unexpanded', () => {
    const result = explore(infiniteTree(), { maxDepth: 5 });
    expect(result.status).toBe('incomplete');
    expect(result.stoppedBy).toBe('maxDepth');
    expect(result.maxDepth).toBe(5);
    expect(result.distinctStates).toBe(2 ** 6 - 1);
  });

  it('a maxDepth beyond the deepest state completes', () => {
    const result = explore(graphSystem({ 0: [{ name: 'a', to: 1 }] }, { terminal: [1] }), { maxDepth: 2 });
    expect(result.status).toBe('ok');
  });

  it('timeBudgetMs stops an endless search once the budget is spent', () => {
    const zero = explore(infiniteTree(), { timeBudgetMs: 0 });
    expect(zero.stoppedBy).toBe('time');
    expect(zero.distinctStates).toBe(1);
    const result = explore(infiniteTree(), { timeBudgetMs: 50 });
    expect(result.status).toBe('incomplete');
    expect(result.stoppedBy).toBe('time');
    expect(result.elapsedMs).toBeGreaterThanOrEqual(50);
    expect(result.distinctStates).toBeGreaterThan(1);
  });

  it('maxHeapBytes stops before the search when already exceeded', () => {
    const result = explore(infiniteTree(), { maxHeapBytes: 1 });
    expect(result.status).toBe('incomplete');
    expect(result.stoppedBy).toBe('memory');
    expect(result.distinctStates).toBe(1);
    expect(result.heapUsedBytes).toBeGreaterThan(0);
  });

  it('maxHeapBytes stops the search when the heap grows past it', () => {
    // The invariant hoards 80 KB of heap per state, so about 40 MB above the current heap is
    // crossed after some 500 states, long before the tree would exhaust the time of the test.
    const hoard: number[][] = [];
    const hoarding = {
      ...infiniteTree(),
      invariants: [{ id: 'T-1', name: 'Hoard', check: () => (hoard.push(new Array<number>(10_000).fill(1)), null) }],
    };
    const limit = process.memoryUsage().heapUsed + 40 * 2 ** 20;
    const result = explore(hoarding, { maxHeapBytes: limit, memoryCheckEvery: 50 });
    expect(result.stoppedBy).toBe('memory');
    expect(result.distinctStates).toBeGreaterThan(50);
    expect(result.distinctStates % 50).toBe(0);
    expect(result.heapUsedBytes).toBeGreaterThan(limit - 1024 * 1024);
    hoard.length = 0;
  });
});

describe('invariants, progress and results', () => {
  const evenOnly: TransitionSystem<number, 'inc'> = {
    initialStates: [0],
    actions: (s) => (s < 6 ? ['inc'] : []),
    step: (s) => s + 1,
    actionName: () => 'counter/incremented',
    encode: (s) => String(s),
    invariants: [
      { id: 'C-1', name: 'Small', check: (s) => (s > 4 ? `counter ${s} exceeds 4` : null) },
      { id: 'C-2', name: 'NotThree', check: (s) => (s === 3 ? 'counter is 3' : null) },
    ],
    isTerminal: (s) => s === 6,
  };

  it('stops at the first violated invariant with the trace to it', () => {
    const result = explore(evenOnly);
    expect(result.status).toBe('violation');
    expect(result.distinctStates).toBe(4);
    expect(result.violation?.invariantId).toBe('C-2');
    expect(result.violation?.explanation).toBe('counter is 3');
    expect(result.violation?.trace.map((t) => t.state)).toEqual([0, 1, 2, 3]);
    expect(result.violation?.trace.map((t) => t.actionName)).toEqual([null, ...Array(3).fill('counter/incremented')]);
  });

  it('with continueOnViolation records the first violation of each invariant in the order found', () => {
    const result = explore(evenOnly, { continueOnViolation: true, checkTermination: true });
    expect(result.status).toBe('violation');
    expect(result.complete).toBe(true);
    expect(result.violationCount).toBe(3);
    expect(result.violations.map((v) => v.invariantId)).toEqual(['C-2', 'C-1']);
    expect(result.violations[1]?.trace.at(-1)?.state).toBe(5);
    expect(result.violation).toBe(result.violations[0]);
  });

  it('checks initial states: a violating one gives a trace of zero steps', () => {
    const result = explore({ ...evenOnly, initialStates: [3] });
    expect(result.status).toBe('violation');
    expect(result.violation?.trace).toEqual([{ action: null, actionName: null, state: 3 }]);
    expect(result.statesGenerated).toBe(1);
  });

  it('merges duplicate initial states and traces each root to its own initial state', () => {
    const result = explore({ ...evenOnly, initialStates: [0, 2, 0], invariants: [evenOnly.invariants[1]!] });
    expect(result.statesGenerated).toBeGreaterThanOrEqual(3);
    expect(result.violation?.trace.map((t) => t.state)).toEqual([2, 3]);
  });

  it('calls onProgress every progressEvery distinct states with growing figures', () => {
    const seen: ExploreProgress[] = [];
    explore(infiniteTree(), { maxStates: 100, progressEvery: 10, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => p.distinctStates)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    for (const [i, p] of seen.entries()) {
      expect(p.statesGenerated).toBeGreaterThanOrEqual(p.distinctStates);
      expect(p.queueSize).toBeGreaterThan(0);
      expect(p.elapsedMs).toBeGreaterThanOrEqual(0);
      if (i > 0) expect(p.depth).toBeGreaterThanOrEqual(seen[i - 1]!.depth);
    }
  });

  it('reports statistics consistent with each other', () => {
    const result = explore(infiniteTree(), { maxStates: 70_000 });
    // More states than one 65 536-entry chunk, so the chunked columns and the table grew.
    expect(result.distinctStates).toBe(70_000);
    expect(result.statesGenerated).toBe(
      1 + Object.values(result.actionCounts).reduce((a, b) => a + b, 0),
    );
    expect(Object.values(result.distinctByAction).reduce((a, b) => a + b, 0)).toBe(result.distinctStates - 1);
    // Two int32 link columns of two 65 536-entry chunks (1 MiB) plus the fingerprint table, grown by
    // 1.5 from 2 048 slots until 70 000 fit at load 3/4: 118 098 slots of 8 bytes.
    let slots = 2048;
    while (70_000 > slots * 0.75) slots = Math.ceil((slots * 3) / 4) * 2;
    expect(slots).toBe(118_098);
    expect(result.explorerBytes).toBe(2 ** 20 + slots * 8);
    expect(result.fingerprintBytesPerState).toBeCloseTo((slots * 8) / 70_000, 6);
    expect(result.fingerprintBytesPerState).toBeLessThanOrEqual(16);
    expect(result.parentLinkBytesPerState).toBeCloseTo(2 ** 20 / 70_000, 6);
    expect(result.bytesPerState).toBeCloseTo(result.explorerBytes / result.distinctStates, 6);
    expect(result.bytesPerState).toBeLessThan(100);
    expect(result.collisionProbability).toBeCloseTo((70_000 * 69_999) / 2 / 2 ** 64, 20);
    expect(result.statesPerSecond).toBeGreaterThan(0);
  });

  it('is deterministic on an infinite system cut by maxStates', () => {
    expect(withoutTiming(explore(infiniteTree(), { maxStates: 500 }))).toEqual(
      withoutTiming(explore(infiniteTree(), { maxStates: 500 })),
    );
  });

  it('an empty system is complete with zero states', () => {
    const result = explore({ ...infiniteTree(), initialStates: [] });
    expect(result.status).toBe('ok');
    expect(result.distinctStates).toBe(0);
    expect(result.bytesPerState).toBe(0);
    expect(result.collisionProbability).toBe(0);
  });
});

describe('trace replay detects a non-deterministic system (programmer error)', () => {
  it('throws when replay reaches a different state', () => {
    let calls = 0;
    const flaky: TransitionSystem<number, number> = {
      initialStates: [0],
      // The list of actions changes between the search and the replay.
      actions: () => (calls++ < 3 ? [1, 2] : [2, 1]),
      step: (s, a) => s * 10 + a,
      actionName: (a) => `add${a}`,
      encode: (s) => String(s),
      invariants: [{ id: 'F-1', name: 'NoTwelve', check: (s) => (s === 12 ? 'twelve' : null) }],
    };
    expect(() => explore(flaky)).toThrow(/diverged/);
  });

  it('throws when the recorded action is no longer offered or accepted', () => {
    let calls = 0;
    const shrinking: TransitionSystem<number, number> = {
      initialStates: [0],
      actions: () => (calls++ < 3 ? [1, 2] : []),
      step: (s, a) => s * 10 + a,
      actionName: (a) => `add${a}`,
      encode: (s) => String(s),
      invariants: [{ id: 'F-1', name: 'NoTwelve', check: (s) => (s === 12 ? 'twelve' : null) }],
    };
    expect(() => explore(shrinking)).toThrow(/no accepted action/);
    // The step function starts refusing everything once the violation has been found.
    let accept = true;
    const refusing: TransitionSystem<number, number> = {
      ...shrinking,
      actions: () => [1, 2],
      step: (s, a) => (accept ? s * 10 + a : null),
      invariants: [{ id: 'F-1', name: 'NoTwelve', check: (s) => (s === 12 ? ((accept = false), 'twelve') : null) }],
    };
    expect(() => explore(refusing)).toThrow(/no accepted action/);
  });
});
