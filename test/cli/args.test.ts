import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, duration, positiveInt, replayPath, seedValue } from '../../src/cli/args.ts';
import { checkOutDir, shellWord } from '../../src/cli/counterexample.ts';
import { count, nextMilestone, progressReporter } from '../../src/cli/io.ts';
import { recordingIo, tempDir } from './helpers.ts';

const usage = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error('expected a UsageError');
};

describe('flag values', () => {
  it('--runs takes positive integers and names the flag, the expectation and the value otherwise', () => {
    expect(positiveInt('--runs')('60')).toBe(60);
    expect(positiveInt('--runs')('007')).toBe(7);
    for (const bad of ['0', '-3', '2.5', 'ten', '', '1e3', '99999999999999999999'])
      expect(usage(() => positiveInt('--runs')(bad))).toBe(`--runs: expected a positive integer; got "${bad}"`);
  });

  it('--seed takes 32-bit signed integers, as fast-check does', () => {
    expect(seedValue('0')).toBe(0);
    expect(seedValue('-42')).toBe(-42);
    expect(seedValue('2147483647')).toBe(2 ** 31 - 1);
    for (const bad of ['2147483648', 'x', '4.2', ''])
      expect(usage(() => seedValue(bad))).toMatch(/^--seed: expected an integer between -2147483647 and 2147483647; got /);
  });

  it('--time-budget takes ms, s, m and h, and bare seconds', () => {
    const d = duration('--time-budget');
    expect([d('500ms'), d('90s'), d('10m'), d('1h'), d('2'), d('0.5s'), d(' 3s ')]).toEqual([500, 90_000, 600_000, 3_600_000, 2000, 500, 3000]);
    for (const bad of ['0', '0s', '5x', '-1s', 'm', '1 h'])
      expect(usage(() => d(bad))).toBe(`--time-budget: expected a duration such as 90s, 10m, 1h or 500ms; got "${bad}"`);
  });

  it('--path takes fast-check replay paths only', () => {
    expect(replayPath('12:0:3')).toBe('12:0:3');
    expect(replayPath('7')).toBe('7');
    for (const bad of ['', '1::2', 'a:b', '1:2:'])
      expect(usage(() => replayPath(bad))).toBe(`--path: expected a replay path such as 12:0:3; got "${bad}"`);
  });
});

describe('--out', () => {
  it('accepts an existing directory and a path still to be created under one', () => {
    const dir = tempDir('out');
    expect(() => checkOutDir(dir)).not.toThrow();
    expect(() => checkOutDir(join(dir, 'a', 'b'))).not.toThrow();
  });

  it('refuses a file, and a path under a file, naming the file', () => {
    const dir = tempDir('out');
    const file = join(dir, 'taken');
    writeFileSync(file, 'x');
    expect(usage(() => checkOutDir(file))).toBe(`--out: expected a directory; got a file: "${file}"`);
    expect(usage(() => checkOutDir(join(file, 'sub', 'dir')))).toBe(`--out: cannot create "${join(file, 'sub', 'dir')}": "${file}" is a file, not a directory`);
  });
});

describe('replay lines', () => {
  it('shell words are left alone when safe and single-quoted otherwise', () => {
    expect(shellWord('out/counterexample-tiny-reference-42.itf.json')).toBe('out/counterexample-tiny-reference-42.itf.json');
    expect(shellWord('my scenario.json')).toBe(`'my scenario.json'`);
    expect(shellWord(`it's.json`)).toBe(`'it'\\''s.json'`);
  });
});

describe('progress', () => {
  it('milestones follow 1, 2, 5, 10, 20, 50, ...', () => {
    expect([0, 1, 2, 4, 5, 9, 10, 19, 20, 49, 50, 99, 100, 60_000].map(nextMilestone)).toEqual([1, 2, 5, 5, 10, 10, 20, 20, 50, 50, 100, 100, 200, 100_000]);
  });

  it('on a terminal, one bar redrawn in place, ended by a newline', () => {
    const { io, err } = recordingIo({ isTTY: true });
    const bar = progressReporter(io, 'random runs', 10);
    bar.update(5, '5 runs');
    bar.update(10, '10 runs');
    bar.end();
    expect(err).toEqual([
      `\rrandom runs [############............] 5 runs\u001b[K`,
      `\rrandom runs [########################] 10 runs\u001b[K`,
      '\n',
    ]);
  });

  it('on a terminal with no known total, the count without a bar; nothing to end if nothing was drawn', () => {
    const { io, err } = recordingIo({ isTTY: true });
    const idle = progressReporter(io, 'exploring', null);
    idle.end();
    expect(err).toEqual([]);
    const bar = progressReporter(io, 'exploring', null);
    bar.update(20_000, '20000 distinct');
    bar.end();
    expect(err).toEqual([`\rexploring 20000 distinct\u001b[K`, '\n']);
  });

  it('elsewhere, a plain line per tenth of a known total, never a carriage return', () => {
    const { io, err } = recordingIo();
    const bar = progressReporter(io, 'random runs', 100);
    for (let i = 1; i <= 100; i++) bar.update(i, `${i} runs`);
    bar.end();
    expect(err).toEqual(['random runs: 1 runs\n', ...[10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((i) => `random runs: ${i} runs\n`)]);
  });

  it('elsewhere with no known total, a line at each 1-2-5 milestone, so long runs stay short in logs', () => {
    const { io, err } = recordingIo();
    const bar = progressReporter(io, 'exploring', null);
    for (let i = 20_000; i <= 300_000; i += 20_000) bar.update(i, `${i}`);
    bar.end();
    expect(err).toEqual(['20000', '60000', '100000', '200000'].map((n) => `exploring: ${n}\n`));
  });
});

describe('counts', () => {
  it('have thousands separators whatever the locale', () => {
    expect([0, 999, 1000, 268_382, 1_234_567.4].map(count)).toEqual(['0', '999', '1,000', '268,382', '1,234,567']);
  });
});
