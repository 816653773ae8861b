/**
 * `check --shard i/N` and `merge`: N shards merged equal one unsharded run of the same seed and
 * runs; `--workers` does not change a report; bad merges are refused by name.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SEED } from '../checker/seed.ts';
import { cli, json, tempDir, writeFile } from './helpers.ts';

/** A report's random part without what may differ between equal checks: clocks, and the distinct count merges cannot have. */
function comparable(report: Record<string, unknown>): Record<string, unknown> {
  const random = { ...(report.random as Record<string, unknown>) };
  delete random.elapsedMs;
  delete random.distinctStates;
  random.batches = { ...(random.batches as Record<string, unknown>), shard: null };
  return random;
}

async function sharded(args: readonly string[], n: number, dir: string): Promise<{ files: string[]; codes: number[] }> {
  const files: string[] = [];
  const codes: number[] = [];
  for (let i = 1; i <= n; i++) {
    const r = await cli([...args, '--shard', `${i}/${n}`, '--json', '--out', dir]);
    codes.push(r.code);
    files.push(writeFile(dir, `shard-${i}.json`, r.out));
  }
  return { files, codes };
}

describe(`check --shard and merge (seed ${SEED})`, () => {
  const base = ['check', '--scenario', 'tiny', '--seed', String(SEED), '--explore', 'never', '--workers', '1'];

  it('3 shards merged equal one unsharded run of the same seed and runs: verdict, counts, coverage, witnesses, batches', async () => {
    const dir = tempDir('shard');
    const args = [...base, '--runs', '500'];
    const whole = json(await cli([...args, '--json', '--out', dir]));
    const { files, codes } = await sharded(args, 3, dir);
    // A shard alone may miss a witness: only a violation fails it.
    expect(codes).toEqual([0, 0, 0]);
    const shardRuns = files.map((f) => (JSON.parse(readFileSync(f, 'utf8')) as { random: { runs: number } }).random);
    expect(shardRuns.map((r) => r.runs)).toEqual([200, 200, 100]);
    const merged = await cli(['merge', ...files.reverse(), '--json']);
    expect(merged.code).toBe(whole.status === 'ok' ? 0 : 1);
    const m = json(merged);
    expect(m).toMatchObject({ command: 'merge', status: whole.status, scenario: 'tiny', seed: SEED, shards: 3, replay: whole.replay });
    expect(comparable(m)).toEqual(comparable(whole));
    expect((m.random as { distinctStates: unknown }).distinctStates).toBeNull();
    const text = await cli(['merge', ...files]);
    expect(text.out).toMatch(/^runs {7}500 \(\d+ steps, \d+ checked\) in batches 0\.\.4 of 100$/m);
  });

  it('with a violation the merge reports the first counterexample by batch order, as the unsharded run does', async () => {
    const dir = tempDir('shard-violation');
    const args = [...base, '--mutant', 'M-05', '--runs', '400'];
    const whole = json(await cli([...args, '--json', '--out', dir]));
    const { files, codes } = await sharded(args, 2, dir);
    expect(codes).toContain(1);
    const merged = await cli(['merge', ...files, '--json']);
    expect(merged.code).toBe(1);
    const m = json(merged);
    expect(comparable(m)).toEqual(comparable(whole));
    const cx = (r: Record<string, unknown>) => (r.counterexample as { events: unknown; violation: unknown });
    expect(cx(m).events).toEqual(cx(whole).events);
    expect(cx(m).violation).toEqual(cx(whole).violation);
    expect(m.replay).toBe(whole.replay);
  });

  it('--workers 2 prints the same report as --workers 1 (threads started from the test runner)', async () => {
    const dir = tempDir('workers');
    const args = ['check', '--scenario', 'tiny', '--seed', String(SEED), '--explore', 'never', '--runs', '300', '--json', '--out', dir];
    const one = json(await cli([...args, '--workers', '1']));
    const two = json(await cli([...args, '--workers', '2']));
    expect({ ...comparable(two), distinctStates: (two.random as Record<string, unknown>).distinctStates })
      .toEqual({ ...comparable(one), distinctStates: (one.random as Record<string, unknown>).distinctStates });
  });

  it('refuses, exit 2 and naming the file: a missing shard, a shard twice, another check, a file that is no check report', async () => {
    const dir = tempDir('merge-bad');
    const { files } = await sharded([...base, '--runs', '200'], 2, dir);
    const missing = await cli(['merge', files[0]!]);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toContain('missing shard 2/2');
    const twice = await cli(['merge', files[0]!, files[0]!]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain(`${files[0]}: shard 1/2 is also ${files[0]}`);
    const other = writeFile(dir, 'other.json', (await cli([...base.map((a) => (a === String(SEED) ? String(SEED + 1) : a)), '--runs', '200', '--shard', '2/2', '--json', '--out', dir])).out);
    const mixed = await cli(['merge', files[0]!, other]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain(`${other}: not a shard of the same check as ${files[0]}`);
    const notReport = writeFile(dir, 'not.json', { command: 'explore' });
    const bad = await cli(['merge', notReport]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${notReport}: $.command: expected a report of vm-handover check --json`);
    const absent = await cli(['merge', `${dir}/nope.json`]);
    expect(absent.err).toContain(`${dir}/nope.json: expected an existing file; got no such file`);
  });

  it('--shard is i/N with 1 <= i <= N', async () => {
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0'])
      expect(await cli(['check', '--shard', bad])).toMatchObject({ code: 2, err: expect.stringContaining(`--shard: expected i/N with 1 <= i <= N, such as 1/4; got "${bad}"`) as unknown });
  });
});
