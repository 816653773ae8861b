/**
 * Events: past-tense facts named `actor/eventName`, so that a trace reads as a story.
 *
 * @remarks
 * Protocol steps, environment events and faults are all ordinary events (TLA+'s
 * DropMessage, Restart). Every choice an event makes (which unit, which message) is a
 * field of the event: the reducer never chooses.
 */
import type { HypervisorId, UnitId, VmId } from './scenario.ts';

/** A message is named by its epoch and version; the leg is fixed by the event type. */
type OnLeg = { readonly epoch: number; readonly version: number };
/** A message fault names the leg too. */
type AnyLeg = OnLeg & { readonly leg: 'toSp' | 'toTarget' };

/** Every event of the model. @public */
export type HandoverEvent =
  // protocol (claim 1 order)
  | { readonly type: 'sp/handoverRequested'; readonly vm: VmId; readonly source: HypervisorId; readonly target: HypervisorId }
  | { readonly type: 'sp/hypervisorConfigured'; readonly hv: HypervisorId }
  | { readonly type: 'source/unitsClassified' }
  | { readonly type: 'source/unitCopied'; readonly unit: UnitId }
  | { readonly type: 'source/pinDetected'; readonly unit: UnitId }
  | { readonly type: 'source/consolidationFinished' }
  | { readonly type: 'source/schedSent' }
  | ({ readonly type: 'sp/schedRelayed' } & OnLeg)
  | ({ readonly type: 'target/schedReceived' } & OnLeg)
  | { readonly type: 'source/vmQuiesced' }
  | { readonly type: 'source/assignmentStarted' }
  | { readonly type: 'source/unitReleased'; readonly unit: UnitId }
  | { readonly type: 'target/unitAcquired'; readonly unit: UnitId }
  | { readonly type: 'sp/commitRecorded' }
  | { readonly type: 'target/vmResumed' }
  // rollback and recovery (departure: the patent names no failure handling)
  | { readonly type: 'source/unitReclaimed'; readonly unit: UnitId }
  | { readonly type: 'source/rollbackCompleted' }
  | { readonly type: 'sp/hypervisorRestarted'; readonly hv: HypervisorId }
  | { readonly type: 'sp/hypervisorRetired'; readonly hv: HypervisorId }
  // environment
  | { readonly type: 'operator/handoverAborted' }
  | { readonly type: 'scheduler/vmRescheduled'; readonly vm: VmId }
  | { readonly type: 'guest/memoryWritten'; readonly unit: UnitId }
  // faults
  | { readonly type: 'device/unitPinned'; readonly unit: UnitId }
  | { readonly type: 'fault/hypervisorCrashed'; readonly hv: HypervisorId }
  | { readonly type: 'fault/spReset' }
  | ({ readonly type: 'fault/messageLost' } & AnyLeg)
  | ({ readonly type: 'fault/messageDuplicated' } & AnyLeg)
  | { readonly type: 'fault/unitTransferFailed'; readonly unit: UnitId }
  | { readonly type: 'fault/switchoverTimedOut' };

/** The name of an event, e.g. `'source/unitCopied'`. @public */
export type EventType = HandoverEvent['type'];

/** The event with a given name. @public */
export type EventOf<T extends EventType> = Extract<HandoverEvent, { readonly type: T }>;

/** Which budget and which weight an event draws on. @public */
export type EventKind = 'protocol' | 'environment' | 'fault';

/**
 * The kind of every event name, listed once: the checkers' weights, the coverage report and
 * the fault budget all read it. Typed as a total record so a new event fails to compile here.
 * @public
 */
export const EVENT_KINDS: { readonly [T in EventType]: EventKind } = {
  'sp/handoverRequested': 'protocol',
  'sp/hypervisorConfigured': 'protocol',
  'source/unitsClassified': 'protocol',
  'source/unitCopied': 'protocol',
  'source/pinDetected': 'protocol',
  'source/consolidationFinished': 'protocol',
  'source/schedSent': 'protocol',
  'sp/schedRelayed': 'protocol',
  'target/schedReceived': 'protocol',
  'source/vmQuiesced': 'protocol',
  'source/assignmentStarted': 'protocol',
  'source/unitReleased': 'protocol',
  'target/unitAcquired': 'protocol',
  'sp/commitRecorded': 'protocol',
  'target/vmResumed': 'protocol',
  'source/unitReclaimed': 'protocol',
  'source/rollbackCompleted': 'protocol',
  'sp/hypervisorRestarted': 'protocol',
  'sp/hypervisorRetired': 'protocol',
  'operator/handoverAborted': 'environment',
  'scheduler/vmRescheduled': 'environment',
  'guest/memoryWritten': 'environment',
  'device/unitPinned': 'fault',
  'fault/hypervisorCrashed': 'fault',
  'fault/spReset': 'fault',
  'fault/messageLost': 'fault',
  'fault/messageDuplicated': 'fault',
  'fault/unitTransferFailed': 'fault',
  'fault/switchoverTimedOut': 'fault',
};

/** All event names, in declaration order. @public */
export const EVENT_TYPES = Object.keys(EVENT_KINDS) as readonly EventType[];

/** The kind of an event. @public */
export function eventKind(event: HandoverEvent): EventKind {
  return EVENT_KINDS[event.type];
}

/** A one-line rendering of an event, e.g. `source/unitCopied(u1)`. @public */
export function formatEvent(event: HandoverEvent): string {
  const { type, ...params } = event;
  const args = Object.entries(params).map(([k, v]) => (k === 'epoch' || k === 'version' ? `${k[0]}${String(v)}` : String(v)));
  return args.length === 0 ? type : `${type}(${args.join(', ')})`;
}
