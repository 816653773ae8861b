/**
 * `vm-handover check --coverage-of`: the share of the explorer's reachable states the random
 * runs reach, on the micro scenario (a few thousand states, so the explorer finishes at once).
 */
import { describe, expect, it } from 'vitest';
import { cli, json, micro, tempDir, writeFile } from './helpers.ts';

describe('vm-handover check --coverage-of', () => {
  const dir = tempDir('coverage-of');
  const microFile = writeFile(dir, 'micro.json', micro);

  it('prints the share of reachable states and of abstract states, and a rerun line; more runs reach no fewer states', async () => {
    const r = await cli(['check', '--coverage-of', microFile, '--runs', '20', '--seed', '3', '--no-require']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^coverage of micro by 20 random runs, seed 3$/m);
    expect(r.out).toMatch(/^ {2}states {5}[\d,]+ of [\d,]+ reachable \(\d+\.\d %\)$/m);
    expect(r.out).toMatch(/^ {2}abstract {3}[\d,]+ of [\d,]+ \(\d+\.\d %\), phase x unit places x versions$/m);
    expect(r.out).toContain('  outside    0 states the runs reached that the explorer did not\n');
    expect(r.out).toContain(`  rerun      npx vm-handover check --coverage-of ${microFile} --runs 20 --seed 3\n`);
    const few = json(await cli(['check', '--coverage-of', microFile, '--runs', '20', '--seed', '3', '--no-require', '--json', '--no-timings']));
    const many = json(await cli(['check', '--coverage-of', microFile, '--runs', '200', '--seed', '3', '--no-require', '--json', '--no-timings']));
    const states = (d: Record<string, unknown>) => d['states'] as { reachable: number; reached: number; share: number };
    expect(states(few).reachable).toBe(states(many).reachable);
    expect(states(few).share).toBeGreaterThan(0);
    expect(states(many).reached).toBeGreaterThanOrEqual(states(few).reached);
    expect(states(many).share).toBeLessThanOrEqual(1);
    expect(many).not.toHaveProperty('timings');
    expect(many['outside']).toBe(0);
  });

  it('refuses what cannot be measured: an unknown scenario, --scenario beside it, a space the explorer cannot finish (exit 2)', async () => {
    const unknown = await cli(['check', '--coverage-of', 'nowhere']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--coverage-of: unknown scenario "nowhere"');
    const both = await cli(['check', '--coverage-of', 'tiny', '--scenario', 'tiny']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('--coverage-of: --scenario cannot be combined with it');
    // M-13 breaks INV-0 at once: the explorer stops at the violation, the whole space is unknown.
    const stopped = await cli(['check', '--coverage-of', microFile, '--mutant', 'M-13', '--runs', '5']);
    expect(stopped.code).toBe(2);
    expect(stopped.err).toMatch(/--coverage-of: the explorer did not finish micro \(violation/);
  });
});
