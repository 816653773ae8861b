import { describe, expect, it } from 'vitest';
import { tiny } from '../../models/scenarios/index.ts';
import { initialState } from '../../src/model/init.ts';
import type { ItfValue } from '../../src/trace/codec.ts';
import { canonical, diffStates, diffValues, formatChange, renderValue, statePath } from '../../src/trace/diff.ts';

const none: ItfValue = { tag: 'None', value: { '#tup': [] } };
const some = (value: ItfValue): ItfValue => ({ tag: 'Some', value });
const big = (n: number): ItfValue => ({ '#bigint': String(n) });

describe('canonical: equal values have equal texts', () => {
  it('ignores the order of set elements, map entries and record fields', () => {
    expect(canonical({ '#set': ['a', 'b'] })).toBe(canonical({ '#set': ['b', 'a'] }));
    expect(canonical({ '#map': [['x', 1], ['y', 2]] })).toBe(canonical({ '#map': [['y', 2], ['x', 1]] }));
    expect(canonical({ a: 1, b: 2 })).toBe(canonical({ b: 2, a: 1 }));
  });

  it('treats a JSON integer and a #bigint of the same value as equal', () => {
    expect(canonical(3)).toBe(canonical(big(3)));
  });

  it('keeps the order of sequences and tuples, and tells sets from sequences', () => {
    expect(canonical(['a', 'b'])).not.toBe(canonical(['b', 'a']));
    expect(canonical({ '#tup': ['a', 'b'] })).not.toBe(canonical({ '#tup': ['b', 'a'] }));
    expect(canonical({ '#set': ['a'] })).not.toBe(canonical(['a']));
  });
});

describe('diffValues', () => {
  it('finds nothing between equal values', () => {
    expect(diffValues({ '#set': ['a', 'b'] }, { '#set': ['b', 'a'] })).toEqual([]);
  });

  it('goes into records, maps and same-tag variants, and reports added and removed keys', () => {
    const a: ItfValue = { m: { '#map': [['u0', some({ x: big(1) })], ['u1', 'gone']] } };
    const b: ItfValue = { m: { '#map': [['u0', some({ x: big(2) })], ['u2', 'new']] } };
    expect(diffValues(a, b)).toEqual([
      { kind: 'changed', path: ['m', 'u0', 'x'], before: big(1), after: big(2) },
      { kind: 'removed', path: ['m', 'u1'], before: 'gone' },
      { kind: 'added', path: ['m', 'u2'], after: 'new' },
    ]);
  });

  it('reports a change of variant tag, or of a set, as one change of the whole value', () => {
    expect(diffValues({ p: none }, { p: some('x') })).toEqual([{ kind: 'changed', path: ['p'], before: none, after: some('x') }]);
    expect(diffValues({ '#set': ['a'] }, { '#set': ['a', 'b'] })).toHaveLength(1);
  });

  it('reports sequences as elements removed and added (a multiset difference)', () => {
    expect(diffValues(['a', 'b', 'b'], ['b', 'c'])).toEqual([
      { kind: 'removed', path: [], before: 'a' },
      { kind: 'removed', path: [], before: 'b' },
      { kind: 'added', path: [], after: 'c' },
    ]);
  });

  it('reports a reordered sequence as one change', () => {
    expect(diffValues(['a', 'b'], ['b', 'a'])).toEqual([{ kind: 'changed', path: [], before: ['a', 'b'], after: ['b', 'a'] }]);
  });

  it('compares map keys that are not strings by their canonical text', () => {
    expect(diffValues({ '#map': [[big(1), 'a']] }, { '#map': [[big(1), 'b']] })).toEqual([
      { kind: 'changed', path: ['1'], before: 'a', after: 'b' },
    ]);
  });
});

describe('diffStates', () => {
  it('names the changed variables of two server states by path', () => {
    const s = initialState(tiny);
    const t = { ...s, completed: 1, units: { ...s.units, u1: { ...s.units['u1']!, place: { kind: 'inFlight' } as const } } };
    expect(diffStates(s, t).map((c) => formatChange(c))).toEqual(['units.u1.place: managed(hA) -> inFlight', 'completed: 0 -> 1']);
  });
});

describe('renderValue', () => {
  it('renders each ITF form compactly', () => {
    expect(renderValue(none)).toBe('none');
    expect(renderValue(some(big(4)))).toBe('4');
    expect(renderValue({ tag: 'managed', value: 'hA' })).toBe('managed(hA)');
    expect(renderValue({ tag: 'free', value: { '#tup': [] } })).toBe('free');
    expect(renderValue({ '#set': ['a', 'b'] })).toBe('{a, b}');
    expect(renderValue({ '#map': [['u0', true]] })).toBe('{u0: true}');
    expect(renderValue({ '#tup': [1, 'x'] })).toBe('(1, x)');
    expect(renderValue(['a', 2])).toBe('[a, 2]');
    expect(renderValue({ epoch: big(1) })).toBe('{epoch: 1}');
    expect(renderValue({ '#unserializable': 'fn' })).toBe('<fn>');
    expect(renderValue('two words')).toBe('"two words"');
  });

  it('cuts long values with an ellipsis at the width', () => {
    const text = renderValue({ '#set': Array.from({ length: 50 }, (_, i) => `u${i}`) }, 20);
    expect(text).toHaveLength(20);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('statePath and formatChange', () => {
  it('writes paths without the leading $ and quotes keys that are not identifiers', () => {
    expect(statePath(['units', 'u1', 'place'])).toBe('units.u1.place');
    expect(statePath(['mbt::x'])).toBe('["mbt::x"]');
    expect(statePath(['channel', 0])).toBe('channel[0]');
    expect(statePath([])).toBe('(whole state)');
  });

  it('formats added, removed and changed values', () => {
    expect(formatChange({ kind: 'added', path: ['channel'], after: { leg: 'toSp' } })).toBe('channel: added {leg: toSp}');
    expect(formatChange({ kind: 'removed', path: ['units', 'u9'], before: 'x' })).toBe('units.u9: removed x');
    expect(formatChange({ kind: 'changed', path: ['sp', 'epoch'], before: big(0), after: big(1) })).toBe('sp.epoch: 0 -> 1');
  });
});
