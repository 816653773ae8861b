/**
 * `vm-handover explore`: every reachable state of a scenario, like TLC.
 * @internal
 */
import os from 'node:os';
import { explore, formatExploreReport } from '../../explorer/index.ts';
import type { ExploreOptions, ExploreResult } from '../../explorer/index.ts';
import { handoverRef, handoverSystemFromData } from '../../explorer/handoverRef.ts';
import { exploreParallel } from '../../explorer/parallel.ts';
import type { Transition } from '../../model/enabled.ts';
import type { ServerState } from '../../model/state.ts';
import { step as referenceStep } from '../../model/step.ts';
import { mutantStep } from '../../mutants/catalog.ts';
import type { SavedCounterexample } from '../counterexample.ts';
import { checkOutDir, explorerCounterexample, saveCounterexample, savedLines } from '../counterexample.ts';
import type { Io } from '../io.ts';
import { count, progressReporter } from '../io.ts';
import { resolveMutant, resolveScenario } from '../scenarioArg.ts';

/** Flags of `explore`. @internal */
export interface ExploreFlags {
  readonly scenario?: string;
  readonly scenarioFile?: string;
  readonly mutant?: string;
  readonly maxStates?: number;
  readonly maxDepth?: number;
  readonly timeBudget?: number;
  readonly termination: boolean;
  readonly deadlock: boolean;
  readonly symmetry?: boolean;
  /** Worker threads; default all cores; 1 explores in this thread. */
  readonly workers?: number;
  readonly out: string;
  readonly json?: boolean;
}

/**
 * The explorer's report without its own rendering of the counterexample (one line of state per
 * step): the command prints the step table instead, which names each event's parameters and
 * what it changed.
 */
function reportWithoutTrace(report: string): string {
  const at = report.indexOf('\nCounterexample, ');
  return at === -1 ? report : report.slice(0, at);
}

/** Runs `explore`; returns the exit code. @internal */
export async function exploreCommand(flags: ExploreFlags, io: Io): Promise<number> {
  const scenario = resolveScenario(flags);
  const mutant = resolveMutant(flags.mutant);
  checkOutDir(flags.out);
  const step = mutant === undefined ? referenceStep : mutantStep(mutant);
  if (!flags.json) io.err(`vm-handover explore: scenario ${scenario.name}${mutant ? `, mutant ${mutant.id} ${mutant.name}` : ''}\n`);
  const bar = progressReporter(io, 'exploring', flags.maxStates ?? null);
  const workers = flags.workers ?? os.availableParallelism();
  const data = { ...(mutant === undefined ? {} : { mutant: mutant.id }), symmetry: flags.symmetry === true };
  const options: ExploreOptions = {
    checkTermination: flags.termination,
    checkDeadlock: flags.deadlock,
    progressEvery: 20_000,
    ...(flags.maxStates === undefined ? {} : { maxStates: flags.maxStates }),
    ...(flags.maxDepth === undefined ? {} : { maxDepth: flags.maxDepth }),
    ...(flags.timeBudget === undefined ? {} : { timeBudgetMs: flags.timeBudget }),
    onProgress: (p) => bar.update(p.distinctStates, `${count(p.distinctStates)} distinct, ${count(p.statesGenerated)} generated, depth ${p.depth}, queue ${count(p.queueSize)}`),
  };
  // The same system either way: built here, or by each worker from the same plain data.
  const r =
    workers === 1
      ? explore(handoverSystemFromData(scenario, data), options)
      : ((await exploreParallel(handoverRef(scenario, data), { ...options, workers })) as ExploreResult<ServerState, Transition>);
  bar.end();
  const saved: SavedCounterexample | null = r.violation === undefined ? null : await saveCounterexample({
    outDir: flags.out,
    name: `counterexample-${scenario.name}-${mutant?.name ?? 'reference'}-explore`,
    scenario,
    ...explorerCounterexample(r.violation),
    step,
    ...(mutant === undefined ? {} : { mutant: mutant.name }),
  });
  const failed = r.status === 'violation' || r.status === 'deadlock' || r.status === 'nontermination';
  if (flags.json) {
    io.out(`${JSON.stringify({
      command: 'explore',
      scenario: scenario.name,
      mutant: mutant?.id ?? null,
      status: r.status,
      complete: r.complete,
      stoppedBy: r.stoppedBy ?? null,
      distinctStates: r.distinctStates,
      statesGenerated: r.statesGenerated,
      depth: r.maxDepth,
      actionCounts: r.actionCounts,
      elapsedMs: Math.round(r.elapsedMs),
      statesPerSecond: Math.round(r.statesPerSecond),
      bytesPerState: r.bytesPerState,
      collisionProbability: r.collisionProbability,
      violation: r.violation === undefined || saved === null ? null : {
        kind: r.violation.kind,
        id: saved.trace.violation?.id ?? null,
        explanation: r.violation.explanation,
        events: saved.trace.steps.map((s) => s.event),
        file: saved.file,
        saveError: saved.saveError,
      },
    }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  io.out(`${reportWithoutTrace(formatExploreReport(r))}\n`);
  if (saved !== null) {
    io.out(`\nShortest counterexample (${saved.trace.steps.length} events):\n${saved.table}\n\n`);
    io.out(`${savedLines(saved).join('\n')}\n`);
  }
  if (r.status === 'incomplete') io.out('\nThe search stopped at a bound before exhausting the state space: no violation in the part explored, which is not a proof.\n');
  return failed ? 1 : 0;
}
