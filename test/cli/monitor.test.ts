import { describe, expect, it } from 'vitest';
import { monitorCommand } from '../../src/cli/commands/monitor.ts';
import { findMutant, mutantStep } from '../../src/mutants/catalog.ts';
import { check } from '../../src/checker/check.ts';
import type { Step } from '../../src/model/step.ts';
import { step } from '../../src/model/step.ts';
import { STEP_PROPERTIES } from '../../src/checker/properties.ts';
import { tiny } from '../../models/scenarios/index.ts';
import { SEED } from '../checker/seed.ts';
import { ev, tinyUpTo } from '../support/events.ts';
import { cli, micro, recordingIo, tempDir, writeFile } from './helpers.ts';

const line = (o: object): string => JSON.stringify(o);

/** The tiny handover up to the assignment: every event accepted by the reference. */
const TO_ASSIGNING = [...tinyUpTo.synchronising, ev.quiesced, ev.assignmentStarted].map(line);

/** u2 is tiny's unreassignable adapter: the reference refuses to release it, M-02 releases it. */
const RELEASE_ADAPTER = line({ type: 'source/unitReleased', unit: 'u2' });

describe('vm-handover monitor', () => {
  it('valid events on stdin: one ok line each with the phase reached, a summary, exit 0', async () => {
    const r = await cli(['monitor', '--scenario', 'tiny'], { stdin: TO_ASSIGNING });
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('ok <stdin>:1 sp/handoverRequested(vm0, hA, hB) -> configuring');
    expect(lines[7]).toBe('ok <stdin>:8 source/assignmentStarted -> assigning');
    expect(lines[8]).toBe('8 lines: 8 accepted, 0 rejected, 0 malformed, 0 with violations; phase assigning');
  });

  it('--no-strict: an event the model refuses is reported with its code and guard, and does not fail the run (exit 0)', async () => {
    for (const flag of ['--no-strict', '--lenient']) {
      const r = await cli(['monitor', '--scenario', 'tiny', flag], { stdin: [...TO_ASSIGNING, RELEASE_ADAPTER, TO_ASSIGNING[0]!] });
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^REJECTED <stdin>:9 source\/unitReleased\(u2\): R-\d\d [^;]+; failed guard: .+$/m);
      expect(r.out).toContain('10 lines: 8 accepted, 2 rejected, 0 malformed, 0 with violations; phase assigning\n');
    }
  });

  it('strict by default: the first rejected event fails the run (exit 1), naming its line and code, and reading stops there', async () => {
    const r = await cli(['monitor', '--scenario', 'tiny'], { stdin: [...TO_ASSIGNING, RELEASE_ADAPTER, TO_ASSIGNING[0]!] });
    expect(r.code).toBe(1);
    const code = /^REJECTED <stdin>:9 source\/unitReleased\(u2\): (R-\d\d) /m.exec(r.out)?.[1];
    expect(code).toMatch(/^R-\d\d$/);
    expect(r.out).toContain('9 lines: 8 accepted, 1 rejected, 0 malformed, 0 with violations; phase assigning\n');
    expect(r.err).toContain(`vm-handover monitor: FAILED (strict) at <stdin>:9: source/unitReleased(u2) rejected with ${code}`);
    const j = await cli(['monitor', '--scenario', 'tiny', '--json'], { stdin: [...TO_ASSIGNING, RELEASE_ADAPTER] });
    expect(j.code).toBe(1);
    const summary = JSON.parse(j.out.trimEnd().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ kind: 'summary', rejected: 1, failed: `<stdin>:9: source/unitReleased(u2) rejected with ${code}` });
  });

  it('a malformed line is reported with its line number and skipped; the state goes on; exit 2', async () => {
    const r = await cli(['monitor', '--scenario', 'tiny'], {
      stdin: [TO_ASSIGNING[0]!, '', '{"type": "sp/hypervisorConfigured",', line({ type: 'source/unitCopied', unit: 'u9' }), line({ type: 'no/suchEvent' }), TO_ASSIGNING[1]!],
    });
    expect(r.code).toBe(2);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^MALFORMED <stdin>:3:\d+: expected well-formed JSON; got /);
    expect(lines[2]).toBe('MALFORMED <stdin>:4: $.unit: expected one of u0, u1, u2; got "u9"');
    expect(lines[3]).toMatch(/^MALFORMED <stdin>:5: \$\.type: expected one of the 29 event types \(sp\/handoverRequested, /);
    expect(lines[4]).toBe('ok <stdin>:6 sp/hypervisorConfigured(hA) -> configuring');
    expect(lines[5]).toBe('6 lines: 2 accepted, 0 rejected, 3 malformed, 0 with violations; phase configuring');
  });

  it('a broken invariant is reported after the event that broke it, exit 1 (M-02 in place of the reference)', async () => {
    const { io, out } = recordingIo({ stdin: [...TO_ASSIGNING, RELEASE_ADAPTER] });
    const code = await monitorCommand({ scenario: 'tiny' }, io, mutantStep(findMutant('M-02')!));
    expect(code).toBe(1);
    expect(out.join('')).toMatch(/^VIOLATION <stdin>:9 after source\/unitReleased\(u2\): INV-2 UnreassignableStaysWithSource: .*u2/m);
    expect(out.join('')).toContain('9 lines: 9 accepted, 0 rejected, 0 malformed, 1 with violations; phase assigning\n');
  });

  // M-03 is caught by the ownership oracle, M-13 (a skipped phase) by REF-1 among others: the
  // monitor, fed the events of check's counterexample, must name the same property at the last line.
  for (const id of ['M-03', 'M-13'])
    it(`monitor checks what check checks: ${id}'s shrunk counterexample (tiny, seed ${SEED}) breaks the same property at its last event`, async () => {
      const m = findMutant(id)!;
      const r = check({ scenario: tiny, mutant: m, seed: SEED, runs: 2000, ...STEP_PROPERTIES, witnesses: [], requiredEvents: [] });
      const cx = r.counterexample!;
      expect(['ORACLE', 'REF-1', ...m.caughtBy]).toContain(cx.violation.id);
      const { io, out } = recordingIo({ stdin: cx.events.map(line) });
      const code = await monitorCommand({ scenario: 'tiny', json: true }, io, mutantStep(m));
      expect(code).toBe(1);
      const records = out.join('').trimEnd().split('\n').map((l) => JSON.parse(l) as { kind: string; line?: number; violation?: { id: string } });
      const first = records.find((x) => x.kind === 'violation')!;
      expect(first).toMatchObject({ line: cx.events.length, violation: { id: cx.violation.id } });
    });

  it('REF-1 on every event: a step the lifecycle has no transition for is a violation although no invariant breaks', async () => {
    // rollbackCompleted accepted in idle as a no-op: the state (so every invariant) is unchanged.
    const stutter: Step = (s, e) => (e.type === 'source/rollbackCompleted' && s.handover === null ? { ok: true, state: s, effects: [] } : step(s, e));
    const { io, out } = recordingIo({ stdin: [line({ type: 'source/rollbackCompleted' })] });
    expect(await monitorCommand({ scenario: 'tiny' }, io, stutter)).toBe(1);
    expect(out.join('')).toMatch(/^VIOLATION <stdin>:1 after source\/rollbackCompleted: REF-1 RefinesLifecycle: .*no transition on source\/rollbackCompleted in idle/m);
  });

  it('--json writes one object per input line and a summary', async () => {
    const r = await cli(['monitor', '--scenario', 'tiny', '--json', '--no-strict'], { stdin: [TO_ASSIGNING[0]!, RELEASE_ADAPTER, 'oops'] });
    expect(r.code).toBe(2);
    const records = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((x) => x.kind)).toEqual(['ok', 'rejected', 'malformed', 'summary']);
    expect(records[0]).toEqual({ line: 1, kind: 'ok', event: JSON.parse(TO_ASSIGNING[0]!), phase: 'configuring' });
    expect(records[1]).toMatchObject({ line: 2, kind: 'rejected', rejection: { code: 'R-04' } });
    expect(records[2]).toMatchObject({ line: 3, kind: 'malformed', error: expect.stringMatching(/^<stdin>:3:1: expected well-formed JSON/) as unknown });
    expect(records[3]).toEqual({ kind: 'summary', lines: 3, accepted: 1, rejected: 1, malformed: 1, violations: 0, phase: 'configuring' });
  });

  it('--events reads a file (CRLF line ends too), and --scenario-file gives the identifiers', async () => {
    const dir = tempDir('monitor');
    const scenario = writeFile(dir, 'micro.json', micro);
    const events = writeFile(dir, 'events.jsonl', `${TO_ASSIGNING.slice(0, 4).join('\r\n')}\r\n${line({ type: 'source/unitCopied', unit: 'u0' })}\r\n`);
    const r = await cli(['monitor', '--scenario-file', scenario, '--events', events]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`ok ${events}:4 source/unitsClassified -> consolidating\n`);
    expect(r.out).toContain(`ok ${events}:5 source/unitCopied(u0) -> consolidating\n`);
  });

  it('a missing or unreadable events file, or a bad scenario, is bad usage: exit 2 with the problem named', async () => {
    const dir = tempDir('monitor-bad');
    const missing = await cli(['monitor', '--events', `${dir}/nope.jsonl`]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`${dir}/nope.jsonl: expected an existing file; got no such file`);
    const directory = await cli(['monitor', '--events', dir]);
    expect(directory.code).toBe(2);
    expect(directory.err).toContain(`${dir}: expected a file; got a directory`);
    const scenario = await cli(['monitor', '--scenario', 'nope'], { stdin: [] });
    expect(scenario.code).toBe(2);
    expect(scenario.err).toContain('--scenario: unknown scenario "nope"');
  });

  it('no events at all: an empty summary in the idle phase, exit 0', async () => {
    const r = await cli(['monitor'], { stdin: [] });
    expect(r).toMatchObject({ code: 0, out: '0 lines: 0 accepted, 0 rejected, 0 malformed, 0 with violations; phase idle\n' });
  });
});
