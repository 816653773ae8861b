/**
 * `vm-handover view TRACE [-o FILE]`: a trace as one self-contained HTML page, to step through
 * in a browser (src/view).
 * @internal
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { step as referenceStep } from '../../model/step.ts';
import { mutantStep } from '../../mutants/catalog.ts';
import { writeFileAtomic } from '../../io/atomicWrite.ts';
import { traceHtml, violationStep } from '../../view/page.ts';
import { UsageError } from '../args.ts';
import { replayAll } from '../counterexample.ts';
import type { Io } from '../io.ts';
import { loadForReplay } from './replay.ts';

/** Flags of `view`. @internal */
export interface ViewFlags {
  readonly output?: string;
  readonly mutant?: string;
  readonly reference?: boolean;
  readonly json?: boolean;
}

/** The page's default name: the trace's, with `.html` for `.itf.json` (or `.json`), beside it. @internal */
export function defaultOutput(trace: string): string {
  return trace.replace(/(\.itf)?\.json$/i, '') + '.html';
}

/**
 * Checks `-o` before anything is written: its folder must exist, and it must not be a folder or
 * the trace itself (which the page would overwrite).
 * @throws UsageError naming the flag, the path and what is wrong.
 */
function checkOutput(output: string, trace: string): void {
  const dir = dirname(resolve(output));
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UsageError(`-o: cannot write "${output}": the folder "${dirname(output)}" does not exist`);
  let existing: ReturnType<typeof statSync> | undefined;
  try {
    existing = statSync(output);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory() === true) throw new UsageError(`-o: expected a file; got a folder: "${output}"`);
  if (existing !== undefined && realpathSync(output) === realpathSync(trace))
    throw new UsageError(`-o: "${output}" is the trace itself; give another file`);
}

/**
 * Writes the page; exits 0 once it is written, whatever the trace shows (the page tells), and 2
 * for a bad trace file or a bad `-o`, leaving every file as it was.
 * @internal
 */
export async function viewCommand(file: string, flags: ViewFlags, io: Io): Promise<number> {
  const { trace, mutant } = loadForReplay(file, flags);
  const output = flags.output ?? defaultOutput(file);
  checkOutput(output, file);
  const full = replayAll(trace, mutant === undefined ? referenceStep : mutantStep(mutant));
  const view = { title: basename(file), trace, reducer: mutant === undefined ? 'reference' : `${mutant.id} ${mutant.name}`, rows: full.rows, firstViolation: full.firstViolation, reproduced: full.reproduced };
  try {
    await writeFileAtomic(output, traceHtml(view));
  } catch (e) {
    throw new UsageError(`-o: cannot write "${output}": ${(e as Error).message}`);
  }
  const at = violationStep(view);
  const url = pathToFileURL(resolve(output)).href;
  if (flags.json) {
    io.out(`${JSON.stringify({
      command: 'view',
      file,
      output,
      url,
      steps: trace.steps.length,
      violation: at === null ? null : { step: at.index, id: at.violation.id, name: at.violation.name },
    }, null, 2)}\n`);
  } else {
    io.out(`wrote ${output}: ${trace.steps.length} events, ${at === null ? 'every property holds' : `${at.violation.id} ${at.violation.name} violated at step ${at.index}`}\n`);
    io.out(`open ${url}\n`);
  }
  return 0;
}
