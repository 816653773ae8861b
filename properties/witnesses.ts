/**
 * Witnesses: predicates that must become true at least once in a set of runs (Quint's
 * "witnesses"), so that a green run that reached nothing interesting fails.
 *
 * @remarks
 * An invariant says nothing bad happens; a witness says the checker went somewhere worth
 * going. Each record has an id, a name, a one-sentence statement, the claim elements or
 * faults it comes from, and one or more stages. A witness with one state stage is a plain
 * Quint witness. Several stages must hold in this order within one run: they stand in for a
 * ghost variable the model lacks ("a target crash after the commit, then a completion"), and
 * an action stage reads `(before, event, after)` for facts no single state records (which
 * phase a fault struck in). Stages read ghost variables (`handover.ghost`, `completed`,
 * `rolledBack`, `used`) and never influence a guard.
 *
 * The late-fault witnesses (W-09 to W-16) are the proof that faults are injected along the
 * whole protocol, not only in its first phases: a simulator that spends its fault budget
 * early misses them.
 */
import type { HandoverEvent } from '../src/model/events.ts';
import { EVENT_KINDS } from '../src/model/events.ts';
import type { Handover, Phase, ServerState } from '../src/model/state.ts';

/**
 * One stage of a witness: a state predicate (checked on each state reached) or an action
 * predicate (checked on each accepted step).
 * @public
 */
export type WitnessStage =
  | { readonly kind: 'state'; readonly holds: (s: ServerState) => boolean }
  | { readonly kind: 'action'; readonly holds: (before: ServerState, event: HandoverEvent, after: ServerState) => boolean };

/** A witness: stages that must hold, in order, within one run. @public */
export interface Witness {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly cites: readonly string[];
  readonly stages: readonly WitnessStage[];
}

/** A state stage. @public */
export function stateStage(holds: (s: ServerState) => boolean): WitnessStage {
  return { kind: 'state', holds };
}

/** An action stage. @public */
export function actionStage(holds: (before: ServerState, event: HandoverEvent, after: ServerState) => boolean): WitnessStage {
  return { kind: 'action', holds };
}

const phaseOf = (s: ServerState): Phase | null => s.handover?.phase ?? null;
const ended = (h: Handover | null): boolean => h !== null && (h.phase === 'completed' || h.phase === 'rolledBack');
const isFault = (e: HandoverEvent): boolean => EVENT_KINDS[e.type] === 'fault';
/** The event changed the state (a fault that the budget allowed and the reducer accepted). */
const changed = (before: ServerState, after: ServerState): boolean => before !== after;

/** W-01. @public */
export const handoverCompleted: Witness = {
  id: 'W-01',
  name: 'HandoverCompleted',
  statement: 'A handover completes: the target runs the VM with the reassignable portion.',
  cites: ['C1.5', 'C1.10'],
  stages: [stateStage((s) => s.completed >= 1)],
};

/** W-02. @public */
export const rollbackCompleted: Witness = {
  id: 'W-02',
  name: 'RollbackCompleted',
  statement: 'A handover is rolled back to the end: the VM runs on the source with everything it had.',
  cites: ['F01', 'F06', 'F19'],
  stages: [stateStage((s) => s.rolledBack >= 1)],
};

/** W-03. @public */
export const partialTransferRolledBack: Witness = {
  id: 'W-03',
  name: 'PartialTransferRolledBack',
  statement: 'A unit transfer fails while other units have already left the source, and the rollback completes.',
  cites: ['F07', 'F11'],
  stages: [stateStage((s) => s.handover !== null && s.handover.ghost.partialTransfer && s.handover.phase === 'rolledBack')],
};

/** W-04. @public */
export const schedRaceThenCompleted: Witness = {
  id: 'W-04',
  name: 'SchedRaceThenCompleted',
  statement: 'The scheduling information changes after a snapshot was sent, and the handover still completes with the latest version.',
  cites: ['C1.4', 'F.3', 'F13', 'F20'],
  stages: [stateStage((s) => s.handover !== null && s.handover.ghost.schedRaced && s.handover.phase === 'completed')],
};

/** W-05. @public */
export const dirtyUnitRecopied: Witness = {
  id: 'W-05',
  name: 'DirtyUnitRecopied',
  statement: 'The guest writes a unit after it was copied, and the source copies it again.',
  cites: ['C1.8', 'F10'],
  stages: [stateStage((s) => s.handover !== null && s.handover.ghost.recopied)],
};

/** W-06. @public */
export const spResetRecovered: Witness = {
  id: 'W-06',
  name: 'SpResetRecovered',
  statement: 'The service processor resets during a handover, and the handover still ends (completed or rolled back).',
  cites: ['C1.3', 'F05'],
  stages: [stateStage((s) => s.handover !== null && s.handover.ghost.spReset && ended(s.handover))],
};

/** W-07. @public */
export const secondHandover: Witness = {
  id: 'W-07',
  name: 'SecondHandover',
  statement: 'A second handover is requested after a first one ended.',
  cites: ['F11', 'F12'],
  stages: [actionStage((b, e) => e.type === 'sp/handoverRequested' && b.completed + b.rolledBack >= 1)],
};

/** W-08. @public */
export const backToBackCompleted: Witness = {
  id: 'W-08',
  name: 'BackToBackCompleted',
  statement: 'Two handovers complete one after the other (A to B, then B to A): nothing of the first leaks into the second.',
  cites: ['F12'],
  stages: [stateStage((s) => s.completed >= 2)],
};

/** W-09. @public */
export const faultWhileAssigning: Witness = {
  id: 'W-09',
  name: 'FaultWhileAssigning',
  statement: 'A fault strikes while the reassignable portion is being assigned (late in the protocol, just before the commit point).',
  cites: ['C1.9', 'F01', 'F05', 'F07', 'F19'],
  stages: [actionStage((b, e, a) => isFault(e) && changed(b, a) && phaseOf(b) === 'assigning')],
};

/** W-10. @public */
export const targetCrashAfterCommitResumed: Witness = {
  id: 'W-10',
  name: 'TargetCrashAfterCommitResumed',
  statement: 'The target crashes after the commit point, restarts, and resumes the VM: roll forward.',
  cites: ['C1.1', 'C1.5', 'F02'],
  stages: [
    actionStage((b, e) => e.type === 'fault/hypervisorCrashed' && phaseOf(b) === 'committed' && e.hv === b.handover?.target),
    stateStage((s) => phaseOf(s) === 'completed'),
  ],
};

/** W-11. @public */
export const pinDetectedAfterClassification: Witness = {
  id: 'W-11',
  name: 'PinDetectedAfterClassification',
  statement: 'A device pins a unit after it was classified reassignable, and the source detects it and keeps it coupled.',
  cites: ['C1.6', 'C1.7', 'F15'],
  stages: [stateStage((s) => s.handover !== null && s.handover.ghost.pinDetected)],
};

/** W-12. @public */
export const spResetAfterCommitCompleted: Witness = {
  id: 'W-12',
  name: 'SpResetAfterCommitCompleted',
  statement: 'The service processor resets after the commit point, and the handover completes nonetheless (the commit record survives).',
  cites: ['C1.1', 'C1.3', 'F05'],
  stages: [
    actionStage((b, e) => e.type === 'fault/spReset' && phaseOf(b) === 'committed'),
    stateStage((s) => phaseOf(s) === 'completed'),
  ],
};

/** W-13. @public */
export const timeoutAfterCommitIgnored: Witness = {
  id: 'W-13',
  name: 'TimeoutAfterCommitIgnored',
  statement: 'The switchover times out after the commit point, and the handover still completes.',
  cites: ['C1.1', 'F19'],
  stages: [
    actionStage((b, e) => e.type === 'fault/switchoverTimedOut' && phaseOf(b) === 'committed'),
    stateStage((s) => phaseOf(s) === 'completed'),
  ],
};

/** W-14. @public */
export const faultDuringRollbackRecovered: Witness = {
  id: 'W-14',
  name: 'FaultDuringRollbackRecovered',
  statement: 'A fault strikes while a handover is being rolled back, and the rollback still completes.',
  cites: ['F01', 'F03', 'F05'],
  stages: [
    actionStage((b, e, a) => isFault(e) && changed(b, a) && phaseOf(b) === 'aborting'),
    stateStage((s) => phaseOf(s) === 'rolledBack'),
  ],
};

/** W-15. @public */
export const staleMessageDelivered: Witness = {
  id: 'W-15',
  name: 'StaleMessageDelivered',
  statement: 'A scheduling message of an older epoch is delivered (relayed or received) and has no effect.',
  cites: ['C1.4', 'F17'],
  stages: [
    actionStage((b, e) => (e.type === 'sp/schedRelayed' || e.type === 'target/schedReceived') && e.epoch !== b.sp.epoch),
  ],
};

/** W-16. @public */
export const duplicateReachedTarget: Witness = {
  id: 'W-16',
  name: 'DuplicateReachedTarget',
  statement: 'The target receives a scheduling message while its duplicate is still on the channel.',
  cites: ['C1.4', 'F17'],
  stages: [
    actionStage(
      (b, e) =>
        e.type === 'target/schedReceived' &&
        b.channel.filter((m) => m.leg === 'toTarget' && m.epoch === e.epoch && m.version === e.version).length >= 2,
    ),
  ],
};

/** Every witness, in id order. @public */
export const witnesses: readonly Witness[] = [
  handoverCompleted,
  rollbackCompleted,
  partialTransferRolledBack,
  schedRaceThenCompleted,
  dirtyUnitRecopied,
  spResetRecovered,
  secondHandover,
  backToBackCompleted,
  faultWhileAssigning,
  targetCrashAfterCommitResumed,
  pinDetectedAfterClassification,
  spResetAfterCommitCompleted,
  timeoutAfterCommitIgnored,
  faultDuringRollbackRecovered,
  staleMessageDelivered,
  duplicateReachedTarget,
];
