/**
 * Writing a trace as an ITF document and reading it back.
 *
 * @remarks
 * The Informal Trace Format (Apalache ADR-015; Quint writes and reads the same) is a JSON object
 * `{"#meta": {...}, "vars": [...], "states": [...]}`. We follow Quint's model-based-testing habit
 * of recording, in every state, the action that led to it (`mbt::actionTaken`: the event type, or
 * `init`) and its nondeterministic choices (`mbt::nondetPicks`: the event's parameters), so that a
 * trace can be replayed event by event (STYLE.md: "every trace step records the action taken and
 * the choices made"). The scenario is written once, in `#meta`. See docs/itf.md.
 */
import type { EventType, HandoverEvent } from '../model/events.ts';
import { EVENT_TYPES } from '../model/events.ts';
import type { Scenario } from '../model/scenario.ts';
import type { ServerState } from '../model/state.ts';
import type { InputError, PathSegment } from '../input/errors.ts';
import { describeValue, fromZodError, jsonPath } from '../input/errors.ts';
import { PARAM_NAMES, paramsOf } from '../input/eventParams.ts';
import type { Result } from '../input/result.ts';
import { failure, success } from '../input/result.ts';
import type { ItfValue } from './codec.ts';
import type { DecodedItfState, NondetPicks } from './schema.ts';
import { ACTION_TAKEN, encodeState, INIT_ACTION, itfDocumentSchema, NONDET_PICKS, picksCodec, STATE_VARS } from './schema.ts';
import type { Trace, TraceStep } from './trace.ts';

/** Where the format is described, as Apalache and Quint write it in `#meta`. @public */
export const ITF_FORMAT_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

/**
 * The `#meta` block we write.
 * @public
 */
export interface ItfMeta {
  readonly format: 'ITF';
  readonly 'format-description': string;
  /** The tool that wrote the trace. */
  readonly source: 'vm-handover';
  /** Quint's word for the outcome: `violation` for a counterexample, else `ok`. */
  readonly status: 'ok' | 'violation';
  readonly description: string;
  /** The constants, written once rather than in every state. */
  readonly scenario: Scenario;
  readonly seed?: string;
  readonly replayPath?: string;
  readonly mutant?: string;
  readonly violation?: { readonly id: string; readonly name: string; readonly explanation: string };
}

/** One ITF state as we write it. @public */
export type ItfState = { readonly '#meta': { readonly index: number } } & { readonly [variable: string]: ItfValue };

/**
 * An ITF document as we write it.
 * @public
 */
export interface ItfTrace {
  readonly '#meta': ItfMeta;
  readonly vars: readonly string[];
  readonly states: readonly ItfState[];
}

/** The variables listed in `vars`: the state variables, then Quint's two `mbt::` variables. @public */
export const ITF_VARS: readonly string[] = [...STATE_VARS, ACTION_TAKEN, NONDET_PICKS];

/** `mbt::nondetPicks` of an event: its parameters picked, every other parameter name `None`. @internal */
function picksOf(event: HandoverEvent | null): NondetPicks {
  const fields = (event ?? {}) as Readonly<Record<string, string | number>>;
  return Object.fromEntries([...PARAM_NAMES.keys()].map((name) => [name, fields[name] ?? null]));
}

/** A one-line description for `#meta`. @internal */
function describe(trace: Trace): string {
  const n = trace.steps.length;
  const run = `${n} step${n === 1 ? '' : 's'} on scenario ${trace.scenario.name}`;
  const by = trace.mutant === undefined ? '' : ` with mutant ${trace.mutant}`;
  return trace.violation === undefined
    ? `Trace of ${run}${by}`
    : `Counterexample to ${trace.violation.id} ${trace.violation.name}: ${run}${by}`;
}

/**
 * Writes a trace as an ITF document (a plain JSON-serialisable object).
 * @example
 * ```ts
 * await writeFileAtomic('counterexample.itf.json', JSON.stringify(toItf(trace), null, 2));
 * ```
 * @public
 */
export function toItf(trace: Trace): ItfTrace {
  const meta: ItfMeta = {
    format: 'ITF',
    'format-description': ITF_FORMAT_DESCRIPTION,
    source: 'vm-handover',
    status: trace.violation === undefined ? 'ok' : 'violation',
    description: describe(trace),
    scenario: trace.scenario,
    ...(trace.seed === undefined ? {} : { seed: trace.seed }),
    ...(trace.replayPath === undefined ? {} : { replayPath: trace.replayPath }),
    ...(trace.mutant === undefined ? {} : { mutant: trace.mutant }),
    ...(trace.violation === undefined
      ? {}
      : { violation: { id: trace.violation.id, name: trace.violation.name, explanation: trace.violation.explanation } }),
  };
  const entries: { event: HandoverEvent | null; state: ServerState }[] = [{ event: null, state: trace.initial }, ...trace.steps];
  const states = entries.map(
    ({ event, state }, index): ItfState => ({
      '#meta': { index },
      ...encodeState(state),
      [ACTION_TAKEN]: event === null ? INIT_ACTION : event.type,
      [NONDET_PICKS]: picksCodec.encode(picksOf(event)),
    }),
  );
  return { '#meta': meta, vars: ITF_VARS, states };
}

const EVENT_TYPE_SET: ReadonlySet<string> = new Set(EVENT_TYPES);

/**
 * Rebuilds the event of a non-initial state from `mbt::actionTaken` and `mbt::nondetPicks`,
 * or reports why it cannot.
 * @internal
 */
function decodeEvent(s: DecodedItfState, at: readonly PathSegment[], file: string): Result<HandoverEvent, InputError[]> {
  const type = s[ACTION_TAKEN];
  if (!EVENT_TYPE_SET.has(type))
    return failure([
      { file, path: jsonPath([...at, ACTION_TAKEN]), expected: `an event type (one of ${EVENT_TYPES.join(', ')})`, got: describeValue(type) },
    ]);
  const params = new Map(paramsOf(type as EventType));
  const picks = s[NONDET_PICKS];
  const errors: InputError[] = [];
  const event: Record<string, string | number> = { type };
  for (const name of PARAM_NAMES.keys()) {
    const picked = picks[name] ?? null;
    const path = jsonPath([...at, NONDET_PICKS, name]);
    if (params.has(name) && picked === null) errors.push({ file, path, expected: `Some(${name}) for ${type}`, got: 'None' });
    else if (!params.has(name) && picked !== null)
      errors.push({ file, path, expected: `None: ${type} has no parameter ${name}`, got: `Some(${describeValue(picked)})` });
    else if (picked !== null) event[name] = picked;
  }
  return errors.length > 0 ? failure(errors) : success(event as unknown as HandoverEvent);
}

/** Assembles a model state from the decoded variables and the scenario. @internal */
function toServerState(s: DecodedItfState, scenario: Scenario): ServerState {
  const { units, hypervisors, vms, sp, channel, handover, completed, rolledBack, used, ghost } = s;
  return { scenario, units, hypervisors, vms, sp, channel, handover, completed, rolledBack, used, ghost };
}

/**
 * Reads an ITF document (already parsed from JSON) back into a trace: validates it with the Zod
 * schema of src/trace/schema.ts, then rebuilds each step's event. Every problem is an
 * `InputError` naming `source` and the JSON path in the document.
 * @remarks `fromItf(toItf(t), ...)` deep-equals `t` (test/trace/itf.test.ts).
 * @public
 */
export function fromItf(json: unknown, source: string): Result<Trace, InputError[]> {
  const parsed = itfDocumentSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return failure(fromZodError(source, parsed.error));
  const doc = parsed.data;
  const meta = doc['#meta'];
  const scenario = meta.scenario;
  const states = doc.states as unknown as readonly DecodedItfState[];
  const errors: InputError[] = [];
  const steps: TraceStep[] = [];
  states.forEach((s, i) => {
    const at: PathSegment[] = ['states', i];
    const index = s['#meta']?.index;
    if (index !== undefined && index !== i)
      errors.push({ file: source, path: jsonPath([...at, '#meta', 'index']), expected: String(i), got: String(index) });
    if (i === 0) {
      if (s[ACTION_TAKEN] !== INIT_ACTION)
        errors.push({ file: source, path: jsonPath([...at, ACTION_TAKEN]), expected: `"${INIT_ACTION}" in the first state`, got: describeValue(s[ACTION_TAKEN]) });
      return;
    }
    const event = decodeEvent(s, at, source);
    if (event.ok) steps.push({ event: event.value, state: toServerState(s, scenario) });
    else errors.push(...event.error);
  });
  if (errors.length > 0) return failure(errors);
  const trace: Trace = {
    scenario,
    initial: toServerState(states[0]!, scenario),
    steps,
    ...(meta.seed === undefined ? {} : { seed: meta.seed }),
    ...(meta.replayPath === undefined ? {} : { replayPath: meta.replayPath }),
    ...(meta.mutant === undefined ? {} : { mutant: meta.mutant }),
    ...(meta.violation === undefined ? {} : { violation: meta.violation }),
  };
  return success(trace);
}
