/**
 * `vm-handover replay TRACE`: re-applies an ITF trace step by step with the verdicts of every
 * property `check` verifies (invariants, the refinement REF-1, the ownership oracle).
 * @internal
 */
import { formatInputError } from '../../input/errors.ts';
import { formatEvent } from '../../model/events.ts';
import { step as referenceStep } from '../../model/step.ts';
import type { Mutant } from '../../mutants/catalog.ts';
import { findMutant, mutantStep } from '../../mutants/catalog.ts';
import { loadTraceFile } from '../../trace/file.ts';
import { formatStepTable } from '../../trace/table.ts';
import type { Trace } from '../../trace/trace.ts';
import { UsageError } from '../args.ts';
import { replayAll } from '../counterexample.ts';
import type { Io } from '../io.ts';
import { resolveMutant } from '../scenarioArg.ts';

/** Flags of `replay`. @internal */
export interface ReplayFlags {
  readonly mutant?: string;
  readonly reference?: boolean;
  readonly json?: boolean;
}

/**
 * Loads a trace file and picks the reducer to replay it with: the mutant `--mutant` names, the
 * reference one with `--reference`, else the one the trace's `#meta` names (the reference one
 * when it names none). `replay` and `view` share it.
 * @throws UsageError naming the file and what is wrong with it, or the conflicting flags.
 * @internal
 */
export function loadForReplay(file: string, flags: Pick<ReplayFlags, 'mutant' | 'reference'>): { readonly trace: Trace; readonly mutant: Mutant | undefined } {
  if (flags.mutant !== undefined && flags.reference === true) throw new UsageError('give either --mutant or --reference, not both');
  const chosen = resolveMutant(flags.mutant);
  const loaded = loadTraceFile(file);
  if (!loaded.ok) throw new UsageError(loaded.error.map(formatInputError).join('\n'));
  const trace = loaded.value;
  const named = flags.reference === true || chosen !== undefined ? undefined : trace.mutant;
  const recordedMutant = named === undefined ? undefined : findMutant(named);
  if (named !== undefined && recordedMutant === undefined)
    throw new UsageError(`${file}: $["#meta"].mutant: expected a known mutant (see vm-handover mutants); got "${named}"`);
  return { trace, mutant: chosen ?? recordedMutant };
}

/**
 * Replays with the reducer that made the trace (its `#meta` names the mutant, if any), unless
 * `--mutant` or `--reference` says otherwise. Exit 1 when a property breaks, an event is
 * refused or a state diverges from the recorded one.
 * @internal
 */
export async function replayCommand(file: string, flags: ReplayFlags, io: Io): Promise<number> {
  const { trace, mutant } = loadForReplay(file, flags);
  const full = replayAll(trace, mutant === undefined ? referenceStep : mutantStep(mutant));
  const { report } = full;
  // A reproduced DEADLOCK is no invariant's violation, but a failure all the same.
  const failed = full.firstViolation !== null || full.reproduced === true || report.firstRejection !== null || report.firstDivergence !== null;
  if (flags.json) {
    io.out(`${JSON.stringify({
      command: 'replay',
      file,
      scenario: trace.scenario.name,
      reducer: mutant?.name ?? 'reference',
      steps: trace.steps.length,
      status: failed ? 'violation' : 'ok',
      recorded: trace.violation ?? null,
      firstViolation: full.firstViolation,
      firstRejection: report.firstRejection,
      firstDivergence: report.firstDivergence,
      reproduced: full.reproduced,
      rows: full.rows.map((r) => ({
        index: r.index,
        event: r.event,
        rejection: r.rejection,
        changes: r.changes.length,
        violations: r.violations,
      })),
    }, null, 2)}\n`);
    return failed ? 1 : 0;
  }
  io.out(`replaying ${file}: scenario ${trace.scenario.name}, ${trace.steps.length} events, reducer ${mutant === undefined ? 'reference' : `${mutant.id} ${mutant.name}`}\n\n`);
  io.out(`${formatStepTable(full.rows)}\n\n`);
  if (full.firstViolation !== null) {
    const { index, violation: v } = full.firstViolation;
    const ev = full.rows[index]?.event;
    io.out(`VIOLATION at step ${index}${ev ? ` (${formatEvent(ev)})` : ''}: ${v.id} ${v.name}: ${v.explanation}\n`);
  }
  if (trace.violation !== undefined) {
    const id = trace.violation.id;
    io.out(full.reproduced === null
      ? `the recorded ${id} is a property of the whole state space: run vm-handover explore to re-check it\n`
      : full.reproduced ? `the recorded violation ${id} is reproduced\n` : `the recorded violation ${id} is NOT reproduced\n`);
  }
  if (report.firstRejection !== null) io.out(`REJECTED at step ${report.firstRejection.index}: ${report.firstRejection.rejection.code} ${report.firstRejection.rejection.step} (${report.firstRejection.rejection.guard})\n`);
  if (report.firstDivergence !== null) io.out(`DIVERGES at step ${report.firstDivergence.index}: ${report.firstDivergence.divergence.path}: recorded ${report.firstDivergence.divergence.recorded}, replayed ${report.firstDivergence.divergence.replayed}\n`);
  if (!failed) io.out('every property holds on every step\n');
  return failed ? 1 : 0;
}
