/**
 * `vm-handover explore`: every reachable state of a scenario, like TLC.
 * @internal
 */
import { getHeapStatistics } from 'node:v8';
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
import { UsageError } from '../args.ts';
import type { Io } from '../io.ts';
import { count, INTERRUPT_EXIT, progressReporter } from '../io.ts';
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
  /** Bytes: stop (incomplete) rather than hold more; default {@link defaultMaxMemory}. */
  readonly maxMemory?: number;
  /** Worker threads; default all cores; 1 explores in this thread. */
  readonly workers?: number;
  readonly out: string;
  readonly json?: boolean;
  /** False with --no-timings: the JSON leaves its `timings` out, so a run prints the same bytes. */
  readonly timings?: boolean;
}

/** The share of the old generation the search may fill by default: the rest is the margin for the states found between two heap samples. */
const DEFAULT_HEAP_SHARE = 0.75;
/**
 * What V8's `heap_size_limit` counts besides the old generation, where a search's states live
 * and where the heap runs out: the young generation (three 16 MiB semi-spaces on 64-bit) and
 * some slack. Measured: `--max-old-space-size=96` gives a limit of 148 MiB.
 */
const YOUNG_GENERATION = 64 * 2 ** 20;

/**
 * The most memory a search may be given: the old generation's share of V8's heap limit.
 * @internal
 */
export function heapBudget(): number {
  const limit = getHeapStatistics().heap_size_limit;
  return Math.max(2 ** 20, limit - YOUNG_GENERATION);
}

/**
 * The memory bound when `--max-memory` is not given: three quarters of {@link heapBudget}, so
 * that a search too big for the machine stops with its partial result instead of dying of heap
 * exhaustion. The explorer samples the heap every 10,000 new states.
 * @internal
 */
export function defaultMaxMemory(): number {
  return Math.floor(heapBudget() * DEFAULT_HEAP_SHARE);
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

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
  const budget = heapBudget();
  if (flags.maxMemory !== undefined && flags.maxMemory > budget)
    throw new UsageError(`--max-memory: ${mib(flags.maxMemory)} is more than this process's heap can hold (${mib(budget)}); raise that with NODE_OPTIONS=--max-old-space-size=<MiB>`);
  const maxMemory = flags.maxMemory ?? defaultMaxMemory();
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
    maxHeapBytes: maxMemory,
    shouldStop: () => (io.interrupted?.() ?? null) !== null,
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
  // A signal makes a partial result `interrupted`; a violation found before it still wins.
  const signal = r.stoppedBy === 'interrupted' && !failed ? (io.interrupted?.() ?? 'SIGINT') : null;
  const code = failed ? 1 : signal !== null ? INTERRUPT_EXIT[signal] : 0;
  if (flags.json) {
    io.out(`${JSON.stringify({
      command: 'explore',
      scenario: scenario.name,
      mutant: mutant?.id ?? null,
      status: signal === null ? r.status : 'interrupted',
      interrupted: signal,
      complete: r.complete,
      stoppedBy: r.stoppedBy ?? null,
      distinctStates: r.distinctStates,
      statesGenerated: r.statesGenerated,
      depth: r.maxDepth,
      actionCounts: r.actionCounts,
      maxMemoryBytes: maxMemory,
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
      // The only fields that change from run to run; --no-timings drops them.
      ...(flags.timings === false ? {} : { timings: { elapsedMs: Math.round(r.elapsedMs), statesPerSecond: Math.round(r.statesPerSecond) } }),
    }, null, 2)}\n`);
    return code;
  }
  io.out(`${reportWithoutTrace(formatExploreReport(r))}\n`);
  if (saved !== null) {
    io.out(`\nShortest counterexample (${saved.trace.steps.length} events):\n${saved.table}\n\n`);
    io.out(`${savedLines(saved).join('\n')}\n`);
  }
  if (r.stoppedBy === 'memory')
    io.out(`\nThe search stopped at the memory bound (${flags.maxMemory === undefined ? `${mib(maxMemory)}, 3/4 of what the heap can hold` : `--max-memory ${mib(maxMemory)}`}) with ${count(r.distinctStates)} distinct states; raise --max-memory (and the heap with NODE_OPTIONS=--max-old-space-size=<MiB>), or narrow the search with --symmetry, --max-depth or --no-termination.\n`);
  if (signal !== null) io.out(`\nInterrupted by ${signal}: the figures above are for the part explored, which is no proof.\n`);
  else if (r.status === 'incomplete') io.out('\nThe search stopped at a bound before exhausting the state space: no violation in the part explored, which is not a proof.\n');
  return code;
}
