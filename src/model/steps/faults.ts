/**
 * Faults, each an ordinary event drawn from the fault budget (configurations.md). Faults other
 * than message faults happen only while a handover is under way: that is where they matter,
 * and it keeps the state spaces of the small scenarios small.
 * @internal
 */
import { isActive, isPreCommit } from '../state.ts';
import type { ServerState } from '../state.ts';
import { isMessage, removeMessage, sortChannel } from '../state.ts';
import type { Handler } from './kit.ts';
import { abort, describeMessage, hasBudget, isManagedBy, isRunning, no, ok, setHandover, setHv, setUnit, setVm, spend } from './kit.ts';
import { markSpReset } from './recovery.ts';

/**
 * A device maps a unit of the VM for DMA: from now on it is coupled for good to the hypervisor
 * that manages it (F15). The protocol must notice before the unit moves.
 * @internal
 */
export const unitPinned: Handler<'device/unitPinned'> = (s, e) => {
  const step = e.type;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, step, 'R-01', `unit ${e.unit} exists`);
  if (!isActive(s.handover)) return no(s, step, 'R-02', 'a handover is under way');
  if (u.vm === null) return no(s, step, 'R-12', `${e.unit} is possessed by a VM`);
  if (u.pinnedTo !== null) return no(s, step, 'R-10', `${e.unit} is not pinned yet`);
  const holder = s.vms[u.vm]!.holder;
  if (!isManagedBy(u, holder)) return no(s, step, 'R-12', `${e.unit} is managed by ${holder}, which has ${u.vm}`);
  if (!isRunning(s, holder)) return no(s, step, 'R-05', `${holder} is running`);
  if (!hasBudget(s, 'faults')) return no(s, step, 'R-15', 'faults < bound');
  return ok(spend(setUnit(s, e.unit, { pinnedTo: holder }), 'faults'));
};

/**
 * The source or the target crashes, losing its configuration and scheduling information; the
 * VMs it dispatched stop. Before the commit this rolls back (F01, F03); after it the VM
 * waits for the target's restart (F02), and a source crash leaves the unreassignable portion
 * coupled to the crashed source until it restarts.
 * @internal
 */
export const hypervisorCrashed: Handler<'fault/hypervisorCrashed'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (s.hypervisors[e.hv] === undefined) return no(s, step, 'R-01', `hypervisor ${e.hv} exists`);
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (e.hv !== h.source && e.hv !== h.target) return no(s, step, 'R-23', `${e.hv} is the source or the target`);
  if (!isRunning(s, e.hv)) return no(s, step, 'R-05', `${e.hv} is running`);
  if (!hasBudget(s, 'faults')) return no(s, step, 'R-15', 'faults < bound');
  let next = setHv(s, e.hv, { status: 'crashed', config: null, sched: null });
  // Every VM the crashed hypervisor dispatched stops, not only the one being handed over.
  for (const [id, vm] of Object.entries(s.vms))
    if (vm.dispatchedBy.includes(e.hv)) next = setVm(next, id, { dispatchedBy: vm.dispatchedBy.filter((x) => x !== e.hv) });
  next = spend(next, 'faults');
  if (!isPreCommit(h.phase)) return ok(next);
  const reason = e.hv === h.source ? 'sourceCrashed' : 'targetCrashed';
  return ok(abort(next, reason), { kind: 'aborted', reason });
};

/**
 * The service processor resets (F05): its epoch (kept in non-volatile storage) advances, the
 * messages it held are lost, and every hypervisor drops the configuration and scheduling
 * information of the old epoch. Before the commit the handover rolls back; after it the
 * persistent commit record survives and the SP reconfigures both sides (roll forward).
 * @internal
 */
export const spReset: Handler<'fault/spReset'> = (s, e) => {
  const h = s.handover;
  if (!isActive(h)) return no(s, e.type, 'R-02', 'a handover is under way');
  if (!hasBudget(s, 'faults')) return no(s, e.type, 'R-15', 'faults < bound');
  const epoch = s.sp.epoch + 1;
  let next: ServerState = { ...spend(s, 'faults'), sp: { ...s.sp, epoch }, channel: [] };
  for (const id of Object.keys(next.hypervisors)) next = setHv(next, id, { config: null, sched: null });
  next = markSpReset(next);
  if (isPreCommit(h.phase)) return ok(abort(next, 'spReset'), { kind: 'aborted', reason: 'spReset' });
  return ok(setHandover(next, { epoch, lastSent: null, versionsSent: 0 }));
};

/** The channel loses a message (F04). @internal */
export const messageLost: Handler<'fault/messageLost'> = (s, e) => {
  if (!s.channel.some((m) => isMessage(m, e))) return no(s, e.type, 'R-25', `message ${describeMessage(e)} is on the channel`);
  if (!hasBudget(s, 'faults')) return no(s, e.type, 'R-15', 'faults < bound');
  return ok(spend({ ...s, channel: removeMessage(s.channel, e) }, 'faults'));
};

/** The channel duplicates a message (F17). @internal */
export const messageDuplicated: Handler<'fault/messageDuplicated'> = (s, e) => {
  const m = s.channel.find((x) => isMessage(x, e));
  if (m === undefined) return no(s, e.type, 'R-25', `message ${describeMessage(e)} is on the channel`);
  if (!hasBudget(s, 'faults')) return no(s, e.type, 'R-15', 'faults < bound');
  return ok(spend({ ...s, channel: sortChannel([...s.channel, m]) }, 'faults'));
};

/**
 * Transferring one unit fails while it is in flight (F07): a partial transfer, rolled back.
 * @internal
 */
export const unitTransferFailed: Handler<'fault/unitTransferFailed'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, step, 'R-01', `unit ${e.unit} exists`);
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'assigning') return no(s, step, 'R-04', 'phase = assigning');
  if (!h.reassignable.includes(e.unit)) return no(s, step, 'R-09', `${e.unit} \\in reassignable`);
  if (u.place.kind !== 'inFlight') return no(s, step, 'R-12', `${e.unit} is in flight`);
  if (!hasBudget(s, 'faults')) return no(s, step, 'R-15', 'faults < bound');
  // Partial: another unit of the set has already left the source (in flight or at the target).
  const partial = h.reassignable.some((id) => id !== e.unit && !isManagedBy(s.units[id]!, h.source));
  const next = setHandover(spend(s, 'faults'), { ghost: { ...h.ghost, partialTransfer: h.ghost.partialTransfer || partial } });
  return ok(abort(next, 'transferFailed'), { kind: 'aborted', reason: 'transferFailed' });
};

/**
 * The switchover window times out (F19): before the commit it rolls back; after it the timer is
 * ignored, since the commit point is the only way the outcome is decided.
 * @internal
 */
export const switchoverTimedOut: Handler<'fault/switchoverTimedOut'> = (s, e) => {
  const h = s.handover;
  if (!isActive(h)) return no(s, e.type, 'R-02', 'a handover is under way');
  if (h.phase !== 'quiesced' && h.phase !== 'assigning' && h.phase !== 'committed')
    return no(s, e.type, 'R-04', 'phase \\in {quiesced, assigning, committed}');
  if (!hasBudget(s, 'faults')) return no(s, e.type, 'R-15', 'faults < bound');
  const next = spend(s, 'faults');
  if (h.phase === 'committed') return ok(next, { kind: 'ignored', reason: 'timeout after the commit: roll forward' });
  return ok(abort(next, 'timeout'), { kind: 'aborted', reason: 'timeout' });
};
