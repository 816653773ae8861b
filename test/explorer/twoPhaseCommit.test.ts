import { describe, expect, it } from 'vitest';
import { explore } from '../../src/explorer/index.ts';
import {
  canonicaliseTwoPhase,
  encodeTwoPhase,
  tcConsistent,
  twoPhaseActions,
  twoPhaseCommit,
  twoPhaseInit,
  twoPhaseStep,
  twoPhaseTypeOK,
} from '../../models/classic/twoPhaseCommit.ts';
import type { TwoPhaseState } from '../../models/classic/twoPhaseCommit.ts';
import { frozen, replay, withoutTiming } from './helpers.ts';

/** Reachable states by a naive closure keyed by JSON, independent of the explorer and of `encodeTwoPhase`. */
function naiveReachable(rms: number): TwoPhaseState[] {
  const seen = new Map<string, TwoPhaseState>();
  const todo = [twoPhaseInit(rms)];
  seen.set(JSON.stringify(todo[0]), todo[0] as TwoPhaseState);
  while (todo.length > 0) {
    const s = todo.pop() as TwoPhaseState;
    for (const a of twoPhaseActions(rms)) {
      const t = twoPhaseStep(s, a);
      if (t !== null && !seen.has(JSON.stringify(t))) {
        seen.set(JSON.stringify(t), t);
        todo.push(t);
      }
    }
  }
  return [...seen.values()];
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  // Insert the new element n-1 at every position of every permutation of the others.
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]),
  );
}

/** Applies the RM renaming `perm` (old id r becomes perm[r]) to a state, keeping the sets sorted. */
function rename(s: TwoPhaseState, perm: readonly number[]): TwoPhaseState {
  const rmState = s.rmState.slice();
  s.rmState.forEach((v, r) => (rmState[perm[r] as number] = v));
  const prepared = s.msgs.flatMap((m) => (m.type === 'Prepared' ? [perm[m.rm] as number] : [])).sort((x, y) => x - y);
  return {
    rmState,
    tmState: s.tmState,
    tmPrepared: s.tmPrepared.map((r) => perm[r] as number).sort((x, y) => x - y),
    msgs: [
      ...prepared.map((rm) => ({ type: 'Prepared' as const, rm })),
      ...s.msgs.filter((m) => m.type !== 'Prepared'),
    ],
  };
}

/** Number of orbits of the reachable states under all RM permutations, by brute force. */
function orbitCount(rms: number): number {
  const perms = permutations(rms);
  const orbitIds = new Set<string>();
  for (const s of naiveReachable(rms)) {
    // The orbit's name: the least encoding over all its members.
    orbitIds.add(perms.map((p) => encodeTwoPhase(rename(s, p))).sort()[0] as string);
  }
  return orbitIds.size;
}

describe('TwoPhase.tla, RM = 3', () => {
  it('has exactly 288 distinct states (TLC figure), all safe, no deadlock, and always terminable', () => {
    const naive = naiveReachable(3);
    expect(naive).toHaveLength(288);
    const result = explore(frozen(twoPhaseCommit({ rms: 3 })), { checkTermination: true });
    expect(result.status).toBe('ok');
    expect(result.complete).toBe(true);
    expect(result.distinctStates).toBe(288);
    expect(result.statesGenerated).toBe(1146);
    expect(result.maxDepth).toBe(10);
    expect(result.violationCount).toBe(0);
    // TMCommit is enabled in one state only: all RMs prepared and known so by the TM, still "init".
    expect(result.actionCounts['TMCommit']).toBe(1);
    expect(result.distinctByAction['TMCommit']).toBe(1);
  });

  it('has 12, 56, 288, 1568 and 8832 distinct states for 1..5 RMs', () => {
    const counts = [1, 2, 3, 4, 5].map((rms) => explore(twoPhaseCommit({ rms })).distinctStates);
    expect(counts).toEqual([12, 56, 288, 1568, 8832]);
    expect(naiveReachable(4)).toHaveLength(1568);
  });

  it('symmetry over RM permutations gives the same verdict with 80 states, the number of orbits', () => {
    // 80 = number of orbits of the 288 states under the 3! = 6 RM permutations: the
    // representative of an orbit is the state whose RMs are sorted by (state, known
    // prepared by the TM, Prepared sent), so the reduced search visits one state per orbit.
    // It is more than 288 / 6 = 48 because symmetric states (e.g. all RMs working) are
    // fixed by some permutations and so have orbits smaller than 6.
    expect(orbitCount(3)).toBe(80);
    const plain = explore(twoPhaseCommit({ rms: 3 }), { checkTermination: true });
    const reduced = explore(frozen(twoPhaseCommit({ rms: 3, symmetry: true })), { checkTermination: true });
    expect(reduced.status).toBe(plain.status);
    expect(reduced.distinctStates).toBe(80);
    expect(reduced.distinctStates).toBeLessThan(plain.distinctStates);
    expect(reduced.maxDepth).toBe(plain.maxDepth);
    // Symmetry can be switched off without changing the system.
    expect(explore(twoPhaseCommit({ rms: 3, symmetry: true }), { symmetry: false }).distinctStates).toBe(288);
    expect(orbitCount(4)).toBe(explore(twoPhaseCommit({ rms: 4, symmetry: true })).distinctStates);
  });

  it('canonicaliseTwoPhase is idempotent and constant on each orbit', () => {
    const perms = permutations(3);
    for (const s of naiveReachable(3)) {
      const c = canonicaliseTwoPhase(s);
      expect(canonicaliseTwoPhase(c)).toEqual(c);
      expect(tcConsistent.check(c) === null).toBe(tcConsistent.check(s) === null);
      for (const p of perms) expect(encodeTwoPhase(canonicaliseTwoPhase(rename(s, p)))).toBe(encodeTwoPhase(c));
    }
  });

  it('is deterministic: two runs give the same result apart from timing', () => {
    const a = explore(twoPhaseCommit({ rms: 3 }), { checkTermination: true });
    const b = explore(twoPhaseCommit({ rms: 3 }), { checkTermination: true });
    expect(withoutTiming(b)).toEqual(withoutTiming(a));
    const c = explore(twoPhaseCommit({ rms: 3, variant: 'commitOnFirstPrepared' }));
    const d = explore(twoPhaseCommit({ rms: 3, variant: 'commitOnFirstPrepared' }));
    expect(withoutTiming(d)).toEqual(withoutTiming(c));
  });
});

describe('TwoPhase with a TM that commits on the first Prepared (deliberately broken)', () => {
  it('TP-2 TCConsistent is violated by a shortest trace of 5 steps that replays', () => {
    const system = twoPhaseCommit({ rms: 3, variant: 'commitOnFirstPrepared' });
    const result = explore(system);
    expect(result.status).toBe('violation');
    const v = result.violation;
    expect(v?.invariantId).toBe('TP-2');
    expect(v?.invariantName).toBe('TCConsistent');
    const trace = v?.trace ?? [];
    // RMPrepare, TMRcvPrepared, TMCommit, RMRcvCommitMsg and another RM's RMChooseToAbort:
    // no shorter trace exists since a commit needs the first three in order.
    expect(trace.length - 1).toBe(5);
    expect(trace.slice(1, 4).map((t) => t.actionName)).toEqual(['RMPrepare', 'TMRcvPrepared', 'TMCommit']);
    expect(new Set(trace.slice(4).map((t) => t.actionName))).toEqual(new Set(['RMRcvCommitMsg', 'RMChooseToAbort']));
    expect(v?.explanation).toMatch(/^rm\d committed while rm\d aborted$/);
    expect(replay(system, trace)).toEqual(trace.map((t) => t.state));
  });

  it('symmetry reduction finds the same violation, with a concrete trace of the same length', () => {
    const system = twoPhaseCommit({ rms: 3, variant: 'commitOnFirstPrepared', symmetry: true });
    const result = explore(system);
    expect(result.status).toBe('violation');
    expect(result.violation?.invariantId).toBe('TP-2');
    expect((result.violation?.trace.length ?? 0) - 1).toBe(5);
    expect(replay(system, result.violation?.trace ?? [])).toEqual(result.violation?.trace.map((t) => t.state));
  });

  it('is found on every one of 1..4 RMs but not with a single RM, where committing on one Prepared is correct', () => {
    expect(explore(twoPhaseCommit({ rms: 1, variant: 'commitOnFirstPrepared' })).status).toBe('ok');
    for (const rms of [2, 3, 4]) {
      expect(explore(twoPhaseCommit({ rms, variant: 'commitOnFirstPrepared' })).status).toBe('violation');
    }
  });
});

describe('TwoPhase model details', () => {
  it('TP-1 TPTypeOK names the broken clause', () => {
    const typeOK = twoPhaseTypeOK(2);
    const ok = twoPhaseInit(2);
    expect(typeOK.check(ok)).toBeNull();
    expect(typeOK.check({ ...ok, rmState: ['working'] })).toMatch(/^rmState/);
    expect(typeOK.check({ ...ok, rmState: ['working', 'sleeping' as 'working'] })).toMatch(/^rmState/);
    expect(typeOK.check({ ...ok, tmState: 'done' as 'init' })).toMatch(/^tmState/);
    expect(typeOK.check({ ...ok, tmPrepared: [2] })).toMatch(/^tmPrepared/);
    expect(typeOK.check({ ...ok, tmPrepared: [1, 0] })).toMatch(/^tmPrepared/);
    expect(typeOK.check({ ...ok, msgs: [{ type: 'Prepared', rm: 5 }] })).toMatch(/^msgs/);
    expect(typeOK.check({ ...ok, msgs: [{ type: 'Abort' }, { type: 'Commit' }] })).toMatch(/^msgs/);
    expect(typeOK.check({ ...ok, msgs: [{ type: 'Abort' }, { type: 'Prepared', rm: 0 }] })).toMatch(/^msgs/);
    const allMessages = [
      { type: 'Prepared', rm: 0 },
      { type: 'Prepared', rm: 1 },
      { type: 'Commit' },
      { type: 'Abort' },
    ] as const;
    expect(typeOK.check({ ...ok, msgs: allMessages })).toBeNull();
  });

  it('keeps message and prepared sets in canonical order whatever the arrival order', () => {
    let s = twoPhaseInit(2);
    const go = (a: Parameters<typeof twoPhaseStep>[1]): void => {
      const t = twoPhaseStep(s, a);
      if (t === null) throw new Error(`${a.type} rejected`);
      s = t;
    };
    go({ type: 'RMPrepare', rm: 1 });
    go({ type: 'RMPrepare', rm: 0 });
    go({ type: 'TMRcvPrepared', rm: 1 });
    go({ type: 'TMRcvPrepared', rm: 0 });
    expect(twoPhaseStep(s, { type: 'TMRcvPrepared', rm: 0 })).toBe(s);
    go({ type: 'TMCommit' });
    expect(s.tmPrepared).toEqual([0, 1]);
    expect(s.msgs).toEqual([{ type: 'Prepared', rm: 0 }, { type: 'Prepared', rm: 1 }, { type: 'Commit' }]);
    expect(twoPhaseTypeOK(2).check(s)).toBeNull();
    go({ type: 'RMRcvCommitMsg', rm: 0 });
    expect(twoPhaseStep(s, { type: 'RMRcvCommitMsg', rm: 0 })).toBe(s);
    expect(twoPhaseStep(s, { type: 'RMRcvAbortMsg', rm: 0 })).toBeNull();
    expect(twoPhaseStep(s, { type: 'TMAbort' })).toBeNull();
    expect(twoPhaseStep(twoPhaseInit(2), { type: 'TMCommit' })).toBeNull();
    let a = twoPhaseStep(twoPhaseInit(2), { type: 'TMAbort' }) as TwoPhaseState;
    a = twoPhaseStep(a, { type: 'RMRcvAbortMsg', rm: 1 }) as TwoPhaseState;
    expect(twoPhaseStep(a, { type: 'RMRcvAbortMsg', rm: 1 })).toBe(a);
    expect(encodeTwoPhase(a)).toBe('waa||A,');
  });

  it('rejects a non-positive number of RMs as a programmer error', () => {
    expect(() => twoPhaseCommit({ rms: 0 })).toThrow(RangeError);
    expect(() => twoPhaseCommit({ rms: 1.5 })).toThrow(RangeError);
  });
});
