/**
 * End-to-end: the real binary (bin/vm-handover.mjs, running the build in dist/), spawned as a
 * user runs it. The runs are small and few.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { invariants } from '../../properties/invariants.ts';
import { staleBuild } from '../package/build.ts';
import { micro, tempDir, writeFile } from './helpers.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Spawned {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/vm-handover.mjs ...args` in the repository, with `input` on stdin. */
function bin(args: readonly string[], input = ''): Promise<Spawned> {
  return new Promise((done, fail) => {
    const child = execFile(process.execPath, ['bin/vm-handover.mjs', ...args], { cwd: repo, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      if (code === null) fail(error ?? new Error('no exit code'));
      else done({ code, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

describe('the vm-handover binary, end to end', () => {
  const out = tempDir('e2e');
  beforeAll(() => {
    const stale = staleBuild();
    if (stale !== null) throw new Error(stale);
  });

  it('--help exits 0 and lists the commands', async () => {
    const r = await bin(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: vm-handover /);
    for (const c of ['check', 'explore', 'replay', 'view', 'monitor', 'scenarios', 'mutants', 'diagram']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('check --scenario default --seed 42 --runs 60 prints the summary: seed, runs, steps, states, invariants, witnesses, coverage, replay', async () => {
    const r = await bin(['check', '--scenario', 'default', '--seed', '42', '--runs', '60', '--out', out]);
    expect(r.stdout).toMatch(/^scenario {3}default$/m);
    expect(r.stdout).toMatch(/^seed {7}42$/m);
    expect(r.stdout).toMatch(/^runs {7}60 \(\d+ steps, \d+ ms\)$/m);
    expect(r.stdout).toMatch(/^states {5}[1-9]\d* distinct reached by the random runs; [1-9]\d* checked steps \(accepted, every property checked\)$/m);
    expect(r.stdout).toMatch(new RegExp(`^invariants [1-9]\\d* checks \\(${invariants.length} invariants, oracle and refinement REF-1 on every step\\)$`, 'm'));
    expect(invariants.length).toBe(16);
    expect(r.stdout).toMatch(/^witnesses {2}\d+\/23 reached/m);
    expect(r.stdout).toMatch(/^coverage {3}\d+\/29 event types taken/m);
    expect(r.stdout).toMatch(/^replay {5}npx vm-handover check --scenario default --runs 60 --seed 42$/m);
    // The exit code is the verdict printed: 0 for PASS, 1 for a FAIL (60 runs may miss a witness).
    const verdict = r.stdout.trimEnd().split('\n').at(-1);
    expect([verdict, r.code]).toEqual(verdict?.startsWith('PASS') ? ['PASS: every property holds', 0] : [expect.stringMatching(/^FAIL: /) as unknown, 1]);
    expect(r.stderr).toMatch(/^vm-handover check: scenario default, seed 42\nrandom runs: 1 runs, /);
    expect(r.stderr).not.toContain('\r');
    expect(readdirSync(out)).toEqual([]);
  });

  it('a mutant\'s counterexample is exported by check (exit 1) and replay reproduces the same violation (exit 1)', async () => {
    const found = await bin(['check', '--mutant', 'M-02', '--seed', '42', '--runs', '60', '--out', out]);
    expect(found.code).toBe(1);
    const violated = /^VIOLATION (\S+) /.exec(found.stdout)?.[1];
    expect(violated).toBe('INV-2');
    const file = /^trace saved: (.+)$/m.exec(found.stdout)?.[1];
    expect(file).toBe(join(out, 'counterexample-default-unreassignableAssigned-42.itf.json'));
    expect(found.stdout).toContain(`replay: npx vm-handover replay ${file}\n`);
    expect(readdirSync(out)).toEqual(['counterexample-default-unreassignableAssigned-42.itf.json']);

    const replayed = await bin(['replay', file!]);
    expect(replayed.code).toBe(1);
    expect(/^VIOLATION at step \d+ .*?\): (\S+) /m.exec(replayed.stdout)?.[1]).toBe(violated);
    expect(replayed.stdout).toContain(`the recorded violation ${violated} is reproduced\n`);

    // check prints the command that draws the same trace as a page; the page names the same step.
    expect(found.stdout).toContain(`view:   npx vm-handover view ${file}\n`);
    const page = join(out, 'cx.html');
    const viewed = await bin(['view', file!, '-o', page]);
    expect(viewed.code).toBe(0);
    const at = /^VIOLATION at step (\d+) /m.exec(replayed.stdout)?.[1];
    expect(viewed.stdout).toMatch(new RegExp(`^wrote ${page}: \\d+ events, ${violated} \\S+ violated at step ${at}$`, 'm'));
    expect(readdirSync(out).sort()).toEqual(['counterexample-default-unreassignableAssigned-42.itf.json', 'cx.html']);
  });

  it('bad inputs exit 2 with a message naming the problem: missing file, malformed JSON, wrong schema, unknown scenario', async () => {
    const dir = tempDir('e2e-bad');
    const missing = join(dir, 'absent.json');
    const malformed = writeFile(dir, 'malformed.json', '{"name": "x",,}');
    const wrong = writeFile(dir, 'wrong.json', { ...micro, units: [{ ...micro.units[0], node: 'n9' }] });
    const cases: [string[], string][] = [
      [['check', '--scenario-file', missing], `vm-handover: ${missing}: expected an existing file; got no such file\n`],
      [['check', '--scenario-file', malformed], `vm-handover: ${malformed}:1:14: expected well-formed JSON; got `],
      [['check', '--scenario-file', wrong], `vm-handover: ${wrong}: $.units[0].node: expected one of n0, n1; got "n9"\n`],
      [['check', '--scenario', 'huge'], 'vm-handover: --scenario: unknown scenario "huge"; expected one of tiny, small, default, fragmented\n'],
      [['replay', join(dir, 'absent.itf.json')], `vm-handover: ${join(dir, 'absent.itf.json')}: expected an existing file; got no such file\n`],
    ];
    for (const [args, message] of cases) {
      const r = await bin(args[0] === 'check' ? [...args, '--out', dir] : args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
    // Refused before any run: nothing was written next to the inputs.
    expect(readdirSync(dir).sort()).toEqual(['malformed.json', 'wrong.json']);
  });

  it('diagram prints a Mermaid stateDiagram-v2', async () => {
    const r = await bin(['diagram']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^stateDiagram-v2\n/);
    expect(r.stdout).toMatch(/^ {2}\[\*\] --> idle$/m);
  });

  it('check --workers 2 from the binary: worker threads load the TypeScript through tsx and report what one worker does', async () => {
    const args = ['check', '--scenario', 'tiny', '--seed', '42', '--runs', '200', '--explore', 'never', '--json', '--out', out];
    const two = await bin([...args, '--workers', '2']);
    const one = await bin([...args, '--workers', '1']);
    expect(two.code).toBe(one.code);
    const random = (r: { stdout: string }): Record<string, unknown> => ({ ...(JSON.parse(r.stdout) as { random: Record<string, unknown> }).random, elapsedMs: 0 });
    expect(random(two)).toEqual(random(one));
    expect((random(two).batches as { merged: number[] }).merged).toEqual([0, 1]);
  });

  it('monitor reads JSON events from stdin: ok lines and exit 0; a malformed line makes it exit 2', async () => {
    const request = '{"type":"sp/handoverRequested","vm":"vm0","source":"hA","target":"hB"}';
    const ok = await bin(['monitor'], `${request}\n{"type":"sp/hypervisorConfigured","hv":"hA"}\n`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('ok <stdin>:1 sp/handoverRequested(vm0, hA, hB) -> configuring\nok <stdin>:2 sp/hypervisorConfigured(hA) -> configuring\n2 lines: 2 accepted, 0 rejected, 0 malformed, 0 with violations; phase configuring\n');
    const bad = await bin(['monitor'], `${request}\nnot json\n`);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/^MALFORMED <stdin>:2:\d+: expected well-formed JSON/m);
  });
});
