/**
 * The reducer: `step(state, event)`, composed from one handler per event.
 *
 * @remarks
 * Pure: no clock, no randomness, no I/O, no mutation. The dispatch matches the event with
 * ts-pattern and ends with `.exhaustive()`, so a new event fails to compile until it has a
 * handler. `makeStep` lets a checker build a variant with one handler replaced (a mutant)
 * without copying the reducer.
 */
import { match } from 'ts-pattern';
import type { HandoverEvent } from './events.ts';
import type { ServerState } from './state.ts';
import type { Handlers, StepResult } from './steps/kit.ts';
import { hypervisorCrashed, messageDuplicated, messageLost, spReset, switchoverTimedOut, unitPinned, unitTransferFailed } from './steps/faults.ts';
import { memoryWritten, vmRescheduled } from './steps/environment.ts';
import { consolidationFinished, handoverRequested, hypervisorConfigured, pinDetected, unitCopied, unitsClassified } from './steps/prepare.ts';
import { handoverAborted, hypervisorRestarted, hypervisorRetired, rollbackCompleted, unitReclaimed } from './steps/recovery.ts';
import {
  assignmentStarted,
  commitRecorded,
  schedReceived,
  schedRelayed,
  schedSent,
  unitAcquired,
  unitReleased,
  vmQuiesced,
  vmResumed,
} from './steps/switchover.ts';

/** A reducer over server states. @public */
export type Step = (state: ServerState, event: HandoverEvent) => StepResult;

/**
 * The reference handlers, one per event: the specification's actions.
 * @public
 */
export const referenceHandlers: Handlers = {
  'sp/handoverRequested': handoverRequested,
  'sp/hypervisorConfigured': hypervisorConfigured,
  'source/unitsClassified': unitsClassified,
  'source/unitCopied': unitCopied,
  'source/pinDetected': pinDetected,
  'source/consolidationFinished': consolidationFinished,
  'source/schedSent': schedSent,
  'sp/schedRelayed': schedRelayed,
  'target/schedReceived': schedReceived,
  'source/vmQuiesced': vmQuiesced,
  'source/assignmentStarted': assignmentStarted,
  'source/unitReleased': unitReleased,
  'target/unitAcquired': unitAcquired,
  'sp/commitRecorded': commitRecorded,
  'target/vmResumed': vmResumed,
  'source/unitReclaimed': unitReclaimed,
  'source/rollbackCompleted': rollbackCompleted,
  'sp/hypervisorRestarted': hypervisorRestarted,
  'sp/hypervisorRetired': hypervisorRetired,
  'operator/handoverAborted': handoverAborted,
  'scheduler/vmRescheduled': vmRescheduled,
  'guest/memoryWritten': memoryWritten,
  'device/unitPinned': unitPinned,
  'fault/hypervisorCrashed': hypervisorCrashed,
  'fault/spReset': spReset,
  'fault/messageLost': messageLost,
  'fault/messageDuplicated': messageDuplicated,
  'fault/unitTransferFailed': unitTransferFailed,
  'fault/switchoverTimedOut': switchoverTimedOut,
};

/**
 * Builds a reducer from a handler table.
 *
 * @example
 * ```ts
 * const buggy = makeStep({ ...referenceHandlers, 'target/vmResumed': myResume });
 * ```
 * @public
 */
export function makeStep(h: Handlers): Step {
  return (s, event) =>
    match<HandoverEvent, StepResult>(event)
      .with({ type: 'sp/handoverRequested' }, (e) => h['sp/handoverRequested'](s, e))
      .with({ type: 'sp/hypervisorConfigured' }, (e) => h['sp/hypervisorConfigured'](s, e))
      .with({ type: 'source/unitsClassified' }, (e) => h['source/unitsClassified'](s, e))
      .with({ type: 'source/unitCopied' }, (e) => h['source/unitCopied'](s, e))
      .with({ type: 'source/pinDetected' }, (e) => h['source/pinDetected'](s, e))
      .with({ type: 'source/consolidationFinished' }, (e) => h['source/consolidationFinished'](s, e))
      .with({ type: 'source/schedSent' }, (e) => h['source/schedSent'](s, e))
      .with({ type: 'sp/schedRelayed' }, (e) => h['sp/schedRelayed'](s, e))
      .with({ type: 'target/schedReceived' }, (e) => h['target/schedReceived'](s, e))
      .with({ type: 'source/vmQuiesced' }, (e) => h['source/vmQuiesced'](s, e))
      .with({ type: 'source/assignmentStarted' }, (e) => h['source/assignmentStarted'](s, e))
      .with({ type: 'source/unitReleased' }, (e) => h['source/unitReleased'](s, e))
      .with({ type: 'target/unitAcquired' }, (e) => h['target/unitAcquired'](s, e))
      .with({ type: 'sp/commitRecorded' }, (e) => h['sp/commitRecorded'](s, e))
      .with({ type: 'target/vmResumed' }, (e) => h['target/vmResumed'](s, e))
      .with({ type: 'source/unitReclaimed' }, (e) => h['source/unitReclaimed'](s, e))
      .with({ type: 'source/rollbackCompleted' }, (e) => h['source/rollbackCompleted'](s, e))
      .with({ type: 'sp/hypervisorRestarted' }, (e) => h['sp/hypervisorRestarted'](s, e))
      .with({ type: 'sp/hypervisorRetired' }, (e) => h['sp/hypervisorRetired'](s, e))
      .with({ type: 'operator/handoverAborted' }, (e) => h['operator/handoverAborted'](s, e))
      .with({ type: 'scheduler/vmRescheduled' }, (e) => h['scheduler/vmRescheduled'](s, e))
      .with({ type: 'guest/memoryWritten' }, (e) => h['guest/memoryWritten'](s, e))
      .with({ type: 'device/unitPinned' }, (e) => h['device/unitPinned'](s, e))
      .with({ type: 'fault/hypervisorCrashed' }, (e) => h['fault/hypervisorCrashed'](s, e))
      .with({ type: 'fault/spReset' }, (e) => h['fault/spReset'](s, e))
      .with({ type: 'fault/messageLost' }, (e) => h['fault/messageLost'](s, e))
      .with({ type: 'fault/messageDuplicated' }, (e) => h['fault/messageDuplicated'](s, e))
      .with({ type: 'fault/unitTransferFailed' }, (e) => h['fault/unitTransferFailed'](s, e))
      .with({ type: 'fault/switchoverTimedOut' }, (e) => h['fault/switchoverTimedOut'](s, e))
      .exhaustive();
}

/**
 * The reference reducer: the next state, or a rejection with the very same state object.
 *
 * @example
 * ```ts
 * const r = step(initialState(defaultScenario), { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
 * if (!r.ok) console.log(r.rejection.code);
 * ```
 * @public
 */
export const step: Step = makeStep(referenceHandlers);
