/**
 * Scheduling synchronisation through the SP (C1.4, F.3), the freeze, the assignment of the
 * reassignable portion (C1.2, C1.9), the commit point (C1.1) and the resume (C1.5, C1.10).
 * @internal
 */
import type { Message, ServerState, UnitState } from '../state.ts';
import { isActive, isMessage, removeMessage, sortChannel } from '../state.ts';
import type { Handler } from './kit.ts';
import { actorGuard, describeMessage, isConfigured, isConsolidated, isManagedBy, no, ok, setHandover, setHv, setUnit, setVm } from './kit.ts';

/**
 * The source sends its current scheduling-related control information to the SP (C1.4),
 * again when it changed (F.3, F13, F20), or once more when the target, running and configured,
 * lacks it and no copy is on the way (a message was lost, F04, or dropped as stale).
 * @internal
 */
export const schedSent: Handler<'source/schedSent'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (!['synchronising', 'quiesced', 'assigning', 'committed'].includes(h.phase))
    return no(s, step, 'R-04', 'phase \\in {synchronising, quiesced, assigning, committed}');
  const bad = actorGuard(s, step, h.source, 'source');
  if (bad) return bad;
  const version = s.vms[h.vm]!.schedVersion;
  const fresh = h.lastSent === null || version > h.lastSent;
  if (!fresh) {
    const got = s.hypervisors[h.target]!.sched;
    const targetLacksIt = (got === null || got.epoch !== h.epoch || got.version < version) && isConfigured(s, h.target);
    const onTheWay = s.channel.some((m) => m.epoch === h.epoch && m.version === version);
    if (!targetLacksIt || onTheWay)
      return no(s, step, 'R-14', 'version > lastSent, or the configured target lacks it and no copy is on the way');
  }
  const msg: Message = { leg: 'toSp', to: h.target, vm: h.vm, epoch: h.epoch, version };
  const next: ServerState = { ...s, channel: sortChannel([...s.channel, msg]) };
  return ok(setHandover(next, { lastSent: version, versionsSent: h.versionsSent + (fresh ? 1 : 0) }));
};

/**
 * The SP relays a scheduling message to the target; a message of an older epoch is dropped (F17).
 * @internal
 */
export const schedRelayed: Handler<'sp/schedRelayed'> = (s, e) => {
  const ref = { leg: 'toSp', epoch: e.epoch, version: e.version } as const;
  const m = s.channel.find((x) => isMessage(x, ref));
  if (m === undefined) return no(s, e.type, 'R-25', `message ${describeMessage(ref)} is on the channel`);
  const rest = removeMessage(s.channel, ref);
  if (!isActive(s.handover) || m.epoch !== s.sp.epoch)
    return ok({ ...s, channel: rest }, { kind: 'ignored', reason: `message ${describeMessage(ref)} is not of epoch ${s.sp.epoch}` });
  return ok({ ...s, channel: sortChannel([...rest, { ...m, leg: 'toTarget' }]) });
};

/**
 * The target receives scheduling information from the SP and applies it only if it is of the
 * epoch it was configured in and newer than what it has: stale, duplicated and reordered
 * messages have no effect (F17).
 * @internal
 */
export const schedReceived: Handler<'target/schedReceived'> = (s, e) => {
  const ref = { leg: 'toTarget', epoch: e.epoch, version: e.version } as const;
  const m = s.channel.find((x) => isMessage(x, ref));
  if (m === undefined) return no(s, e.type, 'R-25', `message ${describeMessage(ref)} is on the channel`);
  const consumed: ServerState = { ...s, channel: removeMessage(s.channel, ref) };
  const hv = s.hypervisors[m.to]!;
  if (hv.status !== 'running' || hv.config?.epoch !== m.epoch || m.epoch !== s.sp.epoch)
    return ok(consumed, { kind: 'ignored', reason: `message ${describeMessage(ref)} is not of ${m.to}'s configured epoch` });
  const had = hv.sched !== null && hv.sched.epoch === m.epoch ? hv.sched : null;
  if (had !== null && m.version <= had.version)
    return ok(consumed, { kind: 'ignored', reason: `message ${describeMessage(ref)} is not newer than version ${had.version}` });
  const sched = { vm: m.vm, epoch: m.epoch, version: m.version, applied: (had?.applied ?? 0) + 1 };
  return ok(setHv(consumed, m.to, { sched }));
};

/**
 * The source stops dispatching the VM and freezes its scheduling information: the switchover
 * window opens (F13: a change at this moment is the last one the target must get).
 * @internal
 */
export const vmQuiesced: Handler<'source/vmQuiesced'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'synchronising') return no(s, step, 'R-04', 'phase = synchronising');
  const bad = actorGuard(s, step, h.source, 'source');
  if (bad) return bad;
  const vm = s.vms[h.vm]!;
  if (!vm.dispatchedBy.includes(h.source)) return no(s, step, 'R-19', `${h.source} dispatches ${h.vm}`);
  const next = setVm(s, h.vm, { dispatchedBy: vm.dispatchedBy.filter((x) => x !== h.source) });
  return ok(setHandover(next, { phase: 'quiesced', frozenVersion: vm.schedVersion }));
};

/**
 * The source starts assigning: every reassignable unit is consolidated and clean (C1.8, F10).
 * @internal
 */
export const assignmentStarted: Handler<'source/assignmentStarted'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'quiesced') return no(s, step, 'R-04', 'phase = quiesced');
  const bad = actorGuard(s, step, h.source, 'source') ?? actorGuard(s, step, h.target, 'target');
  if (bad) return bad;
  for (const id of h.reassignable) {
    const u = s.units[id]!;
    if (u.pinnedTo !== null) return no(s, step, 'R-10', `${id} is not pinned`);
    if (!isConsolidated(u, h.targetNode)) return no(s, step, 'R-11', `${id} is consolidated and clean`);
  }
  return ok(setHandover(s, { phase: 'assigning' }));
};

/**
 * What a released unit becomes: a unit already in place changes owner, not place (F.1); a moved
 * one takes its copy's content on the target's node (F.2), and the source keeps its own frame
 * (`original`) until the commit point, so that a rollback can go back to it.
 * @internal
 */
export function moveToCopy(u: UnitState, targetNode: string): Partial<UnitState> {
  if (u.node === targetNode || u.copy === null) return {};
  return { node: u.copy.node, held: u.copy.version, copy: null, original: { node: u.node, version: u.held } };
}

/**
 * The source releases one reassignable unit: it is in flight, used by nobody (C1.2, C1.9), and
 * its content is on the target's node (see `moveToCopy`).
 * @internal
 */
export const unitReleased: Handler<'source/unitReleased'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, step, 'R-01', `unit ${e.unit} exists`);
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'assigning') return no(s, step, 'R-04', 'phase = assigning');
  if (!h.reassignable.includes(e.unit)) return no(s, step, 'R-09', `${e.unit} \\in reassignable`);
  if (!isManagedBy(u, h.source)) return no(s, step, 'R-12', `${e.unit} is managed by ${h.source}`);
  if (u.pinnedTo !== null) return no(s, step, 'R-10', `${e.unit} is not pinned (F15)`);
  if (!isConsolidated(u, h.targetNode)) return no(s, step, 'R-11', `${e.unit} is consolidated and clean`);
  const bad = actorGuard(s, step, h.source, 'source');
  if (bad) return bad;
  return ok(setUnit(s, e.unit, { place: { kind: 'inFlight' }, ...moveToCopy(u, h.targetNode) }));
};

/**
 * The target takes an in-flight unit under its management (C1.2, C1.9).
 * @internal
 */
export const unitAcquired: Handler<'target/unitAcquired'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  const u = s.units[e.unit];
  if (u === undefined) return no(s, step, 'R-01', `unit ${e.unit} exists`);
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'assigning') return no(s, step, 'R-04', 'phase = assigning');
  if (!h.reassignable.includes(e.unit)) return no(s, step, 'R-09', `${e.unit} \\in reassignable`);
  if (u.place.kind !== 'inFlight') return no(s, step, 'R-12', `${e.unit} is in flight`);
  const bad = actorGuard(s, step, h.target, 'target');
  if (bad) return bad;
  return ok(setUnit(s, e.unit, { place: { kind: 'managed', by: h.target } }));
};

/**
 * Whether the target holds the final scheduling snapshot: the version frozen at the quiesce, of
 * the current epoch (C1.4). The commit point needs it (issue 15 item 3), so that from the commit
 * on the target can resume without anything more from the source.
 * @internal
 */
export function holdsFinalSnapshot(s: ServerState): boolean {
  const h = s.handover!;
  const got = s.hypervisors[h.target]!.sched;
  return got !== null && got.epoch === h.epoch && got.version === h.frozenVersion;
}

/**
 * The commit point's effect: the target has the VM, and the source frees the frames it kept for
 * a rollback (`original`). Shared by the mutant that commits too early.
 * @internal
 */
export function recordCommit(s: ServerState): ServerState {
  const h = s.handover!;
  let next = setVm(s, h.vm, { holder: h.target });
  for (const id of h.reassignable) if (next.units[id]!.original !== null) next = setUnit(next, id, { original: null });
  return setHandover(next, { phase: 'committed', commits: h.commits + 1 });
}

/**
 * The SP records the single commit point: the second temporal period starts and the target has
 * the VM (C1.1). It does so only once every reassignable unit is the target's and the target
 * holds the final scheduling snapshot, its acknowledgement in this model. From here on,
 * roll forward only.
 * @internal
 */
export const commitRecorded: Handler<'sp/commitRecorded'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase === 'committed') return no(s, step, 'R-08', 'no commit point yet');
  if (h.phase !== 'assigning') return no(s, step, 'R-04', 'phase = assigning');
  const bad = actorGuard(s, step, h.target, 'target');
  if (bad) return bad;
  const missing = h.reassignable.find((id) => !isManagedBy(s.units[id]!, h.target));
  if (missing !== undefined) return no(s, step, 'R-12', `${missing} is managed by ${h.target}`);
  if (!holdsFinalSnapshot(s)) return no(s, step, 'R-13', `${h.target} has scheduling version ${h.frozenVersion} of epoch ${h.epoch}`);
  return ok(recordCommit(s));
};

/**
 * The target runs the VM with the reassignable portion (C1.5, C1.10), once it holds the
 * scheduling information frozen at the quiesce; the handover is complete and the SP ends the
 * configuration of both hypervisors.
 * @internal
 */
export const vmResumed: Handler<'target/vmResumed'> = (s, e) => {
  const step = e.type;
  const h = s.handover;
  if (!isActive(h)) return no(s, step, 'R-02', 'a handover is under way');
  if (h.phase !== 'committed') return no(s, step, 'R-07', 'phase = committed');
  const bad = actorGuard(s, step, h.target, 'target');
  if (bad) return bad;
  const missing = h.reassignable.find((id) => !isManagedBy(s.units[id]!, h.target));
  if (missing !== undefined) return no(s, step, 'R-12', `${missing} is managed by ${h.target}`);
  const got = s.hypervisors[h.target]!.sched;
  if (got === null || got.epoch !== h.epoch || got.version !== h.frozenVersion)
    return no(s, step, 'R-13', `${h.target} has scheduling version ${h.frozenVersion} of epoch ${h.epoch}`);
  return ok(finish(s, got.version));
};

/**
 * Ends a committed handover: the target dispatches the VM and both hypervisors are released
 * from the handover's configuration. Shared by mutants that resume differently.
 * @internal
 */
export function finish(s: ServerState, resumedWith: number | null): ServerState {
  const h = s.handover!;
  let next = setVm(s, h.vm, { dispatchedBy: [...s.vms[h.vm]!.dispatchedBy, h.target] });
  next = setHv(next, h.source, { config: null });
  next = setHv(next, h.target, { config: null, sched: null });
  next = { ...next, completed: next.completed + 1 };
  return setHandover(next, { phase: 'completed', resumedWith });
}
