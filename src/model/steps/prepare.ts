/**
 * Preparation steps: request, configuration (C1.3), classification (C1.6) and
 * consolidation (C1.8, F.1, F.2, F10, F15).
 * @internal
 */
import type { Handover, Phase, ServerState } from '../state.ts';
import { isActive } from '../state.ts';
import type { Handler } from './kit.ts';
import {
  actorGuard,
  hasBudget,
  isConfigured,
  isConsolidated,
  isManagedBy,
  isRunning,
  no,
  ok,
  setHandover,
  setHv,
  setUnit,
  spend,
} from './kit.ts';

const NO_GHOST: Handover['ghost'] = {
  partialTransfer: false,
  schedRaced: false,
  recopied: false,
  spReset: false,
  pinDetected: false,
};

/**
 * The SP opens a handover of a VM from the hypervisor that has it to a target, in a new epoch (C1.1).
 * @internal
 */
export const handoverRequested: Handler<'sp/handoverRequested'> = (s, e) => {
  const step = e.type;
  const vm = s.vms[e.vm];
  if (vm === undefined) return no(s, step, 'R-01', `VM ${e.vm} exists`);
  const target = s.scenario.hypervisors.find((h) => h.id === e.target);
  if (s.hypervisors[e.source] === undefined) return no(s, step, 'R-01', `hypervisor ${e.source} exists`);
  if (target === undefined) return no(s, step, 'R-01', `hypervisor ${e.target} exists`);
  if (isActive(s.handover)) return no(s, step, 'R-03', 'no handover is under way');
  if (e.source === e.target) return no(s, step, 'R-17', 'source /= target');
  if (vm.holder !== e.source) return no(s, step, 'R-16', `${e.source} has VM ${e.vm}`);
  if (!isRunning(s, e.source)) return no(s, step, 'R-05', `source ${e.source} is running`);
  if (!isRunning(s, e.target)) return no(s, step, 'R-05', `target ${e.target} is running`);
  if (!vm.dispatchedBy.includes(e.source)) return no(s, step, 'R-19', `${e.source} dispatches VM ${e.vm}`);
  if (!hasBudget(s, 'attempts')) return no(s, step, 'R-15', 'attempts < bound');
  const epoch = s.sp.epoch + 1;
  const handover: Handover = {
    vm: e.vm,
    source: e.source,
    target: e.target,
    epoch,
    phase: 'configuring',
    targetNode: target.homeNode,
    reassignable: [],
    unreassignable: [],
    classified: false,
    lastSent: null,
    versionsSent: 0,
    frozenVersion: null,
    commits: 0,
    abortReason: null,
    resumedWith: null,
    ghost: NO_GHOST,
  };
  return ok(spend({ ...s, sp: { ...s.sp, epoch }, handover }, 'attempts'));
};

/**
 * The SP configures the source or the target for the current epoch (C1.3); again after a
 * crash or an SP reset past the commit point (roll forward).
 * @internal
 */
export const hypervisorConfigured: Handler<'sp/hypervisorConfigured'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (s.hypervisors[e.hv] === undefined) return no(s, step, 'R-01', `hypervisor ${e.hv} exists`);
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (e.hv !== h.source && e.hv !== h.target) return no(s, step, 'R-23', `${e.hv} is the source or the target`);
  if (h.phase !== 'configuring' && h.phase !== 'committed')
    return no(s, step, 'R-04', 'phase \\in {configuring, committed}');
  if (!isRunning(s, e.hv)) return no(s, step, 'R-05', `${e.hv} is running`);
  if (isConfigured(s, e.hv)) return no(s, step, 'R-21', `${e.hv} is not yet configured in epoch ${s.sp.epoch}`);
  const next = setHv(s, e.hv, { config: { epoch: s.sp.epoch } });
  const both = isConfigured(next, h.source) && isConfigured(next, h.target);
  return ok(h.phase === 'configuring' && both ? setHandover(next, { phase: 'classifying' }) : next);
};

/**
 * The source detects which of the VM's units are unreassignable and which reassignable (C1.6).
 * Copies left by an earlier attempt are discarded, so a retry redoes their work (F11, F12).
 * @internal
 */
export const unitsClassified: Handler<'source/unitsClassified'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'classifying') return no(s, step, 'R-04', 'phase = classifying');
  const bad = actorGuard(s, step, h.source, 'source');
  if (bad) return bad;
  const reassignable: string[] = [];
  const unreassignable: string[] = [];
  let next: ServerState = s;
  for (const [id, u] of Object.entries(s.units)) {
    if (u.vm !== h.vm || !isManagedBy(u, h.source)) continue;
    (u.pinnedTo === null ? reassignable : unreassignable).push(id);
    if (u.copy !== null) next = setUnit(next, id, { copy: null });
  }
  return ok(setHandover(next, { phase: 'consolidating', classified: true, reassignable, unreassignable }));
};

/** The phases a unit may be copied in (a plain list: a ts-pattern match per candidate cost 5 % of an exploration). */
const COPY_PHASES: readonly Phase[] = ['consolidating', 'synchronising', 'quiesced'];

/**
 * The source copies a reassignable unit to the target's node while the VM runs (C1.8, F.2);
 * again when the guest dirtied the copy (F10). A unit already in place needs none (F.1).
 * @internal
 */
export const unitCopied: Handler<'source/unitCopied'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, step, 'R-01', `unit ${e.unit} exists`);
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (!COPY_PHASES.includes(h.phase))
    return no(s, step, 'R-04', 'phase \\in {consolidating, synchronising, quiesced}');
  if (!h.reassignable.includes(e.unit)) return no(s, step, 'R-09', `${e.unit} \\in reassignable`);
  if (u.pinnedTo !== null) return no(s, step, 'R-10', `${e.unit} is not pinned`);
  if (!isManagedBy(u, h.source)) return no(s, step, 'R-12', `${e.unit} is managed by ${h.source}`);
  if (u.node === h.targetNode) return no(s, step, 'R-20', `${e.unit} is not on ${h.targetNode} already (F.1)`);
  if (u.copy !== null && !u.copy.dirty) return no(s, step, 'R-20', `${e.unit} has no clean copy`);
  const bad = actorGuard(s, step, h.source, 'source');
  if (bad) return bad;
  const next = setUnit(s, e.unit, { copy: { node: h.targetNode, version: u.held, dirty: false } });
  return ok(u.copy?.dirty ? setHandover(next, { ghost: { ...h.ghost, recopied: true } }) : next);
};

/**
 * The source notices that a device pinned a unit it had classified reassignable, and keeps
 * the unit coupled to itself (F15, C1.7): the unit moves to the unreassignable portion.
 * @internal
 */
export const pinDetected: Handler<'source/pinDetected'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, step, 'R-01', `unit ${e.unit} exists`);
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (!h.classified || h.phase === 'committed' || h.phase === 'aborting')
    return no(s, step, 'R-04', 'classified and before the commit');
  if (!h.reassignable.includes(e.unit)) return no(s, step, 'R-09', `${e.unit} \\in reassignable`);
  if (u.pinnedTo === null) return no(s, step, 'R-24', `${e.unit} is pinned`);
  if (!isManagedBy(u, h.source)) return no(s, step, 'R-12', `${e.unit} is managed by ${h.source}`);
  if (!isRunning(s, h.source)) return no(s, step, 'R-05', `source ${h.source} is running`);
  const next = setUnit(s, e.unit, { copy: null });
  return ok(
    setHandover(next, {
      reassignable: h.reassignable.filter((id) => id !== e.unit),
      unreassignable: [...h.unreassignable, e.unit],
      ghost: { ...h.ghost, pinDetected: true },
    }),
  );
};

/**
 * The source declares the reassignable portion consolidated on the target's node (C1.8).
 * @internal
 */
export const consolidationFinished: Handler<'source/consolidationFinished'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'consolidating') return no(s, step, 'R-04', 'phase = consolidating');
  const bad = actorGuard(s, step, h.source, 'source');
  if (bad) return bad;
  for (const id of h.reassignable) {
    const u = s.units[id];
    if (u?.pinnedTo !== null) return no(s, step, 'R-10', `${id} is not pinned`);
    if (!isConsolidated(u, h.targetNode)) return no(s, step, 'R-11', `${id} is consolidated on ${h.targetNode}`);
  }
  return ok(setHandover(s, { phase: 'synchronising' }));
};
