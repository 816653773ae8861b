/**
 * Interrupts (issue 12, item 3): SIGINT or SIGTERM during `check` or `explore` stops the command
 * cleanly, prints the partial result with status `interrupted`, exits 130 or 143, and leaves
 * nothing in `out/`. The real signal is sent to a spawned binary; the in-process tests give
 * `Io.interrupted` a scripted answer to cover every branch without a process.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InterruptSignal } from '../../src/cli/io.ts';
import { EXIT } from '../../src/cli/main.ts';
import { cli, json, micro, tempDir, writeFile } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/vm-handover.mjs', import.meta.url));

interface Exited {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

/**
 * Spawns the binary, waits until its progress on stderr shows that the work is under way (the
 * text `ready` names) and then `settleMs` more, sends the signal, and resolves when the process
 * has exited.
 */
function interrupt(argv: readonly string[], ready: string, signal: InterruptSignal, settleMs = 0): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (!sent && err.includes(ready)) {
        sent = true;
        setTimeout(() => child.kill(signal), settleMs);
      }
    });
    child.on('error', reject);
    child.on('close', (code, sig) => resolve({ code, signal: sig, out, err }));
  });
}

describe('a signal to the spawned CLI stops it cleanly with the partial result', () => {
  it('SIGINT during check: status interrupted, the runs done so far, exit 130, nothing in out/', async () => {
    const out = tempDir('sigint-check');
    // The first progress line comes before any batch of runs has ended (its count may be 0), and
    // the next only at a tenth of the million: wait a few seconds after it so that some runs are done.
    const r = await interrupt(['check', '--scenario', 'default', '--seed', '3', '--runs', '1000000', '--workers', '2', '--out', out, '--json'], 'random runs:', 'SIGINT', 3000);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: EXIT.sigint, signal: null });
    const j = JSON.parse(r.out) as { status: string; interrupted: string; random: { runs: number; interrupted: boolean }; replay: string };
    expect(j).toMatchObject({ status: 'interrupted', interrupted: 'SIGINT', random: { interrupted: true } });
    expect(j.random.runs).toBeGreaterThan(0);
    expect(j.random.runs).toBeLessThan(1_000_000);
    // The replay line names the runs taken, so the partial check can be repeated exactly.
    expect(j.replay).toContain(`--runs ${j.random.runs} --seed 3`);
    expect(readdirSync(out)).toEqual([]);
  });

  it('SIGTERM during explore: status interrupted, the states found so far, exit 143, nothing in out/', async () => {
    const out = tempDir('sigterm-explore');
    const r = await interrupt(['explore', '--scenario', 'small', '--workers', '2', '--out', out], 'exploring:', 'SIGTERM');
    expect({ code: r.code, signal: r.signal }).toEqual({ code: EXIT.sigterm, signal: null });
    expect(r.out).toMatch(/^Verdict: incomplete \(search stopped by interrupted\)$/m);
    expect(r.out).toContain('Interrupted by SIGTERM: the figures above are for the part explored, which is no proof.');
    expect(r.out).toMatch(/[\d,]+ distinct states found/);
    expect(readdirSync(out)).toEqual([]);
  });
});

/** An `Io.interrupted` that answers null `calm` times, then the signal for good. */
function after(calm: number, signal: InterruptSignal): () => InterruptSignal | null {
  let polls = 0;
  return () => (polls++ < calm ? null : signal);
}

describe('interrupted in-process (Io.interrupted scripted)', () => {
  const dir = tempDir('interrupt');
  const microFile = writeFile(dir, 'micro.json', micro);

  // The scripted flag counts its polls, once per run: --workers 1 keeps the runs in this thread.
  // With worker threads the coordinator polls on a 50 ms timer instead: the spawned tests above
  // signal check and explore on two worker threads.
  it('check stops between runs and does not start the explorer', async () => {
    const r = await cli(['check', '--scenario-file', microFile, '--seed', '5', '--runs', '500', '--workers', '1', '--explore', 'always', '--out', dir], { interrupted: after(30, 'SIGINT') });
    expect(r.code).toBe(130);
    expect(r.out).toMatch(/^runs {7}\d+ \(\d+ steps, \d+ ms\), cut short by SIGINT$/m);
    expect(r.out).toContain('exhaustive not run: interrupted by SIGINT first');
    expect(r.out).toMatch(/STOPPED: interrupted by SIGINT; the figures above are for the part done, which is no pass\n$/);
  });

  it('check stops the explorer it started, and says so in --json', async () => {
    // Polled once per run and once per 64 expansions: 40 runs pass, then the explorer is cut.
    const j = json(await cli(['check', '--scenario-file', microFile, '--seed', '5', '--runs', '40', '--workers', '1', '--explore', 'always', '--no-require', '--out', dir, '--json', '--no-timings'], { interrupted: after(42, 'SIGTERM') }));
    expect(j).toMatchObject({ status: 'interrupted', interrupted: 'SIGTERM', random: { runs: 40, interrupted: false }, exhaustive: { status: 'incomplete', complete: false, stoppedBy: 'interrupted' } });
  });

  it('a violation found before the signal still wins: exit 1, its trace saved', async () => {
    const out = tempDir('interrupt-violation');
    const r = await cli(['check', '--scenario', 'tiny', '--mutant', 'M-02', '--seed', '42', '--out', out, '--json'], { interrupted: after(1e9, 'SIGINT') });
    expect(r.code).toBe(1);
    expect(json(r)).toMatchObject({ status: 'violation', interrupted: null });
    expect(readdirSync(out)).toHaveLength(1);
  });

  it('explore --json: status interrupted and stoppedBy interrupted, exit 143', async () => {
    const r = await cli(['explore', '--scenario', 'tiny', '--out', dir, '--json'], { interrupted: after(3, 'SIGTERM') });
    expect(r.code).toBe(143);
    expect(json(r)).toMatchObject({ status: 'interrupted', interrupted: 'SIGTERM', complete: false, stoppedBy: 'interrupted', violation: null });
  });
});
