import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarios } from '../../models/scenarios/index.ts';
import { EXIT, run } from '../../src/cli/main.ts';
import { lifecycleMermaid } from '../../src/lifecycle/mermaid.ts';
import { mutants } from '../../src/mutants/catalog.ts';
import { cli, json, recordingIo } from './helpers.ts';

describe('vm-handover with no command, help, version and unknown input', () => {
  it('no arguments prints the usage and exits 2 (bad usage)', async () => {
    const r = await cli([]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.out).toMatch(/^Usage: vm-handover \[options\] \[command\]/);
  });

  it('--help lists every command and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(EXIT.ok);
    for (const c of ['check', 'explore', 'replay', 'monitor', 'scenarios', 'mutants', 'diagram']) expect(r.out).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('a command\'s --help lists its flags and exits 0', async () => {
    const r = await cli(['check', '--help']);
    expect(r.code).toBe(0);
    for (const f of ['--scenario <name>', '--scenario-file <file>', '--mutant <id>', '--runs <n>', '--max-steps <n>', '--seed <s>', '--path <p>', '--time-budget <duration>', '--explore <when>', '--out <dir>', '--json'])
      expect(r.out).toContain(f);
  });

  it('--version prints the version of package.json and exits 0', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await cli(['--version']);
    expect(r).toMatchObject({ code: 0, out: `${pkg.version}\n` });
  });

  it('an unknown command, an unknown flag and a missing flag value each exit 2 with the problem named', async () => {
    const unknown = await cli(['bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain(`unknown command 'bogus'`);
    const flag = await cli(['scenarios', '--colour']);
    expect(flag.code).toBe(2);
    expect(flag.err).toContain(`unknown option '--colour'`);
    const value = await cli(['check', '--runs']);
    expect(value.code).toBe(2);
    expect(value.err).toContain(`option '--runs <n>' argument missing`);
  });
});

describe('errors that are not the user\'s', () => {
  it('a programmer error inside a command is not disguised as bad usage: run rejects with it', async () => {
    const { io } = recordingIo();
    const broken = {
      ...io,
      lines: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new TypeError('stdin exploded')) }),
      }),
    };
    await expect(run(['monitor'], broken)).rejects.toThrow('stdin exploded');
  });
});

describe('vm-handover scenarios', () => {
  it('prints one line per named scenario, starting with its name', async () => {
    const r = await cli(['scenarios']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(Object.keys(scenarios));
    expect(lines[0]).toContain('bounds: faults 1, sched 1, writes 1, attempts 2');
  });

  it('--json gives each scenario\'s name, sizes, bounds and description', async () => {
    const out = json(await cli(['scenarios', '--json']));
    expect(out.command).toBe('scenarios');
    expect(out.scenarios).toEqual(Object.values(scenarios).map((s) => ({
      name: s.name,
      nodes: s.nodes.length,
      units: s.units.length,
      unreassignable: s.units.filter((u) => u.unreassignable).length,
      bounds: s.bounds,
      description: s.description,
    })));
  });
});

describe('vm-handover mutants', () => {
  it('prints one line per seeded bug with its id, name and the invariants that catch it', async () => {
    const r = await cli(['mutants']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(mutants.length);
    mutants.forEach((m, i) => expect(lines[i]).toMatch(new RegExp(`^${m.id} ${m.name} +caught by ${m.caughtBy.join('/')} `)));
  });

  it('--json gives every field but the handlers (functions are not data)', async () => {
    const out = json(await cli(['mutants', '--json']));
    expect(out.mutants).toEqual(mutants.map(({ id, name, description, cites, caughtBy }) => ({ id, name, description, cites, caughtBy })));
  });
});

describe('vm-handover diagram', () => {
  it('prints the lifecycle as a Mermaid stateDiagram-v2, drawn from the statechart', async () => {
    const r = await cli(['diagram']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${lifecycleMermaid()}\n`);
    expect(r.out.startsWith('stateDiagram-v2\n')).toBe(true);
  });

  it('--json wraps the same text', async () => {
    expect(json(await cli(['diagram', '--json']))).toEqual({ command: 'diagram', format: 'mermaid', diagram: lifecycleMermaid() });
  });
});
