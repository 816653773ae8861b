/**
 * Each invariant of properties/invariants.ts against a hand-built bad state: a reachable state
 * with one field broken. The violation must carry the invariant's id, the clause label of the
 * broken clause, and name the offending unit, hypervisor, VM or message.
 */
import { describe, expect, it } from 'vitest';
import { scenarios, tiny } from '../../models/scenarios/index.ts';
import { initialState } from '../../src/model/init.ts';
import { invariants, violations } from '../../properties/invariants.ts';
import type { ServerState } from '../../src/model/state.ts';
import { drive } from '../support/drive.ts';
import { ev, tinyUpTo as upTo } from '../support/events.ts';
import { withGhost, withHandover, withHv, withMessage, withTop, withUnit, withUnitGhost, withVm } from '../support/patch.ts';
import { crowded, unpinned } from '../support/scenarios.ts';

const at = (events: Parameters<typeof drive>[1]): ServerState => drive(tiny, events);
/** tiny rolled back from the freeze, and from the assignment after both units moved. */
const rolledBackFromQuiesced = [...upTo.quiesced, ev.aborted, ev.rollbackCompleted];
const rolledBackFromTransferred = [...upTo.transferred, ev.aborted, ev.reclaimed('u0'), ev.reclaimed('u1'), ev.rollbackCompleted];

interface BadState {
  /** The invariant that must name the offender. */
  readonly id: string;
  /** What was broken, for the title. */
  readonly broken: string;
  readonly state: () => ServerState;
  /** The explanation must match: the clause label and the offender's name. */
  readonly names: RegExp;
  /** Other invariants the same break also violates, by id (a shared field). */
  readonly alsoBreaks?: readonly string[];
}

const bad: readonly BadState[] = [
  // INV-0 TypeOK, one case per clause
  {
    id: 'INV-0',
    broken: 'u1 is managed by an unknown hypervisor hZ',
    state: () => withUnit(at(upTo.consolidating), 'u1', { place: { kind: 'managed', by: 'hZ' } }),
    names: /^\(a\) unit u1 is managed by unknown hZ$/,
    alsoBreaks: ['INV-11'],
  },
  {
    id: 'INV-0',
    broken: 'hA is configured for a future epoch',
    state: () => withHv(at(upTo.consolidating), 'hA', { config: { epoch: 9 } }),
    names: /^\(b\) hA is configured for future epoch 9$/,
    alsoBreaks: ['INV-7'],
  },
  {
    id: 'INV-0',
    broken: 'vm0 is had by an unknown hypervisor',
    state: () => withVm(at([]), 'vm0', { holder: 'hZ', dispatchedBy: ['hZ'] }),
    names: /^\(c\) VM vm0 is had by unknown hZ$/,
    alsoBreaks: ['INV-1', 'INV-11'],
  },
  {
    id: 'INV-0',
    broken: 'a message of a future epoch is on the channel',
    state: () => withMessage(at(upTo.synchronising), { leg: 'toSp', to: 'hB', vm: 'vm0', epoch: 7, version: 0 }),
    names: /^\(d\) message toSp e7 v0 is of future epoch$/,
  },
  {
    id: 'INV-0',
    broken: 'the handover runs in an epoch the SP is not in',
    state: () => withTop(at(upTo.consolidating), { sp: { epoch: 5 } }),
    names: /^\(e\) the handover runs in epoch 1, the SP is in 5$/,
    alsoBreaks: ['INV-7'],
  },
  {
    id: 'INV-0',
    broken: 'more faults were used than the bound',
    state: () => withTop(at(upTo.consolidating), { used: { faults: 2, schedChanges: 0, guestWrites: 0, attempts: 1 } }),
    names: /^\(f\) faults used 2 > bound 1$/,
  },
  {
    id: 'INV-0',
    broken: 'u1 is on an unknown node',
    state: () => withUnit(at(upTo.consolidating), 'u1', { node: 'n9' }),
    names: /^\(a\) unit u1 is on unknown node n9$/,
  },
  {
    id: 'INV-0',
    broken: 'u1 is possessed by an unknown VM',
    state: () => withUnit(at(upTo.consolidating), 'u1', { vm: 'vm9' }),
    names: /^\(a\) unit u1 is possessed by unknown VM vm9$/,
    alsoBreaks: ['INV-3'],
  },
  {
    id: 'INV-0',
    broken: 'u2 is pinned to an unknown hypervisor',
    state: () => withUnit(at(upTo.consolidating), 'u2', { pinnedTo: 'hZ' }),
    names: /^\(a\) unit u2 is pinned to unknown hZ$/,
    alsoBreaks: ['INV-11', 'INV-2'],
  },
  {
    id: 'INV-0',
    broken: 'u1 holds a negative version',
    state: () => withUnit(at(upTo.consolidating), 'u1', { held: -1, written: -1 }),
    names: /^\(a\) unit u1 has versions held=-1 written=-1$/,
  },
  {
    id: 'INV-0',
    broken: 'a unit the scenario does not have appears',
    state: () => {
      const s = at(upTo.consolidating);
      return withTop(s, { units: { ...s.units, u9: s.units['u1']! } });
    },
    names: /^\(a\) the units differ from the scenario's$/,
  },
  {
    id: 'INV-0',
    broken: 'an unknown hypervisor hZ appears',
    state: () => {
      const s = at(upTo.consolidating);
      return withTop(s, { hypervisors: { ...s.hypervisors, hZ: { status: 'running', config: null, sched: null } } });
    },
    names: /^\(b\) unknown hypervisor hZ$/,
  },
  {
    id: 'INV-0',
    broken: 'vm0 is dispatched by an unknown hypervisor',
    state: () => withVm(at([]), 'vm0', { dispatchedBy: ['hZ'] }),
    names: /^\(c\) VM vm0 is dispatched by an unknown hypervisor$/,
    alsoBreaks: ['INV-1', 'INV-11'],
  },
  {
    id: 'INV-0',
    broken: 'a message is addressed to an unknown hypervisor',
    state: () => withMessage(at(upTo.synchronising), { leg: 'toTarget', to: 'hZ', vm: 'vm0', epoch: 1, version: 0 }),
    names: /^\(d\) message toTarget e1 v0 names an unknown hypervisor or VM$/,
  },
  {
    id: 'INV-0',
    broken: 'the handover is in an unknown phase',
    state: () => withHandover(at(upTo.consolidating), { phase: 'dreaming' as never }),
    names: /^\(e\) unknown phase dreaming$/,
  },
  {
    id: 'INV-0',
    broken: 'u1 is in both portions',
    state: () => withHandover(at(upTo.consolidating), { unreassignable: ['u2', 'u1'] }),
    names: /^\(e\) a unit is in both portions$/,
  },
  {
    id: 'INV-0',
    broken: 'the VM is quiesced without a frozen scheduling version',
    state: () => withHandover(at(upTo.quiesced), { frozenVersion: null }),
    names: /^\(e\) phase quiesced without a frozen scheduling version$/,
  },
  // INV-1 ExactlyOneHolder
  {
    id: 'INV-1',
    broken: 'vm0 is had by a retired hypervisor',
    state: () => withHv(drive(unpinned, upTo.completed), 'hB', { status: 'retired' }),
    names: /^\(a\) VM vm0 is had by retired hB$/,
    alsoBreaks: ['INV-10', 'INV-11'],
  },
  {
    id: 'INV-1',
    broken: 'vm0 is dispatched by both hypervisors',
    state: () => withVm(at([]), 'vm0', { dispatchedBy: ['hA', 'hB'] }),
    names: /^\(b\) VM vm0 is dispatched by hA and hB$/,
    alsoBreaks: ['INV-11'],
  },
  {
    id: 'INV-1',
    broken: 'vm0 is dispatched by hB while hA has it',
    state: () => withVm(at([]), 'vm0', { dispatchedBy: ['hB'] }),
    names: /^\(c\) VM vm0 is dispatched by hB but had by hA$/,
    alsoBreaks: ['INV-11'],
  },
  // INV-2 UnreassignableStaysWithSource
  {
    id: 'INV-2',
    broken: 'u2, coupled to hA, is managed by hB',
    state: () => withUnit(at(upTo.committed), 'u2', { place: { kind: 'managed', by: 'hB' } }),
    names: /^\(a\) unit u2 is coupled to hA but is managed by hB$/,
  },
  {
    id: 'INV-2',
    broken: 'the unreassignable u2 of the handover is coupled to and managed by hB',
    state: () => withUnit(at(upTo.consolidating), 'u2', { pinnedTo: 'hB', place: { kind: 'managed', by: 'hB' } }),
    names: /^\(b\) unreassignable unit u2 of vm0 is managed by hB, not managed by source hA$/,
  },
  {
    id: 'INV-2',
    broken: 'u2, coupled to hA, is free',
    state: () => withUnit(at(upTo.consolidating), 'u2', { place: { kind: 'free' } }),
    names: /^\(a\) unit u2 is coupled to hA but is free$/,
    alsoBreaks: ['INV-11', 'INV-3'],
  },
  // INV-3 UnitsConserved
  {
    id: 'INV-3',
    broken: 'u1 is possessed by nobody',
    state: () => withUnit(at(upTo.consolidating), 'u1', { vm: null }),
    names: /^\(b\) unit u1 is possessed by nobody, not vm0$/,
  },
  {
    id: 'INV-3',
    broken: 'the free unit u4 is possessed by vm0',
    state: () => withUnit(drive(crowded, upTo.consolidating), 'u4', { vm: 'vm0', place: { kind: 'managed', by: 'hA' } }),
    names: /^\(b\) unit u4 is possessed by vm0, not nobody$/,
  },
  {
    id: 'INV-3',
    broken: 'u1 of vm0 is free',
    state: () => withUnit(at(upTo.consolidating), 'u1', { place: { kind: 'free' } }),
    names: /^\(c\) unit u1 of vm0 is free$/,
    alsoBreaks: ['INV-11'],
  },
  {
    id: 'INV-3',
    broken: 'u1 is in flight before the assignment',
    state: () => withUnit(at(upTo.consolidating), 'u1', { place: { kind: 'inFlight' } }),
    names: /^\(d\) unit u1 is in flight outside a transfer$/,
    alsoBreaks: ['INV-11'],
  },
  {
    id: 'INV-3',
    broken: 'u0 is in flight during the assignment but not in the handover set',
    state: () => withHandover(at([...upTo.assigning, ev.released('u0')]), { reassignable: ['u1'] }),
    names: /^\(d\) unit u0 is in flight but not in the handover set$/,
  },
  {
    id: 'INV-3',
    broken: 'u1 has vanished from the units',
    state: () => {
      const s = at(upTo.consolidating);
      const { u1: _gone, ...units } = s.units;
      return withTop(s, { units });
    },
    names: /^\(a\) unit u1 is lost$/,
    alsoBreaks: ['INV-0'],
  },
  // INV-4 TargetRunsOnlyAfterCommit
  {
    id: 'INV-4',
    broken: 'hB dispatches vm0 during the assignment',
    state: () => withVm(at(upTo.transferred), 'vm0', { dispatchedBy: ['hB'] }),
    names: /^\(a\) target hB dispatches vm0 in phase assigning, before the resume$/,
    alsoBreaks: ['INV-1', 'INV-12'],
  },
  {
    id: 'INV-4',
    broken: 'vm0 was resumed without a commit point',
    state: () => withHandover(at(upTo.completed), { commits: 0 }),
    names: /^\(b\) vm0 was resumed with 0 commit points$/,
    alsoBreaks: ['INV-5'],
  },
  {
    id: 'INV-4',
    broken: 'vm0 runs on hB while u1 is still managed by hA',
    state: () => withUnit(at(upTo.completed), 'u1', { place: { kind: 'managed', by: 'hA' } }),
    names: /^\(c\) vm0 runs on hB without reassignable unit u1 \(managed by hA\)$/,
    alsoBreaks: ['INV-11', 'INV-16'],
  },
  {
    id: 'INV-4',
    broken: 'hB resumed vm0 with a scheduling version other than the frozen one',
    state: () => withHandover(at(upTo.completed), { resumedWith: 7 }),
    names: /^\(d\) hB resumed vm0 with scheduling version 7, the latest is 0$/,
  },
  // INV-5 SingleCommitPoint
  {
    id: 'INV-5',
    broken: 'the SP recorded two commit points',
    state: () => withHandover(at(upTo.committed), { commits: 2 }),
    names: /^\(a\) the SP recorded 2 commit points for vm0$/,
  },
  {
    id: 'INV-5',
    broken: 'the phase is committed with no commit point',
    state: () => withHandover(at(upTo.committed), { commits: 0 }),
    names: /^\(b\) phase committed with 0 commit points$/,
  },
  {
    id: 'INV-5',
    broken: 'hA still has vm0 after the commit',
    state: () => withVm(at(upTo.committed), 'vm0', { holder: 'hA' }),
    names: /^\(c\) vm0 is had by hA after the commit, not hB$/,
  },
  {
    id: 'INV-5',
    broken: 'hB has vm0 before any commit',
    state: () => withVm(at(upTo.quiesced), 'vm0', { holder: 'hB' }),
    names: /^\(c\) vm0 is had by hB before any commit, not hA$/,
  },
  {
    id: 'INV-5',
    broken: 'hA dispatches vm0 after the commit',
    state: () => withVm(at(upTo.completed), 'vm0', { dispatchedBy: ['hA'] }),
    names: /^\(d\) source hA dispatches vm0 after the commit$/,
    alsoBreaks: ['INV-1', 'INV-11'],
  },
  // INV-6 NoLostWrite
  {
    id: 'INV-6',
    broken: 'u1 reached n1 with the content from before the last write',
    state: () => withUnit(at(upTo.completed), 'u1', { written: 1 }),
    names: /^unit u1 holds version 0 on n1, the guest last wrote 1$/,
    alsoBreaks: ['INV-13'],
  },
  // INV-7 CurrentEpochOnly
  {
    id: 'INV-7',
    broken: 'hA keeps the configuration of an old epoch',
    state: () => withHv(withTop(at(upTo.consolidating), { sp: { epoch: 1 } }), 'hA', { config: { epoch: 0 } }),
    names: /^\(a\) hA keeps configuration of epoch 0, the SP is in 1$/,
  },
  {
    id: 'INV-7',
    broken: 'hA is configured with no handover under way',
    state: () => withHv(at([]), 'hA', { config: { epoch: 0 } }),
    names: /^\(a\) hA is configured outside a handover it takes part in$/,
  },
  {
    id: 'INV-7',
    broken: 'the source holds scheduling information',
    state: () => withHv(at(upTo.synchronised), 'hA', { sched: { vm: 'vm0', epoch: 1, version: 0, applied: 1 } }),
    names: /^\(b\) hA holds scheduling information outside a handover it is the target of$/,
  },
  {
    id: 'INV-7',
    broken: 'the target applied scheduling information of an older epoch',
    state: () => withHv(at(upTo.synchronised), 'hB', { sched: { vm: 'vm0', epoch: 0, version: 0, applied: 1 } }),
    names: /^\(b\) hB applied scheduling information of epoch 0 in epoch 1$/,
  },
  {
    id: 'INV-7',
    broken: 'the target holds scheduling information of another VM',
    state: () => withHv(at(upTo.synchronised), 'hB', { sched: { vm: 'vm9', epoch: 1, version: 0, applied: 1 } }),
    names: /^\(b\) hB holds scheduling information of vm9, not vm0$/,
  },
  {
    id: 'INV-7',
    broken: 'the target holds scheduling information before anything was sent',
    state: () => withHv(at(upTo.synchronising), 'hB', { sched: { vm: 'vm0', epoch: 1, version: 0, applied: 1 } }),
    names: /^\(c\) hB holds version 0, which the source never sent in epoch 1$/,
  },
  {
    id: 'INV-7',
    broken: 'the target holds version 5, which the source never sent',
    state: () => withHv(at(upTo.synchronised), 'hB', { sched: { vm: 'vm0', epoch: 1, version: 5, applied: 1 } }),
    names: /^\(c\) hB holds version 5, which the source never sent in epoch 1$/,
  },
  {
    id: 'INV-7',
    broken: 'the target applied one snapshot twice',
    state: () => withHv(at(upTo.synchronised), 'hB', { sched: { vm: 'vm0', epoch: 1, version: 0, applied: 2 } }),
    names: /^\(d\) hB applied 2 snapshots, the source sent 1: a message was applied twice$/,
  },
  // INV-8 RollbackRestores
  {
    id: 'INV-8',
    broken: 'hB has vm0 after the rollback',
    state: () => withVm(at([...upTo.quiesced, ev.aborted, ev.rollbackCompleted]), 'vm0', { holder: 'hB', dispatchedBy: ['hB'] }),
    names: /^\(a\) vm0 is had by hB after the rollback, not hA$/,
    alsoBreaks: ['INV-11', 'INV-14', 'INV-5'],
  },
  {
    id: 'INV-8',
    broken: 'vm0 does not run after the rollback',
    state: () => withVm(at([...upTo.quiesced, ev.aborted, ev.rollbackCompleted]), 'vm0', { dispatchedBy: [] }),
    names: /^\(a\) vm0 does not run on hA after the rollback$/,
    alsoBreaks: ['INV-1', 'INV-14'],
  },
  {
    id: 'INV-8',
    broken: 'u0 is left at hB after the rollback',
    state: () => withUnit(at([...upTo.quiesced, ev.aborted, ev.rollbackCompleted]), 'u0', { place: { kind: 'managed', by: 'hB' } }),
    names: /^\(b\) unit u0 is managed by hB after the rollback$/,
    alsoBreaks: ['INV-11', 'INV-14'],
  },
  {
    id: 'INV-8',
    broken: 'u1 is in flight after the rollback',
    state: () => withUnit(at([...upTo.quiesced, ev.aborted, ev.rollbackCompleted]), 'u1', { place: { kind: 'inFlight' } }),
    names: /^\(b\) unit u1 is in flight after the rollback$/,
    alsoBreaks: ['INV-11', 'INV-14', 'INV-3'],
  },
  {
    id: 'INV-8',
    broken: "vm1's u3, outside the handover, is in flight after the rollback",
    state: () => withUnit(drive(crowded, [...upTo.quiesced, ev.aborted, ev.rollbackCompleted]), 'u3', { place: { kind: 'inFlight' } }),
    names: /^\(c\) unit u3 is in flight after the rollback$/,
    alsoBreaks: ['INV-11', 'INV-3'],
  },
  // INV-10 RetiredHoldsNothing
  {
    id: 'INV-10',
    broken: 'hA retired while u2 is coupled to it',
    state: () => withHv(at(upTo.completed), 'hA', { status: 'retired' }),
    names: /^retired hA still manages unit u2$/,
  },
  {
    id: 'INV-10',
    broken: 'hB retired while it has vm0',
    state: () => withHv(withVm(at([]), 'vm0', { holder: 'hB', dispatchedBy: ['hB'] }), 'hB', { status: 'retired' }),
    names: /^retired hB still has VM vm0$/,
    alsoBreaks: ['INV-1', 'INV-11'],
  },
  // INV-1 ExactlyOneHolder, the live holder (issue 15 item 9)
  {
    id: 'INV-1',
    broken: 'vm0 is had by running hA outside a handover but runs nowhere',
    state: () => withVm(at([]), 'vm0', { dispatchedBy: [] }),
    names: /^\(d\) VM vm0 is had by running hA outside a handover of it, but nobody dispatches it$/,
  },
  // INV-11 DispatchOnlyByManager
  {
    id: 'INV-11',
    broken: 'vm0 is dispatched by hA, which crashed',
    state: () => withHv(at(upTo.consolidating), 'hA', { status: 'crashed', config: null }),
    names: /^\(a\) VM vm0 is dispatched by hA, which is crashed$/,
  },
  {
    id: 'INV-11',
    broken: 'hA dispatches vm0 while u1 is in flight',
    state: () => withVm(at([...upTo.assigning, ev.released('u1')]), 'vm0', { dispatchedBy: ['hA'] }),
    names: /^\(b\) VM vm0 is dispatched by hA while its unit u1 is in flight$/,
    alsoBreaks: ['INV-12'],
  },
  {
    id: 'INV-11',
    broken: 'hA dispatches vm0 while hB manages u0',
    state: () => withUnit(at(upTo.consolidating), 'u0', { place: { kind: 'managed', by: 'hB' } }),
    names: /^\(c\) VM vm0 is dispatched by hA but its unit u0 is managed by hB, not managed by hA$/,
  },
  // INV-12 NoRunInSwitchover
  {
    id: 'INV-12',
    broken: 'hA dispatches vm0 after the freeze',
    state: () => withVm(at(upTo.quiesced), 'vm0', { dispatchedBy: ['hA'] }),
    names: /^\(a\) hA dispatches vm0 in phase quiesced, inside the switchover window$/,
  },
  {
    id: 'INV-12',
    broken: 'hA dispatches vm0 in a rollback begun after the freeze',
    state: () => withVm(at([...upTo.quiesced, ev.aborted]), 'vm0', { dispatchedBy: ['hA'] }),
    names: /^\(b\) hA dispatches vm0 during a rollback begun after the freeze, before it completed$/,
  },
  // INV-13 Consolidated
  {
    id: 'INV-13',
    broken: 'u1 is still on n0 on completion (its memory never moved)',
    state: () => withUnit(at(upTo.completed), 'u1', { node: 'n0' }),
    names: /^\(a\) reassignable unit u1 is on n0 on completion, not on the target's node n1$/,
  },
  {
    id: 'INV-13',
    broken: 'a copy of u1 is left on completion',
    state: () => withUnit(at(upTo.completed), 'u1', { copy: { node: 'n1', version: 0, dirty: false } }),
    names: /^\(a\) reassignable unit u1 still has a copy on n1 on completion$/,
  },
  {
    id: 'INV-13',
    broken: 'the source keeps a frame of u1 on completion',
    state: () => withUnit(at(upTo.completed), 'u1', { original: { node: 'n0', version: 0 } }),
    names: /^\(a\) the source still keeps a frame of unit u1 on n0 on completion$/,
  },
  {
    id: 'INV-13',
    broken: 'u0, already on n1, was copied',
    state: () => withUnitGhost(at(upTo.synchronising), 'u0', { copiedAt: [0] }),
    names: /^\(b\) unit u0 was on the target's node n1 at the request, yet was copied \(F\.1\)$/,
  },
  {
    id: 'INV-13',
    broken: 'the unreassignable u2 was copied',
    state: () => withUnitGhost(at(upTo.synchronising), 'u2', { copiedAt: [0] }),
    names: /^\(c\) unreassignable unit u2, coupled to hA, was copied \(C1\.7\)$/,
  },
  {
    id: 'INV-13',
    broken: 'u1 was copied twice with no write between',
    state: () => withUnitGhost(at(upTo.synchronising), 'u1', { copiedAt: [0, 0] }),
    names: /^\(d\) unit u1 was copied again at written version 0 with no guest write since its copy at version 0 \(F10\)$/,
  },
  // INV-14 RollbackExact
  {
    id: 'INV-14',
    broken: 'u1 is on n1 after the rollback (it was on n0)',
    state: () => withUnit(at(rolledBackFromTransferred), 'u1', { node: 'n1' }),
    names: /^\(c\) unit u1 is on n1 after the rollback, before the request it was on n0$/,
  },
  {
    id: 'INV-14',
    broken: 'a copy of u1 leaks after the rollback',
    state: () => withUnit(at(rolledBackFromQuiesced), 'u1', { copy: { node: 'n1', version: 0, dirty: false } }),
    names: /^\(d\) a copy of unit u1 on n1 is left after the rollback$/,
  },
  {
    id: 'INV-14',
    broken: 'a kept frame of u1 is left after the rollback',
    state: () => withUnit(at(rolledBackFromTransferred), 'u1', { original: { node: 'n0', version: 0 } }),
    names: /^\(d\) a kept frame of unit u1 on n0 is left after the rollback$/,
  },
  {
    id: 'INV-14',
    broken: 'the VM was recorded before the request as dispatched by nobody',
    state: () => withGhost(at(rolledBackFromQuiesced), { before: { ...at(rolledBackFromQuiesced).ghost.before!, dispatchedBy: [] } }),
    names: /^\(a\) vm0 is had by hA and dispatched by hA after the rollback; before the request hA and nobody$/,
  },
  // INV-15 ResumedVersionIsFrozen
  {
    id: 'INV-15',
    broken: 'hB resumed holding version 7 while the freeze was at 0',
    state: () => withGhost(at(upTo.completed), { resume: { version: 7 } }),
    names: /^\(b\) hB resumed vm0 holding scheduling version 7; the source's version at the freeze was 0$/,
  },
  {
    id: 'INV-15',
    broken: 'hB resumed with no freeze recorded',
    state: () => withGhost(at(upTo.completed), { frozenAt: null }),
    names: /^\(a\) hB resumed vm0 without any freeze in this handover$/,
  },
  // INV-16 CommitAfterFinalSnapshot
  {
    id: 'INV-16',
    broken: 'the commit was recorded while hB held no scheduling information',
    state: () => withGhost(at(upTo.committed), { commit: { spEpoch: 1, targetSched: null } }),
    names: /^\(a\) the SP recorded the commit point of vm0 while hB held no scheduling information$/,
  },
  {
    id: 'INV-16',
    broken: 'the commit was recorded while hB held a snapshot of another epoch',
    state: () => withGhost(at(upTo.committed), { commit: { spEpoch: 1, targetSched: { epoch: 0, version: 0 } } }),
    names: /^\(a\) the SP recorded the commit point of vm0 in epoch 1 while hB held scheduling information of epoch 0$/,
  },
  {
    id: 'INV-16',
    broken: 'the commit was recorded while hB held an older version than the frozen one',
    state: () => withHandover(withGhost(at(upTo.committed), { frozenAt: 1 }), { frozenVersion: 1 }),
    names: /^\(a\) the SP recorded the commit point of vm0 while hB held scheduling version 0, not the final version 1$/,
  },
  {
    id: 'INV-16',
    broken: 'u1 is back with hA after the commit',
    state: () => withUnit(at(upTo.committed), 'u1', { place: { kind: 'managed', by: 'hA' } }),
    names: /^\(b\) after the commit, reassignable unit u1 is managed by hA: hB cannot resume vm0 without the source$/,
  },
];

describe('each invariant names the offender of a hand-built bad state', () => {
  it.each(bad.map((b) => [`${b.id} when ${b.broken}`, b] as const))('%s', (_title, b) => {
    const s = b.state();
    const found = violations(s);
    const mine = found.filter((v) => v.id === b.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.explanation).toMatch(b.names);
    expect(found.map((v) => v.id).sort()).toEqual([b.id, ...(b.alsoBreaks ?? [])].sort());
  });

  it('no invariant fires on the reachable states the bad ones are built from', () => {
    for (const s of [at([]), at(upTo.consolidating), at(upTo.synchronised), at(upTo.quiesced), at(upTo.committed), at(upTo.completed)])
      expect(violations(s)).toEqual([]);
    // and on the good twins of the outcome properties' bad states (INV-11 to INV-16)
    const good = [
      at(rolledBackFromQuiesced),
      at(rolledBackFromTransferred),
      at([...upTo.synchronised, ev.aborted]), // rolled back before the freeze: the source keeps running (INV-12)
      at([...upTo.consolidating, ev.copied('u1'), ev.written('u1'), ev.copied('u1')]), // a recopy after a write (INV-13 (d))
      at([...upTo.transferred, ev.committed, ev.crashed('hA'), ev.resumed]), // the source lost after the commit (INV-16)
    ];
    for (const s of good) expect(violations(s)).toEqual([]);
  });

  it('covers every invariant of the registry', () => {
    expect([...new Set(bad.map((b) => b.id))].sort()).toEqual(invariants.map((i) => i.id).sort());
  });
});

describe('the registry of invariants', () => {
  it('holds on the initial state of every named scenario', () => {
    for (const sc of Object.values(scenarios)) expect({ scenario: sc.name, found: violations(initialState(sc)) }).toEqual({ scenario: sc.name, found: [] });
  });

  it('has unique ids, a name, a one-sentence statement and cites of known claim elements or faults', () => {
    expect(new Set(invariants.map((i) => i.id)).size).toBe(invariants.length);
    for (const inv of invariants) {
      expect(inv.name).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(inv.statement).toMatch(/^[A-Z].*\.$/);
      expect(inv.cites.length).toBeGreaterThan(0);
      for (const c of inv.cites) expect(c).toMatch(/^(C1\.([1-9]|10)|F\.[1-3]|F(0[1-9]|1\d|2[0-2]))$/);
    }
  });

  it('violations() checks only the invariants it is given, in order', () => {
    const s = withVm(at(upTo.completed), 'vm0', { dispatchedBy: ['hA'] });
    expect(violations(s).map((v) => v.id)).toEqual(['INV-1', 'INV-5', 'INV-11']);
    expect(violations(s, invariants.filter((i) => i.id === 'INV-5')).map((v) => v.id)).toEqual(['INV-5']);
    expect(violations(s, [])).toEqual([]);
  });
});
