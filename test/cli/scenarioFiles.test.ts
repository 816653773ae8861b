import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/input/scenarioFile.ts';
import { cli, json, micro, tempDir, writeFile } from './helpers.ts';

const EXAMPLE = 'models/scenarios/example.json';
const repoFile = (p: string): string => new URL(`../../${p}`, import.meta.url).pathname;

describe('the example scenario file of docs/cli.md', () => {
  it('loads and validates: 3 nodes, the target on n2, 5 units of which one is unreassignable', () => {
    const r = loadScenarioFile(repoFile(EXAMPLE));
    if (!r.ok) throw new Error(r.error.map((e) => e.expected).join('\n'));
    expect(r.value.name).toBe('example');
    expect(r.value.nodes).toEqual(['n0', 'n1', 'n2']);
    expect(r.value.hypervisors).toEqual([{ id: 'hA', homeNode: 'n0' }, { id: 'hB', homeNode: 'n2' }]);
    expect(r.value.units.map((u) => u.id)).toEqual(['cpu0', 'mem0', 'mem1', 'mem2', 'nic0']);
    expect(r.value.units.filter((u) => u.unreassignable).map((u) => u.id)).toEqual(['nic0']);
  });

  it('passes `check` (seed 42, 300 runs): every witness reached, every event type taken, exit 0', async () => {
    const out = tempDir('example');
    const r = await cli(['check', '--scenario-file', repoFile(EXAMPLE), '--seed', '42', '--runs', '300', '--out', out, '--json']);
    expect(json(r)).toMatchObject({ status: 'ok', scenario: 'example', random: { status: 'ok', runs: 300 }, exhaustive: null, counterexample: null });
    expect(r.code).toBe(0);
  });
});

describe('scenario files given to check, explore and monitor', () => {
  const dir = tempDir('scenario-files');

  it('a valid file in a temporary directory works like a named scenario', async () => {
    const file = writeFile(dir, 'mine.json', { ...micro, name: 'mine', description: 'mine' });
    const r = await cli(['check', '--scenario-file', file, '--seed', '9', '--runs', '5', '--explore', 'never', '--out', dir]);
    expect(r.code).not.toBe(2);
    expect(r.out).toMatch(/^scenario {3}mine$/m);
    expect(r.out).toMatch(/^runs {7}5 \(/m);
  });

  const bad: [string, unknown, (file: string) => string[]][] = [
    ['malformed JSON', '{\n  "name": "x",\n  "nodes": [\n}\n', (f) => [`${f}:4:1: expected well-formed JSON; got `]],
    ['a unit on an unknown node', { ...micro, units: [{ ...micro.units[0], node: 'n7' }] }, (f) => [`${f}: $.units[0].node: expected one of n0, n1; got "n7"`]],
    ['a misspelt key and a missing one', { ...micro, hypervisor: [], hypervisors: undefined }, (f) => [
      `${f}: $.hypervisors: expected an array; got nothing`,
      `${f}: $: expected only known keys; got unknown key "hypervisor"`,
    ]],
    ['a negative bound and a wrong kind', { ...micro, units: [{ ...micro.units[0], kind: 'disk' }], bounds: { ...micro.bounds, faults: -1 } }, (f) => [
      `${f}: $.units[0].kind: expected one of "processor", "memory", "io"; got "disk"`,
      `${f}: $.bounds.faults: expected a non-negative integer; got -1`,
    ]],
    ['a single hypervisor', { ...micro, hypervisors: [micro.hypervisors[0]] }, (f) => [`${f}: $.hypervisors: expected at least 2 hypervisors (a source and a target, C1.1)`]],
  ];
  for (const [what, content, messages] of bad)
    it(`${what}: exit 2, and the message names the file, the JSON path and what was expected`, async () => {
      const file = writeFile(dir, `${what.replace(/\W+/g, '-')}.json`, content);
      for (const command of [['check', '--runs', '1', '--out', dir], ['explore', '--out', dir], ['monitor']]) {
        const r = await cli([...command, '--scenario-file', file], { stdin: [] });
        expect(r.code, command[0]).toBe(2);
        expect(r.out).toBe('');
        for (const m of messages(file)) expect(r.err).toContain(m);
      }
    });

  it('a missing file: exit 2 naming it', async () => {
    const file = join(dir, 'absent.json');
    const r = await cli(['check', '--scenario-file', file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`vm-handover: ${file}: expected an existing file; got no such file\n`);
  });
});
