/**
 * Bounded memory in `explore` (issue 12, item 4): the search stops with its partial result at
 * `--max-memory`, or by default at 3/4 of what the heap can hold, instead of dying of heap
 * exhaustion.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, json, tempDir } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/vm-handover.mjs', import.meta.url));

describe('explore --max-memory', () => {
  const dir = tempDir('memory');

  it('stops at the bound with a clear message and the partial result, exit 0 like any bound', async () => {
    // 1 MiB is less than any heap: the first sample, right after the initial state, is over it.
    const r = await cli(['explore', '--scenario', 'tiny', '--max-memory', '1M', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Verdict: incomplete \(search stopped by memory\)$/m);
    expect(r.out).toContain('The search stopped at the memory bound (--max-memory 1 MiB) with 1 distinct states; raise --max-memory');
    const j = json(await cli(['explore', '--scenario', 'tiny', '--max-memory', '1.5M', '--out', dir, '--json']));
    expect(j).toMatchObject({ status: 'incomplete', complete: false, stoppedBy: 'memory', maxMemoryBytes: 1.5 * 2 ** 20 });
  });

  it.each([
    ['10x', 'expected a size of at least 1M, such as 512M or 2G; got "10x"'],
    ['512K', 'expected a size of at least 1M, such as 512M or 2G; got "512K"'],
    ['100000G', 'is more than this process\'s heap can hold'],
  ])('--max-memory %s is bad usage (exit 2), before anything runs', async (value, message) => {
    const r = await cli(['explore', '--scenario', 'tiny', '--max-memory', value, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--max-memory: `);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('by default, a search too big for the heap stops at the bound instead of dying (small, 64 MiB of old space)', () => {
    const out = tempDir('memory-default');
    const r = spawnSync(process.execPath, [BIN, 'explore', '--scenario', 'small', '--out', out, '--json', '--no-timings'], {
      env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=64' },
      encoding: 'utf8',
    });
    expect({ status: r.status, signal: r.signal, err: r.stderr.includes('out of memory') }).toEqual({ status: 0, signal: null, err: false });
    const j = JSON.parse(r.stdout) as { status: string; stoppedBy: string; distinctStates: number; maxMemoryBytes: number };
    expect(j).toMatchObject({ status: 'incomplete', stoppedBy: 'memory' });
    expect(j.distinctStates).toBeGreaterThan(1);
    expect(j.maxMemoryBytes).toBeLessThan(64 * 2 ** 20);
    expect(readdirSync(out)).toEqual([]);
  });
});
