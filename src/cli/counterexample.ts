/**
 * Counterexamples on disk and on screen: one trace format (ITF), one table (src/trace).
 * @internal
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { TraceStep as ExplorerStep, Violation as ExplorerViolation } from '../explorer/index.ts';
import { checkInitial, checkStep, oracleMonitor } from '../checker/properties.ts';
import type { Properties } from '../checker/properties.ts';
import type { Transition } from '../model/enabled.ts';
import { enabledEvents } from '../model/enabled.ts';
import type { HandoverEvent } from '../model/events.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import { isActive } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import type { Violation } from '../../properties/invariants.ts';
import { refinesLifecycle } from '../../properties/refinement.ts';
import { saveTraceFile } from '../trace/file.ts';
import type { ReplayReport, ReplayRow } from '../trace/replay.ts';
import { replayTrace } from '../trace/replay.ts';
import { formatStepTable } from '../trace/table.ts';
import type { Trace } from '../trace/trace.ts';
import { makeTrace } from '../trace/trace.ts';
import { UsageError } from './args.ts';

/** What a command found, and where it saved it (or why it could not). @internal */
export interface SavedCounterexample {
  /** The ITF file written, relative to the working directory when under it; null when the write failed. */
  readonly file: string | null;
  /** Why the file could not be written; null when it was. */
  readonly saveError: string | null;
  readonly trace: Trace;
  readonly table: string;
}

/**
 * Checks up front that `--out` can hold the counterexamples: an existing directory, or a path
 * whose nearest existing ancestor is a writable directory. A run can take minutes; a bad `--out`
 * must fail before it, not after the violation was found.
 * @throws UsageError naming the flag, the path and what is wrong.
 * @internal
 */
export function checkOutDir(dir: string): void {
  const target = resolve(dir);
  let p = target;
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(p).isDirectory();
    } catch (e) {
      const parent = dirname(p);
      // "Does not exist yet" is fine, mkdir will create it; ENOTDIR means an ancestor is a file,
      // which the walk up reaches and reports by name.
      const code = (e as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && parent !== p) {
        p = parent;
        continue;
      }
      throw new UsageError(`--out: cannot use "${dir}": ${(e as Error).message}`);
    }
    if (!isDirectory)
      throw new UsageError(
        p === target ? `--out: expected a directory; got a file: "${dir}"` : `--out: cannot create "${dir}": "${p}" is a file, not a directory`,
      );
    try {
      accessSync(p, constants.W_OK);
    } catch {
      throw new UsageError(`--out: cannot write in "${p}" (permission denied)`);
    }
    return;
  }
}

/**
 * An explorer counterexample as the lists a trace is made of; deadlock and termination, which
 * are not invariants, are named `DEADLOCK` and `TERMINATION`.
 * @internal
 */
export function explorerCounterexample(v: ExplorerViolation<ServerState, Transition>): {
  readonly events: readonly HandoverEvent[];
  readonly states: readonly ServerState[];
  readonly violation: Violation;
} {
  const steps: readonly ExplorerStep<ServerState, Transition>[] = v.trace;
  return {
    // Every step but the first has an action: that is how the explorer builds traces.
    events: steps.slice(1).map((t) => t.action!.event),
    states: steps.map((t) => t.state),
    violation: v.kind === 'invariant'
      ? { id: v.invariantId, name: v.invariantName, explanation: v.explanation }
      : { id: v.kind === 'deadlock' ? 'DEADLOCK' : 'TERMINATION', name: v.kind === 'deadlock' ? 'Deadlock' : 'Termination', explanation: v.explanation },
  };
}

/**
 * Saves a counterexample as ITF (atomically) in `outDir` and renders its step table. A failed
 * write is reported in the result, not thrown: the violation found matters more than the file.
 * @internal
 */
export async function saveCounterexample(o: {
  readonly outDir: string;
  readonly name: string;
  readonly scenario: Scenario;
  readonly events: readonly HandoverEvent[];
  readonly states: readonly ServerState[];
  readonly violation: Violation;
  readonly step: Step;
  readonly seed?: number;
  readonly path?: string;
  readonly mutant?: string;
}): Promise<SavedCounterexample> {
  const trace = makeTrace(o.scenario, o.events, o.states, {
    ...(o.seed === undefined ? {} : { seed: String(o.seed) }),
    ...(o.path === undefined ? {} : { replayPath: o.path }),
    ...(o.mutant === undefined ? {} : { mutant: o.mutant }),
    violation: o.violation,
  });
  const table = formatStepTable(replayAll(trace, o.step).rows);
  const file = join(o.outDir, `${o.name}.itf.json`);
  try {
    mkdirSync(o.outDir, { recursive: true });
    await saveTraceFile(file, trace);
  } catch (e) {
    return { file: null, saveError: `${file}: ${(e as Error).message}`, trace, table };
  }
  const rel = relative(process.cwd(), file);
  return { file: rel === '' || rel.startsWith('..') ? file : rel, saveError: null, trace, table };
}

/** A word safe to paste into a POSIX shell: as it is when it can be, else single-quoted. @internal */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The lines that tell where a counterexample went, how to replay it and how to look at it. @internal */
export function savedLines(saved: SavedCounterexample): string[] {
  return saved.file === null
    ? [`trace NOT saved: ${saved.saveError ?? 'unknown error'}`]
    : [`trace saved: ${saved.file}`, `replay: npx vm-handover replay ${shellWord(saved.file)}`, `view:   npx vm-handover view ${shellWord(saved.file)}`];
}

/**
 * The properties `check` verifies besides the invariants: the refinement mapping REF-1 on every
 * step and the independent ownership oracle. Replay checks them too, so that a counterexample to
 * either is reproduced like an invariant's.
 * @internal
 */
export const stepProperties: Properties = { invariants: [], actionProperties: [refinesLifecycle], monitors: [oracleMonitor] };

/** A replay with every property `check` verifies, not only the invariants. @internal */
export interface FullReplay {
  /** The replay of the invariants, divergences and rejections (src/trace). */
  readonly report: ReplayReport;
  /** The report's rows, with a step property's violation added to the row where it happens. */
  readonly rows: readonly ReplayRow[];
  /** The first violation of an invariant or a step property (an invariant first on the same row). */
  readonly firstViolation: { readonly index: number; readonly violation: Violation } | null;
  /**
   * Whether the violation the trace records happens again on its last step: null when it records
   * none, or when replay cannot tell (TERMINATION is a property of the state space, not of a trace).
   */
  readonly reproduced: boolean | null;
}

/**
 * Replays a trace checking invariants (src/trace's replay), then REF-1 and the oracle along the
 * accepted steps up to the first of them that fails, and whether the recorded violation recurs.
 * @internal
 */
export function replayAll(trace: Trace, step: Step): FullReplay {
  const report = replayTrace(trace, step);
  const rows = report.rows;
  let extra: { readonly index: number; readonly violation: Violation } | null = null;
  const start = checkInitial(stepProperties, rows[0]!.state);
  if (start.violation !== null) extra = { index: 0, violation: start.violation };
  let monitors = start.monitors;
  for (let i = 1; extra === null && i < rows.length; i++) {
    const row = rows[i]!;
    // A refused event leaves the state as it was: nothing happened for the properties to judge.
    if (row.rejection !== null || row.event === null) continue;
    const checked = checkStep(stepProperties, rows[i - 1]!.state, row.event, row.state, monitors);
    if (checked.violation !== null) extra = { index: i, violation: checked.violation };
    monitors = checked.monitors;
  }
  const shown = extra === null ? rows : rows.map((r) => (r.index === extra.index ? { ...r, violations: [...r.violations, extra.violation] } : r));
  const inv = report.firstViolation;
  const firstViolation = inv === null ? extra : extra === null || inv.index <= extra.index ? inv : extra;
  return { report, rows: shown, firstViolation, reproduced: reproducedOf(trace, report, extra, step) };
}

function reproducedOf(trace: Trace, report: ReplayReport, extra: FullReplay['firstViolation'], step: Step): boolean | null {
  const recorded = trace.violation;
  if (recorded === undefined) return null;
  const last = report.rows[report.rows.length - 1]!;
  if (recorded.id === 'TERMINATION') return null;
  if (recorded.id === 'DEADLOCK') return isActive(last.state.handover) && enabledEvents(last.state, step).length === 0;
  if (report.reproduced === true) return true;
  return extra !== null && extra.index === last.index && extra.violation.id === recorded.id;
}
