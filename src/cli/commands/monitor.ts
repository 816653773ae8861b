/**
 * `vm-handover monitor`: checks a live system's events, one JSON event per line on standard
 * input (or a file), against the reference model: each line is validated, stepped and checked.
 * @internal
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatInputError } from '../../input/errors.ts';
import { parseEvent } from '../../input/event.ts';
import { parseJsonText } from '../../input/jsonFile.ts';
import { formatEvent } from '../../model/events.ts';
import { initialState } from '../../model/init.ts';
import { step } from '../../model/step.ts';
import { violations } from '../../../properties/invariants.ts';
import type { Io } from '../io.ts';
import { resolveScenario } from '../scenarioArg.ts';

/** Flags of `monitor`. @internal */
export interface MonitorFlags {
  readonly scenario?: string;
  readonly scenarioFile?: string;
  readonly events?: string;
  readonly json?: boolean;
}

/**
 * Exit 1 if an invariant broke, 2 if a line was malformed (it is reported and skipped: the
 * state stays as it was), else 0. Rejected events are reported, not fatal: a live system may
 * send events the model refuses, and that is worth seeing.
 * @internal
 */
export async function monitorCommand(flags: MonitorFlags, io: Io): Promise<number> {
  const scenario = resolveScenario(flags);
  const source = flags.events ?? '<stdin>';
  const lines = flags.events !== undefined
    ? createInterface({ input: createReadStream(flags.events), crlfDelay: Infinity })
    : io.lines?.() ?? createInterface({ input: process.stdin, crlfDelay: Infinity });
  let state = initialState(scenario);
  let n = 0;
  let accepted = 0;
  let rejected = 0;
  let malformed = 0;
  let broken = 0;
  const say = (o: object, text: string) => io.out(flags.json ? `${JSON.stringify(o)}\n` : `${text}\n`);
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const where = `${source}:${n}`;
    const json = parseJsonText(line, where);
    const parsed = json.ok ? parseEvent(json.value, where, scenario) : json;
    if (!parsed.ok) {
      malformed++;
      for (const e of parsed.error) say({ line: n, kind: 'malformed', error: formatInputError(e) }, `MALFORMED ${formatInputError(e)}`);
      continue;
    }
    const r = step(state, parsed.value);
    if (!r.ok) {
      rejected++;
      say({ line: n, kind: 'rejected', event: parsed.value, rejection: r.rejection }, `REJECTED ${where} ${formatEvent(parsed.value)}: ${r.rejection.code} (${r.rejection.guard})`);
      continue;
    }
    accepted++;
    state = r.state;
    const v = violations(state);
    if (v.length > 0) {
      broken++;
      for (const x of v) say({ line: n, kind: 'violation', event: parsed.value, violation: x }, `VIOLATION ${where} after ${formatEvent(parsed.value)}: ${x.id} ${x.name}: ${x.explanation}`);
    } else if (!flags.json) io.out(`ok ${where} ${formatEvent(parsed.value)} -> ${state.handover?.phase ?? 'idle'}\n`);
  }
  say({ kind: 'summary', lines: n, accepted, rejected, malformed, violations: broken, phase: state.handover?.phase ?? 'idle' },
    `${n} lines: ${accepted} accepted, ${rejected} rejected, ${malformed} malformed, ${broken} with violations; phase ${state.handover?.phase ?? 'idle'}`);
  return broken > 0 ? 1 : malformed > 0 ? 2 : 0;
}
