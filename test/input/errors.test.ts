import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue, formatInputError, fromZodError, jsonPath } from '../../src/input/errors.ts';

describe('formatInputError', () => {
  it('gives one line: file, JSON path, what was expected, what was found', () => {
    expect(formatInputError({ file: 'scenario.json', path: '$.units[2].node', expected: 'one of n0, n1', got: '"n7"' })).toBe(
      'scenario.json: $.units[2].node: expected one of n0, n1; got "n7"',
    );
  });

  it('leaves out an empty path and a missing "got", and puts a text position after the file', () => {
    expect(formatInputError({ file: 'a.json', path: '', expected: 'an existing file' })).toBe('a.json: expected an existing file');
    expect(formatInputError({ file: 'a.json', path: '', expected: 'well-formed JSON', got: 'oops', position: { line: 3, column: 5 } })).toBe(
      'a.json:3:5: expected well-formed JSON; got oops',
    );
  });
});

describe('jsonPath', () => {
  it('writes identifiers with dots, indices in brackets and other keys quoted', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['units', 2, 'node'])).toBe('$.units[2].node');
    expect(jsonPath(['#meta', 'scenario'])).toBe('$["#meta"].scenario');
    expect(jsonPath(['states', 0, 'mbt::actionTaken'])).toBe('$.states[0]["mbt::actionTaken"]');
  });
});

describe('describeValue', () => {
  it('quotes strings, shows missing values as "nothing" and cuts long values', () => {
    expect(describeValue('n7')).toBe('"n7"');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue({ a: 1 })).toBe('{"a":1}');
    const long = describeValue('x'.repeat(200));
    expect(long).toHaveLength(60);
    expect(long.endsWith('…')).toBe(true);
  });

  it('falls back to String for what JSON cannot write', () => {
    expect(describeValue(10n)).toBe('10');
    expect(describeValue(() => 1)).toBe('() => 1');
  });
});

describe('fromZodError words every kind of Zod issue as "expected ...; got ..."', () => {
  const one = (schema: z.ZodType, value: unknown): string => {
    const r = schema.safeParse(value, { reportInput: true });
    if (r.success) throw new Error('expected a failure');
    return fromZodError('f.json', r.error).map(formatInputError).join(' | ');
  };

  it('sizes of arrays, strings and numbers', () => {
    expect(one(z.array(z.int()).min(1), [])).toBe('f.json: $: expected at least 1 item; got []');
    expect(one(z.array(z.int()).min(2), [1])).toBe('f.json: $: expected at least 2 items; got [1]');
    expect(one(z.array(z.int()).max(1), [1, 2])).toBe('f.json: $: expected at most 1 item; got [1,2]');
    expect(one(z.array(z.int()).max(2), [1, 2, 3])).toBe('f.json: $: expected at most 2 items; got [1,2,3]');
    expect(one(z.string().min(1), '')).toBe('f.json: $: expected a non-empty string; got ""');
    expect(one(z.string().min(3), 'ab')).toBe('f.json: $: expected a string of at least 3 characters; got "ab"');
    expect(one(z.string().max(1), 'ab')).toBe('f.json: $: expected a string of at most 1 characters; got "ab"');
    expect(one(z.number().min(0), -1)).toBe('f.json: $: expected a number >= 0; got -1');
    expect(one(z.number().gt(0), 0)).toBe('f.json: $: expected a number > 0; got 0');
    expect(one(z.number().max(5), 6)).toBe('f.json: $: expected a number <= 5; got 6');
    expect(one(z.number().lt(5), 5)).toBe('f.json: $: expected a number < 5; got 5');
  });

  it('types, literals, formats and the rest', () => {
    expect(one(z.int(), 1.5)).toBe('f.json: $: expected an integer; got 1.5');
    expect(one(z.array(z.int()), {})).toBe('f.json: $: expected an array; got {}');
    expect(one(z.boolean(), 'yes')).toBe('f.json: $: expected a boolean; got "yes"');
    expect(one(z.literal('ITF'), 'itf')).toBe('f.json: $: expected "ITF"; got "itf"');
    expect(one(z.string().regex(/^a+$/), 'b')).toBe('f.json: $: expected a string matching /^a+$/; got "b"');
    expect(one(z.email(), 'b')).toMatch(/^f\.json: \$: expected a string matching .+; got "b"$/);
    expect(one(z.string().startsWith('x'), 'b')).toBe('f.json: $: expected a string in starts_with format; got "b"');
    expect(one(z.number().multipleOf(2), 3)).toBe('f.json: $: expected a multiple of 2; got 3');
    expect(one(z.union([z.string(), z.int()]), true)).toBe('f.json: $: expected a string or a number; got true');
    expect(one(z.discriminatedUnion('k', [z.object({ k: z.literal('a') })]), { k: 'b' })).toBe('f.json: $.k: expected a valid value; got "b"');
    expect(one(z.record(z.string().max(1), z.int()), { bb: 1 })).toBe('f.json: $.bb: expected a valid value; got "bb"');
  });

  it('a prefix places the errors inside a larger document', () => {
    const r = z.strictObject({ a: z.int() }).safeParse({ a: 'x' }, { reportInput: true });
    if (r.success) throw new Error('expected a failure');
    expect(fromZodError('f.json', r.error, ['outer', 0]).map((e) => e.path)).toEqual(['$.outer[0].a']);
  });
});
