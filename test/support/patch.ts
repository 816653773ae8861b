/**
 * Hand-made changes to a reachable state, for the states the reference reducer never reaches:
 * the bad states of the invariant tests and the defensive guards of the step tests.
 *
 * @remarks
 * Written here rather than borrowed from src/model/steps/kit.ts so that a bug in the model's
 * own update helpers cannot hide in the tests. Every result is a new deep-frozen object; the
 * input is never touched.
 */
import type { Handover, HypervisorState, Message, OutcomeGhost, ServerState, UnitGhost, UnitState, VmState } from '../../src/model/state.ts';
import { deepFreeze } from './freeze.ts';

function known<T>(r: Readonly<Record<string, T>>, id: string, what: string): T {
  const v = r[id];
  if (v === undefined) throw new Error(`test error: unknown ${what} ${id}`);
  return v;
}

/** The state with one unit's fields replaced. @internal */
export function withUnit(s: ServerState, id: string, patch: Partial<UnitState>): ServerState {
  return deepFreeze({ ...s, units: { ...s.units, [id]: { ...known(s.units, id, 'unit'), ...patch } } });
}

/** The state with one hypervisor's fields replaced. @internal */
export function withHv(s: ServerState, id: string, patch: Partial<HypervisorState>): ServerState {
  return deepFreeze({ ...s, hypervisors: { ...s.hypervisors, [id]: { ...known(s.hypervisors, id, 'hypervisor'), ...patch } } });
}

/** The state with one VM's fields replaced. @internal */
export function withVm(s: ServerState, id: string, patch: Partial<VmState>): ServerState {
  return deepFreeze({ ...s, vms: { ...s.vms, [id]: { ...known(s.vms, id, 'VM'), ...patch } } });
}

/** The state with the handover's fields replaced (there must be one). @internal */
export function withHandover(s: ServerState, patch: Partial<Handover>): ServerState {
  if (s.handover === null) throw new Error('test error: no handover to patch');
  return deepFreeze({ ...s, handover: { ...s.handover, ...patch } });
}

/** The state with top-level fields replaced (sp, channel, used, ...). @internal */
export function withTop(s: ServerState, patch: Partial<Omit<ServerState, 'scenario'>>): ServerState {
  return deepFreeze({ ...s, ...patch });
}

/** The state with a message added to the SP channel (its seq must be below `sp.nextSeq`). @internal */
export function withMessage(s: ServerState, m: Message): ServerState {
  return deepFreeze({ ...s, channel: [...s.channel, m] });
}

/** The state with fields of the outcome ghost replaced (src/model/ghost.ts writes it in real runs). @internal */
export function withGhost(s: ServerState, patch: Partial<OutcomeGhost>): ServerState {
  return deepFreeze({ ...s, ghost: { ...s.ghost, ...patch } });
}

/** The state with fields of one unit's ghost replaced. @internal */
export function withUnitGhost(s: ServerState, id: string, patch: Partial<UnitGhost>): ServerState {
  const u = known(s.units, id, 'unit');
  return deepFreeze({ ...s, units: { ...s.units, [id]: { ...u, ghost: { ...u.ghost, ...patch } } } });
}
