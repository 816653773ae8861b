/**
 * The small kit every step handler is written with: results, guards and structural updates.
 *
 * @remarks
 * Updates copy only the record they change and share everything else, so a step costs
 * O(units) whatever the length of the history.
 * @internal
 */
import type { EventOf, EventType } from '../events.ts';
import type { Rejection, RejectionCode } from '../rejection.ts';
import type { HypervisorId, UnitId, VmId } from '../scenario.ts';
import type {
  Handover,
  HypervisorState,
  MessageRef,
  ServerState,
  UnitState,
  Used,
  VmState,
} from '../state.ts';

/** Something a step wants the embedding system to know, as data (never executed here). @public */
export type Effect =
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'aborted'; readonly reason: string };

/**
 * The result of `step`: the next state, or a rejection with the very same state object.
 * @public
 */
export type StepResult =
  | { readonly ok: true; readonly state: ServerState; readonly effects: readonly Effect[] }
  | { readonly ok: false; readonly state: ServerState; readonly rejection: Rejection };

/** A handler of one event type: one step of the specification. @public */
export type Handler<T extends EventType> = (state: ServerState, event: EventOf<T>) => StepResult;

/** One handler per event type: the reducer is composed from this table. @public */
export type Handlers = { readonly [T in EventType]: Handler<T> };

/** @internal */
export function ok(state: ServerState, ...effects: Effect[]): StepResult {
  return { ok: true, state, effects };
}

/** @internal */
export function no(state: ServerState, step: EventType, code: RejectionCode, guard: string): StepResult {
  return { ok: false, state, rejection: { code, step, guard } };
}

/** @internal */
export function setUnit(s: ServerState, id: UnitId, patch: Partial<UnitState>): ServerState {
  const u = s.units[id];
  if (u === undefined) throw new Error(`programmer error: unknown unit ${id}`);
  return { ...s, units: { ...s.units, [id]: { ...u, ...patch } } };
}

/** @internal */
export function setHv(s: ServerState, id: HypervisorId, patch: Partial<HypervisorState>): ServerState {
  const h = s.hypervisors[id];
  if (h === undefined) throw new Error(`programmer error: unknown hypervisor ${id}`);
  return { ...s, hypervisors: { ...s.hypervisors, [id]: { ...h, ...patch } } };
}

/** @internal */
export function setVm(s: ServerState, id: VmId, patch: Partial<VmState>): ServerState {
  const v = s.vms[id];
  if (v === undefined) throw new Error(`programmer error: unknown VM ${id}`);
  return { ...s, vms: { ...s.vms, [id]: { ...v, ...patch } } };
}

/** @internal */
export function setHandover(s: ServerState, patch: Partial<Handover>): ServerState {
  if (s.handover === null) throw new Error('programmer error: no handover');
  return { ...s, handover: { ...s.handover, ...patch } };
}

/** @internal */
export function spend(s: ServerState, budget: keyof Used): ServerState {
  return { ...s, used: { ...s.used, [budget]: s.used[budget] + 1 } };
}

/** Whether a budget still has room. @internal */
export function hasBudget(s: ServerState, budget: keyof Used): boolean {
  return s.used[budget] < s.scenario.bounds[budget];
}

/** Whether the hypervisor is running. @internal */
export function isRunning(s: ServerState, hv: HypervisorId): boolean {
  return s.hypervisors[hv]?.status === 'running';
}

/** Whether the SP configured the hypervisor in the current epoch (C1.3). @internal */
export function isConfigured(s: ServerState, hv: HypervisorId): boolean {
  return s.hypervisors[hv]?.config?.epoch === s.sp.epoch;
}

/** Whether the unit is managed by the hypervisor. @internal */
export function isManagedBy(u: UnitState, hv: HypervisorId): boolean {
  return u.place.kind === 'managed' && u.place.by === hv;
}

/**
 * Whether a reassignable unit is where the target needs it: already on the target node
 * (F.1, owner changes, not place) or copied there with no write since (C1.8, F10).
 * @internal
 */
export function isConsolidated(u: UnitState, targetNode: string): boolean {
  return u.node === targetNode || (u.copy !== null && !u.copy.dirty && u.copy.node === targetNode);
}

/**
 * Guards for a hypervisor that acts in a step: running and configured in this epoch.
 * @internal
 */
export function actorGuard(
  s: ServerState,
  step: EventType,
  hv: HypervisorId,
  role: 'source' | 'target',
): StepResult | null {
  if (!isRunning(s, hv)) return no(s, step, 'R-05', `${role} ${hv} is running`);
  if (!isConfigured(s, hv)) return no(s, step, 'R-06', `${role} ${hv} is configured in epoch ${s.sp.epoch}`);
  return null;
}

/**
 * Starts a rollback (departure: the patent names no failure handling). The SP advances the
 * epoch so that every message of the attempt becomes stale (F17), and deconfigures both
 * hypervisors; the target forgets the scheduling information it received.
 * @internal
 */
export function abort(s: ServerState, reason: NonNullable<Handover['abortReason']>): ServerState {
  const h = s.handover;
  if (h === null) throw new Error('programmer error: abort without a handover');
  const epoch = s.sp.epoch + 1;
  let next: ServerState = {
    ...s,
    sp: { ...s.sp, epoch },
    handover: { ...h, phase: 'aborting', abortReason: reason, epoch },
  };
  next = setHv(next, h.source, { config: null });
  next = setHv(next, h.target, { config: null, sched: null });
  return next;
}

/** The units of the handover set (reassignable and unreassignable). @internal */
export function handoverUnits(h: Handover): readonly UnitId[] {
  return [...h.reassignable, ...h.unreassignable];
}

/** A message reference as text, e.g. `toSp e2 v1`. @internal */
export function describeMessage(r: MessageRef): string {
  return `${r.leg} e${r.epoch} v${r.version}`;
}
