/**
 * The parallel explorer gives the sequential explorer's result whatever the number of workers:
 * the same counts, verdict, first violation and shortest trace. Most cases run the workers inline
 * (the same code, one after the other in this thread, so coverage sees it and runs are fast);
 * a few run real worker threads, which build their system from a SystemRef through tsx.
 *
 * Budget: about 15 s on an idle 2-core machine (tiny on two threads is most of it).
 */
import { describe, expect, it } from 'vitest';
import { explore } from '../../src/explorer/index.ts';
import type { ExploreOptions, ExploreResult, TransitionSystem } from '../../src/explorer/index.ts';
import { exploreParallel } from '../../src/explorer/parallel.ts';
import type { SystemRef } from '../../src/explorer/systemRef.ts';
import { loadSystem } from '../../src/explorer/systemRef.ts';
import { handoverRef, handoverSystemFromData } from '../../src/explorer/handoverRef.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { mutants } from '../../src/mutants/catalog.ts';
import { synthetic } from './handoverScenarios.ts';
import { replay } from './helpers.ts';

/** The fields that depend on the clock, the heap or how full the tables got, removed to compare runs. */
function comparable<S, A>(r: ExploreResult<S, A>): Record<string, unknown> {
  const {
    elapsedMs: _e,
    statesPerSecond: _s,
    heapUsedBytes: _h,
    bytesPerState: _b,
    explorerBytes: _x,
    fingerprintBytesPerState: _f,
    parentLinkBytesPerState: _p,
    ...rest
  } = r;
  return rest;
}

const classic = (file: string, exportName: string, ...args: unknown[]): SystemRef => ({
  module: new URL(`../../models/classic/${file}`, import.meta.url).href,
  exportName,
  args,
});
const twoPhase4 = classic('twoPhaseCommit.ts', 'twoPhaseCommit', { rms: 4 });
const twoPhaseBroken = classic('twoPhaseCommit.ts', 'twoPhaseCommit', { rms: 4, variant: 'commitOnFirstPrepared' });

async function sequential<S, A>(ref: SystemRef, options: ExploreOptions): Promise<ExploreResult<S, A>> {
  return explore((await loadSystem(ref)) as TransitionSystem<S, A>, options);
}

describe('parallel explorer, inline workers: equal to the sequential search for 1, 2 and 3 workers', () => {
  const cases: readonly [string, SystemRef, ExploreOptions][] = [
    ['TwoPhase RM=4, complete', twoPhase4, {}],
    ['TwoPhase RM=4 with termination', twoPhase4, { checkTermination: true }],
    ['TwoPhase RM=4 cut by maxStates inside a level, with termination', twoPhase4, { maxStates: 777, checkTermination: true }],
    ['TwoPhase RM=4 cut by maxDepth', twoPhase4, { maxDepth: 5 }],
    ['broken TwoPhase RM=4, stopped by the first violation', twoPhaseBroken, {}],
    ['broken TwoPhase RM=4, every violation kind (continueOnViolation)', twoPhaseBroken, { continueOnViolation: true, checkTermination: true }],
    ['PaxosCommit RM=1, three acceptors', classic('paxosCommit.ts', 'paxosCommit', { rms: 1, acceptors: 3 }), {}],
    ['two interchangeable units with symmetry and termination', handoverRef(synthetic(2), { symmetry: true }), { checkTermination: true }],
  ];
  for (const [name, ref, options] of cases) {
    it(name, async () => {
      const expected = comparable(await sequential(ref, options));
      for (const workers of [1, 2, 3]) {
        const r = await exploreParallel(ref, { ...options, workers, transport: 'inline' });
        expect(comparable(r), `${workers} workers`).toEqual(expected);
      }
    });
  }

  it('every mutant on tiny: the same first violation and the same shortest trace as the sequential search (2 workers)', async () => {
    // A termination mutant needs the termination check, hence the whole space: test/explorer/handover.test.ts has it.
    for (const m of mutants.filter((x) => !x.caughtBy.includes('TERMINATION'))) {
      const expected = explore(handoverSystemFromData(tiny, { mutant: m.id }));
      const r = await exploreParallel(handoverRef(tiny, { mutant: m.id }), { workers: 2, transport: 'inline' });
      expect(r.status, m.id).not.toBe('ok');
      expect(comparable(r), m.id).toEqual(comparable(expected));
    }
  });

  it('a deadlock in the middle of a wide level: the first one met, with the sequential counts', async () => {
    const ref: SystemRef = { module: new URL('./parallelSystems.ts', import.meta.url).href, exportName: 'deadlockLattice', args: [] };
    const expected = await sequential(ref, { checkTermination: true });
    expect(expected.status).toBe('deadlock');
    expect(expected.violation?.trace.at(-1)?.state).toBe(406);
    for (const workers of [2, 3, 4]) {
      expect(comparable(await exploreParallel(ref, { workers, transport: 'inline', checkTermination: true })), `${workers} workers`).toEqual(comparable(expected));
    }
  });
});

describe('parallel explorer, worker threads', () => {
  it('tiny on two threads: 241,089 distinct, 864,076 generated, depth 47, ok with termination, as on one', async () => {
    const r = await exploreParallel(handoverRef(tiny), { workers: 2, checkTermination: true });
    expect(r).toMatchObject({ status: 'ok', complete: true, distinctStates: 241_089, statesGenerated: 864_076, maxDepth: 47 });
    expect(r.fingerprintBytesPerState).toBeLessThanOrEqual(16);
  });

  it('a mutant on two threads: the sequential first violation, with a trace that replays', async () => {
    const m = mutants.find((x) => x.id === 'M-04')!;
    const system = handoverSystemFromData(tiny, { mutant: m.id });
    const r = await exploreParallel(handoverRef(tiny, { mutant: m.id }), { workers: 2 });
    expect(comparable(r)).toEqual(comparable(explore(system)));
    const trace = r.violation!.trace as Parameters<typeof replay<unknown, unknown>>[1];
    expect(replay(system as TransitionSystem<unknown, unknown>, trace)).toEqual(trace.map((t) => t.state));
  });

  it('stops honestly at a time budget: incomplete, stopped by time', async () => {
    const r = await exploreParallel(handoverRef(tiny), { workers: 2, timeBudgetMs: 1 });
    expect(r).toMatchObject({ status: 'incomplete', complete: false, stoppedBy: 'time' });
  });

  it('reports a worker that cannot build its system as an error naming the export', async () => {
    const ref: SystemRef = { ...twoPhase4, exportName: 'noSuchFactory' };
    await expect(exploreParallel(ref, { workers: 2 })).rejects.toThrow(/no function export "noSuchFactory"/);
    await expect(exploreParallel(handoverRef(tiny, { mutant: 'M-99' }), { workers: 2 })).rejects.toThrow(/unknown mutant "M-99"/);
  });
});
