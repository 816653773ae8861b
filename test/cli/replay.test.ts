import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tiny } from '../../models/scenarios/index.ts';
import type { HandoverEvent } from '../../src/model/events.ts';
import { saveTraceFile } from '../../src/trace/file.ts';
import { recordTrace } from '../../src/trace/trace.ts';
import { ev, tinyUpTo } from '../support/events.ts';
import { cli, json, tempDir, writeFile } from './helpers.ts';

/** The tiny handover hA -> hB up to the quiesce (no scheduling sent yet): every event accepted by the reference. */
const UP_TO_QUIESCE: readonly HandoverEvent[] = [...tinyUpTo.synchronising, ev.quiesced];

describe('vm-handover replay', () => {
  const dir = tempDir('replay');
  let mutantTrace: string;
  let cleanTrace: string;
  beforeAll(async () => {
    // M-10 on tiny: explore's shortest counterexample, saved with the mutant's name in #meta.
    expect((await cli(['explore', '--scenario', 'tiny', '--mutant', 'M-10', '--out', dir])).code).toBe(1);
    mutantTrace = join(dir, 'counterexample-tiny-pinnedUnitMoved-explore.itf.json');
    const { trace, rejected } = recordTrace(tiny, UP_TO_QUIESCE);
    expect(rejected).toBeNull();
    cleanTrace = join(dir, 'clean.itf.json');
    await saveTraceFile(cleanTrace, trace);
  });

  it('a trace of the reference with no violation replays cleanly: every property holds, exit 0', async () => {
    const r = await cli(['replay', cleanTrace]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`replaying ${cleanTrace}: scenario tiny, ${UP_TO_QUIESCE.length} events, reducer reference\n`);
    expect(r.out).toMatch(/^ {3}7 {2}source\/vmQuiesced +/m);
    expect(r.out.endsWith('every property holds on every step\n')).toBe(true);
    const j = json(await cli(['replay', cleanTrace, '--json']));
    expect(j).toMatchObject({ command: 'replay', file: cleanTrace, scenario: 'tiny', reducer: 'reference', steps: 7, status: 'ok', recorded: null, firstViolation: null, firstRejection: null, firstDivergence: null, reproduced: null });
    expect((j.rows as unknown[]).length).toBe(8);
  });

  it('a mutant\'s trace replays with that mutant by default and reproduces its violation', async () => {
    const j = json(await cli(['replay', mutantTrace, '--json']));
    expect(j).toMatchObject({ reducer: 'pinnedUnitMoved', status: 'violation', reproduced: true, recorded: { id: 'INV-2' }, firstViolation: { index: 10, violation: { id: 'INV-2' } } });
    // The invariant first; the oracle may object on the same step too (replay shows every verdict).
    expect((j.rows as { violations: { id: string }[] }[])[10]?.violations[0]?.id).toBe('INV-2');
  });

  it('--reference replays it with the reference reducer: the release is refused (R-10) and the states diverge, exit 1', async () => {
    const r = await cli(['replay', mutantTrace, '--reference']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('reducer reference\n');
    expect(r.out).toMatch(/^REJECTED at step 10: R-10 source\/unitReleased /m);
    expect(r.out).toMatch(/^DIVERGES at step 10: \$\.units\.u\d\.place: recorded inFlight, replayed managed\(hA\)$/m);
    expect(r.out).toContain('the recorded violation INV-2 is NOT reproduced\n');
  });

  it('--mutant replays with the bug named instead of the trace\'s', async () => {
    const r = await cli(['replay', cleanTrace, '--mutant', 'M-13']);
    expect(r.out).toContain('reducer M-13 resumeFromConsolidating\n');
    expect(r.code).toBe(0);
  });

  it('a recorded DEADLOCK is re-checked on the last state; TERMINATION is left to explore', async () => {
    const base = JSON.parse(readFileSync(cleanTrace, 'utf8')) as { '#meta': Record<string, unknown> };
    const deadlock = writeFile(dir, 'deadlock.itf.json', { ...base, '#meta': { ...base['#meta'], status: 'violation', violation: { id: 'DEADLOCK', name: 'Deadlock', explanation: 'no event is enabled' } } });
    const d = await cli(['replay', deadlock]);
    expect(d.out).toContain('the recorded violation DEADLOCK is NOT reproduced\n');
    expect(d.code).toBe(0);
    const termination = writeFile(dir, 'termination.itf.json', { ...base, '#meta': { ...base['#meta'], status: 'violation', violation: { id: 'TERMINATION', name: 'Termination', explanation: 'no terminal state is reachable' } } });
    const t = await cli(['replay', termination, '--json']);
    expect(json(t)).toMatchObject({ reproduced: null, status: 'ok' });
    expect((await cli(['replay', termination])).out).toContain('the recorded TERMINATION is a property of the whole state space: run vm-handover explore to re-check it\n');
  });

  it('bad usage and bad files exit 2 with the problem named', async () => {
    const cases: [string[], string][] = [
      [['replay', mutantTrace, '--mutant', 'M-01', '--reference'], 'give either --mutant or --reference, not both'],
      [['replay', mutantTrace, '--mutant', 'M-77'], '--mutant: unknown mutant "M-77"'],
      [['replay', join(dir, 'missing.itf.json')], `${join(dir, 'missing.itf.json')}: expected an existing file; got no such file`],
      [['replay', writeFile(dir, 'broken.itf.json', '{"#meta": {,}')], `${join(dir, 'broken.itf.json')}:1:12: expected well-formed JSON`],
      [['replay', writeFile(dir, 'scenario.json', tiny)], `${join(dir, 'scenario.json')}: $["#meta"]: expected an object; got nothing`],
      [['replay', dir], `${dir}: expected a file; got a directory`],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toContain(message);
    }
  });

  it('a trace naming an unknown mutant in #meta is bad input: exit 2 with the JSON path', async () => {
    const base = JSON.parse(readFileSync(mutantTrace, 'utf8')) as { '#meta': Record<string, unknown> };
    const file = writeFile(dir, 'unknown-mutant.itf.json', { ...base, '#meta': { ...base['#meta'], mutant: 'noSuchBug' } });
    const r = await cli(['replay', file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: $["#meta"].mutant: expected a known mutant (see vm-handover mutants); got "noSuchBug"`);
    // --reference does not need the mutant, so the trace replays.
    expect((await cli(['replay', file, '--reference'])).code).toBe(1);
  });
});
