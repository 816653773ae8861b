/**
 * Mapping files: the JSON form of a {@link Mapping}, for the CLI (`validate --mapping`).
 *
 * @remarks
 * A mapping file names the scenario, the record field that says what a record is (`key`), and
 * per kind of record the events it may stand for and the variables it pins. A parameter or pin
 * value is a literal in the specification's names, or `"$field"`: the record's field (a dotted
 * path), renamed through `names` when it is a string. Everything is checked when the file is
 * read, so a bad mapping exits 2 naming its JSON path before any log is read; a record is
 * checked when it is mapped, and its errors name the log's line and the record's JSON path.
 * docs/conformance.md describes the format with an example.
 */
import { z } from 'zod';
import { scenarios } from '../../models/scenarios/index.ts';
import type { EventType } from '../model/events.ts';
import { EVENT_TYPES } from '../model/events.ts';
import type { ParamKind } from '../model/eventParams.ts';
import { LEGS, paramsOf } from '../model/eventParams.ts';
import type { Scenario } from '../model/scenario.ts';
import { PHASES } from '../model/state.ts';
import type { InputError, PathSegment } from '../input/errors.ts';
import { describeValue, fromZodError, jsonPath } from '../input/errors.ts';
import { knownIds } from '../input/event.ts';
import { readJsonFile } from '../input/jsonFile.ts';
import type { Result } from '../input/result.ts';
import { failure, success } from '../input/result.ts';
import { parseScenario } from '../input/scenarioFile.ts';
import type { EventPattern, HiddenEvents, LogStep, Mapping } from './mapping.ts';
import type { Pin } from './observation.ts';
import { PIN_VARIABLES } from './observation.ts';

/** What a value in a mapping stands for: an event parameter's kind, or a pin's. */
type ValueKind = ParamKind | 'placeKind' | 'phase' | 'count';

const PLACE_KINDS = ['managed', 'free', 'inFlight'] as const;
const OBSERVED_PHASES = [...PHASES, 'none'] as const;

/** The fields of each pin variable, with the kind of their values; `by` is optional. */
const PIN_FIELDS: { readonly [V in (typeof PIN_VARIABLES)[number]]: Readonly<Record<string, ValueKind>> } = {
  'vm.holder': { vm: 'vm', equals: 'hypervisor' },
  'vm.schedVersion': { vm: 'vm', equals: 'count' },
  'unit.place': { unit: 'unit', equals: 'placeKind', by: 'hypervisor' },
  phase: { equals: 'phase' },
};
const OPTIONAL_PIN_FIELDS = new Set(['by']);

/**
 * What a value of a kind must be, or null when it is one: the one check of literals in the
 * mapping and of values taken from records.
 */
function valueProblem(kind: ValueKind, v: unknown, scenario: Scenario): string | null {
  const isNat = typeof v === 'number' && Number.isInteger(v) && v >= 0;
  switch (kind) {
    case 'epoch':
    case 'version':
    case 'count':
      return isNat ? null : `${kind === 'count' ? 'a scheduling version' : `an ${kind === 'epoch' ? 'epoch' : 'version'}`} (a non-negative integer)`;
    case 'leg':
      return typeof v === 'string' && (LEGS as readonly string[]).includes(v) ? null : `a channel leg: ${LEGS.join(' or ')}`;
    case 'placeKind':
      return typeof v === 'string' && (PLACE_KINDS as readonly string[]).includes(v) ? null : `a place: ${PLACE_KINDS.join(', ')}`;
    case 'phase':
      return typeof v === 'string' && (OBSERVED_PHASES as readonly string[]).includes(v) ? null : `a phase: one of ${OBSERVED_PHASES.join(', ')}`;
    default: {
      const known = knownIds(scenario, kind);
      return typeof v === 'string' && known.includes(v) ? null : `a ${kind} of scenario ${scenario.name}: one of ${known.join(', ')}`;
    }
  }
}

const eventTemplate = z.looseObject({ type: z.enum(EVENT_TYPES as unknown as [EventType, ...EventType[]], { error: `expected one of the ${EVENT_TYPES.length} event types` }) });
const pinTemplate = z.looseObject({ var: z.enum(PIN_VARIABLES, { error: `expected a pinned variable: one of ${PIN_VARIABLES.join(', ')}` }) });

const shape = z.strictObject({
  scenario: z.union([z.string().min(1), z.looseObject({})], { error: `expected a scenario: one of ${Object.keys(scenarios).join(', ')}, or a scenario object` }),
  key: z.string().min(1),
  names: z.record(z.string(), z.string()).default({}),
  hidden: z.union([z.enum(['unlogged', 'any']), z.array(z.enum(EVENT_TYPES as unknown as [EventType, ...EventType[]]))], {
    error: 'expected "unlogged", "any" or a list of event types',
  }).default('unlogged'),
  ignore: z.array(z.string()).default([]),
  records: z.record(z.string(), z.strictObject({ events: z.array(eventTemplate).default([]), pins: z.array(pinTemplate).default([]) })),
});

type Shape = z.infer<typeof shape>;

/** A template field: a record field's path, or a literal. */
type Template = { readonly from: readonly PathSegment[] } | { readonly literal: string | number };

interface CompiledValue {
  readonly name: string;
  readonly kind: ValueKind;
  readonly template: Template;
  /** Where the mapping writes it, for the error of a record that lacks the field. */
  readonly at: string;
}

interface CompiledRecord {
  readonly events: readonly { readonly type: EventType; readonly params: readonly CompiledValue[] }[];
  readonly pins: readonly { readonly var: Pin['var']; readonly fields: readonly CompiledValue[] }[];
}

const fieldPath = (text: string): PathSegment[] => text.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

function template(v: string | number): Template {
  return typeof v === 'string' && v.startsWith('$') && v.length > 1 ? { from: fieldPath(v.slice(1)) } : { literal: v };
}

/** The value at a path of a record, or undefined. */
function at(record: unknown, path: readonly PathSegment[]): unknown {
  let v: unknown = record;
  for (const s of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Readonly<Record<string | number, unknown>>)[s];
  }
  return v;
}

/** Checks one template field of the mapping file and compiles it; problems go to `problems`. */
function compileValue(
  name: string,
  kind: ValueKind,
  raw: unknown,
  path: PathSegment[],
  scenario: Scenario,
  problems: InputError[],
  file: string,
): CompiledValue | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    problems.push({ file, path: jsonPath(path), expected: 'a string or a number (a literal, or "$field" for a record field)', got: describeValue(raw) });
    return null;
  }
  const t = template(raw);
  if ('literal' in t) {
    const bad = valueProblem(kind, t.literal, scenario);
    if (bad !== null) {
      problems.push({ file, path: jsonPath(path), expected: bad, got: describeValue(raw) });
      return null;
    }
  }
  return { name, kind, template: t, at: jsonPath(path).slice(2) };
}

function compile(s: Shape, scenario: Scenario, file: string): Result<ReadonlyMap<string, CompiledRecord>, InputError[]> {
  const problems: InputError[] = [];
  const out = new Map<string, CompiledRecord>();
  for (const [kind, rec] of Object.entries(s.records)) {
    const events = rec.events.map((e, i) => {
      const base: PathSegment[] = ['records', kind, 'events', i];
      const allowed = new Map(paramsOf(e.type));
      const params: CompiledValue[] = [];
      for (const [k, v] of Object.entries(e)) {
        if (k === 'type') continue;
        const pk = allowed.get(k);
        if (pk === undefined) {
          const names = [...allowed.keys()];
          problems.push({ file, path: jsonPath([...base, k]), expected: names.length === 0 ? `no parameter (${e.type} has none)` : `a parameter of ${e.type}: ${names.join(', ')}`, got: `unknown key "${k}"` });
          continue;
        }
        const c = compileValue(k, pk, v, [...base, k], scenario, problems, file);
        if (c !== null) params.push(c);
      }
      return { type: e.type, params };
    });
    const pins = rec.pins.map((p, i) => {
      const base: PathSegment[] = ['records', kind, 'pins', i];
      const fields = PIN_FIELDS[p.var];
      const compiled: CompiledValue[] = [];
      for (const [k, fk] of Object.entries(fields))
        if (!Object.hasOwn(p, k) && !OPTIONAL_PIN_FIELDS.has(k)) problems.push({ file, path: jsonPath([...base, k]), expected: `a value (${p.var} needs ${k})`, got: 'nothing' });
        else if (Object.hasOwn(p, k)) {
          const c = compileValue(k, fk, (p as Readonly<Record<string, unknown>>)[k], [...base, k], scenario, problems, file);
          if (c !== null) compiled.push(c);
        }
      for (const k of Object.keys(p))
        if (k !== 'var' && !Object.hasOwn(fields, k))
          problems.push({ file, path: jsonPath([...base, k]), expected: `a field of ${p.var}: ${Object.keys(fields).join(', ')}`, got: `unknown key "${k}"` });
      return { var: p.var, fields: compiled };
    });
    out.set(kind, { events, pins });
  }
  for (const [i, k] of s.ignore.entries())
    if (Object.hasOwn(s.records, k)) problems.push({ file, path: jsonPath(['ignore', i]), expected: 'a kind of record that is not also mapped in records', got: describeValue(k) });
  return problems.length > 0 ? failure(problems) : success(out);
}

/**
 * A mapping compiled from its parsed JSON form.
 * @param file - the mapping file as the user named it (errors quote it).
 * @public
 */
export function parseMapping(json: unknown, file: string): Result<Mapping, InputError[]> {
  const parsed = shape.safeParse(json, { reportInput: true });
  if (!parsed.success) return failure(fromZodError(file, parsed.error));
  const s = parsed.data;
  let scenario: Scenario;
  if (typeof s.scenario === 'string') {
    const named = scenarios[s.scenario];
    if (named === undefined)
      return failure([{ file, path: '$.scenario', expected: `a named scenario: one of ${Object.keys(scenarios).join(', ')}, or a scenario object`, got: describeValue(s.scenario) }]);
    scenario = named;
  } else {
    const sc = parseScenario(s.scenario, file, ['scenario']);
    if (!sc.ok) return sc;
    scenario = sc.value;
  }
  const compiled = compile(s, scenario, file);
  if (!compiled.ok) return compiled;
  const records = compiled.value;
  const keyPath = fieldPath(s.key);
  const kinds = [...records.keys()];
  const ignored = new Set(s.ignore);
  const logged = [...new Set([...records.values()].flatMap((r) => r.events.map((e) => e.type)))];
  const names = s.names;

  const map: Mapping['map'] = (record, logFile, line) => {
    const where = `${logFile}:${line}`;
    if (typeof record !== 'object' || record === null || Array.isArray(record))
      return failure([{ file: where, path: '$', expected: 'a JSON object (one record per line)', got: describeValue(record) }]);
    const kind = at(record, keyPath);
    if (typeof kind === 'string' && ignored.has(kind)) return success(null);
    const rec = typeof kind === 'string' ? records.get(kind) : undefined;
    if (rec === undefined)
      return failure([{ file: where, path: jsonPath(keyPath), expected: `a kind of record the mapping knows: one of ${[...kinds, ...ignored].join(', ')}`, got: describeValue(kind) }]);
    const problems: InputError[] = [];
    const value = (c: CompiledValue): string | number | undefined => {
      if ('literal' in c.template) return c.template.literal;
      const raw = at(record, c.template.from);
      const path = jsonPath(c.template.from);
      if (raw === undefined) {
        problems.push({ file: where, path, expected: `a value (the mapping's ${c.at} reads it)`, got: 'nothing' });
        return undefined;
      }
      const v = typeof raw === 'string' && Object.hasOwn(names, raw) ? names[raw]! : raw;
      const bad = valueProblem(c.kind, v, scenario);
      if (bad !== null) {
        problems.push({ file: where, path, expected: v === raw ? bad : `${bad} (after renaming by names)`, got: describeValue(raw) });
        return undefined;
      }
      return v as string | number;
    };
    const events: EventPattern[] = rec.events.map((e) => ({ type: e.type, params: Object.fromEntries(e.params.map((p) => [p.name, value(p)])) as Readonly<Record<string, string | number>> }));
    const pins = rec.pins.map((p) => ({ var: p.var, ...Object.fromEntries(p.fields.map((f) => [f.name, value(f)])) }) as unknown as Pin);
    if (problems.length > 0) return failure(problems);
    const step: Omit<LogStep, 'line'> = { events, pins };
    return success(step);
  };
  const hidden: HiddenEvents = s.hidden;
  return success({ scenario, hidden, logged, map });
}

/**
 * Reads and compiles a mapping file; every failure is an `InputError`, never an exception.
 * @public
 */
export function loadMappingFile(path: string): Result<Mapping, InputError[]> {
  const json = readJsonFile(path);
  return json.ok ? parseMapping(json.value, path) : json;
}
