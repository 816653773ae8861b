import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tiny } from '../../models/scenarios/index.ts';
import { formatInputError } from '../../src/input/errors.ts';
import { itfText, loadTraceFile, saveTraceFile } from '../../src/trace/file.ts';
import { recordTrace } from '../../src/trace/trace.ts';
import { PIN_THEN_RELEASE } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'vm-handover-trace-'));
const trace = recordTrace(tiny, PIN_THEN_RELEASE.slice(0, 8)).trace;

const lines = (path: string): string[] => {
  const r = loadTraceFile(path);
  if (r.ok) throw new Error('expected the load to fail');
  return r.error.map(formatInputError);
};

describe('ITF trace files', () => {
  it('a saved trace loads back equal, from indented JSON ending in a newline', async () => {
    const path = join(dir, 'run.itf.json');
    await saveTraceFile(path, trace);
    expect(readFileSync(path, 'utf8')).toBe(itfText(trace));
    expect(itfText(trace).endsWith('}\n')).toBe(true);
    expect(loadTraceFile(path)).toEqual({ ok: true, value: trace });
  });

  it('a missing file is one error naming the file', () => {
    expect(lines(join(dir, 'nope.itf.json'))).toEqual([`${join(dir, 'nope.itf.json')}: expected an existing file; got no such file`]);
  });

  it('malformed JSON is one error with the line and column', () => {
    const path = join(dir, 'broken.itf.json');
    writeFileSync(path, '{\n  "vars": [1,\n}\n');
    expect(lines(path)).toEqual([expect.stringMatching(new RegExp(`^${path}:3:1: expected well-formed JSON; got `)) as unknown]);
  });

  it('a JSON file of the wrong schema names the file, the JSON path and what was expected', () => {
    const path = join(dir, 'scenario-not-trace.json');
    writeFileSync(path, JSON.stringify(tiny));
    expect(lines(path)).toEqual([
      `${path}: $["#meta"]: expected an object; got nothing`,
      `${path}: $.vars: expected an array; got nothing`,
      `${path}: $.states: expected an array; got nothing`,
    ]);
  });
});
