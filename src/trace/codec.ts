/**
 * ITF value codecs: each pairs a Zod schema that validates an ITF value and decodes it, with the
 * encoder that writes it, so that the two directions are defined side by side and cannot drift.
 *
 * @remarks
 * The Informal Trace Format (Apalache ADR-015, also written and read by Quint) has JSON strings,
 * booleans and arrays (sequences) plus tagged objects: `{"#bigint": "42"}`, `{"#tup": [...]}`,
 * `{"#set": [...]}`, `{"#map": [[k, v], ...]}`, `{"#unserializable": "..."}`, records as plain
 * objects, and Quint's sum-type variants `{"tag": "Some", "value": ...}`.
 *
 * Choices made here, as Quint makes them: integers are written as `#bigint` (ADR-015 allows plain
 * JSON numbers below 2^53 and the decoder accepts both); `null` is Quint's `Option`, i.e.
 * `{"tag": "None", "value": {"#tup": []}}` or `{"tag": "Some", "value": v}`; the unit value is the
 * empty tuple. We never write `#unserializable` (every state is plain data) and the decoder
 * rejects it like any other value of the wrong shape.
 */
import { z } from 'zod';
import { customIssue, describeValue } from '../input/errors.ts';

/**
 * A value in the Informal Trace Format.
 * @public
 */
export type ItfValue =
  | boolean
  | string
  | number
  | readonly ItfValue[]
  | { readonly '#bigint': string }
  | { readonly '#tup': readonly ItfValue[] }
  | { readonly '#set': readonly ItfValue[] }
  | { readonly '#map': readonly (readonly [ItfValue, ItfValue])[] }
  | { readonly '#unserializable': string }
  | { readonly tag: string; readonly value: ItfValue }
  | { readonly [field: string]: ItfValue };

/**
 * A two-way mapping between model values of type `T` and ITF values.
 * @public
 */
export interface Codec<T> {
  /** Validates an ITF value and decodes it to `T`; issues carry the JSON path inside the value. */
  readonly schema: z.ZodType<T>;
  /** Writes a model value as an ITF value. */
  encode(value: T): ItfValue;
}

/** The model type a codec decodes to. @public */
export type CodecOf<C> = C extends Codec<infer T> ? T : never;

/** Quint's unit value, the empty tuple: the payload of a variant that carries nothing. @public */
export const UNIT: ItfValue = { '#tup': [] };

/**
 * The schema of the unit value. Older Quint versions wrote it as `{}`: accept both, write the tuple.
 * @internal
 */
export const unitSchema = z.union([z.strictObject({ '#tup': z.tuple([]) }), z.strictObject({})], {
  error: 'expected the unit value {"#tup": []}',
});

/**
 * Integers: written `{"#bigint": "42"}`; read from that or from a plain JSON integer. Values
 * outside JavaScript's safe range are refused: the model never makes them.
 * @public
 */
export const int: Codec<number> = {
  schema: z
    .union([z.int(), z.strictObject({ '#bigint': z.string().regex(/^-?[0-9]+$/, { error: 'expected decimal digits, e.g. "42"' }) })], {
      error: 'expected an integer: {"#bigint": "<decimal digits>"} or a JSON integer',
    })
    .transform((v, ctx) => {
      const n = typeof v === 'number' ? v : Number(v['#bigint']);
      if (Number.isSafeInteger(n)) return n;
      ctx.addIssue(customIssue([], 'an integer of magnitude below 2^53', describeValue(v)));
      return z.NEVER;
    }),
  encode: (n) => ({ '#bigint': String(n) }),
};

/** Strings (identifiers), written as JSON strings. @public */
export const str: Codec<string> = { schema: z.string(), encode: (s) => s };

/** Booleans, written as JSON booleans. @public */
export const bool: Codec<boolean> = { schema: z.boolean(), encode: (b) => b };

/**
 * One of a fixed list of strings (a phase, a status), written as a JSON string.
 * @public
 */
export function literals<const L extends readonly [string, ...string[]]>(values: L): Codec<L[number]> {
  return { schema: z.enum(values) as unknown as z.ZodType<L[number]>, encode: (s) => s };
}

/**
 * `T | null` as Quint's `Option`: `{"tag": "Some", "value": v}` or `{"tag": "None", "value": {"#tup": []}}`.
 * @public
 */
export function option<T>(c: Codec<T>): Codec<T | null> {
  return {
    schema: z
      .discriminatedUnion(
        'tag',
        [z.strictObject({ tag: z.literal('Some'), value: c.schema }), z.strictObject({ tag: z.literal('None'), value: unitSchema })],
        { error: (i) => (i.code === 'invalid_union' ? 'expected an Option: {"tag": "Some", "value": ...} or {"tag": "None", "value": {"#tup": []}}' : undefined) },
      )
      .transform((v) => (v.tag === 'Some' ? (v.value as T) : null)),
    encode: (v) => (v === null ? { tag: 'None', value: UNIT } : { tag: 'Some', value: c.encode(v) }),
  };
}

/** Codecs for the fields of a record. @public */
export type Shape = { readonly [field: string]: Codec<unknown> };

/** The model type a record codec decodes to. @public */
export type RecordOf<S extends Shape> = { readonly [K in keyof S]: CodecOf<S[K]> };

/**
 * A record with fixed fields, written as a plain JSON object (ITF records). Unknown fields are
 * refused: a typo in a hand-edited trace is reported, not silently dropped.
 * @public
 */
export function record<S extends Shape>(shape: S): Codec<RecordOf<S>> {
  const fields = Object.keys(shape);
  const schemas = Object.fromEntries(fields.map((f) => [f, shape[f]!.schema]));
  return {
    schema: z.strictObject(schemas) as unknown as z.ZodType<RecordOf<S>>,
    encode: (v) => {
      const out: Record<string, ItfValue> = {};
      for (const f of fields) out[f] = shape[f]!.encode((v as Readonly<Record<string, unknown>>)[f]);
      return out;
    },
  };
}

/**
 * A record keyed by identifiers (our `Record<UnitId, UnitState>` and the like) as an ITF map
 * `{"#map": [["u0", v0], ["u1", v1]]}` (a TLA+ function). Entries keep the record's order; a key
 * given twice is refused.
 * @public
 */
export function map<T>(c: Codec<T>): Codec<Readonly<Record<string, T>>> {
  return {
    schema: z
      .strictObject({ '#map': z.array(z.tuple([z.string(), c.schema])) }, { error: 'expected a map: {"#map": [[key, value], ...]}' })
      .transform((v, ctx) => {
        const out: Record<string, T> = {};
        v['#map'].forEach(([k, x], i) => {
          if (Object.hasOwn(out, k)) ctx.addIssue(customIssue(['#map', i, 0], 'a key not already in the map', describeValue(k)));
          else out[k] = x as T;
        });
        return out;
      }),
    encode: (r) => ({ '#map': Object.entries(r).map(([k, x]) => [k, c.encode(x)] as const) }),
  };
}

/**
 * An array whose order carries no meaning, as an ITF set `{"#set": [...]}`. The decoder keeps the
 * order it reads (so our own traces round-trip exactly) and refuses repeated elements; comparisons
 * of states ignore the order (src/trace/diff.ts).
 * @public
 */
export function set<T>(c: Codec<T>): Codec<readonly T[]> {
  return {
    schema: z
      .strictObject({ '#set': z.array(c.schema) }, { error: 'expected a set: {"#set": [...]}' })
      .transform((v, ctx) => {
        const seen = new Set<string>();
        v['#set'].forEach((x, i) => {
          const key = JSON.stringify(x);
          if (seen.has(key)) ctx.addIssue(customIssue(['#set', i], 'an element not already in the set', describeValue(x)));
          seen.add(key);
        });
        return v['#set'] as T[];
      }),
    encode: (xs) => ({ '#set': xs.map((x) => c.encode(x)) }),
  };
}

/**
 * An array whose order matters (a TLA+ sequence), as a plain JSON array.
 * @public
 */
export function seq<T>(c: Codec<T>): Codec<readonly T[]> {
  return {
    schema: z.array(c.schema, { error: 'expected a sequence (a JSON array)' }) as unknown as z.ZodType<readonly T[]>,
    encode: (xs) => xs.map((x) => c.encode(x)),
  };
}
