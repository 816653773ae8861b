/**
 * A seeded bug that skips phases: the target resumes the VM straight from consolidating.
 *
 * @remarks
 * The bug a lifecycle refinement exists to catch. The handler treats a finished consolidation as
 * the end of the handover: it hands the reassignable units and the VM to the target and resumes
 * it there, skipping synchronising, the switchover and the commit point (C1.1, C1.4, C1.5). It
 * records a commit point and resumes with the VM's current scheduling version, so the state
 * invariants of the handover's own fields hold after the step; REF-1 catches it because
 * consolidating has no transition on `target/vmResumed`, and INV-15 because the ghost recorder
 * saw no freeze. Shaped like an entry of the mutant catalogue (`src/mutants/`) without
 * depending on it, so the catalogue can list it as it is.
 * @internal
 */
import type { Handler, Handlers } from '../model/steps/kit.ts';
import { isManagedBy, ok, setHandover, setUnit, setVm } from '../model/steps/kit.ts';
import { finish, vmResumed } from '../model/steps/switchover.ts';
import type { Step } from '../model/step.ts';
import { makeStep, referenceHandlers } from '../model/step.ts';
import { isActive } from '../model/state.ts';

/**
 * `target/vmResumed` that also accepts a handover in consolidating, whose reassignable portion
 * is consolidated, and resumes it on the target at once; elsewhere it is the reference handler.
 * @internal
 */
export const resumeFromConsolidating: Handler<'target/vmResumed'> = (s, e) => {
  const h = s.handover;
  if (!isActive(h) || h.phase !== 'consolidating') return vmResumed(s, e);
  const consolidated = h.reassignable.every((id) => {
    const u = s.units[id]!;
    return isManagedBy(u, h.source) && (u.node === h.targetNode || (u.copy !== null && !u.copy.dirty));
  });
  if (!consolidated) return vmResumed(s, e);
  let next = s;
  for (const id of h.reassignable) {
    const u = next.units[id]!;
    const moved = u.node === h.targetNode || u.copy === null ? {} : { node: u.copy.node, held: u.copy.version, copy: null };
    next = setUnit(next, id, { place: { kind: 'managed', by: h.target }, ...moved });
  }
  const vm = next.vms[h.vm]!;
  next = setVm(next, h.vm, { holder: h.target, dispatchedBy: vm.dispatchedBy.filter((x) => x !== h.source) });
  next = setHandover(next, { commits: h.commits + 1, frozenVersion: vm.schedVersion });
  return ok(finish(next, vm.schedVersion));
};

/**
 * The skip-phase mutant as a catalogue entry: id, name, description, citations, the property
 * expected to catch it and the one handler it replaces.
 * @internal
 */
export const skipPhaseMutant = {
  id: 'M-REF-1',
  name: 'resumeFromConsolidating',
  description:
    'The target resumes the VM straight from consolidating, skipping synchronising, the switchover and the commit point.',
  cites: ['C1.1', 'C1.4', 'C1.5'],
  caughtBy: ['REF-1'],
  handlers: { 'target/vmResumed': resumeFromConsolidating } satisfies Partial<Handlers>,
} as const;

/** The reducer with the skip-phase bug. @internal */
export const skipPhaseStep: Step = makeStep({ ...referenceHandlers, ...skipPhaseMutant.handlers });
