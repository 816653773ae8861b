import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/input/errors.ts';
import { jsonErrorOffset, lineColumn, MAX_JSON_DEPTH, parseJsonText, readFailure, readJsonFile } from '../../src/input/jsonFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'vm-handover-json-'));

const failureLines = (r: ReturnType<typeof readJsonFile>): string[] => {
  if (r.ok) throw new Error('expected a failure');
  return r.error.map(formatInputError);
};

describe('readJsonFile', () => {
  it('reads a JSON file', () => {
    const path = join(dir, 'ok.json');
    writeFileSync(path, '{"a": [1, 2]}');
    expect(readJsonFile(path)).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('a missing file: "expected an existing file; got no such file"', () => {
    expect(failureLines(readJsonFile('no/such.json'))).toEqual(['no/such.json: expected an existing file; got no such file']);
  });

  it('a directory: "expected a file; got a directory"', () => {
    expect(failureLines(readJsonFile(dir))).toEqual([`${dir}: expected a file; got a directory`]);
  });

  it('other read failures name the problem', () => {
    const err = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(readFailure('f.json', err('EACCES', 'denied'))).toEqual({ file: 'f.json', path: '', expected: 'a readable file', got: 'permission denied' });
    expect(readFailure('f.json', err('EPERM', 'denied')).got).toBe('permission denied');
    expect(readFailure('f.json', err('EIO', 'i/o error')).got).toBe('i/o error');
    expect(readFailure('f.json', 'weird').got).toBe('weird');
  });

  it('malformed JSON: one error with the line and column and the engine\'s message on one line', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{\n  "nodes": ["n0",\n  "n1" "n2"]\n}\n');
    const [line] = failureLines(readJsonFile(path));
    expect(line).toMatch(new RegExp(`^${path}:3:8: expected well-formed JSON; got [^\\n]+$`));
  });
});

describe('parseJsonText positions', () => {
  it('uses the position V8 gives ("at position N")', () => {
    const r = parseJsonText('{\n "a": 1', 'x.json');
    expect(r).toMatchObject({ ok: false, error: [{ position: { line: 2, column: 8 } }] });
  });

  it('an empty file is reported at 1:1', () => {
    expect(failureLines(parseJsonText('', 'x.json'))).toEqual(['x.json:1:1: expected well-formed JSON; got Unexpected end of JSON input']);
  });

  it('line and column are 1-based', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });

  it('the scanner points at the first bad character', () => {
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('[1, 2,]')).toBe(6);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('{1: 2}')).toBe(1);
    expect(jsonErrorOffset('[1] x')).toBe(4);
    expect(jsonErrorOffset('{"a": [1, {"b": null}], "c": "\\u00e9"}')).toBeNull();
  });

  it('the scanner gives up quietly on nesting deeper than the stack', () => {
    expect(jsonErrorOffset('['.repeat(1_000_000))).toBeNull();
  });

  it(`nesting deeper than ${MAX_JSON_DEPTH} levels is refused before JSON.parse, at the bracket that goes too deep`, () => {
    expect(failureLines(parseJsonText('['.repeat(1_000_000), 'deep.json'))).toEqual([`deep.json:1:${MAX_JSON_DEPTH + 1}: expected JSON nested at most ${MAX_JSON_DEPTH} levels deep; got deeper nesting`]);
    // Well-formed but too deep: JSON.parse would take it, the validators after it would overflow.
    const deep = `{"a":\n${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
    expect(failureLines(parseJsonText(deep, 'deep.json'))).toEqual([`deep.json:2:${MAX_JSON_DEPTH}: expected JSON nested at most ${MAX_JSON_DEPTH} levels deep; got deeper nesting`]);
    // Brackets inside strings, escaped quotes included, do not count.
    const inStrings = JSON.stringify({ a: '['.repeat(500), b: '\\"{'.repeat(200) });
    expect(parseJsonText(inStrings, 'ok.json').ok).toBe(true);
    expect(parseJsonText(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`, 'ok.json').ok).toBe(true);
  });

  it('the scanner agrees with JSON.parse on which texts are JSON (seed 7, 300 texts)', () => {
    const mutated = fc
      .tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', ' ', '\n'))
      .map(([text, at, insert]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i + (insert === '' ? 1 : 0));
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), mutated, fc.string()), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(jsonErrorOffset(text) === null).toBe(valid);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
