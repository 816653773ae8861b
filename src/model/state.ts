/**
 * The state of the server: variables of the specification, each with why it exists.
 *
 * @remarks
 * Plain, readonly, JSON-serialisable data. `scenario` is the constants block, shared by
 * reference between all states of a run (steps never copy it). Everything else is a
 * variable. Types deliberately allow some bad states (two dispatchers, a unit managed by
 * the wrong hypervisor) so that the invariants in `properties/` can name them: this is
 * the TLA+ habit of a wide type plus a type invariant, not the "impossible states cannot
 * be written" habit, because a checker must be able to represent the bugs it catches.
 */
import type { HypervisorId, NodeId, Scenario, UnitId, VmId } from './scenario.ts';

/**
 * Where a unit is: managed by exactly one hypervisor, free, or in flight and used by nobody.
 * @public
 */
export type Place =
  | { readonly kind: 'managed'; readonly by: HypervisorId }
  | { readonly kind: 'free' }
  | { readonly kind: 'inFlight' };

/** A copy of a unit made while the VM runs (C1.8, F.2, F10). @public */
export interface UnitCopy {
  /** The node the copy lives on: the target's home node. */
  readonly node: NodeId;
  /** The content version that was copied. */
  readonly version: number;
  /** Set by the source's dirty log when the guest writes after the copy (F10). */
  readonly dirty: boolean;
}

/**
 * The source's own frame of a unit that moved at its release: kept until the commit point so a
 * rollback can go back to it (departure: the patent names no failure handling). @public
 */
export interface UnitOriginal {
  /** The node the source's frame is on. */
  readonly node: NodeId;
  /** The content version the frame holds. */
  readonly version: number;
}

/** A unit as it was when the current handover of its VM was requested (ghost, INV-13, INV-14). @public */
export interface UnitBefore {
  readonly place: Place;
  readonly node: NodeId;
  readonly pinnedTo: HypervisorId | null;
  readonly copy: UnitCopy | null;
  readonly original: UnitOriginal | null;
}

/**
 * A unit's history variables, written by the model's ghost recorder (src/model/ghost.ts) from
 * what each accepted step did, read by properties only, never by a guard. @public
 */
export interface UnitGhost {
  /** The unit before the request of the current handover of its VM; null when none named it. */
  readonly before: UnitBefore | null;
  /** The guest's last written version at each consolidation copy of this handover, in order (F.1, F10). */
  readonly copiedAt: readonly number[];
}

/** One unit's variables. @public */
export interface UnitState {
  readonly place: Place;
  /** The node the unit's content lives on now (F.2). */
  readonly node: NodeId;
  /** The VM that possesses it (C1.1), or null. */
  readonly vm: VmId | null;
  /**
   * Unreassignable in truth: the hypervisor it is coupled to for good (C1.7), or null.
   * Set at the start for tables and adapters, or later when a device pins the unit (F15).
   */
  readonly pinnedTo: HypervisorId | null;
  /** Ghost: the version the guest last wrote (the truth that INV-6 compares with). */
  readonly written: number;
  /** The version held at the unit's current place: what a hypervisor using it sees. */
  readonly held: number;
  /** The consolidation copy, or null. */
  readonly copy: UnitCopy | null;
  /** The source's frame, kept from the release of a moved unit until the commit, or null. */
  readonly original: UnitOriginal | null;
  /** History variables (properties only). */
  readonly ghost: UnitGhost;
}

/** Scheduling-related control information as received by a hypervisor (C1.4). @public */
export interface SchedInfo {
  readonly vm: VmId;
  readonly epoch: number;
  readonly version: number;
  /** How many snapshots were applied in this epoch (each must be applied at most once, F17). */
  readonly applied: number;
}

/** One hypervisor instance's variables. @public */
export interface HypervisorState {
  readonly status: 'running' | 'crashed' | 'retired';
  /** The configuration the SP gave it (C1.3), tagged with the SP's epoch; lost on a crash. */
  readonly config: { readonly epoch: number } | null;
  /** The scheduling information it received via the SP (C1.4); lost on a crash. */
  readonly sched: SchedInfo | null;
}

/** One VM's variables. @public */
export interface VmState {
  /** The hypervisor that has the VM (C1.1): the source in the first period, the target in the second. */
  readonly holder: HypervisorId;
  /** The hypervisors that dispatch its virtual processors now (at most one; empty while quiesced). */
  readonly dispatchedBy: readonly HypervisorId[];
  /** The current version of its scheduling-related control information (C1.4, F13, F20). */
  readonly schedVersion: number;
}

/**
 * A scheduling message on the SP channel: source to SP, or SP to target (C1.4).
 *
 * @remarks Messages carry no sequence number: events name a message by its leg, epoch and
 * version, and two copies of one message are the same message twice (a multiset), as in
 * TwoPhase.tla's `msgs`. That keeps every state space finite and duplicates interchangeable.
 */
export interface Message {
  readonly leg: 'toSp' | 'toTarget';
  readonly to: HypervisorId;
  readonly vm: VmId;
  readonly epoch: number;
  readonly version: number;
}

/**
 * The phases of a handover, in protocol order; `aborting` and `rolledBack` are the
 * departure (no failure handling in the patent).
 * @public
 */
export const PHASES = [
  'configuring',
  'classifying',
  'consolidating',
  'synchronising',
  'quiesced',
  'assigning',
  'committed',
  'completed',
  'aborting',
  'rolledBack',
] as const;

/** A handover phase. @public */
export type Phase = (typeof PHASES)[number];

/** Why a handover was aborted. @public */
export type AbortReason =
  | 'operator'
  | 'sourceCrashed'
  | 'targetCrashed'
  | 'spReset'
  | 'transferFailed'
  | 'timeout';

/**
 * The current (or last) handover. Kept after it ends, until the next request replaces it.
 * @public
 */
export interface Handover {
  readonly vm: VmId;
  readonly source: HypervisorId;
  readonly target: HypervisorId;
  /** The SP epoch this handover runs in; changes on abort and on an SP reset (F05, F17). */
  readonly epoch: number;
  readonly phase: Phase;
  /** The node the reassignable portion is consolidated onto: the target's home node (F.2). */
  readonly targetNode: NodeId;
  /** Classification of C1.6: null until the source classifies. */
  readonly reassignable: readonly UnitId[];
  readonly unreassignable: readonly UnitId[];
  readonly classified: boolean;
  /** Highest scheduling version the source has sent in this epoch, or null. */
  readonly lastSent: number | null;
  /** Distinct scheduling versions sent in this epoch (F.3: more than one set may be sent). */
  readonly versionsSent: number;
  /** The scheduling version at the freeze (C1.4): what the target must resume with. */
  readonly frozenVersion: number | null;
  /** How many commit points the SP recorded (C1.1: exactly one starts the second period). */
  readonly commits: number;
  readonly abortReason: AbortReason | null;
  /** Ghost: the scheduling version the target resumed with (INV-4). */
  readonly resumedWith: number | null;
  /** Ghost (history) variables read only by witnesses. */
  readonly ghost: HandoverGhost;
}

/** History variables: facts about the run so far, read by witnesses, never by guards. @public */
export interface HandoverGhost {
  /** A unit's transfer failed while others were already assigned or in flight (F07). */
  readonly partialTransfer: boolean;
  /** The scheduling information changed after a snapshot had been sent (F13, F20). */
  readonly schedRaced: boolean;
  /** A dirty unit was copied again (F10). */
  readonly recopied: boolean;
  /** The SP reset during this handover (F05). */
  readonly spReset: boolean;
  /** A unit was found pinned after classification and kept with the source (F15). */
  readonly pinDetected: boolean;
}

/** The source and target hypervisor as they were before the request (ghost, INV-14). @public */
export interface HypervisorBefore {
  readonly config: HypervisorState['config'];
  readonly sched: HypervisorState['sched'];
}

/** The handed-over VM and its two hypervisors before the request (ghost, INV-14). @public */
export interface VmBefore {
  readonly holder: HypervisorId;
  readonly dispatchedBy: readonly HypervisorId[];
  readonly source: HypervisorBefore;
  readonly target: HypervisorBefore;
}

/**
 * Outcome history variables of the current handover, written by the model's ghost recorder
 * (src/model/ghost.ts) after each accepted step, independently of the handlers: a handler,
 * reference or mutant, cannot write them. Read by properties only, never by a guard.
 * @public
 */
export interface OutcomeGhost {
  /** The VM and both hypervisors before the request (INV-14), or null before any request. */
  readonly before: VmBefore | null;
  /** The VM's scheduling version when the source quiesced it (`vm.schedVersion`, INV-15), or null. */
  readonly frozenAt: number | null;
  /** What the SP's epoch and the target's scheduling information were when the commit point was recorded (INV-16). */
  readonly commit: { readonly spEpoch: number; readonly targetSched: { readonly epoch: number; readonly version: number } | null } | null;
  /** The scheduling version the target held when it resumed the VM (null inside: it held none), or null before the resume (INV-15). */
  readonly resume: { readonly version: number | null } | null;
}

/** Counters of environment and fault events used so far, compared with `scenario.bounds`. @public */
export interface Used {
  readonly faults: number;
  readonly schedChanges: number;
  readonly guestWrites: number;
  readonly attempts: number;
}

/** The whole server. @public */
export interface ServerState {
  /** Constants (shared by reference, never copied). */
  readonly scenario: Scenario;
  readonly units: Readonly<Record<UnitId, UnitState>>;
  readonly hypervisors: Readonly<Record<HypervisorId, HypervisorState>>;
  readonly vms: Readonly<Record<VmId, VmState>>;
  /** The single service processor (C1.3). `epoch` survives a reset; the channel does not (F05). */
  readonly sp: { readonly epoch: number };
  /**
   * Messages held by the SP channel, a multiset kept sorted (see `sortChannel`); delivery picks
   * any one, so reordering is built in (F17).
   */
  readonly channel: readonly Message[];
  readonly handover: Handover | null;
  /** Ghost: handovers completed and rolled back so far (witnesses, F12). */
  readonly completed: number;
  readonly rolledBack: number;
  readonly used: Used;
  /** Ghost: outcome history of the current handover (properties only). */
  readonly ghost: OutcomeGhost;
}

/** Phases in which a handover is under way (neither ended nor absent). @public */
export function isActive(h: Handover | null): h is Handover {
  return h !== null && h.phase !== 'completed' && h.phase !== 'rolledBack';
}

/** Phases of a running handover before the commit point, where a fault or an abort rolls back. @public */
export function isPreCommit(phase: Phase): boolean {
  return PHASES.indexOf(phase) < PHASES.indexOf('committed');
}

/** Names a message on the channel: its leg, epoch and version. @public */
export interface MessageRef {
  readonly leg: Message['leg'];
  readonly epoch: number;
  readonly version: number;
}

/** Whether a message is the one a reference names. @public */
export function isMessage(m: Message, r: MessageRef): boolean {
  return m.leg === r.leg && m.epoch === r.epoch && m.version === r.version;
}

const order = (a: Message, b: Message): number =>
  a.leg.localeCompare(b.leg) || a.epoch - b.epoch || a.version - b.version || a.to.localeCompare(b.to) || a.vm.localeCompare(b.vm);

/** The channel in its canonical order, so equal multisets are equal arrays. @public */
export function sortChannel(channel: readonly Message[]): readonly Message[] {
  return [...channel].sort(order);
}

/** The channel less one copy of the message a reference names. @public */
export function removeMessage(channel: readonly Message[], r: MessageRef): readonly Message[] {
  const i = channel.findIndex((m) => isMessage(m, r));
  return i < 0 ? channel : [...channel.slice(0, i), ...channel.slice(i + 1)];
}
