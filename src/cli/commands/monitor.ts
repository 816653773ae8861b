/**
 * `vm-handover monitor`: checks a live system's events, one JSON event per line on standard
 * input (or a file), against the reference model: each line is validated, stepped and checked.
 * @internal
 */
import { createReadStream, openSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatInputError } from '../../input/errors.ts';
import { parseEvent } from '../../input/event.ts';
import { atLine, parseJsonText, readFailure } from '../../input/jsonFile.ts';
import { formatEvent } from '../../model/events.ts';
import { initialState } from '../../model/init.ts';
import { REJECTION_CODES } from '../../model/rejection.ts';
import type { Step } from '../../model/step.ts';
import { step as referenceStep } from '../../model/step.ts';
import type { Violation } from '../../../properties/invariants.ts';
import type { MonitorStates } from '../../checker/properties.ts';
import { brokenInvariants, checkInitial, checkStep, STEP_PROPERTIES } from '../../checker/properties.ts';
import { UsageError } from '../args.ts';
import type { Io } from '../io.ts';
import { resolveScenario } from '../scenarioArg.ts';

/** Flags of `monitor`. @internal */
export interface MonitorFlags {
  readonly scenario?: string;
  readonly scenarioFile?: string;
  readonly events?: string;
  readonly json?: boolean;
  /** False with --no-strict (or --lenient): a rejected event is reported and the run goes on. */
  readonly strict?: boolean;
}

/**
 * The lines of an events file. Opened before the first line is read, so that a missing or
 * unreadable file is a usage error (exit 2) rather than a stream error; a FIFO or a file still
 * being written (`--events <(tail -f log)`) is read as it grows.
 */
function fileLines(file: string): { readonly lines: AsyncIterable<string>; readonly close: () => void } {
  let fd: number;
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    fd = openSync(file, 'r');
  } catch (e) {
    throw new UsageError(formatInputError(readFailure(file, e)));
  }
  const input = createReadStream(file, { fd });
  // A strict run that stops early must not wait for a writer that never closes the pipe.
  return { lines: createInterface({ input, crlfDelay: Infinity }), close: () => input.destroy() };
}

/**
 * Each accepted event is checked as `check` checks a step ({@link STEP_PROPERTIES}: every
 * invariant, REF-1, the oracle, through the checker's own `checkStep`). Exit 1 if a property
 * broke, 2 if a line was malformed (it is reported and skipped: the state stays as it was),
 * else 0. Strict (the default, for CI): the first rejected event fails the run, exit 1, naming
 * the line and the rejection code, and reading stops there, since the model's state no longer
 * follows the system's. With --no-strict a rejected event is reported and the run goes on: a
 * live system may send events the model refuses, and that is worth seeing.
 * @param step - the reducer the events are checked against: the reference one; tests give a mutant.
 * @internal
 */
export async function monitorCommand(flags: MonitorFlags, io: Io, step: Step = referenceStep): Promise<number> {
  const scenario = resolveScenario(flags);
  const source = flags.events ?? '<stdin>';
  const file = flags.events !== undefined ? fileLines(flags.events) : null;
  const lines = file?.lines ?? io.lines?.() ?? createInterface({ input: process.stdin, crlfDelay: Infinity });
  let state = initialState(scenario);
  const start = checkInitial(STEP_PROPERTIES, state);
  let monitors: MonitorStates = start.monitors;
  const strict = flags.strict !== false;
  let n = 0;
  let accepted = 0;
  let rejected = 0;
  let malformed = 0;
  let broken = 0;
  const say = (o: object, text: string) => io.out(flags.json ? `${JSON.stringify(o)}\n` : `${text}\n`);
  const phase = () => state.handover?.phase ?? 'idle';
  const report = (where: string, event: string, v: Violation, o: object) =>
    say({ ...o, kind: 'violation', violation: v }, `VIOLATION ${where} ${event}: ${v.id} ${v.name}: ${v.explanation}`);
  let failedStrict: string | null = null;
  if (start.violation !== null) {
    broken++;
    report(`${source}:0`, 'in the initial state', start.violation, { line: 0 });
  }
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const where = `${source}:${n}`;
    const json = parseJsonText(line, source);
    const parsed = json.ok ? parseEvent(json.value, source, scenario) : json;
    if (!parsed.ok) {
      malformed++;
      for (const e of parsed.error) {
        const text = formatInputError(atLine(e, source, n));
        say({ line: n, kind: 'malformed', error: text }, `MALFORMED ${text}`);
      }
      continue;
    }
    const r = step(state, parsed.value);
    if (!r.ok) {
      rejected++;
      say({ line: n, kind: 'rejected', event: parsed.value, rejection: r.rejection }, `REJECTED ${where} ${formatEvent(parsed.value)}: ${r.rejection.code} ${REJECTION_CODES[r.rejection.code]}; failed guard: ${r.rejection.guard}`);
      if (strict) {
        failedStrict = `${where}: ${formatEvent(parsed.value)} rejected with ${r.rejection.code}`;
        break;
      }
      continue;
    }
    accepted++;
    const before = state;
    state = r.state;
    const checked = checkStep(STEP_PROPERTIES, before, parsed.value, state, monitors);
    if (checked.violation !== null) {
      broken++;
      // The first violation as check reports it, then every other invariant broken in the same state.
      const all = [checked.violation, ...brokenInvariants(STEP_PROPERTIES.invariants, state).filter((x) => x.id !== checked.violation!.id)];
      for (const x of all) report(where, `after ${formatEvent(parsed.value)}`, x, { line: n, event: parsed.value });
    } else {
      monitors = checked.monitors;
      say({ line: n, kind: 'ok', event: parsed.value, phase: phase() }, `ok ${where} ${formatEvent(parsed.value)} -> ${phase()}`);
    }
  }
  say({ kind: 'summary', lines: n, accepted, rejected, malformed, violations: broken, phase: phase(), ...(failedStrict === null ? {} : { failed: failedStrict }) },
    `${n} lines: ${accepted} accepted, ${rejected} rejected, ${malformed} malformed, ${broken} with violations; phase ${phase()}`);
  if (failedStrict !== null) file?.close();
  if (failedStrict !== null && !flags.json) io.err(`vm-handover monitor: FAILED (strict) at ${failedStrict}; pass --no-strict to report rejected events and go on\n`);
  return broken > 0 || failedStrict !== null ? 1 : malformed > 0 ? 2 : 0;
}
