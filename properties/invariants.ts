/**
 * The invariants: state predicates that must hold in every reachable state.
 *
 * @remarks
 * One registry. Each record has an id, a name, a one-sentence statement, the claim elements
 * or faults it comes from, and a check that returns null when it holds or an explanation that
 * names the offending unit, hypervisor, VM or message. Compound invariants label their clauses
 * (`(a)`, `(b)`, ...) so a violation says which one broke, as in raft.tla.
 */
import type { HandoverEvent } from '../src/model/events.ts';
import type { Scenario } from '../src/model/scenario.ts';
import type { ServerState, UnitState } from '../src/model/state.ts';
import { isActive, PHASES } from '../src/model/state.ts';

/** An invariant of the model. @public */
export interface Invariant {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly cites: readonly string[];
  /** null when the invariant holds, else an explanation naming the offender. */
  readonly check: (s: ServerState) => string | null;
}

/**
 * A property of steps rather than states (TLA+'s `[][P]_vars`), checked on every accepted
 * `(before, event, after)`: the same record as an invariant, with a check of one step. The
 * refinement mapping REF-1 is one; the random checker and the explorer run any.
 * @public
 */
export interface ActionProperty {
  readonly id: string;
  readonly name: string;
  readonly statement: string;
  readonly cites: readonly string[];
  /** null when the step satisfies the property, else an explanation naming the offender. */
  readonly check: (before: ServerState, event: HandoverEvent, after: ServerState) => string | null;
}

/** A broken invariant in a state. @public */
export interface Violation {
  readonly id: string;
  readonly name: string;
  readonly explanation: string;
}

const placeText = (u: Pick<UnitState, 'place'>): string =>
  u.place.kind === 'managed' ? `managed by ${u.place.by}` : u.place.kind === 'free' ? 'free' : 'in flight';

const ids = new WeakMap<Scenario, { hvs: Set<string>; nodes: Set<string>; vms: Set<string> }>();
/** The scenario's identifier sets, computed once per scenario (TypeOK runs on every state). */
function idsOf(sc: Scenario): { hvs: Set<string>; nodes: Set<string>; vms: Set<string> } {
  let r = ids.get(sc);
  if (r === undefined) {
    r = { hvs: new Set(sc.hypervisors.map((h) => h.id)), nodes: new Set(sc.nodes), vms: new Set(sc.vms.map((v) => v.id)) };
    ids.set(sc, r);
  }
  return r;
}

const entries = <T>(r: Readonly<Record<string, T>>): [string, T][] => Object.entries(r);
const isNat = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** INV-0, TLA+'s TypeOK. @public */
export const typeOk: Invariant = {
  id: 'INV-0',
  name: 'TypeOK',
  statement:
    'The state is well-formed: every reference names a known node, hypervisor, VM or unit, counters are within bounds, and the ghost records are of the same kinds.',
  cites: ['C1.1'],
  check: (s) => {
    const sc = s.scenario;
    const { hvs, nodes, vms } = idsOf(sc);
    for (const [id, u] of entries(s.units)) {
      if (u.place.kind === 'managed' && !hvs.has(u.place.by)) return `(a) unit ${id} is managed by unknown ${u.place.by}`;
      if (!nodes.has(u.node)) return `(a) unit ${id} is on unknown node ${u.node}`;
      if (u.vm !== null && !vms.has(u.vm)) return `(a) unit ${id} is possessed by unknown VM ${u.vm}`;
      if (u.pinnedTo !== null && !hvs.has(u.pinnedTo)) return `(a) unit ${id} is pinned to unknown ${u.pinnedTo}`;
      if (!Number.isInteger(u.held) || !Number.isInteger(u.written) || u.held < 0 || u.written < 0)
        return `(a) unit ${id} has versions held=${u.held} written=${u.written}`;
      if (u.original !== null && (!nodes.has(u.original.node) || !isNat(u.original.version)))
        return `(a) unit ${id} keeps a frame on ${u.original.node} of version ${u.original.version}`;
      const b = u.ghost.before;
      if (b !== null && (!nodes.has(b.node) || (b.place.kind === 'managed' && !hvs.has(b.place.by))))
        return `(g) unit ${id} was recorded before the request on unknown node ${b.node} or hypervisor`;
      if (u.ghost.copiedAt.some((v) => !isNat(v))) return `(g) unit ${id} has copy versions ${u.ghost.copiedAt.join(', ')}`;
    }
    if (Object.keys(s.units).length !== sc.units.length) return '(a) the units differ from the scenario\'s';
    for (const [id, h] of entries(s.hypervisors)) {
      if (!hvs.has(id)) return `(b) unknown hypervisor ${id}`;
      if (h.config !== null && h.config.epoch > s.sp.epoch) return `(b) ${id} is configured for future epoch ${h.config.epoch}`;
    }
    for (const [id, v] of entries(s.vms)) {
      if (!hvs.has(v.holder)) return `(c) VM ${id} is had by unknown ${v.holder}`;
      if (v.dispatchedBy.some((d) => !hvs.has(d))) return `(c) VM ${id} is dispatched by an unknown hypervisor`;
    }
    for (const m of s.channel) {
      if (m.epoch > s.sp.epoch) return `(d) message ${m.leg} e${m.epoch} v${m.version} is of future epoch`;
      if (!hvs.has(m.to) || !vms.has(m.vm)) return `(d) message ${m.leg} e${m.epoch} v${m.version} names an unknown hypervisor or VM`;
    }
    const h = s.handover;
    if (h !== null) {
      if (!PHASES.includes(h.phase)) return `(e) unknown phase ${String(h.phase)}`;
      if (isActive(h) && h.epoch !== s.sp.epoch) return `(e) the handover runs in epoch ${h.epoch}, the SP is in ${s.sp.epoch}`;
      if (h.reassignable.some((u) => h.unreassignable.includes(u))) return '(e) a unit is in both portions';
      const frozen = ['quiesced', 'assigning', 'committed', 'completed'].includes(h.phase);
      if (frozen && h.frozenVersion === null) return `(e) phase ${h.phase} without a frozen scheduling version`;
    }
    for (const k of ['faults', 'schedChanges', 'guestWrites', 'attempts'] as const)
      if (s.used[k] > sc.bounds[k]) return `(f) ${k} used ${s.used[k]} > bound ${sc.bounds[k]}`;
    const g = s.ghost;
    if (g.before !== null && !hvs.has(g.before.holder)) return `(g) the VM was recorded before the request as had by unknown ${g.before.holder}`;
    if (g.frozenAt !== null && !isNat(g.frozenAt)) return `(g) the freeze was recorded at version ${g.frozenAt}`;
    if (g.commit !== null && g.commit.spEpoch > s.sp.epoch) return `(g) the commit was recorded in future epoch ${g.commit.spEpoch}`;
    return null;
  },
};

/** INV-1. @public */
export const exactlyOneHolder: Invariant = {
  id: 'INV-1',
  name: 'ExactlyOneHolder',
  statement:
    'Each VM is had by exactly one live hypervisor (running, or crashed and restartable by the SP, never retired or unknown); at most one hypervisor dispatches it, only the one that has it, and outside a handover of it a running holder does dispatch it.',
  cites: ['C1.1', 'C1.5'],
  check: (s) => {
    const h = s.handover;
    for (const [id, v] of entries(s.vms)) {
      const holder = Object.hasOwn(s.hypervisors, v.holder) ? s.hypervisors[v.holder]! : undefined;
      if (holder === undefined) return `(a) VM ${id} is had by ${v.holder}, which is no hypervisor of the server`;
      if (holder.status === 'retired') return `(a) VM ${id} is had by retired ${v.holder}`;
      if (v.dispatchedBy.length > 1) return `(b) VM ${id} is dispatched by ${v.dispatchedBy.join(' and ')}`;
      const d = v.dispatchedBy[0];
      if (d !== undefined && d !== v.holder) return `(c) VM ${id} is dispatched by ${d} but had by ${v.holder}`;
      const handedOver = isActive(h) && h.vm === id;
      if (!handedOver && holder.status === 'running' && d === undefined)
        return `(d) VM ${id} is had by running ${v.holder} outside a handover of it, but nobody dispatches it`;
    }
    return null;
  },
};

/** INV-2. @public */
export const unreassignableStaysWithSource: Invariant = {
  id: 'INV-2',
  name: 'UnreassignableStaysWithSource',
  statement: 'An unreassignable unit never leaves the hypervisor it is coupled to: it stays managed by the source in both periods.',
  cites: ['C1.6', 'C1.7', 'F15'],
  check: (s) => {
    for (const [id, u] of entries(s.units))
      if (u.pinnedTo !== null && !(u.place.kind === 'managed' && u.place.by === u.pinnedTo))
        return `(a) unit ${id} is coupled to ${u.pinnedTo} but is ${placeText(u)}`;
    const h = s.handover;
    if (h !== null && h.phase !== 'rolledBack')
      for (const id of h.unreassignable) {
        const u = s.units[id]!;
        if (!(u.place.kind === 'managed' && u.place.by === h.source))
          return `(b) unreassignable unit ${id} of ${h.vm} is ${placeText(u)}, not managed by source ${h.source}`;
      }
    return null;
  },
};

/** INV-3. @public */
export const unitsConserved: Invariant = {
  id: 'INV-3',
  name: 'UnitsConserved',
  statement: 'Every unit has exactly one place, a possessed unit is never free, nothing is in flight outside a transfer, and each VM possesses exactly the units it started with.',
  cites: ['C1.1', 'C1.2', 'F07'],
  check: (s) => {
    const h = s.handover;
    const transferring = h !== null && (h.phase === 'assigning' || h.phase === 'aborting');
    for (const spec of s.scenario.units) {
      const u = s.units[spec.id];
      if (u === undefined) return `(a) unit ${spec.id} is lost`;
      if (u.vm !== spec.vm) return `(b) unit ${spec.id} is possessed by ${u.vm ?? 'nobody'}, not ${spec.vm ?? 'nobody'}`;
      if (u.vm !== null && u.place.kind === 'free') return `(c) unit ${spec.id} of ${u.vm} is free`;
      if (u.place.kind === 'inFlight' && !transferring) return `(d) unit ${spec.id} is in flight outside a transfer`;
      if (u.place.kind === 'inFlight' && h !== null && !h.reassignable.includes(spec.id))
        return `(d) unit ${spec.id} is in flight but not in the handover set`;
    }
    return null;
  },
};

/** INV-4. @public */
export const targetRunsOnlyAfterCommit: Invariant = {
  id: 'INV-4',
  name: 'TargetRunsOnlyAfterCommit',
  statement: 'The target runs the VM only after the commit point, with every reassignable unit assigned to it and the latest scheduling information.',
  cites: ['C1.5', 'C1.9', 'C1.10', 'C1.4', 'F13', 'F20'],
  check: (s) => {
    const h = s.handover;
    if (h === null) return null;
    const vm = s.vms[h.vm]!;
    if (h.phase !== 'completed') {
      if (vm.dispatchedBy.includes(h.target) && h.phase !== 'rolledBack')
        return `(a) target ${h.target} dispatches ${h.vm} in phase ${h.phase}, before the resume`;
      return null;
    }
    if (h.commits !== 1) return `(b) ${h.vm} was resumed with ${h.commits} commit points`;
    const missing = h.reassignable.find((id) => {
      const u = s.units[id]!;
      return !(u.place.kind === 'managed' && u.place.by === h.target);
    });
    if (missing !== undefined) return `(c) ${h.vm} runs on ${h.target} without reassignable unit ${missing} (${placeText(s.units[missing]!)})`;
    if (h.resumedWith !== h.frozenVersion)
      return `(d) ${h.target} resumed ${h.vm} with scheduling version ${String(h.resumedWith)}, the latest is ${String(h.frozenVersion)}`;
    return null;
  },
};

/** INV-5. @public */
export const singleCommitPoint: Invariant = {
  id: 'INV-5',
  name: 'SingleCommitPoint',
  statement: 'The first period precedes the second: one commit point per handover, the target has the VM exactly from it on, and the source never dispatches the VM after it.',
  cites: ['C1.1'],
  check: (s) => {
    const h = s.handover;
    if (h === null) return null;
    if (h.commits > 1) return `(a) the SP recorded ${h.commits} commit points for ${h.vm}`;
    const after = h.phase === 'committed' || h.phase === 'completed';
    if (after !== (h.commits === 1)) return `(b) phase ${h.phase} with ${h.commits} commit points`;
    const vm = s.vms[h.vm]!;
    if (after && vm.holder !== h.target) return `(c) ${h.vm} is had by ${vm.holder} after the commit, not ${h.target}`;
    if (!after && vm.holder !== h.source) return `(c) ${h.vm} is had by ${vm.holder} before any commit, not ${h.source}`;
    if (after && vm.dispatchedBy.includes(h.source)) return `(d) source ${h.source} dispatches ${h.vm} after the commit`;
    return null;
  },
};

/** INV-6. @public */
export const noLostWrite: Invariant = {
  id: 'INV-6',
  name: 'NoLostWrite',
  statement: 'No guest write is lost: what is held at each unit\'s place is what the guest last wrote there.',
  cites: ['C1.8', 'F.1', 'F.2', 'F10'],
  check: (s) => {
    for (const [id, u] of entries(s.units))
      if (u.held !== u.written) return `unit ${id} holds version ${u.held} on ${u.node}, the guest last wrote ${u.written}`;
    return null;
  },
};

/** INV-7. @public */
export const currentEpochOnly: Invariant = {
  id: 'INV-7',
  name: 'CurrentEpochOnly',
  statement: 'Configuration and scheduling information reach a hypervisor only through the SP, only from the current epoch, and each scheduling snapshot at most once.',
  cites: ['C1.3', 'C1.4', 'F.3', 'F05', 'F17'],
  check: (s) => {
    const h = s.handover;
    const active = isActive(h);
    for (const [id, hv] of entries(s.hypervisors)) {
      if (hv.config !== null) {
        if (hv.config.epoch !== s.sp.epoch) return `(a) ${id} keeps configuration of epoch ${hv.config.epoch}, the SP is in ${s.sp.epoch}`;
        if (!active || (id !== h.source && id !== h.target)) return `(a) ${id} is configured outside a handover it takes part in`;
      }
      const got = hv.sched;
      if (got === null) continue;
      if (!active || id !== h.target) return `(b) ${id} holds scheduling information outside a handover it is the target of`;
      if (got.epoch !== h.epoch) return `(b) ${id} applied scheduling information of epoch ${got.epoch} in epoch ${h.epoch}`;
      if (got.vm !== h.vm) return `(b) ${id} holds scheduling information of ${got.vm}, not ${h.vm}`;
      if (h.lastSent === null || got.version > h.lastSent) return `(c) ${id} holds version ${got.version}, which the source never sent in epoch ${h.epoch}`;
      if (got.applied > h.versionsSent) return `(d) ${id} applied ${got.applied} snapshots, the source sent ${h.versionsSent}: a message was applied twice`;
    }
    return null;
  },
};

/** INV-8. @public */
export const rollbackRestores: Invariant = {
  id: 'INV-8',
  name: 'RollbackRestores',
  statement: 'After a rollback the VM runs on the source with every unit it had, and nothing is in flight.',
  cites: ['F01', 'F03', 'F05', 'F06', 'F07', 'F19'],
  check: (s) => {
    const h = s.handover;
    if (h === null || h.phase !== 'rolledBack') return null;
    const vm = s.vms[h.vm]!;
    if (vm.holder !== h.source) return `(a) ${h.vm} is had by ${vm.holder} after the rollback, not ${h.source}`;
    if (vm.dispatchedBy.length !== 1 || vm.dispatchedBy[0] !== h.source) return `(a) ${h.vm} does not run on ${h.source} after the rollback`;
    for (const id of [...h.reassignable, ...h.unreassignable]) {
      const u = s.units[id]!;
      if (!(u.place.kind === 'managed' && u.place.by === h.source)) return `(b) unit ${id} is ${placeText(u)} after the rollback`;
    }
    for (const [id, u] of entries(s.units)) if (u.place.kind === 'inFlight') return `(c) unit ${id} is in flight after the rollback`;
    return null;
  },
};

/** INV-10 (numbered after the nine). @public */
export const retiredHoldsNothing: Invariant = {
  id: 'INV-10',
  name: 'RetiredHoldsNothing',
  statement: 'A retired hypervisor manages no unit and has no VM.',
  cites: ['F16', 'C1.7'],
  check: (s) => {
    for (const [id, hv] of entries(s.hypervisors)) {
      if (hv.status !== 'retired') continue;
      for (const [uid, u] of entries(s.units)) if (u.place.kind === 'managed' && u.place.by === id) return `retired ${id} still manages unit ${uid}`;
      for (const [vid, v] of entries(s.vms)) if (v.holder === id) return `retired ${id} still has VM ${vid}`;
    }
    return null;
  },
};

/** INV-11 (the "no split brain", over the dispatch and the units). @public */
export const dispatchOnlyByManager: Invariant = {
  id: 'INV-11',
  name: 'DispatchOnlyByManager',
  statement:
    'A VM is dispatched only by a running hypervisor that manages every unit of the VM it uses, with none of them in flight: before the freeze and after a rollback the source manages them all, after the resume the target manages the reassignable ones, and an unreassignable unit is managed by the hypervisor it is coupled to throughout.',
  cites: ['C1.1', 'C1.2', 'C1.5', 'C1.7', 'C1.9', 'F04', 'F21'],
  check: (s) => {
    for (const [vid, v] of entries(s.vms)) {
      for (const d of v.dispatchedBy) {
        const status = s.hypervisors[d]?.status ?? 'unknown';
        if (status !== 'running') return `(a) VM ${vid} is dispatched by ${d}, which is ${status}`;
        for (const [uid, u] of entries(s.units)) {
          if (u.vm !== vid) continue;
          if (u.place.kind === 'inFlight') return `(b) VM ${vid} is dispatched by ${d} while its unit ${uid} is in flight`;
          const user = u.pinnedTo ?? d;
          if (!(u.place.kind === 'managed' && u.place.by === user))
            return `(c) VM ${vid} is dispatched by ${d} but its unit ${uid} is ${placeText(u)}, not managed by ${user}${u.pinnedTo === null ? '' : ', which it is coupled to'}`;
        }
      }
    }
    return null;
  },
};

/** INV-12. @public */
export const noRunInSwitchover: Invariant = {
  id: 'INV-12',
  name: 'NoRunInSwitchover',
  statement:
    'Nobody dispatches the VM inside the switchover window, from the freeze (quiesce) to the target\'s resume, nor in a rollback begun after the freeze until the rollback completes (a rollback begun before the freeze leaves the source running).',
  cites: ['C1.1', 'C1.4', 'C1.5', 'F01', 'F07', 'F19'],
  check: (s) => {
    const h = s.handover;
    if (!isActive(h)) return null;
    const by = s.vms[h.vm]!.dispatchedBy;
    if (by.length === 0) return null;
    if (h.phase === 'quiesced' || h.phase === 'assigning' || h.phase === 'committed')
      return `(a) ${by.join(' and ')} dispatches ${h.vm} in phase ${h.phase}, inside the switchover window`;
    if (h.phase === 'aborting' && s.ghost.frozenAt !== null)
      return `(b) ${by.join(' and ')} dispatches ${h.vm} during a rollback begun after the freeze, before it completed`;
    return null;
  },
};

/** INV-13. @public */
export const consolidated: Invariant = {
  id: 'INV-13',
  name: 'Consolidated',
  statement:
    'On completion every reassignable unit\'s content is on the target\'s node at the version the guest last wrote, with no copy or source frame left behind; and nothing is copied needlessly: not a unit already on the target\'s node, not an unreassignable one, and not a unit again unless the guest wrote it since its last copy.',
  cites: ['C1.8', 'F.1', 'F.2', 'F10'],
  check: (s) => {
    const h = s.handover;
    if (h === null) return null;
    for (const [id, u] of entries(s.units)) {
      const b = u.ghost.before;
      if (u.vm !== h.vm || b === null) continue;
      const at = u.ghost.copiedAt;
      if (at.length === 0) continue;
      if (b.node === h.targetNode) return `(b) unit ${id} was on the target's node ${h.targetNode} at the request, yet was copied (F.1)`;
      if (b.pinnedTo !== null) return `(c) unreassignable unit ${id}, coupled to ${b.pinnedTo}, was copied (C1.7)`;
      for (let i = 1; i < at.length; i++)
        if (at[i]! <= at[i - 1]!)
          return `(d) unit ${id} was copied again at written version ${at[i]!} with no guest write since its copy at version ${at[i - 1]!} (F10)`;
    }
    if (h.phase !== 'completed') return null;
    for (const id of h.reassignable) {
      const u = s.units[id]!;
      if (u.node !== h.targetNode) return `(a) reassignable unit ${id} is on ${u.node} on completion, not on the target's node ${h.targetNode}`;
      if (u.held !== u.written) return `(a) reassignable unit ${id} holds version ${u.held} on completion, the guest last wrote ${u.written}`;
      if (u.copy !== null) return `(a) reassignable unit ${id} still has a copy on ${u.copy.node} on completion`;
      if (u.original !== null) return `(a) the source still keeps a frame of unit ${id} on ${u.original.node} on completion`;
    }
    return null;
  },
};

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** INV-14. @public */
export const rollbackExact: Invariant = {
  id: 'INV-14',
  name: 'RollbackExact',
  statement:
    'After a rollback the server is as it was before the request, except the epoch, the ghost counters and what the environment did meanwhile (guest writes, device pins, reschedules, crashes): the VM\'s holder and dispatchers, the configuration and scheduling information of both hypervisors, and each unit of the VM\'s place and node are those recorded at the request, and no copy or kept frame of the attempt is left.',
  cites: ['F01', 'F03', 'F05', 'F06', 'F07', 'F19', 'F.2'],
  check: (s) => {
    const h = s.handover;
    if (h === null || h.phase !== 'rolledBack') return null;
    const g = s.ghost.before;
    if (g !== null) {
      const vm = s.vms[h.vm]!;
      if (vm.holder !== g.holder || !sameJson(vm.dispatchedBy, g.dispatchedBy))
        return `(a) ${h.vm} is had by ${vm.holder} and dispatched by ${vm.dispatchedBy.join('+') || 'nobody'} after the rollback; before the request ${g.holder} and ${g.dispatchedBy.join('+') || 'nobody'}`;
      for (const [role, hv] of [['source', h.source], ['target', h.target]] as const) {
        const now = s.hypervisors[hv]!;
        const was = g[role];
        if (!sameJson(now.config, was.config) || !sameJson(now.sched, was.sched))
          return `(b) ${role} ${hv} keeps configuration or scheduling information after the rollback that it did not have before the request`;
      }
    }
    for (const [id, u] of entries(s.units)) {
      const b = u.ghost.before;
      if (u.vm !== h.vm || b === null) continue;
      if (!sameJson(u.place, b.place)) return `(c) unit ${id} is ${placeText(u)} after the rollback, before the request it was ${placeText(b)}`;
      if (u.node !== b.node) return `(c) unit ${id} is on ${u.node} after the rollback, before the request it was on ${b.node}`;
      if (u.copy !== null) return `(d) a copy of unit ${id} on ${u.copy.node} is left after the rollback`;
      if (u.original !== null) return `(d) a kept frame of unit ${id} on ${u.original.node} is left after the rollback`;
    }
    return null;
  },
};

/** INV-15. @public */
export const resumedVersionIsFrozen: Invariant = {
  id: 'INV-15',
  name: 'ResumedVersionIsFrozen',
  statement:
    'The scheduling version the target holds when it resumes the VM is the source\'s version at the freeze, as the ghost recorder read it from the VM at the quiesce (not the handover\'s own frozen version).',
  cites: ['C1.4', 'C1.5', 'F13', 'F20'],
  check: (s) => {
    const r = s.ghost.resume;
    if (r === null) return null;
    const h = s.handover;
    const who = h === null ? 'the target' : `${h.target}`;
    const vm = h === null ? 'the VM' : h.vm;
    if (s.ghost.frozenAt === null) return `(a) ${who} resumed ${vm} without any freeze in this handover`;
    if (r.version !== s.ghost.frozenAt)
      return `(b) ${who} resumed ${vm} holding scheduling version ${r.version ?? 'none'}; the source's version at the freeze was ${s.ghost.frozenAt}`;
    return null;
  },
};

/** INV-16 (issue 15 item 3, as far as this model expresses it). @public */
export const commitAfterFinalSnapshot: Invariant = {
  id: 'INV-16',
  name: 'CommitAfterFinalSnapshot',
  statement:
    'The commit point is recorded only when the target holds the final scheduling snapshot (the version frozen at the quiesce, of the commit\'s epoch), and after it every reassignable unit is the target\'s or in flight to it: from the commit on, the VM can resume with nothing more from the source.',
  cites: ['C1.1', 'C1.4', 'C1.5', 'C1.9', 'F02', 'F13'],
  check: (s) => {
    const h = s.handover;
    if (h === null || (h.phase !== 'committed' && h.phase !== 'completed')) return null;
    const c = s.ghost.commit;
    if (c !== null) {
      const got = c.targetSched;
      if (got === null) return `(a) the SP recorded the commit point of ${h.vm} while ${h.target} held no scheduling information`;
      if (got.epoch !== c.spEpoch)
        return `(a) the SP recorded the commit point of ${h.vm} in epoch ${c.spEpoch} while ${h.target} held scheduling information of epoch ${got.epoch}`;
      if (got.version !== h.frozenVersion)
        return `(a) the SP recorded the commit point of ${h.vm} while ${h.target} held scheduling version ${got.version}, not the final version ${String(h.frozenVersion)}`;
    }
    for (const id of h.reassignable) {
      const u = s.units[id]!;
      if (!(u.place.kind === 'inFlight' || (u.place.kind === 'managed' && u.place.by === h.target)))
        return `(b) after the commit, reassignable unit ${id} is ${placeText(u)}: ${h.target} cannot resume ${h.vm} without the source`;
    }
    return null;
  },
};

/** Every invariant, in id order. @public */
export const invariants: readonly Invariant[] = [
  typeOk,
  exactlyOneHolder,
  unreassignableStaysWithSource,
  unitsConserved,
  targetRunsOnlyAfterCommit,
  singleCommitPoint,
  noLostWrite,
  currentEpochOnly,
  rollbackRestores,
  retiredHoldsNothing,
  dispatchOnlyByManager,
  noRunInSwitchover,
  consolidated,
  rollbackExact,
  resumedVersionIsFrozen,
  commitAfterFinalSnapshot,
];

/**
 * Every violation of a state, in invariant order; empty when all hold.
 * @public
 */
export function violations(s: ServerState, among: readonly Invariant[] = invariants): Violation[] {
  const out: Violation[] = [];
  for (const inv of among) {
    const explanation = inv.check(s);
    if (explanation !== null) out.push({ id: inv.id, name: inv.name, explanation });
  }
  return out;
}
