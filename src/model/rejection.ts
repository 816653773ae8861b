/**
 * Rejections: a protocol-level "no" is a value with a stable code, never an exception.
 *
 * @remarks
 * Codes are stable: tests, traces and users' tools key on them. Add new codes at the
 * end; never renumber.
 */
import type { EventType } from './events.ts';

/** Every rejection code with its meaning, listed once. @public */
export const REJECTION_CODES = {
  'R-01': 'unknown identifier (VM, hypervisor, unit or message)',
  'R-02': 'no handover is under way',
  'R-03': 'a handover is already under way',
  'R-04': 'the event is not allowed in the current phase',
  'R-05': 'a hypervisor this step needs is not running',
  'R-06': 'the hypervisor is not configured by the SP for the current epoch',
  'R-07': 'the commit point has not been recorded',
  'R-08': 'the commit point was recorded: roll forward only',
  'R-09': 'the unit is not in the handover set',
  'R-10': 'the unit is pinned (unreassignable in truth)',
  'R-11': 'the unit is not consolidated, or its copy is dirty',
  'R-12': 'the unit is not where this step expects it',
  'R-13': 'the target lacks the latest scheduling information',
  'R-14': 'nothing to send',
  'R-15': 'the environment or fault budget is exhausted',
  'R-16': 'the source does not have the VM',
  'R-17': 'source and target must differ',
  'R-18': 'the hypervisor still has resources or VMs coupled to it',
  'R-19': 'the VM is not dispatched as this event requires',
  'R-20': 'the unit has no need of a copy',
  'R-21': 'the hypervisor is already configured for this epoch',
  'R-22': 'the hypervisor is running',
  'R-23': 'the hypervisor takes no part in this handover',
  'R-24': 'the unit is not pinned',
  'R-25': 'no such message on the channel, or not on this leg',
  'R-26': 'the event is malformed: not an object, an unknown type, or a field missing, extra or of the wrong type',
} as const;

/** A rejection code. @public */
export type RejectionCode = keyof typeof REJECTION_CODES;

/**
 * Why `step` refused an event: the code, the step's name and the guard that failed.
 * @public
 */
export interface Rejection {
  readonly code: RejectionCode;
  /** The event's type; null when the event has no type the model knows. */
  readonly step: EventType | null;
  /** The failed guard, as written in docs/spec.md, e.g. `phase = committed`. */
  readonly guard: string;
}
