import { describe, expect, it } from 'vitest';
import { monitorCommand } from '../../src/cli/commands/monitor.ts';
import { findMutant, mutantStep } from '../../src/mutants/catalog.ts';
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

  it('an event the model refuses is reported with its code and guard, and does not fail the run (exit 0)', async () => {
    const r = await cli(['monitor', '--scenario', 'tiny'], { stdin: [...TO_ASSIGNING, RELEASE_ADAPTER] });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^REJECTED <stdin>:9 source\/unitReleased\(u2\): R-\d\d [^;]+; failed guard: .+$/m);
    expect(r.out).toContain('9 lines: 8 accepted, 1 rejected, 0 malformed, 0 with violations; phase assigning\n');
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

  it('--json writes one object per input line and a summary', async () => {
    const r = await cli(['monitor', '--scenario', 'tiny', '--json'], { stdin: [TO_ASSIGNING[0]!, RELEASE_ADAPTER, 'oops'] });
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
