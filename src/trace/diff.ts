/**
 * What changed between two server states, as a list of small changes with their paths:
 * `units.u1.place: managed(hA) -> inFlight`.
 *
 * @remarks
 * The comparison runs on the ITF encodings of the states (src/trace/schema.ts), because the
 * encoding knows which arrays are sets: two states that differ only in the order of a set's
 * elements (as another ITF tool may write them) are equal here. Maps and records are compared
 * key by key, Quint variants of the same tag through their payload (so a change inside the
 * handover reads `handover.phase`, not `handover`), sequences element by element as multisets of
 * added and removed elements. Replay uses the first change between the recorded and the replayed
 * state as the divergence it reports.
 *
 * This is the one rendering of state changes: the CLI's step table, the checker's failure report
 * (src/checker/report.ts) and the trace page (src/view) all use it. It names no variable of the
 * state, so it follows the model's state as it changes.
 */
import type { ServerState } from '../model/state.ts';
import type { PathSegment } from '../input/errors.ts';
import { jsonPath } from '../input/errors.ts';
import type { ItfValue } from './codec.ts';
import { encodeState } from './schema.ts';

/**
 * One difference between two values at a path.
 * @public
 */
export type Change =
  | { readonly kind: 'changed'; readonly path: readonly PathSegment[]; readonly before: ItfValue; readonly after: ItfValue }
  | { readonly kind: 'added'; readonly path: readonly PathSegment[]; readonly after: ItfValue }
  | { readonly kind: 'removed'; readonly path: readonly PathSegment[]; readonly before: ItfValue };

type Obj = { readonly [k: string]: ItfValue };

/** The value as a JSON object, or null for strings, numbers, booleans and arrays. */
const obj = (v: ItfValue): Obj | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : null);
const isVariant = (v: ItfValue): v is { readonly tag: string; readonly value: ItfValue } => {
  const o = obj(v);
  return o !== null && Object.keys(o).length === 2 && typeof o['tag'] === 'string' && Object.hasOwn(o, 'value');
};
const isUnit = (v: ItfValue): boolean => asList(v, '#tup')?.length === 0;
const isRecord = (v: ItfValue): v is Obj => obj(v) !== null && !isVariant(v) && !Object.keys(v).some((k) => k.startsWith('#'));
/** The array under a tagged key (`#set`, `#map`, `#tup`), or null. */
function asList(v: ItfValue, key: string): readonly ItfValue[] | null {
  const list = obj(v)?.[key];
  return Array.isArray(list) ? (list as readonly ItfValue[]) : null;
}
const mapEntries = (v: ItfValue): Map<string, ItfValue> | null => {
  const list = asList(v, '#map');
  if (list === null) return null;
  // Our map keys are identifiers; any other key is compared by its canonical text.
  return new Map((list as readonly (readonly [ItfValue, ItfValue])[]).map(([k, x]) => [typeof k === 'string' ? k : canonical(k), x]));
};

/**
 * A canonical text of an ITF value: equal texts mean equal values, whatever the order of set
 * elements, map entries and record fields, and whether integers are numbers or `#bigint`.
 * @public
 */
export function canonical(v: ItfValue): string {
  if (typeof v !== 'object' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Obj;
  if (typeof o['#bigint'] === 'string') return o['#bigint'];
  const set = asList(o, '#set');
  if (set !== null) return `#set{${set.map(canonical).sort().join(',')}}`;
  const map = asList(o, '#map');
  if (map !== null)
    return `#map{${(map as readonly (readonly [ItfValue, ItfValue])[]).map(([k, x]) => `${canonical(k)}:${canonical(x)}`).sort().join(',')}}`;
  const fields = Object.keys(o).sort();
  return `{${fields.map((k) => `${JSON.stringify(k)}:${canonical(o[k]!)}`).join(',')}}`;
}

/**
 * Differences between two ITF values, in a stable order (fields, then keys, as they appear).
 * @public
 */
export function diffValues(a: ItfValue, b: ItfValue, path: readonly PathSegment[] = []): Change[] {
  if (canonical(a) === canonical(b)) return [];
  if (isVariant(a) && isVariant(b) && a.tag === b.tag) return diffValues(a.value, b.value, path);
  const ma = mapEntries(a);
  const mb = mapEntries(b);
  if (ma !== null && mb !== null) return diffKeyed(ma, mb, path);
  if (isRecord(a) && isRecord(b)) return diffKeyed(new Map(Object.entries(a)), new Map(Object.entries(b)), path);
  if (Array.isArray(a) && Array.isArray(b)) {
    const gone = multisetMinus(a, b).map((before): Change => ({ kind: 'removed', path, before }));
    const come = multisetMinus(b, a).map((after): Change => ({ kind: 'added', path, after }));
    if (gone.length + come.length > 0) return [...gone, ...come];
  }
  return [{ kind: 'changed', path, before: a, after: b }];
}

function diffKeyed(a: ReadonlyMap<string, ItfValue>, b: ReadonlyMap<string, ItfValue>, path: readonly PathSegment[]): Change[] {
  const out: Change[] = [];
  for (const [k, x] of a) {
    const y = b.get(k);
    out.push(...(y === undefined ? [{ kind: 'removed', path: [...path, k], before: x } as const] : diffValues(x, y, [...path, k])));
  }
  for (const [k, y] of b) if (!a.has(k)) out.push({ kind: 'added', path: [...path, k], after: y });
  return out;
}

/** The elements of `a` not matched by an equal element of `b` (with multiplicity). */
function multisetMinus(a: readonly ItfValue[], b: readonly ItfValue[]): ItfValue[] {
  const left = new Map<string, number>();
  for (const y of b) left.set(canonical(y), (left.get(canonical(y)) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(canonical(x)) ?? 0;
    if (n > 0) left.set(canonical(x), n - 1);
    return n === 0;
  });
}

/**
 * Differences between two server states' variables (the scenario is a constant and not compared).
 * @public
 */
export function diffStates(before: ServerState, after: ServerState): Change[] {
  return diffValues(encodeState(before), encodeState(after));
}

/** Default width beyond which rendered values are cut with an ellipsis. @public */
export const RENDER_WIDTH = 72;

const PLAIN = /^[A-Za-z0-9_./:-]+$/;

/**
 * A compact, readable rendering of an ITF value: `none` for Quint's `None`, the payload for
 * `Some`, `tag(payload)` for other variants, `{a, b}` for sets, `{k: v}` for maps and records.
 * @public
 */
export function renderValue(v: ItfValue, width: number = RENDER_WIDTH): string {
  const text = render(v);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function render(v: ItfValue): string {
  if (typeof v === 'string') return PLAIN.test(v) ? v : JSON.stringify(v);
  if (typeof v !== 'object' || v === null) return String(v);
  if (Array.isArray(v)) return `[${v.map(render).join(', ')}]`;
  const o = v as Obj;
  if (typeof o['#bigint'] === 'string') return o['#bigint'];
  if (typeof o['#unserializable'] === 'string') return `<${o['#unserializable']}>`;
  const tup = asList(o, '#tup');
  if (tup !== null) return `(${tup.map(render).join(', ')})`;
  const set = asList(o, '#set');
  if (set !== null) return `{${set.map(render).join(', ')}}`;
  const map = asList(o, '#map');
  if (map !== null) return `{${(map as readonly (readonly [ItfValue, ItfValue])[]).map(([k, x]) => `${render(k)}: ${render(x)}`).join(', ')}}`;
  if (isVariant(o)) {
    if (o.tag === 'None') return 'none';
    if (o.tag === 'Some') return render(o.value);
    return isUnit(o.value) ? o.tag : `${o.tag}(${render(o.value)})`;
  }
  return `{${Object.entries(o).map(([k, x]) => `${k}: ${render(x)}`).join(', ')}}`;
}

/** A path inside a state without the leading `$`: `units.u1.place`. @public */
export function statePath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(whole state)';
  const p = jsonPath(path);
  return p.startsWith('$.') ? p.slice(2) : p.slice(1);
}

/**
 * One line per change: `units.u1.place: managed(hA) -> inFlight`, `channel: added {leg: toSp, to: hB, …}`.
 * @public
 */
export function formatChange(c: Change, width: number = RENDER_WIDTH): string {
  const at = statePath(c.path);
  if (c.kind === 'added') return `${at}: added ${renderValue(c.after, width)}`;
  if (c.kind === 'removed') return `${at}: removed ${renderValue(c.before, width)}`;
  return `${at}: ${renderValue(c.before, width)} -> ${renderValue(c.after, width)}`;
}
