/**
 * Type tests: an event without a handler does not compile. `npm run typecheck` runs tsc over
 * test/, so each `@ts-expect-error` below fails the build if the line under it compiles; the
 * positive controls next to them prove the error comes from the missing event and nothing else.
 */
import { match, P } from 'ts-pattern';
import { describe, expect, it } from 'vitest';
import type { EventType, HandoverEvent } from '../../src/model/events.ts';
import { EVENT_KINDS, EVENT_TYPES } from '../../src/model/events.ts';
import type { EventKind } from '../../src/model/events.ts';
import { makeStep, referenceHandlers } from '../../src/model/step.ts';
import type { Handlers } from '../../src/model/steps/kit.ts';

// (a) A handler table missing one event does not compile.
const { 'target/vmResumed': _resume, ...withoutResume } = referenceHandlers;
// @ts-expect-error 'target/vmResumed' is missing from the table
const incomplete: Handlers = withoutResume;
// Positive control: the full table compiles.
const complete: Handlers = { ...withoutResume, 'target/vmResumed': _resume };

// A reducer cannot be built from the incomplete table either.
// @ts-expect-error makeStep needs every handler
const cannotBuild = () => makeStep(withoutResume);

// The registry of kinds is total too.
const { 'fault/spReset': _kind, ...kindsWithoutReset } = EVENT_KINDS;
// @ts-expect-error 'fault/spReset' has no kind
const kinds: { readonly [T in EventType]: EventKind } = kindsWithoutReset;

/** (b) A ts-pattern match over every event but `fault/switchoverTimedOut` does not compile. */
function nameAllButTimeout(e: HandoverEvent): string {
  return (
    match<HandoverEvent, string>(e)
      .with(
        {
          type: P.union(
            'sp/handoverRequested',
            'sp/hypervisorConfigured',
            'source/unitsClassified',
            'source/unitCopied',
            'source/pinDetected',
            'source/consolidationFinished',
            'source/schedSent',
            'sp/schedRelayed',
            'target/schedReceived',
            'source/vmQuiesced',
            'source/assignmentStarted',
            'source/unitReleased',
            'target/unitAcquired',
            'sp/commitRecorded',
            'target/vmResumed',
            'source/unitReclaimed',
            'source/rollbackCompleted',
            'sp/hypervisorRestarted',
            'sp/hypervisorRetired',
            'operator/handoverAborted',
            'scheduler/vmRescheduled',
            'guest/memoryWritten',
            'device/unitPinned',
            'fault/hypervisorCrashed',
            'fault/spReset',
            'fault/messageLost',
            'fault/messageDuplicated',
            'fault/unitTransferFailed',
          ),
        },
        (x) => x.type,
      )
      // @ts-expect-error NonExhaustiveError: 'fault/switchoverTimedOut' is not handled
      .exhaustive()
  );
}

/** Positive control: the same match with the last event handled compiles. */
function nameAll(e: HandoverEvent): string {
  return match<HandoverEvent, string>(e)
    .with(
      {
        type: P.union(
          'sp/handoverRequested',
          'sp/hypervisorConfigured',
          'source/unitsClassified',
          'source/unitCopied',
          'source/pinDetected',
          'source/consolidationFinished',
          'source/schedSent',
          'sp/schedRelayed',
          'target/schedReceived',
          'source/vmQuiesced',
          'source/assignmentStarted',
          'source/unitReleased',
          'target/unitAcquired',
          'sp/commitRecorded',
          'target/vmResumed',
          'source/unitReclaimed',
          'source/rollbackCompleted',
          'sp/hypervisorRestarted',
          'sp/hypervisorRetired',
          'operator/handoverAborted',
          'scheduler/vmRescheduled',
          'guest/memoryWritten',
          'device/unitPinned',
          'fault/hypervisorCrashed',
          'fault/spReset',
          'fault/messageLost',
          'fault/messageDuplicated',
          'fault/unitTransferFailed',
        ),
      },
      (x) => x.type,
    )
    .with({ type: 'fault/switchoverTimedOut' }, (x) => x.type)
    .exhaustive();
}

describe('exhaustiveness (type tests, checked by tsc)', () => {
  it('the incomplete table really lacks one handler, and the complete one has them all', () => {
    expect(Object.keys(incomplete)).toHaveLength(EVENT_TYPES.length - 1);
    expect(Object.keys(complete).sort()).toEqual([...EVENT_TYPES].sort());
    expect(Object.keys(kinds)).not.toContain('fault/spReset');
    expect(typeof cannotBuild).toBe('function');
  });

  it('the exhaustive match names every event; the non-exhaustive one throws on the missing event at run time', () => {
    expect(nameAll({ type: 'fault/switchoverTimedOut' })).toBe('fault/switchoverTimedOut');
    expect(nameAllButTimeout({ type: 'fault/spReset' })).toBe('fault/spReset');
    expect(() => nameAllButTimeout({ type: 'fault/switchoverTimedOut' })).toThrow();
  });
});
