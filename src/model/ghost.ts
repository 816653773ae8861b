/**
 * The ghost recorder: history variables written from what an accepted step did, independently of
 * the handler that did it.
 *
 * @remarks
 * The properties over outcomes (INV-13 to INV-16, properties/invariants.ts) compare what the
 * protocol ended with against what the server was before: the VM and its units before the
 * request, the scheduling version at the freeze, what the target held at the commit point and
 * at the resume. Those facts must not come from the handlers under test (a handler that
 * freezes the wrong version would record the wrong version), so `makeStep` calls
 * {@link recordGhost} after every accepted step, reference or mutant, and only it writes
 * `state.ghost` and `units[*].ghost`. No guard reads them: they change nothing the protocol can
 * see, only what the properties can tell (TLA+'s history variables).
 * @internal
 */
import type { HandoverEvent } from './events.ts';
import type { HypervisorBefore, ServerState, UnitState } from './state.ts';

const hvBefore = (s: ServerState, hv: string): HypervisorBefore => {
  const h = s.hypervisors[hv];
  return { config: h?.config ?? null, sched: h?.sched ?? null };
};

/**
 * The state after an accepted step, with the ghost variables that step's event records.
 *
 * @param before - the state the event was applied to
 * @param event - the accepted event
 * @param after - the handler's next state
 * @internal
 */
export function recordGhost(before: ServerState, event: HandoverEvent, after: ServerState): ServerState {
  switch (event.type) {
    case 'sp/handoverRequested': {
      const vm = before.vms[event.vm];
      if (vm === undefined || after.handover === before.handover) return after;
      const units: Record<string, UnitState> = { ...after.units };
      for (const [id, u] of Object.entries(before.units)) {
        if (u.vm !== event.vm) continue;
        const now = after.units[id]!;
        units[id] = {
          ...now,
          ghost: { before: { place: u.place, node: u.node, pinnedTo: u.pinnedTo, copy: u.copy, original: u.original }, copiedAt: [] },
        };
      }
      return {
        ...after,
        units,
        ghost: {
          before: {
            holder: vm.holder,
            dispatchedBy: vm.dispatchedBy,
            source: hvBefore(before, event.source),
            target: hvBefore(before, event.target),
          },
          frozenAt: null,
          commit: null,
          resume: null,
        },
      };
    }
    case 'source/unitCopied': {
      const u = before.units[event.unit];
      const now = after.units[event.unit];
      if (u === undefined || now === undefined || before === after) return after;
      return {
        ...after,
        units: { ...after.units, [event.unit]: { ...now, ghost: { ...now.ghost, copiedAt: [...now.ghost.copiedAt, u.written] } } },
      };
    }
    case 'source/vmQuiesced': {
      const h = before.handover;
      if (h === null || before === after) return after;
      return { ...after, ghost: { ...after.ghost, frozenAt: before.vms[h.vm]?.schedVersion ?? null } };
    }
    case 'sp/commitRecorded': {
      const h = after.handover;
      if (h === null || before === after) return after;
      const got = after.hypervisors[h.target]?.sched ?? null;
      const targetSched = got === null ? null : { epoch: got.epoch, version: got.version };
      return { ...after, ghost: { ...after.ghost, commit: { spEpoch: after.sp.epoch, targetSched } } };
    }
    case 'target/vmResumed': {
      const h = before.handover;
      if (h === null || before === after) return after;
      return { ...after, ghost: { ...after.ghost, resume: { version: before.hypervisors[h.target]?.sched?.version ?? null } } };
    }
    default:
      return after;
  }
}
