/**
 * Rollback and recovery. Departure: claim 1 names no failure handling. Before the commit
 * point any fault or an explicit abort rolls back; after it, roll forward only.
 * @internal
 */
import { isActive, isPreCommit } from '../state.ts';
import type { ServerState, UnitState } from '../state.ts';
import type { Handler } from './kit.ts';
import { abort, handoverUnits, isManagedBy, isRunning, no, ok, setHandover, setHv, setUnit, setVm } from './kit.ts';

/**
 * An operator aborts the handover (F06): accepted before the commit point, refused after it.
 * @internal
 */
export const handoverAborted: Handler<'operator/handoverAborted'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase === 'committed') return no(s, step, 'R-08', 'no commit point yet');
  if (!isPreCommit(h.phase)) return no(s, step, 'R-04', 'phase before committed');
  return ok(abort(s, 'operator'), { kind: 'aborted', reason: 'operator' });
};

/**
 * A reclaimed unit that moved at its release goes back to the source's frame it kept (the
 * content on the target's node is dropped), so that nothing of the attempt stays on the target's
 * node (INV-14).
 * @internal
 */
export function backToOriginal(u: UnitState): Partial<UnitState> {
  return u.original === null ? {} : { node: u.original.node, held: u.original.version, original: null };
}

/**
 * The source takes back a unit that was in flight or already assigned to the target (F07).
 * @internal
 */
export const unitReclaimed: Handler<'source/unitReclaimed'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, step, 'R-01', `unit ${e.unit} exists`);
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'aborting') return no(s, step, 'R-04', 'phase = aborting');
  if (!h.reassignable.includes(e.unit)) return no(s, step, 'R-09', `${e.unit} \\in reassignable`);
  if (isManagedBy(u, h.source)) return no(s, step, 'R-12', `${e.unit} is not managed by ${h.source}`);
  if (!isRunning(s, h.source)) return no(s, step, 'R-05', `source ${h.source} is running`);
  return ok(setUnit(s, e.unit, { place: { kind: 'managed', by: h.source }, ...backToOriginal(u) }));
};

/**
 * The source drops the consolidation copies of the handover's units it made on the target's
 * node (F.2): a rolled-back attempt leaves no copy behind (INV-14).
 * @internal
 */
export function dropCopies(s: ServerState): ServerState {
  let next = s;
  for (const id of handoverUnits(s.handover!)) if (next.units[id]!.copy !== null) next = setUnit(next, id, { copy: null });
  return next;
}

/**
 * The rollback ends: the copies are dropped and the VM runs on the source with every unit it
 * had (INV-8, INV-14).
 * @internal
 */
export const rollbackCompleted: Handler<'source/rollbackCompleted'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'aborting') return no(s, step, 'R-04', 'phase = aborting');
  if (!isRunning(s, h.source)) return no(s, step, 'R-05', `source ${h.source} is running`);
  const away = handoverUnits(h).find((id) => !isManagedBy(s.units[id]!, h.source));
  if (away !== undefined) return no(s, step, 'R-12', `${away} is managed by ${h.source}`);
  const next: ServerState = { ...setVm(dropCopies(s), h.vm, { dispatchedBy: [h.source] }), rolledBack: s.rolledBack + 1 };
  return ok(setHandover(next, { phase: 'rolledBack' }));
};

/**
 * The SP restarts a crashed hypervisor; it comes back with no configuration and no scheduling
 * information, and the units it managed are still its own (memory outlives the crash). It
 * dispatches again the VMs it has, except the one a handover under way decides about (the
 * protocol resumes that one: rollback or resume).
 * @internal
 */
export const hypervisorRestarted: Handler<'sp/hypervisorRestarted'> = (s, e) => {
  const hv = s.hypervisors[e.hv];
  if (hv === undefined) return no(s, e.type, 'R-01', `hypervisor ${e.hv} exists`);
  if (hv.status !== 'crashed') return no(s, e.type, 'R-22', `${e.hv} has crashed`);
  let next = setHv(s, e.hv, { status: 'running', config: null, sched: null });
  const h = s.handover;
  for (const [id, vm] of Object.entries(s.vms))
    if (vm.holder === e.hv && !(isActive(h) && h.vm === id) && vm.dispatchedBy.length === 0)
      next = setVm(next, id, { dispatchedBy: [e.hv] });
  return ok(next);
};

/**
 * The SP retires a hypervisor, only when nothing is coupled to it any more (F16).
 * @internal
 */
export const hypervisorRetired: Handler<'sp/hypervisorRetired'> = (s, e) => {
  const step = e.type;
  const hv = s.hypervisors[e.hv];
  if (hv === undefined) return no(s, step, 'R-01', `hypervisor ${e.hv} exists`);
  if (hv.status !== 'running') return no(s, step, 'R-05', `${e.hv} is running`);
  const h = s.handover;
  // Retiring is the point of an upgrade: only the source of a completed handover retires.
  if (h === null || h.phase !== 'completed' || h.source !== e.hv)
    return no(s, step, 'R-04', `${e.hv} is the source of a completed handover`);
  const vm = Object.entries(s.vms).find(([, v]) => v.holder === e.hv);
  if (vm !== undefined) return no(s, step, 'R-18', `${e.hv} has no VM (has ${vm[0]})`);
  const unit = Object.entries(s.units).find(([, u]) => isManagedBy(u, e.hv));
  if (unit !== undefined) return no(s, step, 'R-18', `${e.hv} manages no unit (manages ${unit[0]})`);
  return ok(setHv(s, e.hv, { status: 'retired' }));
};

/** Marks the ghost flag of an SP reset on the current handover, if any. @internal */
export function markSpReset(s: ServerState): ServerState {
  return s.handover === null ? s : setHandover(s, { ghost: { ...s.handover.ghost, spReset: true } });
}
