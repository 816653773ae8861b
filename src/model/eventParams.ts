/**
 * The parameters of every event and what kind of identifier each one names.
 *
 * @remarks
 * The list of event types is `EVENT_TYPES` (src/model/events.ts); this table only adds each
 * type's parameter shape. Its type is total over the event types and exact over each event's
 * fields, so a new event or a renamed field fails to compile here rather than drift: the JSON
 * event schema and the ITF `mbt::nondetPicks` record are both derived from it.
 */
import type { EventOf, EventType } from './events.ts';
import { EVENT_TYPES } from './events.ts';
import type { Message } from './state.ts';

/**
 * What a parameter names: a VM, a hypervisor or a unit (identifiers), or a part of a message's
 * name on the SP channel (its leg, epoch and version: messages carry no sequence number).
 * @public
 */
export type ParamKind = IdKind | NumberKind | 'leg';

/** Parameters that are identifiers of the scenario. @public */
export type IdKind = 'vm' | 'hypervisor' | 'unit';

/** Parameters that are non-negative integers. @public */
export type NumberKind = 'epoch' | 'version';

/** The legs of the SP channel, for the `leg` parameter. @public */
export const LEGS = ['toSp', 'toTarget'] as const satisfies readonly Message['leg'][];
// Compile-time: fails when the model gains a leg this list lacks.
const legsTotal: Exclude<Message['leg'], (typeof LEGS)[number]> extends never ? true : never = true;
void legsTotal;

/** The parameter names of an event type (its fields other than `type`). @public */
export type ParamsOf<T extends EventType> = Exclude<keyof EventOf<T>, 'type'>;

/**
 * The kind each parameter of one event type has, constrained by the field's type: numbers are
 * epochs or versions, a literal union is the leg, a plain string an identifier.
 * @public
 */
export type ParamTable<T extends EventType> = [ParamsOf<T>] extends [never]
  ? // An empty object type would accept any field; this one accepts none.
    Readonly<Record<string, never>>
  : { readonly [K in ParamsOf<T>]: EventOf<T>[K] extends number ? NumberKind : string extends EventOf<T>[K] ? IdKind : 'leg' };

/**
 * Parameter kinds per event type.
 * @public
 */
export const EVENT_PARAMS: { readonly [T in EventType]: ParamTable<T> } = {
  'sp/handoverRequested': { vm: 'vm', source: 'hypervisor', target: 'hypervisor' },
  'sp/hypervisorConfigured': { hv: 'hypervisor' },
  'source/unitsClassified': {},
  'source/unitCopied': { unit: 'unit' },
  'source/pinDetected': { unit: 'unit' },
  'source/consolidationFinished': {},
  'source/schedSent': {},
  'sp/schedRelayed': { epoch: 'epoch', version: 'version' },
  'target/schedReceived': { epoch: 'epoch', version: 'version' },
  'source/vmQuiesced': {},
  'source/assignmentStarted': {},
  'source/unitReleased': { unit: 'unit' },
  'target/unitAcquired': { unit: 'unit' },
  'sp/commitRecorded': {},
  'target/vmResumed': {},
  'source/unitReclaimed': { unit: 'unit' },
  'source/rollbackCompleted': {},
  'sp/hypervisorRestarted': { hv: 'hypervisor' },
  'sp/hypervisorRetired': { hv: 'hypervisor' },
  'operator/handoverAborted': {},
  'scheduler/vmRescheduled': { vm: 'vm' },
  'guest/memoryWritten': { unit: 'unit' },
  'device/unitPinned': { unit: 'unit' },
  'fault/hypervisorCrashed': { hv: 'hypervisor' },
  'fault/spReset': {},
  'fault/messageLost': { leg: 'leg', epoch: 'epoch', version: 'version' },
  'fault/messageDuplicated': { leg: 'leg', epoch: 'epoch', version: 'version' },
  'fault/unitTransferFailed': { unit: 'unit' },
  'fault/switchoverTimedOut': {},
};

/**
 * The parameters of an event type as `[name, kind]` pairs, in declaration order.
 * @public
 */
export function paramsOf(type: EventType): readonly (readonly [string, ParamKind])[] {
  return Object.entries(EVENT_PARAMS[type] as Readonly<Record<string, ParamKind>>);
}

/**
 * Every parameter name used by some event, with its kind: the fields of ITF's `mbt::nondetPicks`.
 * @remarks A name means the same kind in every event (`hv`, `source` and `target` are all
 * hypervisors); test/input/event.test.ts checks that the table keeps it so.
 * @public
 */
export const PARAM_NAMES: ReadonlyMap<string, ParamKind> = new Map(EVENT_TYPES.flatMap((type) => paramsOf(type)));
