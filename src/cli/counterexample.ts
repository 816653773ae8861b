/**
 * Counterexamples on disk and on screen: one trace format (ITF), one table (src/trace).
 * @internal
 */
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { HandoverEvent } from '../model/events.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import type { Step } from '../model/step.ts';
import type { Violation } from '../../properties/invariants.ts';
import { saveTraceFile } from '../trace/file.ts';
import { replayTrace } from '../trace/replay.ts';
import { formatStepTable } from '../trace/table.ts';
import type { Trace } from '../trace/trace.ts';
import { makeTrace } from '../trace/trace.ts';

/** What a command found and saved. @internal */
export interface SavedCounterexample {
  readonly file: string;
  readonly trace: Trace;
  readonly table: string;
}

/**
 * Saves a counterexample as ITF (atomically) in `outDir` and renders its step table.
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
  mkdirSync(o.outDir, { recursive: true });
  const file = join(o.outDir, `${o.name}.itf.json`);
  await saveTraceFile(file, trace);
  const table = formatStepTable(replayTrace(trace, o.step).rows);
  const rel = relative(process.cwd(), file);
  return { file: rel === '' || rel.startsWith('..') ? file : rel, trace, table };
}
