/**
 * The reducer's entry check: is this event well-formed for this state, and, after a crash, what
 * is wrong with the state it was given.
 *
 * @remarks
 * TypeScript callers cannot build a malformed event, but `step` is public and its events also
 * come from JavaScript, from an embedding actor or from a bug in a checker: a wrong type, an
 * extra field, a huge number or an identifier such as `"__proto__"` or `"constructor"` must not
 * reach a handler, where `s.units[e.unit]` finds `Object.prototype`'s members and crashes deep
 * inside. So `makeStep` calls {@link eventRejection} once before dispatch, and the handlers can
 * keep trusting their input.
 *
 * The check is generic and table-driven: each event type's fields and their kinds come from
 * `EVENT_PARAMS` (./eventParams.ts), the table the JSON schema and the ITF reader are derived
 * from too, so a new or changed event is a one-place update there. It costs a few property
 * reads per step (bench/step.ts; docs/reliability.md has the figures).
 *
 * States are not checked on the way in (a full walk per step would cost more than the step):
 * a state is only examined by {@link stateProblems} when a handler throws, so that a
 * hand-built, invalid state ends in a {@link MalformedStateError} naming what is wrong instead
 * of a `TypeError` from inside a handler. Departure: neither the patent nor TLA+ has this; it is
 * an API's defence, not part of the protocol.
 */
import type { EventType } from './events.ts';
import { EVENT_TYPES } from './events.ts';
import type { ParamKind } from './eventParams.ts';
import { LEGS, paramsOf } from './eventParams.ts';
import type { Rejection } from './rejection.ts';
import { PHASES } from './state.ts';
import type { ServerState } from './state.ts';

/** One event type's fields: parallel arrays, so the per-step loop is an indexed one. */
interface Shape {
  readonly names: readonly string[];
  readonly kinds: readonly ParamKind[];
}

/** The fields of each event type with their kinds, looked up once per step. */
const SHAPES: ReadonlyMap<string, Shape> = new Map(
  EVENT_TYPES.map((t) => [t, { names: paramsOf(t).map(([n]) => n), kinds: paramsOf(t).map(([, k]) => k) }]),
);

const TYPE_COUNT = SHAPES.size;

/** The state table an identifier kind is looked up in, and how a guard names it. */
const ID_TABLES = {
  unit: { table: 'units', noun: 'unit' },
  hypervisor: { table: 'hypervisors', noun: 'hypervisor' },
  vm: { table: 'vms', noun: 'VM' },
} as const;

const MAX_SHOWN = 40;

/** A value as a guard or an error shows it: JSON where it can be, cut short when long. */
function show(v: unknown): string {
  let text: string;
  try {
    text = typeof v === 'string' ? v : typeof v === 'bigint' ? `${v}n` : (JSON.stringify(v) ?? String(v));
  } catch {
    text = Object.prototype.toString.call(v);
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

const malformed = (step: EventType | null, guard: string): Rejection => ({ code: 'R-26', step, guard });

/** The guard a field of a given kind must pass, as R-26 names it. */
function fieldGuard(name: string, kind: ParamKind): string {
  if (kind === 'epoch' || kind === 'version') return `event.${name} is a non-negative safe integer`;
  if (kind === 'leg') return `event.${name} is ${LEGS.join(' or ')}`;
  return `event.${name} is a ${ID_TABLES[kind].noun} identifier (a string)`;
}

/**
 * Why `state` cannot take `event` before any handler looks at it, or null when it can be dispatched.
 *
 * @remarks
 * R-26 when the event is not an object, its `type` is not an event type, or a field is missing,
 * extra or of the wrong primitive type (numbers must be non-negative safe integers); R-01 when
 * an identifier is not an own key of the state's table of that kind (`Object.hasOwn`, so
 * `"__proto__"`, `"constructor"` and `"toString"` are unknown like any typo). Fields are read
 * only when they are own properties, so a polluted `Object.prototype` cannot lend an event a
 * field it lacks.
 * @example
 * ```ts
 * eventRejection(s0, { type: 'source/unitCopied', unit: 'constructor' });
 * // { code: 'R-01', step: 'source/unitCopied', guard: 'unit constructor exists' }
 * ```
 * @public
 */
export function eventRejection(state: ServerState, event: unknown): Rejection | null {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return malformed(null, 'event is an object');
  const e = event as Readonly<Record<string, unknown>>;
  const type = Object.hasOwn(e, 'type') ? e.type : undefined;
  const shape = typeof type === 'string' ? SHAPES.get(type) : undefined;
  if (shape === undefined) return malformed(null, `event.type is one of the ${TYPE_COUNT} event types`);
  const step = type as EventType;
  const { names, kinds } = shape;
  let unknown: Rejection | null = null;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const kind = kinds[i]!;
    if (!Object.hasOwn(e, name)) return malformed(step, `event.${name} is present`);
    const v = e[name];
    if (kind === 'epoch' || kind === 'version') {
      if (!Number.isSafeInteger(v) || (v as number) < 0) return malformed(step, fieldGuard(name, kind));
    } else if (kind === 'leg') {
      if (v !== 'toSp' && v !== 'toTarget') return malformed(step, fieldGuard(name, kind));
    } else {
      if (typeof v !== 'string') return malformed(step, fieldGuard(name, kind));
      // Named loads, not state[ID_TABLES[kind].table]: this runs on every step of every checker.
      const table = kind === 'unit' ? state.units : kind === 'hypervisor' ? state.hypervisors : state.vms;
      if (unknown === null && !Object.hasOwn(table, v)) unknown = { code: 'R-01', step, guard: `${ID_TABLES[kind].noun} ${show(v)} exists` };
    }
  }
  // Every key for-in sees: the own enumerable ones (what JSON gives an object) and, should
  // Object.prototype be polluted with an enumerable key, that one too, which then rejects
  // every event rather than lending it a field. No array per step, unlike Object.keys.
  let keys = 0;
  for (const _ in e) keys++;
  if (keys !== names.length + 1) {
    const extra = Object.keys(e).find((k) => k !== 'type' && !names.includes(k));
    return malformed(step, extra === undefined ? 'event has only its own fields' : `event has no field ${JSON.stringify(extra)}`);
  }
  return unknown;
}

/**
 * One thing wrong with a hand-built state: where (e.g. `state.units.u1.place.kind`), what the
 * model expects there and what it found.
 * @public
 */
export interface StateProblem {
  readonly path: string;
  readonly expected: string;
  readonly got: string;
}

/**
 * Thrown by `step` when a handler failed on a state that is not well-formed: names every
 * problem {@link stateProblems} found, and keeps the handler's own error as `cause`.
 *
 * @remarks
 * A typed error, not a rejection: no protocol guard is at fault, the caller built a state the
 * model cannot have (reachable states never are malformed; the explorer and the checkers only
 * ever step reachable ones). A crash on a well-formed state is the reducer's own bug and is
 * rethrown as it is.
 * @example
 * ```ts
 * try { step(handBuilt, event); } catch (e) { if (e instanceof MalformedStateError) console.error(e.problems); }
 * ```
 * @public
 */
export class MalformedStateError extends Error {
  override readonly name = 'MalformedStateError';
  /** Every problem found, in the order of the state's fields. */
  readonly problems: readonly StateProblem[];

  constructor(problems: readonly StateProblem[], options?: ErrorOptions) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    super(first === undefined ? 'malformed state' : `malformed state: ${first.path}: expected ${first.expected}; got ${first.got}${more}`, options);
    this.problems = problems;
  }
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const at = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : IDENT.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNat = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;

/** A field checker: pushes what is wrong with `v` at `path`. */
type Field = (v: unknown, path: string, out: StateProblem[]) => void;

const expect = (ok: (v: unknown) => boolean, expected: string): Field => (v, path, out) => {
  if (!ok(v)) out.push({ path, expected, got: v === undefined ? 'nothing' : show(v) });
};
const nat = expect(isNat, 'a non-negative safe integer');
const str = expect((v) => typeof v === 'string', 'a string');
const bool = expect((v) => typeof v === 'boolean', 'a boolean');
const oneOf = (values: readonly unknown[]): Field => expect((v) => values.includes(v), `one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);
const orNull = (f: Field): Field => (v, path, out) => {
  if (v !== null) f(v, path, out);
};
const obj = (fields: Readonly<Record<string, Field>>): Field => (v, path, out) => {
  if (!isRecord(v)) {
    out.push({ path, expected: 'an object', got: v === undefined ? 'nothing' : show(v) });
    return;
  }
  for (const [k, f] of Object.entries(fields)) f(Object.hasOwn(v, k) ? v[k] : undefined, at(path, k), out);
};
const list = (item: Field): Field => (v, path, out) => {
  if (!Array.isArray(v)) out.push({ path, expected: 'an array', got: v === undefined ? 'nothing' : show(v) });
  else v.forEach((x, i) => item(x, at(path, i), out));
};

/** An identifier that must be an own key of one of the state's tables. */
const ref = (s: Readonly<Record<string, unknown>>, kind: keyof typeof ID_TABLES): Field => {
  const table = s[ID_TABLES[kind].table];
  return expect((v) => typeof v === 'string' && isRecord(table) && Object.hasOwn(table, v), `a ${ID_TABLES[kind].noun} of the state`);
};

/** A table keyed by the scenario's identifiers of one kind, each entry of one shape. */
function table(ids: readonly unknown[] | null, entry: Field): Field {
  return (v, path, out) => {
    if (!isRecord(v)) {
      out.push({ path, expected: 'an object keyed by identifier', got: v === undefined ? 'nothing' : show(v) });
      return;
    }
    for (const [k, x] of Object.entries(v)) entry(x, at(path, k), out);
    if (ids === null) return;
    for (const id of ids) if (typeof id === 'string' && !Object.hasOwn(v, id)) out.push({ path: at(path, id), expected: 'an entry (the scenario names it)', got: 'nothing' });
    for (const k of Object.keys(v)) if (!ids.includes(k)) out.push({ path: at(path, k), expected: 'no entry (the scenario does not name it)', got: 'an entry' });
  };
}

const idsOf = (scenario: unknown, key: 'units' | 'hypervisors' | 'vms'): readonly unknown[] | null => {
  const list = isRecord(scenario) ? scenario[key] : undefined;
  return Array.isArray(list) ? list.map((x: unknown) => (isRecord(x) ? x.id : undefined)) : null;
};

const ABORT_REASONS = ['operator', 'sourceCrashed', 'targetCrashed', 'spReset', 'transferFailed', 'timeout'];

const scenarioShape = obj({
  name: str,
  nodes: list(str),
  hypervisors: list(obj({ id: str, homeNode: str })),
  vms: list(obj({ id: str, holder: str })),
  units: list(obj({ id: str, kind: oneOf(['processor', 'memory', 'io']), node: str, vm: orNull(str), unreassignable: bool })),
  bounds: obj({ faults: nat, schedChanges: nat, guestWrites: nat, attempts: nat }),
});

/**
 * Everything structurally wrong with a value that claims to be a `ServerState`: a field
 * missing or of the wrong type, a table whose keys are not the scenario's identifiers, or a
 * reference (a holder, a handover's units, a message's recipient) that is not an own key of
 * the table it points into. An empty list for every reachable state.
 *
 * @remarks
 * This is the shape the handlers rely on, below the protocol's type invariant INV-0 TypeOK
 * (properties/invariants.ts), which assumes it. It walks the whole state, so `step` runs it
 * only after a handler threw; call it directly to vet a hand-built state before stepping it.
 * @example
 * ```ts
 * stateProblems({ ...s0, sp: { epoch: -1 } });
 * // [{ path: 'state.sp.epoch', expected: 'a non-negative safe integer', got: '-1' }]
 * ```
 * @public
 */
export function stateProblems(state: unknown): readonly StateProblem[] {
  const out: StateProblem[] = [];
  if (!isRecord(state)) return [{ path: 'state', expected: 'an object', got: show(state) }];
  const s = state;
  const unit = ref(s, 'unit');
  const hv = ref(s, 'hypervisor');
  const vm = ref(s, 'vm');
  const place: Field = (v, path, o) => {
    if (isRecord(v) && v.kind === 'managed') obj({ by: hv })(v, path, o);
    else oneOf(['free', 'inFlight', 'managed'])(isRecord(v) ? v.kind : v, at(path, 'kind'), o);
  };
  const copy = obj({ node: str, version: nat, dirty: bool });
  const original = obj({ node: str, version: nat });
  const sched = obj({ vm: str, epoch: nat, version: nat, applied: nat });
  const hvBefore = obj({ config: orNull(obj({ epoch: nat })), sched: orNull(sched) });
  const shape = obj({
    scenario: scenarioShape,
    units: table(idsOf(s.scenario, 'units'), obj({
      place,
      node: str,
      vm: orNull(vm),
      pinnedTo: orNull(hv),
      written: nat,
      held: nat,
      copy: orNull(copy),
      original: orNull(original),
      ghost: obj({ before: orNull(obj({ place, node: str, pinnedTo: orNull(hv), copy: orNull(copy), original: orNull(original) })), copiedAt: list(nat) }),
    })),
    hypervisors: table(idsOf(s.scenario, 'hypervisors'), obj({
      status: oneOf(['running', 'crashed', 'retired']),
      config: orNull(obj({ epoch: nat })),
      sched: orNull(sched),
    })),
    vms: table(idsOf(s.scenario, 'vms'), obj({ holder: hv, dispatchedBy: list(hv), schedVersion: nat })),
    sp: obj({ epoch: nat }),
    channel: list(obj({ leg: oneOf(LEGS), to: hv, vm, epoch: nat, version: nat })),
    handover: orNull(obj({
      vm,
      source: hv,
      target: hv,
      epoch: nat,
      phase: oneOf(PHASES),
      targetNode: str,
      reassignable: list(unit),
      unreassignable: list(unit),
      classified: bool,
      lastSent: orNull(nat),
      versionsSent: nat,
      frozenVersion: orNull(nat),
      commits: nat,
      abortReason: orNull(oneOf(ABORT_REASONS)),
      resumedWith: orNull(nat),
      ghost: obj({ partialTransfer: bool, schedRaced: bool, recopied: bool, spReset: bool, pinDetected: bool }),
    })),
    completed: nat,
    rolledBack: nat,
    used: obj({ faults: nat, schedChanges: nat, guestWrites: nat, attempts: nat }),
    ghost: obj({
      before: orNull(obj({ holder: hv, dispatchedBy: list(hv), source: hvBefore, target: hvBefore })),
      frozenAt: orNull(nat),
      commit: orNull(obj({ spEpoch: nat, targetSched: orNull(obj({ epoch: nat, version: nat })) })),
      resume: orNull(obj({ version: orNull(nat) })),
    }),
  });
  shape(s, 'state', out);
  return out;
}

/**
 * What `step` throws when a handler threw: a {@link MalformedStateError} when the state is not
 * well-formed (the handler's error as its cause), else the handler's error itself.
 * @internal
 */
export function crashOn(state: unknown, error: unknown): unknown {
  let problems: readonly StateProblem[];
  try {
    problems = stateProblems(state);
  } catch {
    // A state too strange even to walk (a throwing getter, a cycle through a table): say so.
    problems = [{ path: 'state', expected: 'plain data', got: 'a value that cannot be read' }];
  }
  return problems.length > 0 ? new MalformedStateError(problems, { cause: error }) : error;
}
