/**
 * The fuzz harness (issue 12, item 1): malformed events into `step` from reachable states,
 * malformed hand-built states into `step`, and malformed JSON into every parser (event lines,
 * scenario files, ITF traces), each input run with everything it touches deep-frozen.
 *
 * @remarks
 * Every input ends in one of the outcomes a caller can rely on: accepted, rejected (a value),
 * or, for a hand-built state only, a `MalformedStateError`. Anything else is a finding, counted
 * by kind:
 * - `crashes`: any other exception;
 * - `mutations`: a write into a frozen input (strict-mode ESM turns it into a TypeError, which
 *   is recognised by its message), or a rejection that hands back a different state object;
 * - `pollutions`: a change to a built-in prototype, seen by comparing their own properties
 *   before and after every input (and undone, so one finding does not spoil the rest).
 * The same harness runs in `npm test` (test/fuzz/fuzz.test.ts, a CI-sized count) and in
 * `npm run fuzz` (bench/fuzz.ts, 1,000,000 inputs).
 * @internal
 */
import fc from 'fast-check';
import { scenarios } from '../../models/scenarios/index.ts';
import { parseEvent } from '../../src/input/event.ts';
import { parseJsonText } from '../../src/input/jsonFile.ts';
import { parseScenario } from '../../src/input/scenarioFile.ts';
import { candidateEvents, enabledEvents } from '../../src/model/enabled.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { initialState } from '../../src/model/init.ts';
import type { Scenario } from '../../src/model/scenario.ts';
import type { ServerState } from '../../src/model/state.ts';
import { step } from '../../src/model/step.ts';
import { MalformedStateError } from '../../src/model/wellFormed.ts';
import { itfText } from '../../src/trace/file.ts';
import { fromItf } from '../../src/trace/itf.ts';
import { replayTrace } from '../../src/trace/replay.ts';
import { deepFreeze } from '../support/freeze.ts';
import { randomWalk } from '../trace/support.ts';

/** What a caller may see returned (the typed error of a malformed state is thrown, and counted apart). */
export type Outcome = 'accepted' | 'rejected';

/** One thing the fuzzer feeds inputs to. */
export interface FuzzTarget<T> {
  readonly name: string;
  /** One line for the report: what the inputs are and where they go. */
  readonly what: string;
  readonly arbitrary: fc.Arbitrary<T>;
  /** Runs one input; any exception it lets out is a finding. */
  readonly exercise: (input: T) => Outcome;
  /** Whether `MalformedStateError` is an expected outcome here (only for hand-built states). */
  readonly typedErrorExpected: boolean;
}

/** A finding, kept for the report: the first of each kind. */
export interface Finding {
  readonly kind: 'crash' | 'mutation' | 'pollution' | 'typedError';
  readonly input: string;
  readonly error: string;
}

/** What one target's run counted. */
export interface FuzzCounts {
  readonly target: string;
  readonly inputs: number;
  readonly accepted: number;
  readonly rejected: number;
  /** `MalformedStateError`s: expected for hand-built states, a finding anywhere else. */
  readonly typedErrors: number;
  readonly crashes: number;
  readonly mutations: number;
  readonly pollutions: number;
  readonly findings: readonly Finding[];
  readonly elapsedMs: number;
}

// ---------------------------------------------------------------------------------------------
// Nasty values

const LONG = 'x'.repeat(100_000);
/** Identifiers that are members of every object: what `in` and indexing find and `Object.hasOwn` does not. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];
const NASTY_STRINGS = [...PROTO_KEYS, '', ' ', 'u1 ', 'U1', 'hA\u0000', '\ud800', '0', 'toSp ', 'null', LONG];
const NASTY_NUMBERS = [-1, -0, 0.5, 1e308, -1e308, Infinity, -Infinity, NaN, 2 ** 53, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, -(2 ** 31), 2 ** 31, 5e-324, 1e21];
const KNOWN = ['u0', 'u1', 'u2', 'hA', 'hB', 'vm0', 'n0', 'n1', 'toSp', 'toTarget', 'managed', 'free', 'inFlight'];

/** A value of any kind, weighted towards the ones that break naive code. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(...NASTY_STRINGS, ...NASTY_NUMBERS, null, undefined, true, false), weight: 4 },
  { arbitrary: fc.constantFrom(...KNOWN), weight: 2 },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 1 },
  {
    arbitrary: fc.anything({ maxDepth: 2, maxKeys: 4, withNullPrototype: true, withBoxedValues: true, withBigInt: true, withSparseArray: true, withObjectString: true }),
    weight: 2,
  },
);

/** A key to add to an object: a prototype member, one of the model's field names, or any string. */
const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTO_KEYS, 'type', 'unit', 'hv', 'vm', 'epoch', 'version', 'leg', 'place', 'kind', 'id', 'units'),
  fc.string({ maxLength: 8 }),
);

// ---------------------------------------------------------------------------------------------
// Structural edits of JSON-like values

/** One edit somewhere inside a value: the path picks a child at each level (modulo its size). */
export interface Edit {
  readonly path: readonly number[];
  readonly op: 'set' | 'delete' | 'add';
  readonly key: string;
  readonly value: unknown;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
  op: fc.constantFrom('set' as const, 'set' as const, 'delete' as const, 'add' as const),
  key: nastyKey,
  value: nastyValue,
});

const isContainer = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Sets an own property, `__proto__` included (a plain assignment would set the prototype). */
function define(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function copy(v: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(v)) return [...(v as unknown[])] as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = Object.getPrototypeOf(v) === null ? Object.create(null) : {};
  for (const k of Object.keys(v)) define(out, k, v[k]);
  return out;
}

/** The value with one edit applied; containers on the path are copied, everything else shared. */
export function applyEdit(root: unknown, edit: Edit, depth = 0): unknown {
  if (!isContainer(root)) return edit.op === 'set' ? edit.value : root;
  const keys = Object.keys(root);
  const here = depth >= edit.path.length - 1 || keys.length === 0;
  const key = keys[(edit.path[depth] ?? 0) % Math.max(1, keys.length)];
  if (!here && key !== undefined && isContainer(root[key])) {
    const out = copy(root);
    define(out, key, applyEdit(root[key], edit, depth + 1));
    return out;
  }
  const out = copy(root);
  if (edit.op === 'add' || key === undefined) {
    if (Array.isArray(out)) (out as unknown[]).push(edit.value);
    else define(out, edit.key, edit.value);
  } else if (edit.op === 'delete') {
    if (Array.isArray(out)) (out as unknown[]).splice(Number(key), 1);
    else delete out[key];
  } else define(out, key, edit.value);
  return out;
}

/** Damage to a JSON text after the structural edits: cut it, or insert, drop or double a part. */
interface TextEdit {
  readonly op: 'none' | 'truncate' | 'insert' | 'drop' | 'double';
  readonly at: number;
  readonly text: string;
}

const textEditArb: fc.Arbitrary<TextEdit> = fc.record({
  op: fc.constantFrom('none' as const, 'none' as const, 'truncate' as const, 'insert' as const, 'drop' as const, 'double' as const),
  at: fc.nat(),
  text: fc.oneof(fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '"__proto__":', '1e999', '-', 'null', '\u2028', '\ud800'), fc.string({ maxLength: 4 })),
});

function applyTextEdit(text: string, e: TextEdit): string {
  const at = text.length === 0 ? 0 : e.at % text.length;
  if (e.op === 'truncate') return text.slice(0, at);
  if (e.op === 'insert') return text.slice(0, at) + e.text + text.slice(at);
  if (e.op === 'drop') return text.slice(0, at) + text.slice(at + 1 + (e.at % 7));
  if (e.op === 'double') return text.slice(0, at) + text.slice(at, at + 20) + text.slice(at);
  return text;
}

/** Texts that are not an edit of anything: empty, whitespace, deep nesting, huge numbers, noise. */
const wildText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\n', 'null', '[]', '{}', '"x"', '1e999', '-0', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '['.repeat(100_000), `${'['.repeat(5000)}${']'.repeat(5000)}`, `{"type":"${LONG}"}`),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.json({ maxDepth: 3 }),
);

/** A JSON text: a valid document edited structurally, then perhaps damaged as text, or a wild one. */
function jsonText(base: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  const edited = fc
    .tuple(base, fc.array(editArb, { minLength: 0, maxLength: 3 }), textEditArb)
    .map(([doc, edits, t]) => {
      const value = edits.reduce<unknown>((v, e) => applyEdit(v, e), doc);
      let text: string;
      try {
        text = JSON.stringify(value) ?? 'undefined';
      } catch {
        // A bigint JSON cannot write: the text stands for "not JSON".
        text = Object.prototype.toString.call(value);
      }
      return applyTextEdit(text, t);
    });
  return fc.oneof({ arbitrary: edited, weight: 4 }, { arbitrary: wildText, weight: 1 });
}

// ---------------------------------------------------------------------------------------------
// Reachable states

/** A fixed, seeded pool of reachable states of three scenarios: where malformed events are sent from. */
export function reachableStates(perScenario: number): readonly ServerState[] {
  const out: ServerState[] = [];
  let x = 12345;
  const next = (): number => (x = (x * 1103515245 + 12345) & 0x7fffffff);
  for (const name of ['tiny', 'small', 'default'] as const) {
    const scenario = scenarios[name]!;
    while (out.length < perScenario * (['tiny', 'small', 'default'].indexOf(name) + 1)) {
      const walk = randomWalk(scenario, Array.from({ length: 1 + (next() % 60) }, next));
      out.push(walk.initial, ...walk.steps.map((s) => s.state));
    }
  }
  return out.map((s) => deepFreeze(s));
}

// ---------------------------------------------------------------------------------------------
// Outcome classification

const FROZEN_WRITE = /read only property|object is not extensible|Cannot delete property|Cannot redefine property|Cannot assign to read only/;

function isFrozenWrite(e: unknown): boolean {
  if (e instanceof MalformedStateError) return isFrozenWrite(e.cause);
  return e instanceof TypeError && FROZEN_WRITE.test(e.message);
}

/** A rejection must hand back the very state it was given (STYLE.md, rule 1). */
class ContractBreach extends Error {
  override readonly name = 'ContractBreach';
}

function stepOutcome(s: ServerState, e: unknown): Outcome {
  const r = step(s, e as HandoverEvent);
  if (r.ok) return 'accepted';
  if (r.state !== s) throw new ContractBreach(`rejected ${r.rejection.code} but returned another state object`);
  return 'rejected';
}

const PROTOTYPES: readonly object[] = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype];

type Snapshot = readonly (readonly [object, ReadonlyMap<PropertyKey, PropertyDescriptor>])[];

function snapshot(): Snapshot {
  return PROTOTYPES.map((p) => [p, new Map(Reflect.ownKeys(p).map((k) => [k, Reflect.getOwnPropertyDescriptor(p, k)!]))] as const);
}

/** Restores the prototypes to the snapshot; returns whether anything had changed. */
function restore(snap: Snapshot): boolean {
  let changed = false;
  for (const [p, props] of snap) {
    const keys = Reflect.ownKeys(p);
    if (keys.length !== props.size) changed = true;
    for (const k of keys) if (!props.has(k)) {
      changed = true;
      Reflect.deleteProperty(p, k);
    }
    for (const [k, d] of props) {
      const now = Reflect.getOwnPropertyDescriptor(p, k);
      if (now === undefined || now.value !== d.value || now.get !== d.get || now.set !== d.set) {
        changed = true;
        Reflect.defineProperty(p, k, d);
      }
    }
  }
  return changed;
}

/** A short rendering of an input for a finding. */
function render(input: unknown): string {
  try {
    const text = JSON.stringify(input, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(input);
    return text.length > 300 ? `${text.slice(0, 299)}…` : text;
  } catch {
    return String(input);
  }
}

/**
 * Runs `runs` inputs of one target with a pinned seed and counts the outcomes.
 * @example
 * ```ts
 * const counts = fuzz(stepEventTarget(reachableStates(100)), { runs: 1000, seed: 42 });
 * ```
 */
export function fuzz<T>(target: FuzzTarget<T>, options: { readonly runs: number; readonly seed: number }): FuzzCounts {
  const started = performance.now();
  const snap = snapshot();
  const c = { inputs: 0, accepted: 0, rejected: 0, typedErrors: 0, crashes: 0, mutations: 0, pollutions: 0 };
  const findings: Finding[] = [];
  const note = (kind: Finding['kind'], input: unknown, error: string): void => {
    if (!findings.some((f) => f.kind === kind)) findings.push({ kind, input: render(input), error });
  };
  fc.check(
    fc.property(target.arbitrary, (input) => {
      c.inputs++;
      try {
        c[target.exercise(input)]++;
      } catch (e) {
        const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        if (isFrozenWrite(e) || e instanceof ContractBreach) {
          c.mutations++;
          note('mutation', input, text);
        } else if (e instanceof MalformedStateError) {
          c.typedErrors++;
          if (!target.typedErrorExpected) note('typedError', input, text);
        } else {
          c.crashes++;
          note('crash', input, `${text}\n${e instanceof Error ? (e.stack ?? '') : ''}`);
        }
      }
      if (restore(snap)) {
        c.pollutions++;
        note('pollution', input, 'a built-in prototype changed');
      }
      return true;
    }),
    { seed: options.seed, numRuns: options.runs },
  );
  return { target: target.name, ...c, findings, elapsedMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// The targets

/** Malformed events into `step`: a candidate event of a reachable state with one defect, or anything at all. */
export function stepEventTarget(pool: readonly ServerState[]): FuzzTarget<{ readonly state: number; readonly event: number; readonly edit: Edit | null; readonly whole: unknown }> {
  return {
    name: 'step: malformed events',
    what: 'a reachable state of tiny, small or default and one of its candidate events with a field set to a nasty value, deleted or added (`__proto__` and `constructor` keys, huge numbers, long strings, other kinds\' ids), or any value at all in place of the event',
    typedErrorExpected: false,
    arbitrary: fc.record({
      state: fc.nat(),
      event: fc.nat(),
      edit: fc.option(editArb.map((e) => ({ ...e, path: e.path.slice(0, 1) })), { freq: 8 }),
      whole: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: nastyValue, weight: 1 }),
    }),
    exercise: ({ state, event, edit, whole }) => {
      const s = pool[state % pool.length]!;
      const candidates = candidateEvents(s);
      const base = candidates[event % candidates.length]!;
      const e = whole !== undefined ? whole : edit === null ? base : applyEdit(base, edit);
      return stepOutcome(s, deepFreeze(e));
    },
  };
}

/** Hand-built states: a reachable state with defects anywhere inside, stepped with one of its candidate events. */
export function stepStateTarget(pool: readonly ServerState[]): FuzzTarget<{ readonly state: number; readonly event: number; readonly edits: readonly Edit[] }> {
  return {
    name: 'step: malformed states',
    what: 'a reachable state with one to three fields anywhere inside it (scenario included) set to a nasty value, deleted or added, stepped with one of the original state\'s candidate events',
    typedErrorExpected: true,
    arbitrary: fc.record({ state: fc.nat(), event: fc.nat(), edits: fc.array(editArb, { minLength: 1, maxLength: 3 }) }),
    exercise: ({ state, event, edits }) => {
      const s = pool[state % pool.length]!;
      const candidates = candidateEvents(s);
      const bad = deepFreeze(edits.reduce<unknown>((v, e) => applyEdit(v, e), s)) as ServerState;
      return stepOutcome(bad, candidates[event % candidates.length]!);
    },
  };
}

const frozenJson = (text: string, file: string) => {
  const json = parseJsonText(text, file);
  return json.ok ? { ok: true as const, value: deepFreeze(json.value) } : json;
};

/** Event lines as `monitor` reads them: JSON text, then the event schema with the scenario's identifiers. */
export function eventLineTarget(pool: readonly ServerState[]): FuzzTarget<{ readonly state: number; readonly text: string }> {
  const events = fc.nat().chain((i) => {
    const s = pool[i % pool.length]!;
    const cs = candidateEvents(s);
    return fc.constantFrom(...cs.slice(0, 40)) as fc.Arbitrary<unknown>;
  });
  return {
    name: 'parse: event lines',
    what: 'a candidate event as JSON, edited (nasty values, missing and extra fields, `__proto__` keys) and perhaps cut or garbled as text, or wild text; then parseJsonText and parseEvent with the scenario, then `step` when it parses',
    typedErrorExpected: false,
    arbitrary: fc.record({ state: fc.nat(), text: jsonText(events) }),
    exercise: ({ state, text }) => {
      const s = pool[state % pool.length]!;
      const json = frozenJson(text, 'fuzz.jsonl');
      const parsed = json.ok ? parseEvent(json.value, 'fuzz.jsonl', s.scenario) : json;
      if (!parsed.ok) return 'rejected';
      return stepOutcome(s, deepFreeze(parsed.value));
    },
  };
}

const catalog: readonly Scenario[] = Object.values(scenarios);

/** Scenario files: a named scenario as JSON, edited; when it validates, its initial state's events are all stepped. */
export function scenarioFileTarget(): FuzzTarget<string> {
  return {
    name: 'parse: scenario files',
    what: 'a named scenario as JSON, edited anywhere and perhaps garbled as text, or wild text; then parseJsonText and parseScenario, and when it validates, initialState and every candidate event stepped',
    typedErrorExpected: false,
    arbitrary: jsonText(fc.constantFrom(...catalog)),
    exercise: (text) => {
      const json = frozenJson(text, 'fuzz-scenario.json');
      const parsed = json.ok ? parseScenario(json.value, 'fuzz-scenario.json') : json;
      if (!parsed.ok) return 'rejected';
      enabledEvents(deepFreeze(initialState(parsed.value)));
      return 'accepted';
    },
  };
}

/** ITF traces: a short trace of `tiny` as its ITF text, edited; when it reads back, it is replayed. */
export function itfTarget(): FuzzTarget<string> {
  let x = 7;
  const next = (): number => (x = (x * 1103515245 + 12345) & 0x7fffffff);
  const docs = Array.from({ length: 8 }, (_, i) => JSON.parse(itfText(randomWalk(scenarios.tiny!, Array.from({ length: 2 + i }, next)))) as unknown);
  return {
    name: 'parse: ITF traces',
    what: 'a 2- to 9-step ITF trace of tiny, edited anywhere (states, #meta, the embedded scenario) and perhaps garbled as text, or wild text; then parseJsonText and fromItf, and when it reads back, replayTrace',
    typedErrorExpected: false,
    arbitrary: jsonText(fc.constantFrom(...docs)),
    exercise: (text) => {
      const json = frozenJson(text, 'fuzz.itf.json');
      const parsed = json.ok ? fromItf(json.value, 'fuzz.itf.json') : json;
      if (!parsed.ok) return 'rejected';
      replayTrace(deepFreeze(parsed.value));
      return 'accepted';
    },
  };
}
