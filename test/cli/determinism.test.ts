/**
 * Determinism (issue 12, item 2): `check --seed S --json` and `explore --json` print the same
 * bytes run to run once `--no-timings` drops the one field that measures the clock.
 */
import { describe, expect, it } from 'vitest';
import { cli, json, micro, tempDir, writeFile } from './helpers.ts';

const dir = tempDir('determinism');
const microFile = writeFile(dir, 'micro.json', micro);

/** Runs a command twice and returns both outputs. */
async function twice(argv: readonly string[]): Promise<readonly [string, string]> {
  const a = await cli(argv);
  const b = await cli(argv);
  expect([a.code, b.code]).toEqual([b.code, a.code]);
  return [a.out, b.out];
}

describe('--json --no-timings is byte-identical run to run', () => {
  it('check --seed 7 with random runs and the exhaustive explorer (micro)', async () => {
    const [a, b] = await twice(['check', '--scenario-file', microFile, '--seed', '7', '--runs', '60', '--explore', 'always', '--no-require', '--out', dir, '--json', '--no-timings']);
    expect(a).toBe(b);
    const j = JSON.parse(a) as Record<string, unknown>;
    expect(j).not.toHaveProperty('timings');
    expect(j.exhaustive).toMatchObject({ status: 'ok', complete: true });
  });

  it('check --seed 42 of a mutant: the same shrunk counterexample, the same file name', async () => {
    const [a, b] = await twice(['check', '--scenario', 'tiny', '--mutant', 'M-02', '--seed', '42', '--out', dir, '--json', '--no-timings']);
    expect(a).toBe(b);
    expect(JSON.parse(a)).toMatchObject({ status: 'violation', counterexample: { violation: { id: 'INV-2' } } });
  });

  it('explore (micro, and tiny bounded by --max-states)', async () => {
    const [a, b] = await twice(['explore', '--scenario-file', microFile, '--out', dir, '--json', '--no-timings']);
    expect(a).toBe(b);
    const [c, d] = await twice(['explore', '--scenario', 'tiny', '--max-states', '5000', '--out', dir, '--json', '--no-timings']);
    expect(c).toBe(d);
    expect(JSON.parse(c)).toMatchObject({ status: 'incomplete', stoppedBy: 'maxStates', distinctStates: 5000 });
  });

  it('without --no-timings, the timings are the only field that differs', async () => {
    const argv = ['check', '--scenario-file', microFile, '--seed', '7', '--runs', '20', '--explore', 'always', '--no-require', '--out', dir, '--json'];
    const a = json(await cli(argv));
    const b = json(await cli(argv));
    expect(a.timings).toEqual({ randomMs: expect.any(Number), exhaustiveMs: expect.any(Number) });
    const { timings: _a, ...restA } = a;
    const { timings: _b, ...restB } = b;
    expect(restA).toEqual(restB);
  });
});
