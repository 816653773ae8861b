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
 * early misses them. W-17 to W-23 are the interleavings the bounds allow that a simulator
 * placing one disruption at a time misses: several environment events between two protocol
 * steps, a scheduling version skipped on its way to the target, and a fault in each phase
 * before the assignment.
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
  /**
   * Optional: an accepted step that sends the witness back to its first stage, unless it is
   * already reached. What makes "one right after the other" expressible: W-17's two
   * environment events with no protocol step between them.
   */
  readonly resetOn?: (before: ServerState, event: HandoverEvent, after: ServerState) => boolean;
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

const isEnvironment = (e: HandoverEvent): boolean => EVENT_KINDS[e.type] === 'environment';
const isProtocol = (e: HandoverEvent): boolean => EVENT_KINDS[e.type] === 'protocol';

/** W-17. @public */
export const environmentBurst: Witness = {
  id: 'W-17',
  name: 'EnvironmentBurst',
  statement: 'Two environment events (scheduling change, guest write, operator abort) strike one after the other, with no protocol step between them.',
  cites: ['F06', 'F10', 'F13', 'F20'],
  stages: [actionStage((b, e, a) => isEnvironment(e) && changed(b, a)), actionStage((b, e, a) => isEnvironment(e) && changed(b, a))],
  resetOn: (_b, e) => isProtocol(e),
};

/** W-18. @public */
export const versionSkipped: Witness = {
  id: 'W-18',
  name: 'VersionSkipped',
  statement:
    'The target applies a scheduling version that skips one: more than one above what it holds, or the latest of several sent when it holds none (the one before was overtaken, lost or never sent).',
  cites: ['C1.4', 'F.3', 'F13', 'F17', 'F20'],
  stages: [
    actionStage((b, e, a) => {
      const h = b.handover;
      if (e.type !== 'target/schedReceived' || h === null) return false;
      const got = a.hypervisors[h.target]?.sched;
      const had = b.hypervisors[h.target]?.sched;
      // Applied: the target holds this very version now, and did not before.
      if (got === null || got === undefined || got.version !== e.version || got === had) return false;
      const held = had !== null && had !== undefined && had.epoch === e.epoch ? had.version : null;
      return held === null ? h.versionsSent >= 2 && e.version === h.lastSent : e.version > held + 1;
    }),
  ],
};

/** A witness that a fault strikes (and takes effect) while a handover is in a given phase. */
function faultWhile(id: string, name: string, phase: Phase, cites: readonly string[]): Witness {
  return {
    id,
    name,
    statement: `A fault strikes while the handover is in phase ${phase}.`,
    cites,
    stages: [actionStage((b, e, a) => isFault(e) && changed(b, a) && phaseOf(b) === phase)],
  };
}

/** W-19. @public */
export const faultWhileConfiguring = faultWhile('W-19', 'FaultWhileConfiguring', 'configuring', ['C1.3', 'F01', 'F03', 'F05']);
/** W-20. @public */
export const faultWhileClassifying = faultWhile('W-20', 'FaultWhileClassifying', 'classifying', ['C1.6', 'F01', 'F05', 'F15']);
/** W-21. @public */
export const faultWhileConsolidating = faultWhile('W-21', 'FaultWhileConsolidating', 'consolidating', ['C1.8', 'F01', 'F05', 'F15']);
/** W-22. @public */
export const faultWhileSynchronising = faultWhile('W-22', 'FaultWhileSynchronising', 'synchronising', ['C1.4', 'F04', 'F05', 'F17']);
/** W-23. @public */
export const faultWhileQuiesced = faultWhile('W-23', 'FaultWhileQuiesced', 'quiesced', ['C1.4', 'F01', 'F13', 'F19']);

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
  environmentBurst,
  versionSkipped,
  faultWhileConfiguring,
  faultWhileClassifying,
  faultWhileConsolidating,
  faultWhileSynchronising,
  faultWhileQuiesced,
];
