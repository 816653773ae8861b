/**
 * Environment events: the VM's scheduler and its guest keep running during the handover.
 * Outside a handover they change nothing the model checks, so they are enabled only during
 * one (which keeps the state spaces small).
 * @internal
 */
import type { Handler } from './kit.ts';
import { hasBudget, isRunning, no, ok, setHandover, setUnit, setVm, spend } from './kit.ts';
import { isActive } from '../state.ts';

/**
 * The hypervisor dispatching the VM changes its scheduling information (F13, F20): whatever the
 * source sent before is now out of date and must be sent again (F.3).
 * @internal
 */
export const vmRescheduled: Handler<'scheduler/vmRescheduled'> = (s, e) => {
  const step = e.type;
  const vm = s.vms[e.vm];
  if (vm === undefined) return no(s, step, 'R-01', `VM ${e.vm} exists`);
  if (!isActive(s.handover) || s.handover.vm !== e.vm) return no(s, step, 'R-02', `a handover of ${e.vm} is under way`);
  if (vm.dispatchedBy.length === 0) return no(s, step, 'R-19', `${e.vm} is dispatched`);
  if (!hasBudget(s, 'schedChanges')) return no(s, step, 'R-15', 'schedChanges < bound');
  const next = spend(setVm(s, e.vm, { schedVersion: vm.schedVersion + 1 }), 'schedChanges');
  const h = s.handover;
  return ok(
    isActive(h) && h.vm === e.vm && h.lastSent !== null
      ? setHandover(next, { ghost: { ...h.ghost, schedRaced: true } })
      : next,
  );
};

/**
 * The guest writes a memory unit in place; the source's dirty log marks its copy dirty (F10).
 * @internal
 */
export const memoryWritten: Handler<'guest/memoryWritten'> = (s, e) => {
  const step = e.type;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, step, 'R-01', `unit ${e.unit} exists`);
  if (u.vm === null || s.scenario.units.find((x) => x.id === e.unit)?.kind !== 'memory')
    return no(s, step, 'R-12', `${e.unit} is memory of a VM`);
  if (!isActive(s.handover) || s.handover.vm !== u.vm) return no(s, step, 'R-02', `a handover of ${u.vm} is under way`);
  if (s.vms[u.vm]!.dispatchedBy.length === 0) return no(s, step, 'R-19', `${u.vm} is dispatched`);
  if (u.place.kind !== 'managed' || !isRunning(s, u.place.by))
    return no(s, step, 'R-12', `${e.unit} is managed by a running hypervisor`);
  if (!hasBudget(s, 'guestWrites')) return no(s, step, 'R-15', 'guestWrites < bound');
  const copy = u.copy === null ? null : { ...u.copy, dirty: true };
  return ok(spend(setUnit(s, e.unit, { written: u.written + 1, held: u.held + 1, copy }), 'guestWrites'));
};
