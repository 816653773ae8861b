import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tiny } from '../../models/scenarios/index.ts';
import { saveCounterexample } from '../../src/cli/counterexample.ts';
import { initialState } from '../../src/model/init.ts';
import { step } from '../../src/model/step.ts';
import { loadTraceFile } from '../../src/trace/file.ts';
import { cli, tempDir } from './helpers.ts';

const M02 = ['check', '--scenario', 'default', '--mutant', 'M-02', '--seed', '42', '--runs', '60'];
const NAME = 'counterexample-default-unreassignableAssigned-42.itf.json';

describe('counterexample files are written atomically', () => {
  it('the saved file is complete JSON that loads back as the trace shown, and no temporary file is left in --out', async () => {
    const out = tempDir('atomic');
    const first = await cli([...M02, '--out', out, '--json']);
    expect(first.code).toBe(1);
    expect(readdirSync(out)).toEqual([NAME]);
    const text = readFileSync(join(out, NAME), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const itf = JSON.parse(text) as { '#meta': { violation: { id: string }; seed: string; mutant: string; replayPath: string }; states: unknown[] };
    expect(itf['#meta']).toMatchObject({ violation: { id: 'INV-2' }, seed: '42', mutant: 'unreassignableAssigned' });
    const shown = JSON.parse(first.out) as { path: string; counterexample: { events: unknown[] } };
    expect(itf['#meta'].replayPath).toBe(shown.path);
    const loaded = loadTraceFile(join(out, NAME));
    expect(loaded.ok && loaded.value.steps.map((s) => s.event)).toEqual(shown.counterexample.events);

    // A second run replaces the file whole: still one complete file, still no temporary one.
    const before = statSync(join(out, NAME)).mtimeMs;
    expect((await cli([...M02, '--out', out])).code).toBe(1);
    expect(readdirSync(out)).toEqual([NAME]);
    expect(statSync(join(out, NAME)).mtimeMs).toBeGreaterThanOrEqual(before);
    expect(readFileSync(join(out, NAME), 'utf8')).toBe(text);
  });

  it('when the file cannot be replaced, check still reports the violation (exit 1), says the trace is NOT saved, and leaves no temporary file', async () => {
    const out = tempDir('atomic-blocked');
    mkdirSync(join(out, NAME)); // a directory where the file should go: the rename fails
    const r = await cli([...M02, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^VIOLATION INV-2 /);
    expect(r.out).toMatch(new RegExp(`^trace NOT saved: ${join(out, NAME)}: E`, 'm'));
    expect(r.out).not.toContain('replay: npx vm-handover replay');
    expect(readdirSync(out)).toEqual([NAME]);
    expect(readdirSync(join(out, NAME))).toEqual([]);
  });

  it('saveCounterexample reports a directory it cannot create instead of throwing', async () => {
    const dir = tempDir('atomic-file');
    writeFileSync(join(dir, 'file'), 'x');
    const s0 = initialState(tiny);
    const saved = await saveCounterexample({
      outDir: join(dir, 'file', 'out'), name: 'cx', scenario: tiny, events: [], states: [s0], step,
      violation: { id: 'INV-0', name: 'TypeOK', explanation: 'made up for the test' },
    });
    expect(saved.file).toBeNull();
    expect(saved.saveError).toMatch(/cx\.itf\.json: (ENOTDIR|EEXIST)/);
    expect(saved.table).toContain('(initial state)');
    expect(readdirSync(dir)).toEqual(['file']);
  });
});
