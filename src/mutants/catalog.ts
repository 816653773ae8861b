/**
 * Seeded bugs (mutants): realistic protocol bugs, each a variant of one step of the reducer.
 *
 * @remarks
 * A checker is proven by the bugs it catches. Each mutant replaces exactly one handler of
 * `referenceHandlers` (never a copy of the reducer) and names the invariant expected to catch
 * it. Handlers here are written from the bug's description: they share the kit's guards and
 * updates, and change the one thing the bug changes.
 */
import type { EventOf } from '../model/events.ts';
import type { Handlers, StepResult } from '../model/steps/kit.ts';
import { abort, actorGuard, hasBudget, isManagedBy, no, ok, setHandover, setHv, setUnit, setVm, spend } from '../model/steps/kit.ts';
import type { Step } from '../model/step.ts';
import { makeStep, referenceHandlers } from '../model/step.ts';
import { isActive, isMessage, removeMessage } from '../model/state.ts';
import type { Message, ServerState } from '../model/state.ts';
import { finish, holdsFinalSnapshot, recordCommit } from '../model/steps/switchover.ts';
import { dropCopies } from '../model/steps/recovery.ts';

/** A seeded bug. @public */
export interface Mutant {
  /** Stable id, e.g. `M-01`. */
  readonly id: string;
  /** Short camelCase name, used on the command line. */
  readonly name: string;
  readonly description: string;
  /** Claim elements and faults the bug breaks. */
  readonly cites: readonly string[];
  /** The invariant(s) expected to catch it (any one of them suffices). */
  readonly caughtBy: readonly string[];
  /** The one handler the bug replaces. */
  readonly handlers: Partial<Handlers>;
}

/**
 * Takes a message off the SP-to-target leg, as the target's receive step does: the part M-04
 * and M-11 keep, before the acceptance test each of them gets wrong.
 */
function takeForTarget(s: ServerState, e: EventOf<'target/schedReceived'>): { ok: true; m: Message; consumed: ServerState } | StepResult & { ok: false } {
  const ref = { leg: 'toTarget', epoch: e.epoch, version: e.version } as const;
  const m = s.channel.find((x) => isMessage(x, ref));
  if (m === undefined) return no(s, e.type, 'R-25', 'on the SP-to-target leg') as StepResult & { ok: false };
  return { ok: true, m, consumed: { ...s, channel: removeMessage(s.channel, ref) } };
}

const configuredGot = (s: ServerState, hv: string) => s.hypervisors[hv]!.sched;

/**
 * The source's copy step (src/model/steps/prepare.ts, `unitCopied`) with one of its two "no need
 * of a copy" guards switchable: the part M-16 and M-17 keep.
 */
function copyUnit(s: ServerState, e: EventOf<'source/unitCopied'>, keep: { inPlaceGuard: boolean; cleanGuard: boolean }): StepResult {
  const h = s.handover;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, e.type, 'R-01', `unit ${e.unit} exists`);
  if (!isActive(h) || !['consolidating', 'synchronising', 'quiesced'].includes(h.phase)) return no(s, e.type, 'R-04', 'phase');
  if (!h.reassignable.includes(e.unit)) return no(s, e.type, 'R-09', `${e.unit} \\in reassignable`);
  if (u.pinnedTo !== null) return no(s, e.type, 'R-10', `${e.unit} is not pinned`);
  if (!isManagedBy(u, h.source)) return no(s, e.type, 'R-12', `${e.unit} is managed by ${h.source}`);
  if (keep.inPlaceGuard && u.node === h.targetNode) return no(s, e.type, 'R-20', `${e.unit} is not on ${h.targetNode} already (F.1)`);
  if (keep.cleanGuard && u.copy !== null && !u.copy.dirty) return no(s, e.type, 'R-20', `${e.unit} has no clean copy`);
  const bad = actorGuard(s, e.type, h.source, 'source');
  if (bad) return bad;
  const next = setUnit(s, e.unit, { copy: { node: h.targetNode, version: u.held, dirty: false } });
  return ok(u.copy?.dirty ? setHandover(next, { ghost: { ...h.ghost, recopied: true } }) : next);
}

/** Every seeded bug, in id order. @public */
export const mutants: readonly Mutant[] = [
  {
    id: 'M-01',
    name: 'resumeBeforeLastSched',
    description: 'The target resumes the VM before the last scheduling information arrived (it resumes with whatever it has).',
    cites: ['C1.4', 'C1.5', 'F13', 'F20'],
    caughtBy: ['INV-4'],
    handlers: {
      'target/vmResumed': (s, e) => {
        const h = s.handover;
        if (!isActive(h) || h.phase !== 'committed') return no(s, e.type, 'R-07', 'phase = committed');
        const bad = actorGuard(s, e.type, h.target, 'target');
        if (bad) return bad;
        return ok(finish(s, configuredGot(s, h.target)?.version ?? null));
      },
    },
  },
  {
    id: 'M-02',
    name: 'unreassignableAssigned',
    description: 'The source releases units of the unreassignable portion too, as if the whole handover set moved.',
    cites: ['C1.6', 'C1.7'],
    caughtBy: ['INV-2'],
    handlers: {
      'source/unitReleased': (s, e) => {
        const h = s.handover;
        const u = s.units[e.unit];
        if (u === undefined || !isActive(h) || h.phase !== 'assigning') return no(s, e.type, 'R-04', 'phase = assigning');
        if (!h.unreassignable.includes(e.unit) && !h.reassignable.includes(e.unit)) return no(s, e.type, 'R-09', 'in the set');
        if (!isManagedBy(u, h.source)) return no(s, e.type, 'R-12', 'managed by the source');
        return ok(setUnit(s, e.unit, { place: { kind: 'inFlight' } }));
      },
    },
  },
  {
    id: 'M-03',
    name: 'sourceDispatchesAfterCommit',
    description: 'The quiesce freezes the scheduling information but leaves the source dispatching the VM, so it still runs after the commit.',
    cites: ['C1.1', 'F04'],
    caughtBy: ['INV-12', 'INV-1', 'INV-5'],
    handlers: {
      'source/vmQuiesced': (s, e) => {
        const h = s.handover;
        if (!isActive(h) || h.phase !== 'synchronising') return no(s, e.type, 'R-04', 'phase = synchronising');
        const bad = actorGuard(s, e.type, h.source, 'source');
        if (bad) return bad;
        return ok(setHandover(s, { phase: 'quiesced', frozenVersion: s.vms[h.vm]!.schedVersion }));
      },
    },
  },
  {
    id: 'M-04',
    name: 'staleEpochAccepted',
    description: 'The target applies scheduling messages without checking their epoch, so messages of an aborted attempt take effect.',
    cites: ['C1.4', 'F17'],
    caughtBy: ['INV-7'],
    handlers: {
      'target/schedReceived': (s, e) => {
        const got = takeForTarget(s, e);
        if (!got.ok) return got;
        const { m, consumed } = got;
        const hv = s.hypervisors[m.to]!;
        if (hv.status !== 'running') return ok(consumed);
        const had = hv.sched;
        if (had !== null && m.version <= had.version && had.epoch === m.epoch) return ok(consumed);
        const applied = had !== null && had.epoch === m.epoch ? had.applied + 1 : 1;
        return ok(setHv(consumed, m.to, { sched: { vm: m.vm, epoch: m.epoch, version: m.version, applied } }));
      },
    },
  },
  {
    id: 'M-05',
    name: 'dirtyNotRecopied',
    description: 'The dirty log misses guest writes, so a unit written after its copy is not copied again (F10).',
    cites: ['C1.8', 'F10'],
    caughtBy: ['INV-6'],
    handlers: {
      'guest/memoryWritten': (s, e) => {
        const r = referenceHandlers['guest/memoryWritten'](s, e);
        if (!r.ok) return r;
        const u = r.state.units[e.unit]!;
        return ok(u.copy === null ? r.state : setUnit(r.state, e.unit, { copy: { ...u.copy, dirty: false } }));
      },
    },
  },
  {
    id: 'M-06',
    name: 'rollbackForgetsAssigned',
    description: 'The rollback reclaims only the units in flight and forgets those already assigned to the target (F07).',
    cites: ['F07', 'F11'],
    caughtBy: ['INV-8'],
    handlers: {
      'source/rollbackCompleted': (s, e) => {
        const h = s.handover;
        if (!isActive(h) || h.phase !== 'aborting') return no(s, e.type, 'R-04', 'phase = aborting');
        if (s.hypervisors[h.source]!.status !== 'running') return no(s, e.type, 'R-05', 'source running');
        const inFlight = h.reassignable.find((id) => s.units[id]!.place.kind === 'inFlight');
        if (inFlight !== undefined) return no(s, e.type, 'R-12', `${inFlight} is not in flight`);
        const vm = s.vms[h.vm]!;
        const next: ServerState = { ...dropCopies(s), vms: { ...s.vms, [h.vm]: { ...vm, dispatchedBy: [h.source] } }, rolledBack: s.rolledBack + 1 };
        return ok(setHandover(next, { phase: 'rolledBack' }));
      },
    },
  },
  {
    id: 'M-07',
    name: 'commitRecordedTwice',
    description: 'The SP records the commit point again when asked twice, instead of refusing.',
    cites: ['C1.1'],
    caughtBy: ['INV-5'],
    handlers: {
      'sp/commitRecorded': (s, e) => {
        const h = s.handover;
        if (isActive(h) && h.phase === 'committed') return ok(setHandover(s, { commits: h.commits + 1 }));
        return referenceHandlers['sp/commitRecorded'](s, e);
      },
    },
  },
  {
    id: 'M-08',
    name: 'spResetKeepsTargetConfig',
    description: 'After a service-processor reset the target keeps its configuration of the old epoch (F05).',
    cites: ['C1.3', 'F05'],
    caughtBy: ['INV-7'],
    handlers: {
      'fault/spReset': (s, e) => {
        const h = s.handover;
        const r = referenceHandlers['fault/spReset'](s, e);
        if (!r.ok || !isActive(h)) return r;
        return { ...r, state: setHv(r.state, h.target, { config: s.hypervisors[h.target]!.config }) };
      },
    },
  },
  {
    id: 'M-09',
    name: 'retireWhileCoupled',
    description: 'The source is retired after a completed handover although unreassignable units are still coupled to it (F16).',
    cites: ['C1.7', 'F16'],
    caughtBy: ['INV-10', 'INV-2'],
    handlers: {
      'sp/hypervisorRetired': (s, e) => {
        const h = s.handover;
        if (h === null || h.phase !== 'completed' || h.source !== e.hv) return no(s, e.type, 'R-04', 'source of a completed handover');
        if (s.hypervisors[e.hv]?.status !== 'running') return no(s, e.type, 'R-05', 'running');
        return ok(setHv(s, e.hv, { status: 'retired' }));
      },
    },
  },
  {
    id: 'M-10',
    name: 'pinnedUnitMoved',
    description: 'The source releases a unit that a device pinned after it was classified reassignable (F15).',
    cites: ['C1.6', 'C1.7', 'F15'],
    caughtBy: ['INV-2'],
    handlers: {
      'source/unitReleased': (s, e) => {
        const u = s.units[e.unit];
        if (u === undefined || u.pinnedTo === null) return referenceHandlers['source/unitReleased'](s, e);
        // The bug: the pin is not looked at; the unit is released as if it were movable.
        const r = referenceHandlers['source/unitReleased'](setUnit(s, e.unit, { pinnedTo: null }), e);
        return r.ok ? ok(setUnit(r.state, e.unit, { pinnedTo: u.pinnedTo })) : { ...r, state: s };
      },
    },
  },
  {
    id: 'M-11',
    name: 'duplicateAppliedTwice',
    description: 'The target applies every scheduling message of its epoch, so a duplicated message is applied twice (F17).',
    cites: ['C1.4', 'F17'],
    caughtBy: ['INV-7'],
    handlers: {
      'target/schedReceived': (s, e) => {
        const got = takeForTarget(s, e);
        if (!got.ok) return got;
        const { m, consumed } = got;
        const hv = s.hypervisors[m.to]!;
        if (hv.status !== 'running' || hv.config?.epoch !== m.epoch || m.epoch !== s.sp.epoch) return ok(consumed);
        const had = hv.sched !== null && hv.sched.epoch === m.epoch ? hv.sched : null;
        const version = Math.max(m.version, had?.version ?? 0);
        return ok(setHv(consumed, m.to, { sched: { vm: m.vm, epoch: m.epoch, version, applied: (had?.applied ?? 0) + 1 } }));
      },
    },
  },
  {
    id: 'M-12',
    name: 'timeoutAfterCommitRollsBack',
    description: 'A switchover timeout that fires after the commit point still starts a rollback (F19).',
    cites: ['C1.1', 'F19'],
    caughtBy: ['INV-5'],
    handlers: {
      'fault/switchoverTimedOut': (s, e) => {
        const h = s.handover;
        if (!isActive(h) || h.phase !== 'committed') return referenceHandlers['fault/switchoverTimedOut'](s, e);
        if (!hasBudget(s, 'faults')) return no(s, e.type, 'R-15', 'faults < bound');
        return ok(abort(spend(s, 'faults'), 'timeout'));
      },
    },
  },
  {
    id: 'M-13',
    name: 'resumeFromConsolidating',
    description: 'The target resumes the VM straight from consolidating, skipping the freeze, the assignment and the commit.',
    cites: ['C1.1', 'C1.5', 'C1.9'],
    caughtBy: ['INV-0', 'INV-4', 'INV-5', 'REF-1'],
    handlers: {
      'target/vmResumed': (s, e) => {
        const h = s.handover;
        if (!isActive(h) || h.phase !== 'consolidating') return referenceHandlers['target/vmResumed'](s, e);
        const vm = s.vms[h.vm]!;
        const next: ServerState = { ...s, vms: { ...s.vms, [h.vm]: { ...vm, dispatchedBy: [h.target] } } };
        return ok(setHandover(next, { phase: 'completed', resumedWith: vm.schedVersion }));
      },
    },
  },
  {
    id: 'M-14',
    name: 'abortAfterCommit',
    description: 'An operator abort that arrives after the commit point is obeyed and rolls back (F06).',
    cites: ['C1.1', 'F06'],
    caughtBy: ['INV-5'],
    handlers: {
      'operator/handoverAborted': (s, e) => {
        const h = s.handover;
        if (isActive(h) && h.phase === 'committed') return ok(abort(s, 'operator'));
        return referenceHandlers['operator/handoverAborted'](s, e);
      },
    },
  },
  {
    id: 'M-15',
    name: 'releaseLeavesContent',
    description:
      'The source releases a moved unit without taking its copy\'s content: the unit changes owner but its content stays on the source\'s node (a reducer that never moves memory, C1.8, F.2).',
    cites: ['C1.8', 'F.2'],
    caughtBy: ['INV-13'],
    handlers: {
      'source/unitReleased': (s, e) => {
        const r = referenceHandlers['source/unitReleased'](s, e);
        if (!r.ok) return r;
        // The bug: only the place changes; node, content and copy stay as they were.
        return ok(setUnit(s, e.unit, { place: { kind: 'inFlight' } }));
      },
    },
  },
  {
    id: 'M-16',
    name: 'inPlaceUnitCopied',
    description: 'The source copies a unit that is already on the target\'s node: the F.1 test (owner changes, not place) is missing.',
    cites: ['C1.8', 'F.1'],
    caughtBy: ['INV-13'],
    handlers: {
      // The bug: the guard `node /= targetNode` (R-20, F.1) is not there; every other guard is.
      'source/unitCopied': (s, e) => copyUnit(s, e, { inPlaceGuard: false, cleanGuard: true }),
    },
  },
  {
    id: 'M-17',
    name: 'cleanUnitRecopied',
    description: 'The source copies a unit again although its copy is clean: the dirty log is not consulted before a recopy (F10).',
    cites: ['C1.8', 'F10'],
    caughtBy: ['INV-13'],
    handlers: {
      // The bug: the guard `no clean copy` (R-20, F10) is not there; every other guard is.
      'source/unitCopied': (s, e) => copyUnit(s, e, { inPlaceGuard: true, cleanGuard: false }),
    },
  },
  {
    id: 'M-18',
    name: 'crashKeepsDispatching',
    description: 'A hypervisor crash is recorded, but the VMs it dispatched are not stopped: a dead hypervisor still counts as running the VM.',
    cites: ['C1.1', 'C1.5', 'F01', 'F03'],
    caughtBy: ['INV-11'],
    handlers: {
      'fault/hypervisorCrashed': (s, e) => {
        const r = referenceHandlers['fault/hypervisorCrashed'](s, e);
        if (!r.ok) return r;
        // The bug: the loop that stops the crashed hypervisor's VMs is missing.
        return { ...r, state: { ...r.state, vms: s.vms } };
      },
    },
  },
  {
    id: 'M-19',
    name: 'dispatchOnFirstReclaim',
    description:
      'The source resumes the VM as soon as it takes back its first unit, not when the rollback completes: it runs the VM mid-rollback, while the target may still hold its other units.',
    cites: ['C1.1', 'F01', 'F07'],
    caughtBy: ['INV-11', 'INV-12'],
    handlers: {
      'source/unitReclaimed': (s, e) => {
        const r = referenceHandlers['source/unitReclaimed'](s, e);
        if (!r.ok) return r;
        // The bug: the dispatch of rollbackCompleted is done here, on the first unit back.
        return ok(setVm(r.state, s.handover!.vm, { dispatchedBy: [s.handover!.source] }));
      },
    },
  },
  {
    id: 'M-20',
    name: 'rollbackKeepsCopies',
    description: 'The rollback completes without dropping the consolidation copies made on the target\'s node: they leak (F.2).',
    cites: ['F.2', 'F06', 'F07'],
    caughtBy: ['INV-14'],
    handlers: {
      'source/rollbackCompleted': (s, e) => {
        const r = referenceHandlers['source/rollbackCompleted'](s, e);
        if (!r.ok) return r;
        // The bug: the copies are not dropped (dropCopies is not called).
        let next = r.state;
        for (const [id, u] of Object.entries(s.units)) if (u.copy !== null) next = setUnit(next, id, { copy: u.copy });
        return ok(next);
      },
    },
  },
  {
    id: 'M-21',
    name: 'reclaimLeavesContentOnTarget',
    description:
      'The source reclaims a unit that had moved at its release but keeps using the content on the target\'s node instead of its own kept frame: the rollback leaves the unit on the target\'s node.',
    cites: ['F07', 'F.2'],
    caughtBy: ['INV-14'],
    handlers: {
      'source/unitReclaimed': (s, e) => {
        const r = referenceHandlers['source/unitReclaimed'](s, e);
        if (!r.ok) return r;
        // The bug: only the place goes back; node, content and kept frame stay as they were.
        return ok(setUnit(s, e.unit, { place: r.state.units[e.unit]!.place }));
      },
    },
  },
  {
    id: 'M-22',
    name: 'freezesLastSent',
    description:
      'The source freezes the scheduling version it last sent instead of its current one, so a reschedule just before the quiesce is never sent and the target resumes with an older version (F13).',
    cites: ['C1.4', 'F13', 'F20'],
    // With the version frozen wrong, the target may never hold the final snapshot the commit waits
    // for: the random checker's deadlock check (DEADLOCK) often stops such a run before INV-15 breaks.
    caughtBy: ['INV-15', 'DEADLOCK'],
    handlers: {
      'source/vmQuiesced': (s, e) => {
        const r = referenceHandlers['source/vmQuiesced'](s, e);
        if (!r.ok) return r;
        const h = r.state.handover!;
        // The bug: `frozenVersion: vm.schedVersion` became `h.lastSent ?? vm.schedVersion`.
        return ok(setHandover(r.state, { frozenVersion: h.lastSent ?? h.frozenVersion }));
      },
    },
  },
  {
    id: 'M-23',
    name: 'commitBeforeFinalSnapshot',
    description:
      'The SP records the commit point once the units are the target\'s, without waiting for the target to hold the final scheduling snapshot: if the source is lost after the commit, the VM cannot resume (C1.4).',
    cites: ['C1.1', 'C1.4', 'F02', 'F13'],
    caughtBy: ['INV-16'],
    handlers: {
      'sp/commitRecorded': (s, e) => {
        const h = s.handover;
        if (!isActive(h) || h.phase !== 'assigning' || holdsFinalSnapshot(s)) return referenceHandlers['sp/commitRecorded'](s, e);
        const bad = actorGuard(s, e.type, h.target, 'target');
        if (bad) return bad;
        // The bug: the guard on the target's scheduling snapshot is missing.
        const missing = h.reassignable.find((id) => !isManagedBy(s.units[id]!, h.target));
        if (missing !== undefined) return no(s, e.type, 'R-12', `${missing} is managed by ${h.target}`);
        return ok(recordCommit(s));
      },
    },
  },
  {
    id: 'M-24',
    name: 'rollbackDoesNotResume',
    description:
      'The rollback completes but the source does not dispatch the VM again: after a rollback begun past the freeze, the VM is had by a running hypervisor and runs nowhere.',
    cites: ['C1.1', 'F06', 'F19'],
    caughtBy: ['INV-1'],
    handlers: {
      'source/rollbackCompleted': (s, e) => {
        const r = referenceHandlers['source/rollbackCompleted'](s, e);
        if (!r.ok) return r;
        // The bug: `dispatchedBy: [h.source]` is not set; the VM keeps the dispatchers it had.
        return ok(setVm(r.state, s.handover!.vm, { dispatchedBy: s.vms[s.handover!.vm]!.dispatchedBy }));
      },
    },
  },
  {
    id: 'M-25',
    name: 'lostSnapshotNeverResent',
    description:
      'The source sends scheduling information only when it changed: a snapshot lost on the way (F04) is never sent again, so the commit, which waits for the target to hold the final snapshot, never comes.',
    cites: ['C1.4', 'C1.5', 'F04'],
    caughtBy: ['DEADLOCK'],
    handlers: {
      'source/schedSent': (s, e) => {
        const h = s.handover;
        // The bug: the resend clause is gone; only a version above the last one sent goes out.
        if (isActive(h) && h.lastSent !== null && s.vms[h.vm]!.schedVersion <= h.lastSent)
          return no(s, e.type, 'R-14', 'version > lastSent');
        return referenceHandlers['source/schedSent'](s, e);
      },
    },
  },
  {
    id: 'M-26',
    name: 'quiescedSnapshotDropped',
    description:
      'Once the VM is quiesced, the target drops every scheduling message as stale, so the source resends the frozen version for ever and the VM never resumes.',
    cites: ['C1.4', 'C1.5', 'F13'],
    caughtBy: ['TERMINATION'],
    handlers: {
      'target/schedReceived': (s, e) => {
        const h = s.handover;
        const r = referenceHandlers['target/schedReceived'](s, e);
        // The bug: the "newer than what it has" test reads the frozen version as what it has.
        if (!r.ok || !isActive(h) || h.frozenVersion === null || e.version > h.frozenVersion) return r;
        return ok({ ...s, channel: removeMessage(s.channel, { leg: 'toTarget', epoch: e.epoch, version: e.version }) });
      },
    },
  },
];

/**
 * The ids of the liveness checks (the random checker's `DEADLOCK` and `TERMINATION` of
 * src/checker/liveness.ts, the explorer's deadlock and termination).
 * @public
 */
export const LIVENESS_CHECKS: readonly string[] = ['DEADLOCK', 'TERMINATION'];

/**
 * Whether a mutant is caught only by the liveness checks: it breaks no safety property (M-25
 * and M-26 only strengthen a guard or drop a message, so their states satisfy every invariant),
 * and a search for invariant violations never ends with it.
 * @public
 */
export function isLivenessMutant(m: Mutant): boolean {
  return m.caughtBy.every((id) => LIVENESS_CHECKS.includes(id));
}

/**
 * The reducer with one mutant's handler in place of the reference one.
 * @public
 */
export function mutantStep(m: Mutant): Step {
  return makeStep({ ...referenceHandlers, ...m.handlers });
}

/** A mutant by id (`M-01`) or name (`resumeBeforeLastSched`), or undefined. @public */
export function findMutant(key: string): Mutant | undefined {
  return mutants.find((m) => m.id === key || m.name === key);
}
