/**
 * `vm-handover explore`: every reachable state of a scenario, like TLC.
 * @internal
 */
import { explore, formatExploreReport } from '../../explorer/index.ts';
import { handoverSystem } from '../../explorer/handover.ts';
import { formatEvent } from '../../model/events.ts';
import { step as referenceStep } from '../../model/step.ts';
import { mutantStep } from '../../mutants/catalog.ts';
import { saveCounterexample } from '../counterexample.ts';
import type { Io } from '../io.ts';
import { progressReporter } from '../io.ts';
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
  readonly out: string;
  readonly json?: boolean;
}

/** Runs `explore`; returns the exit code. @internal */
export async function exploreCommand(flags: ExploreFlags, io: Io): Promise<number> {
  const scenario = resolveScenario(flags);
  const mutant = resolveMutant(flags.mutant);
  const step = mutant === undefined ? referenceStep : mutantStep(mutant);
  const bar = progressReporter(io, 'exploring', flags.maxStates ?? null);
  const r = explore(handoverSystem(scenario, { step }), {
    checkTermination: flags.termination,
    checkDeadlock: flags.deadlock,
    progressEvery: 20_000,
    ...(flags.maxStates === undefined ? {} : { maxStates: flags.maxStates }),
    ...(flags.maxDepth === undefined ? {} : { maxDepth: flags.maxDepth }),
    ...(flags.timeBudget === undefined ? {} : { timeBudgetMs: flags.timeBudget }),
    onProgress: (p) => bar.update(p.distinctStates, `${p.distinctStates} distinct, ${p.statesGenerated} generated, depth ${p.depth}, queue ${p.queueSize}`),
  });
  bar.end();
  let file: string | null = null;
  let table = '';
  if (r.violation !== undefined) {
    const v = r.violation;
    const saved = await saveCounterexample({
      outDir: flags.out,
      name: `counterexample-${scenario.name}-${mutant?.name ?? 'reference'}-explore`,
      scenario,
      events: v.trace.slice(1).map((t) => t.action!.event),
      states: v.trace.map((t) => t.state),
      violation: v.kind === 'invariant'
        ? { id: v.invariantId, name: v.invariantName, explanation: v.explanation }
        : { id: v.kind === 'deadlock' ? 'DEADLOCK' : 'TERMINATION', name: v.kind, explanation: v.explanation },
      step,
      ...(mutant === undefined ? {} : { mutant: mutant.name }),
    });
    file = saved.file;
    table = saved.table;
  }
  const failed = r.status === 'violation' || r.status === 'deadlock' || r.status === 'nontermination';
  if (flags.json) {
    io.out(`${JSON.stringify({
      command: 'explore',
      scenario: scenario.name,
      mutant: mutant?.id ?? null,
      status: r.status,
      complete: r.complete,
      stoppedBy: 'stoppedBy' in r ? r.stoppedBy ?? null : null,
      distinctStates: r.distinctStates,
      statesGenerated: r.statesGenerated,
      depth: r.maxDepth,
      actionCounts: r.actionCounts,
      elapsedMs: Math.round(r.elapsedMs),
      statesPerSecond: Math.round(r.statesPerSecond),
      bytesPerState: r.bytesPerState,
      collisionProbability: r.collisionProbability,
      violation: r.violation === undefined ? null : {
        kind: r.violation.kind,
        explanation: r.violation.explanation,
        events: r.violation.trace.slice(1).map((t) => t.action!.event),
        file,
      },
    }, null, 2)}\n`);
  } else {
    io.out(`${formatExploreReport(r, { formatState: (s) => s.handover === null ? 'idle' : s.handover.phase })
      .replace(/^(\s*\d+\.\s*)\[object Object\]/gm, '$1')}\n`);
    if (r.violation !== undefined) {
      io.out(`\nShortest counterexample (${r.violation.trace.length - 1} events):\n${table}\n`);
      io.out(`trace saved: ${file}\nreplay: npx vm-handover replay ${file}\n`);
    }
    io.out(`events: ${r.violation?.trace.slice(1).map((t) => formatEvent(t.action!.event)).join(', ') ?? '(no counterexample)'}\n`);
  }
  return failed ? 1 : 0;
}
