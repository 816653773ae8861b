/**
 * Bad mappings and bad log lines: every error names the file, the line (for a log) and the JSON
 * path, and the CLI exits 2 having written nothing (issue 10, untrusted input).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/input/errors.ts';
import { mapLog, parseLogText, parseMapping } from '../../src/conformance/index.ts';
import { cli, json, tempDir, writeFile } from '../cli/helpers.ts';
import { CLEAN_LOG, exampleMapping, MAPPING_FILE, mappingJson } from './support.ts';

const mappingErrors = (patch: (m: Record<string, unknown>) => unknown): string[] => {
  const r = parseMapping(patch(structuredClone(mappingJson())), 'map.json');
  if (r.ok) throw new Error('expected the mapping to be refused');
  return r.error.map(formatInputError);
};

const records = (m: Record<string, unknown>): Record<string, Record<string, unknown[]>> => m['records'] as Record<string, Record<string, unknown[]>>;

describe('mapping files', () => {
  it('name the JSON path of each problem', () => {
    expect(mappingErrors((m) => ({ ...m, scenario: 'huge' }))).toEqual([
      expect.stringMatching(/^map\.json: \$\.scenario: expected a named scenario: one of tiny, .*, or a scenario object; got "huge"$/),
    ]);
    expect(mappingErrors((m) => { records(m)['page.copied']!['events'] = [{ type: 'source/unitCopied', page: '$page' }]; return m; })).toEqual([
      'map.json: $.records["page.copied"].events[0].page: expected a parameter of source/unitCopied: unit; got unknown key "page"',
    ]);
    expect(mappingErrors((m) => { records(m)['commit']!['pins'] = [{ var: 'vm.holder', vm: 'vm7', equals: '$owner' }]; return m; })).toEqual([
      'map.json: $.records.commit.pins[0].vm: expected a vm of scenario tiny: one of vm0; got "vm7"',
    ]);
    expect(mappingErrors((m) => { records(m)['commit']!['pins'] = [{ var: 'vm.ghost', vm: 'vm0', equals: 1 }]; return m; })).toEqual([
      'map.json: $.records.commit.pins[0].var: expected a pinned variable: one of vm.holder, vm.schedVersion, unit.place, phase; got "vm.ghost"',
    ]);
    expect(mappingErrors((m) => { records(m)['commit']!['pins'] = [{ var: 'vm.holder', equals: '$owner' }]; return m; })).toEqual([
      'map.json: $.records.commit.pins[0].vm: expected a value (vm.holder needs vm); got nothing',
    ]);
    expect(mappingErrors((m) => { records(m)['copy.done']!['events'] = [{ type: 'source/copyDone' }]; return m; })[0]).toMatch(
      /^map\.json: \$\.records\["copy\.done"\]\.events\[0\]\.type: expected one of the 29 event types/,
    );
    expect(mappingErrors((m) => ({ ...m, ignore: ['commit'] }))).toEqual(['map.json: $.ignore[0]: expected a kind of record that is not also mapped in records; got "commit"']);
    expect(mappingErrors((m) => ({ ...m, extra: 1 }))).toEqual(['map.json: $: expected only known keys; got unknown key "extra"']);
  });

  it('accept an inline scenario and report its problems under $.scenario', () => {
    const bad = mappingErrors((m) => ({ ...m, scenario: { name: 'x', nodes: [], hypervisors: [], vms: [], units: [], bounds: {} } }));
    expect(bad.every((l) => l.startsWith('map.json: $.scenario.'))).toBe(true);
    expect(bad.length).toBeGreaterThan(0);
  });
});

describe('log lines', () => {
  it('a malformed JSON line is located by line and column', () => {
    const r = parseLogText('{"op":"copy.done"}\n{"op": oops}\n', 'run.jsonl');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.map(formatInputError)).toEqual([expect.stringMatching(/^run\.jsonl:2:8: expected well-formed JSON; got /)]);
  });

  it('a record the mapping cannot read names the line and the JSON path in the record', () => {
    const mapping = exampleMapping();
    const lines = [
      '{"op":"page.copied"}',
      '{"op":"page.copied","page":"pg-9"}',
      '{"op":"teleport"}',
      '[1,2]',
      '{"op":"sched.taken","session":-1,"ver":0}',
      '{"op":"debug"}',
    ];
    const parsed = parseLogText(lines.join('\n'), 'run.jsonl');
    if (!parsed.ok) throw new Error('lines are JSON');
    const r = mapLog(mapping, parsed.value, 'run.jsonl');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map(formatInputError)).toEqual([
      'run.jsonl:1: $.page: expected a value (the mapping\'s records["page.copied"].events[0].unit reads it); got nothing',
      'run.jsonl:2: $.page: expected a unit of scenario tiny: one of u0, u1, u2; got "pg-9"',
      expect.stringMatching(/^run\.jsonl:3: \$\.op: expected a kind of record the mapping knows: one of migrate\.begin, .*debug; got "teleport"$/),
      'run.jsonl:4: $: expected a JSON object (one record per line); got [1,2]',
      'run.jsonl:5: $.session: expected an epoch (a non-negative integer); got -1',
    ]);
  });
});

describe('vm-handover validate', () => {
  it('exits 0 on the clean log and writes the reconstructed run as ITF with --out', async () => {
    const dir = tempDir('validate');
    const out = join(dir, 'run.itf.json');
    const r = await cli(['validate', CLEAN_LOG, '--mapping', MAPPING_FILE, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^CONFORMS: examples\/handover-impl\/clean\.jsonl: 52 records, 39 steps \(3 hidden\)/);
    const itf = JSON.parse(readFileSync(out, 'utf8')) as { states: unknown[] };
    expect(itf.states).toHaveLength(40);
  });

  it('exits 1 on the buggy log naming line 20, with --json', async () => {
    const r = await cli(['validate', 'examples/handover-impl/buggy.jsonl', '--mapping', MAPPING_FILE, '--json', '--max-hidden', '3']);
    expect(r.code).toBe(1);
    const j = json(r);
    expect(j).toMatchObject({ command: 'validate', status: 'diverges', line: 20, expected: 'target/unitAcquired(unit=u0) | pins units.u0.place = managed(hB)' });
    expect((j['closest'] as { disagreements: string[] }[])[0]?.disagreements[0]).toMatch(/^target\/unitAcquired\(u0\) is rejected: R-12 /);
  });

  it('prints the closest candidates on a divergence', async () => {
    const r = await cli(['validate', 'examples/handover-impl/buggy.jsonl', '--mapping', MAPPING_FILE]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('DIVERGES: examples/handover-impl/buggy.jsonl:20: no run of the specification explains record 20');
    expect(r.out).toContain('candidate 1 (no hidden step)');
    expect(r.out).toContain('failed guard: u0 is in flight');
  });

  it.each([
    ['a bad log line', () => writeFile(tempDir('v'), 'bad.jsonl', `${readFileSync(CLEAN_LOG, 'utf8')}{"op":"page.taken","page":"pg-0","by":"HV-Z"}\n`), MAPPING_FILE, /bad\.jsonl:54: \$\.by: expected a hypervisor of scenario tiny: one of hA, hB; got "HV-Z"/],
    ['a bad mapping', () => CLEAN_LOG, 'BAD', /map\.json: \$\.key: expected a string/],
    ['a missing log', () => 'nope.jsonl', MAPPING_FILE, /nope\.jsonl: expected an existing file; got no such file/],
  ])('exits 2 on %s, naming file, line and path, and writes nothing', async (_what, log, mapping, message) => {
    const dir = tempDir('v2');
    const map = mapping === 'BAD' ? writeFile(dir, 'map.json', { ...mappingJson(), key: 7 }) : mapping;
    const out = join(dir, 'run.itf.json');
    const r = await cli(['validate', log(), '--mapping', map, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 on a bad --max-hidden and without --mapping', async () => {
    expect((await cli(['validate', CLEAN_LOG, '--mapping', MAPPING_FILE, '--max-hidden', '-1'])).code).toBe(2);
    expect((await cli(['validate', CLEAN_LOG])).code).toBe(2);
  });
});
