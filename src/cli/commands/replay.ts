/**
 * `vm-handover replay TRACE`: re-applies an ITF trace step by step with invariant verdicts.
 * @internal
 */
import { formatInputError } from '../../input/errors.ts';
import { formatEvent } from '../../model/events.ts';
import { step as referenceStep } from '../../model/step.ts';
import { findMutant, mutantStep } from '../../mutants/catalog.ts';
import { loadTraceFile } from '../../trace/file.ts';
import { replayTrace } from '../../trace/replay.ts';
import { formatStepTable } from '../../trace/table.ts';
import { UsageError } from '../args.ts';
import type { Io } from '../io.ts';
import { resolveMutant } from '../scenarioArg.ts';

/** Flags of `replay`. @internal */
export interface ReplayFlags {
  readonly mutant?: string;
  readonly reference?: boolean;
  readonly json?: boolean;
}

/**
 * Replays with the reducer that made the trace (its `#meta` names the mutant, if any), unless
 * `--mutant` or `--reference` says otherwise. Exit 1 when an invariant breaks, an event is
 * refused or a state diverges from the recorded one.
 * @internal
 */
export async function replayCommand(file: string, flags: ReplayFlags, io: Io): Promise<number> {
  const loaded = loadTraceFile(file);
  if (!loaded.ok) throw new UsageError(loaded.error.map(formatInputError).join('\n'));
  const trace = loaded.value;
  if (flags.mutant !== undefined && flags.reference) throw new UsageError('give either --mutant or --reference, not both');
  const named = flags.reference ? undefined : flags.mutant ?? trace.mutant;
  const mutant = named === undefined ? undefined : flags.mutant !== undefined ? resolveMutant(named) : findMutant(named);
  if (named !== undefined && mutant === undefined) throw new UsageError(`${file}: #meta.mutant names unknown mutant "${named}"`);
  const report = replayTrace(trace, mutant === undefined ? referenceStep : mutantStep(mutant));
  const failed = report.firstViolation !== null || report.firstRejection !== null || report.firstDivergence !== null;
  if (flags.json) {
    io.out(`${JSON.stringify({
      command: 'replay',
      file,
      scenario: trace.scenario.name,
      reducer: mutant?.name ?? 'reference',
      steps: trace.steps.length,
      status: failed ? 'violation' : 'ok',
      firstViolation: report.firstViolation,
      firstRejection: report.firstRejection,
      firstDivergence: report.firstDivergence,
      reproduced: report.reproduced,
      rows: report.rows.map((r) => ({
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
  io.out(`${formatStepTable(report.rows)}\n\n`);
  if (report.firstViolation !== null) {
    const { index, violation: v } = report.firstViolation;
    const ev = report.rows[index]?.event;
    io.out(`VIOLATION at step ${index}${ev ? ` (${formatEvent(ev)})` : ''}: ${v.id} ${v.name}: ${v.explanation}\n`);
  }
  if (report.reproduced !== null) io.out(report.reproduced ? 'the recorded violation is reproduced\n' : 'the recorded violation is NOT reproduced\n');
  if (report.firstRejection !== null) io.out(`REJECTED at step ${report.firstRejection.index}: ${report.firstRejection.rejection.code} ${report.firstRejection.rejection.step} (${report.firstRejection.rejection.guard})\n`);
  if (report.firstDivergence !== null) io.out(`DIVERGES at step ${report.firstDivergence.index}: ${report.firstDivergence.divergence.path}: recorded ${report.firstDivergence.divergence.recorded}, replayed ${report.firstDivergence.divergence.replayed}\n`);
  if (!failed) io.out('every invariant holds on every step\n');
  return failed ? 1 : 0;
}
