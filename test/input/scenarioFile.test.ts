import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarios, tiny } from '../../models/scenarios/index.ts';
import { formatInputError } from '../../src/input/errors.ts';
import type { Result } from '../../src/input/result.ts';
import { loadScenarioFile, parseScenario } from '../../src/input/scenarioFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'vm-handover-scenario-'));

const lines = (r: Result<unknown, readonly Parameters<typeof formatInputError>[0][]>): string[] => {
  if (r.ok) throw new Error('expected a failure');
  return r.error.map(formatInputError);
};

/** A scenario as mutable JSON, to break on purpose. */
interface Editable {
  [key: string]: unknown;
  nodes: string[];
  hypervisors: Record<string, unknown>[];
  vms: Record<string, unknown>[];
  units: Record<string, unknown>[];
  bounds: Record<string, unknown>;
}

/** `tiny` as JSON with one change applied. */
const tinyWith = (edit: (s: Editable) => void): unknown => {
  const s = JSON.parse(JSON.stringify(tiny)) as Editable;
  edit(s);
  return s;
};

describe('parseScenario accepts the named scenarios of configurations.md', () => {
  for (const [name, scenario] of Object.entries(scenarios))
    it(`${name} parses to itself`, () => {
      expect(parseScenario(JSON.parse(JSON.stringify(scenario)), `${name}.json`)).toEqual({ ok: true, value: scenario });
    });

  it('a file without a description gets an empty one', () => {
    const { description: _, ...rest } = tiny;
    expect(parseScenario(rest, 's.json')).toEqual({ ok: true, value: { ...tiny, description: '' } });
  });
});

describe('parseScenario shape errors name the JSON path and what was expected', () => {
  it('wrong types, unknown kinds, missing fields and unknown keys', () => {
    const json = tinyWith((s) => {
      Object.assign(s.units[0]!, { kind: 'disk', node: 3 });
      delete s.units[1]!['vm'];
      s['extra'] = true;
    });
    expect(lines(parseScenario(json, 'scenario.json'))).toEqual([
      'scenario.json: $.units[0].kind: expected one of "processor", "memory", "io"; got "disk"',
      'scenario.json: $.units[0].node: expected a node identifier (a string); got 3',
      'scenario.json: $.units[1].vm: expected a VM identifier (a string) or null; got nothing',
      'scenario.json: $: expected only known keys; got unknown key "extra"',
    ]);
  });

  it('bounds must be non-negative integers and allow at least one attempt', () => {
    const json = tinyWith((s) => {
      Object.assign(s.bounds, { faults: -1, schedChanges: 1.5, attempts: 0 });
    });
    expect(lines(parseScenario(json, 'scenario.json'))).toEqual([
      'scenario.json: $.bounds.faults: expected a non-negative integer; got -1',
      'scenario.json: $.bounds.schedChanges: expected a non-negative integer; got 1.5',
      'scenario.json: $.bounds.attempts: expected a positive integer (at least one handover attempt); got 0',
    ]);
  });

  it('at least two hypervisors (C1.1: a source and a target)', () => {
    const json = tinyWith((s) => {
      s.hypervisors = [s.hypervisors[0]!];
    });
    expect(lines(parseScenario(json, 'scenario.json'))).toEqual([
      'scenario.json: $.hypervisors: expected at least 2 hypervisors (a source and a target, C1.1); got [{"id":"hA","homeNode":"n0"}]',
    ]);
  });

  it('not an object at all', () => {
    expect(lines(parseScenario('tiny', 'scenario.json'))).toEqual(['scenario.json: $: expected an object; got "tiny"']);
  });
});

describe('parseScenario cross-reference errors', () => {
  it('every unit on a declared node, with a declared VM; ids unique', () => {
    const json = tinyWith((s) => {
      s.units.push({ id: 'u1', kind: 'memory', node: 'n7', vm: 'vm9', unreassignable: false });
    });
    expect(lines(parseScenario(json, 'scenario.json'))).toEqual([
      'scenario.json: $.units[3].id: expected a unique unit id (already used at index 1); got "u1"',
      'scenario.json: $.units[3].node: expected one of n0, n1; got "n7"',
      'scenario.json: $.units[3].vm: expected one of vm0; got "vm9"',
    ]);
  });

  it('every VM held by a declared hypervisor, every home node declared, no node, hypervisor or VM twice', () => {
    const json = tinyWith((s) => {
      s.nodes.push('n0');
      s.hypervisors.push({ id: 'hA', homeNode: 'n9' });
      s.vms.push({ id: 'vm0', holder: 'hZ' });
    });
    expect(lines(parseScenario(json, 'scenario.json'))).toEqual([
      'scenario.json: $.nodes[2]: expected a unique node (already used at index 0); got "n0"',
      'scenario.json: $.hypervisors[2].id: expected a unique hypervisor id (already used at index 0); got "hA"',
      'scenario.json: $.vms[1].id: expected a unique VM id (already used at index 0); got "vm0"',
      'scenario.json: $.hypervisors[2].homeNode: expected one of n0, n1; got "n9"',
      'scenario.json: $.vms[1].holder: expected one of hA, hB; got "hZ"',
    ]);
  });

  it('cross-references are checked only once the shape is valid, so their paths exist', () => {
    const json = tinyWith((s) => {
      Object.assign(s.units[0]!, { node: 'n7' });
      Object.assign(s.bounds, { faults: 'many' });
    });
    expect(lines(parseScenario(json, 'scenario.json'))).toEqual(['scenario.json: $.bounds.faults: expected a non-negative integer; got "many"']);
  });

  it('a scenario embedded in another document reports paths inside it', () => {
    const json = tinyWith((s) => Object.assign(s.units[0]!, { node: 'n7' }));
    expect(lines(parseScenario(json, 't.itf.json', ['#meta', 'scenario']))).toEqual([
      't.itf.json: $["#meta"].scenario.units[0].node: expected one of n0, n1; got "n7"',
    ]);
  });
});

describe('loadScenarioFile', () => {
  it('loads a scenario file', () => {
    const path = join(dir, 'tiny.json');
    writeFileSync(path, JSON.stringify(tiny, null, 2));
    expect(loadScenarioFile(path)).toEqual({ ok: true, value: tiny });
  });

  it('a missing file, malformed JSON and a wrong schema each give an error naming the file', () => {
    const malformed = join(dir, 'malformed.json');
    writeFileSync(malformed, '{"name": "x",}');
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ ...tiny, units: [{ ...tiny.units[0], node: 'n7' }] }));
    expect(lines(loadScenarioFile(join(dir, 'missing.json')))).toEqual([`${join(dir, 'missing.json')}: expected an existing file; got no such file`]);
    expect(lines(loadScenarioFile(malformed))).toEqual([expect.stringMatching(new RegExp(`^${malformed}:1:14: expected well-formed JSON; got `)) as unknown]);
    expect(lines(loadScenarioFile(wrong))).toEqual([`${wrong}: $.units[0].node: expected one of n0, n1; got "n7"`]);
  });
});
