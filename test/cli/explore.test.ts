import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, json, micro, tempDir, writeFile } from './helpers.ts';

describe('vm-handover explore', () => {
  const dir = tempDir('explore');
  const microFile = writeFile(dir, 'micro.json', micro);

  it('exhausts a small scenario: TLC-style report, verdict ok, exit 0, nothing saved; --json gives the same figures', async () => {
    const r = await cli(['explore', '--scenario-file', microFile, '--out', dir]);
    expect(r.code).toBe(0);
    const j = json(await cli(['explore', '--scenario-file', microFile, '--out', dir, '--json']));
    const n = (x: unknown): string => (x as number).toLocaleString('en-US');
    expect(r.out.startsWith(`Verdict: ok (state space exhausted)\n${n(j.statesGenerated)} states generated, ${n(j.distinctStates)} distinct states found, 0 steps rejected.\nDepth of the search graph: ${String(j.depth)} steps.\n`)).toBe(true);
    expect(r.out).toMatch(/^Actions \(generated \/ distinct\):$/m);
    expect(r.out).toMatch(/^ {2}sp\/handoverRequested +\d+ \/ \d+$/m);
    expect(r.err).toBe('vm-handover explore: scenario micro\n');
    expect(readdirSync(dir)).toEqual(['micro.json']);
  });

  it('--json has the verdict, the counts, the throughput and a null violation', async () => {
    const j = json(await cli(['explore', '--scenario-file', microFile, '--out', dir, '--json']));
    expect(j).toMatchObject({ command: 'explore', scenario: 'micro', mutant: null, status: 'ok', complete: true, stoppedBy: null, violation: null });
    for (const k of ['distinctStates', 'statesGenerated', 'depth', 'bytesPerState', 'collisionProbability', 'maxMemoryBytes']) expect(typeof j[k], k).toBe('number');
    expect(j.timings).toEqual({ elapsedMs: expect.any(Number), statesPerSecond: expect.any(Number) });
    expect(j.interrupted).toBeNull();
    expect(j.distinctStates).toBeGreaterThan(100);
    // One initial state, then one generated state per accepted action.
    expect(Object.values(j.actionCounts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe((j.statesGenerated as number) - 1);
  });

  it('--max-states and --max-depth stop the search: incomplete, said to be no proof, exit 0', async () => {
    const states = await cli(['explore', '--scenario', 'tiny', '--max-states', '300', '--out', dir]);
    expect(states.code).toBe(0);
    expect(states.out).toMatch(/^Verdict: incomplete \(search stopped by maxStates\)$/m);
    expect(states.out).toContain('no violation in the part explored, which is not a proof');
    const depth = json(await cli(['explore', '--scenario', 'tiny', '--max-depth', '3', '--out', dir, '--json']));
    expect(depth).toMatchObject({ status: 'incomplete', complete: false, stoppedBy: 'maxDepth', depth: 3 });
  });

  it('--no-deadlock and --no-termination are accepted and the search still exhausts the space', async () => {
    const all = json(await cli(['explore', '--scenario-file', microFile, '--out', dir, '--json']));
    const j = json(await cli(['explore', '--scenario-file', microFile, '--no-deadlock', '--no-termination', '--out', dir, '--json']));
    expect(j).toMatchObject({ status: 'ok', complete: true, distinctStates: all.distinctStates });
  });

  it('a seeded bug (M-10 on tiny): the shortest counterexample as a step table, saved as ITF, exit 1', async () => {
    const out = tempDir('explore-m10');
    const r = await cli(['explore', '--scenario', 'tiny', '--mutant', 'M-10', '--out', out]);
    expect(r.code).toBe(1);
    const file = join(out, 'counterexample-tiny-pinnedUnitMoved-explore.itf.json');
    expect(r.out).toMatch(/^Verdict: violation \(search stopped by violation\)$/m);
    expect(r.out).toMatch(/^Error: invariant INV-2 UnreassignableStaysWithSource violated: \(a\) unit u\d is coupled to hA but is in flight$/m);
    // The explorer's own one-line-per-state trace is replaced by the step table.
    expect(r.out).not.toContain('Counterexample, ');
    expect(r.out).toMatch(/^Shortest counterexample \(10 events\):\nstep  event/m);
    expect(r.out).toMatch(/^ {2}10 {2}source\/unitReleased\(u\d\) +units\.u\d\.place: managed\(hA\) -> inFlight$/m);
    expect(r.out).toContain(`trace saved: ${file}\nreplay: npx vm-handover replay ${file}\n`);
    expect(r.err).toBe('vm-handover explore: scenario tiny, mutant M-10 pinnedUnitMoved\n');
    const j = json(await cli(['explore', '--scenario', 'tiny', '--mutant', 'pinnedUnitMoved', '--out', out, '--json']));
    expect(j).toMatchObject({ status: 'violation', mutant: 'M-10', violation: { kind: 'invariant', id: 'INV-2', file, saveError: null } });
    expect((j.violation as { events: unknown[] }).events).toHaveLength(10);
    expect(readdirSync(out)).toEqual(['counterexample-tiny-pinnedUnitMoved-explore.itf.json']);
  });
});
