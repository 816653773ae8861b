/**
 * The initial state of a scenario (TLA+'s Init).
 */
import type { Scenario } from './scenario.ts';
import type { HypervisorState, OutcomeGhost, ServerState, UnitState, VmState } from './state.ts';

/** The outcome ghost before any request. @internal */
export const NO_OUTCOME_GHOST: OutcomeGhost = { before: null, frozenAt: null, commit: null, resume: null };

/**
 * The server as a scenario describes it: every hypervisor running and unconfigured, every VM
 * dispatched by its holder, no handover, an empty SP channel (C1.1).
 * @public
 */
export function initialState(scenario: Scenario): ServerState {
  const holderOf = new Map(scenario.vms.map((v) => [v.id, v.holder]));
  const units: Record<string, UnitState> = {};
  for (const u of scenario.units) {
    const holder = u.vm === null ? undefined : holderOf.get(u.vm);
    units[u.id] = {
      place: holder === undefined ? { kind: 'free' } : { kind: 'managed', by: holder },
      node: u.node,
      vm: u.vm,
      pinnedTo: u.unreassignable && holder !== undefined ? holder : null,
      written: 0,
      held: 0,
      copy: null,
      original: null,
      ghost: { before: null, copiedAt: [] },
    };
  }
  const hypervisors: Record<string, HypervisorState> = {};
  for (const h of scenario.hypervisors) hypervisors[h.id] = { status: 'running', config: null, sched: null };
  const vms: Record<string, VmState> = {};
  for (const v of scenario.vms) vms[v.id] = { holder: v.holder, dispatchedBy: [v.holder], schedVersion: 0 };
  return {
    scenario,
    units,
    hypervisors,
    vms,
    sp: { epoch: 0 },
    channel: [],
    handover: null,
    completed: 0,
    rolledBack: 0,
    used: { faults: 0, schedChanges: 0, guestWrites: 0, attempts: 0 },
    ghost: NO_OUTCOME_GHOST,
  };
}
