/**
 * The reducer: `step(state, event)`, composed from one handler per event.
 *
 * @remarks
 * Pure: no clock, no randomness, no I/O, no mutation. The dispatch matches the event's name
 * with ts-pattern and ends with `.exhaustive()`, so a new event fails to compile until it has a
 * handler. `makeStep` lets a checker build a variant with one handler replaced (a mutant)
 * without copying the reducer.
 */
import { match } from 'ts-pattern';
import type { EventType, HandoverEvent } from './events.ts';
import { EVENT_TYPES } from './events.ts';
import type { ServerState } from './state.ts';
import type { Handlers, StepResult } from './steps/kit.ts';
import { crashOn, eventRejection } from './wellFormed.ts';
import { recordGhost } from './ghost.ts';
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
 * @remarks
 * The dispatch is an exhaustive ts-pattern match on the event's name, run once per name when
 * the reducer is built, not once per step: a 29-arm match built on every call made a step about
 * 8 times slower (bench/step.ts). Leaving out a name fails to compile.
 *
 * Before dispatch, the event is checked against the state by `eventRejection` (wellFormed.ts):
 * a malformed event or one naming an identifier that is not an own key of the state's
 * tables is rejected before any handler sees it, so every handler, reference or mutant,
 * gets events of its own type. After an accepted step, `recordGhost` (ghost.ts) writes the
 * history variables the outcome properties read, whatever the handler was. A handler that throws on a state that is not well-formed ends in
 * a `MalformedStateError` naming what is wrong; on a well-formed state its error is rethrown.
 *
 * @example
 * ```ts
 * const buggy = makeStep({ ...referenceHandlers, 'target/vmResumed': myResume });
 * ```
 * @public
 */
export function makeStep(h: Handlers): Step {
  const table = dispatchTable(h);
  return (s, event) => {
    // The entry check reads the state's tables too, so it sits inside the try with the handler.
    try {
      const bad = eventRejection(s, event);
      if (bad !== null) return { ok: false, state: s, rejection: bad };
      return withGhost(s, event, table.get(event.type)!(s, event));
    } catch (error) {
      throw crashOn(s, error);
    }
  };
}

/**
 * A reducer from a handler table for events the caller built itself from the state's own
 * identifiers (a checker's candidates): the same handlers as {@link makeStep}, without the entry
 * check of untrusted input.
 *
 * @remarks
 * The entry check (`eventRejection`) exists for events from outside: JSON, trace files, an
 * embedding actor. An event formed by `candidateEvents` from the scenario and the channel is
 * well-formed by construction and names only identifiers the state's tables hold, so for it the
 * check always passes and only costs (9 % of an exploration of tiny, docs/performance.md). A
 * handler that throws still ends in `MalformedStateError` on a malformed state. Equal results to
 * `makeStep(h)` on every candidate of every state of tiny and of random states of default are
 * asserted by test/model/fastPath.test.ts. Never give it an event from outside.
 * @internal
 */
export function makeTrustedStep(h: Handlers): Step {
  const table = dispatchTable(h);
  return (s, event) => {
    try {
      return withGhost(s, event, table.get(event.type)!(s, event));
    } catch (error) {
      throw crashOn(s, error);
    }
  };
}

/** The handler of each event name, found once by the exhaustive match. */
/**
 * A handler's result with the ghost records written (ghost.ts): whichever handler ran, an
 * accepted step passes here, on the reference, trusted and fast paths alike, so no handler (and
 * no mutant) writes or skips a ghost record.
 * @internal
 */
export function withGhost(s: ServerState, event: HandoverEvent, r: StepResult): StepResult {
  if (!r.ok) return r;
  const next = recordGhost(s, event, r.state);
  return next === r.state ? r : { ...r, state: next };
}

function dispatchTable(h: Handlers): ReadonlyMap<EventType, Step> {
  return new Map<EventType, Step>(EVENT_TYPES.map((t) => [t, dispatch(h, t)]));
}

/** The handler of one event name, found by an exhaustive match. @internal */
function dispatch(h: Handlers, type: EventType): Step {
  // Each arm narrows the event to its own type; the cast is the one place where the name and
  // the payload are correlated, and it is sound because the table is keyed by the same name.
  // The handler itself is the table's entry (no wrapper reading h[t] on every step).
  const as = <T extends EventType>(t: T): Step => h[t] as unknown as Step;
  return match(type)
    .with('sp/handoverRequested', as)
    .with('sp/hypervisorConfigured', as)
    .with('source/unitsClassified', as)
    .with('source/unitCopied', as)
    .with('source/pinDetected', as)
    .with('source/consolidationFinished', as)
    .with('source/schedSent', as)
    .with('sp/schedRelayed', as)
    .with('target/schedReceived', as)
    .with('source/vmQuiesced', as)
    .with('source/assignmentStarted', as)
    .with('source/unitReleased', as)
    .with('target/unitAcquired', as)
    .with('sp/commitRecorded', as)
    .with('target/vmResumed', as)
    .with('source/unitReclaimed', as)
    .with('source/rollbackCompleted', as)
    .with('sp/hypervisorRestarted', as)
    .with('sp/hypervisorRetired', as)
    .with('operator/handoverAborted', as)
    .with('scheduler/vmRescheduled', as)
    .with('guest/memoryWritten', as)
    .with('device/unitPinned', as)
    .with('fault/hypervisorCrashed', as)
    .with('fault/spReset', as)
    .with('fault/messageLost', as)
    .with('fault/messageDuplicated', as)
    .with('fault/unitTransferFailed', as)
    .with('fault/switchoverTimedOut', as)
    .exhaustive();
}

/**
 * The reference reducer: the next state, or a rejection with the very same state object.
 *
 * @example
 * ```ts
 * const r = step(initialState(defaultScenario), { type: 'sp/handoverRequested', vm: 'vm0', source: 'hA', target: 'hB' });
 * if (!r.ok) report(r.rejection.code, r.rejection.guard);
 * ```
 * @public
 */
export const step: Step = makeStep(referenceHandlers);
