/**
 * Short builders of events and the scripted prefixes of a handover, so that a test reads as
 * the story it tells (`...upTo.assigning, ev.released('u0')`).
 *
 * @remarks
 * The prefixes are written for the two-hypervisor scenarios of models/scenarios (`tiny`,
 * `small`, `default`): vm0 goes from hA (home n0) to hB (home n1). A message is named by its
 * leg, epoch and version: the first handover runs in epoch 1 and sends version 0 first.
 */
import type { HandoverEvent } from '../../src/model/events.ts';

/** One builder per event type, in the order of src/model/events.ts. @internal */
export const ev = {
  requested: (source = 'hA', target = 'hB', vm = 'vm0') =>
    ({ type: 'sp/handoverRequested', vm, source, target }) as const satisfies HandoverEvent,
  configured: (hv: string) => ({ type: 'sp/hypervisorConfigured', hv }) as const satisfies HandoverEvent,
  classified: { type: 'source/unitsClassified' } as const satisfies HandoverEvent,
  copied: (unit: string) => ({ type: 'source/unitCopied', unit }) as const satisfies HandoverEvent,
  pinDetected: (unit: string) => ({ type: 'source/pinDetected', unit }) as const satisfies HandoverEvent,
  consolidated: { type: 'source/consolidationFinished' } as const satisfies HandoverEvent,
  schedSent: { type: 'source/schedSent' } as const satisfies HandoverEvent,
  relayed: (epoch: number, version: number) => ({ type: 'sp/schedRelayed', epoch, version }) as const satisfies HandoverEvent,
  received: (epoch: number, version: number) => ({ type: 'target/schedReceived', epoch, version }) as const satisfies HandoverEvent,
  quiesced: { type: 'source/vmQuiesced' } as const satisfies HandoverEvent,
  assignmentStarted: { type: 'source/assignmentStarted' } as const satisfies HandoverEvent,
  released: (unit: string) => ({ type: 'source/unitReleased', unit }) as const satisfies HandoverEvent,
  acquired: (unit: string) => ({ type: 'target/unitAcquired', unit }) as const satisfies HandoverEvent,
  committed: { type: 'sp/commitRecorded' } as const satisfies HandoverEvent,
  resumed: { type: 'target/vmResumed' } as const satisfies HandoverEvent,
  reclaimed: (unit: string) => ({ type: 'source/unitReclaimed', unit }) as const satisfies HandoverEvent,
  rollbackCompleted: { type: 'source/rollbackCompleted' } as const satisfies HandoverEvent,
  restarted: (hv: string) => ({ type: 'sp/hypervisorRestarted', hv }) as const satisfies HandoverEvent,
  retired: (hv: string) => ({ type: 'sp/hypervisorRetired', hv }) as const satisfies HandoverEvent,
  aborted: { type: 'operator/handoverAborted' } as const satisfies HandoverEvent,
  rescheduled: (vm = 'vm0') => ({ type: 'scheduler/vmRescheduled', vm }) as const satisfies HandoverEvent,
  written: (unit: string) => ({ type: 'guest/memoryWritten', unit }) as const satisfies HandoverEvent,
  pinned: (unit: string) => ({ type: 'device/unitPinned', unit }) as const satisfies HandoverEvent,
  crashed: (hv: string) => ({ type: 'fault/hypervisorCrashed', hv }) as const satisfies HandoverEvent,
  spReset: { type: 'fault/spReset' } as const satisfies HandoverEvent,
  lost: (leg: 'toSp' | 'toTarget', epoch: number, version: number) =>
    ({ type: 'fault/messageLost', leg, epoch, version }) as const satisfies HandoverEvent,
  duplicated: (leg: 'toSp' | 'toTarget', epoch: number, version: number) =>
    ({ type: 'fault/messageDuplicated', leg, epoch, version }) as const satisfies HandoverEvent,
  transferFailed: (unit: string) => ({ type: 'fault/unitTransferFailed', unit }) as const satisfies HandoverEvent,
  timedOut: { type: 'fault/switchoverTimedOut' } as const satisfies HandoverEvent,
};

/** The synchronisation of scheduling version 0 through the SP in a given epoch (C1.4). @internal */
export const syncIn = (epoch: number): readonly HandoverEvent[] => [ev.schedSent, ev.relayed(epoch, 0), ev.received(epoch, 0)];

/** The synchronisation of scheduling version 0 of epoch 1, the first handover's (C1.4). @internal */
export const syncFirst: readonly HandoverEvent[] = syncIn(1);

/**
 * Cumulative prefixes of the `tiny` handover hA to hB (u0 already on n1, u1 to move, u2 stays),
 * run in `epoch` (1 for a first handover): each ends in the phase it is named after.
 * @internal
 */
export function tinyScript(epoch: number) {
  const configuring = [ev.requested()];
  const classifying = [...configuring, ev.configured('hA'), ev.configured('hB')];
  const consolidating = [...classifying, ev.classified];
  const synchronising = [...consolidating, ev.copied('u1'), ev.consolidated];
  const synchronised = [...synchronising, ...syncIn(epoch)];
  const quiesced = [...synchronised, ev.quiesced];
  const assigning = [...quiesced, ev.assignmentStarted];
  const transferred = [...assigning, ev.released('u0'), ev.acquired('u0'), ev.released('u1'), ev.acquired('u1')];
  const committed = [...transferred, ev.committed];
  const completed = [...committed, ev.resumed];
  return { configuring, classifying, consolidating, synchronising, synchronised, quiesced, assigning, transferred, committed, completed } as const;
}

/** The prefixes of a first `tiny` handover (epoch 1). @internal */
export const tinyUpTo = tinyScript(1);

/**
 * The `default` (and `small`) handover hA to hB: u1, u3, u4 are copied to n1, u0 is in place
 * (F.1), u2 stays with hA (C1.7).
 * @internal
 */
export const defaultHappyPath: readonly HandoverEvent[] = [
  ev.requested(),
  ev.configured('hA'),
  ev.configured('hB'),
  ev.classified,
  ev.copied('u1'),
  ev.copied('u3'),
  ev.copied('u4'),
  ev.consolidated,
  ...syncFirst,
  ev.quiesced,
  ev.assignmentStarted,
  ...['u0', 'u1', 'u3', 'u4'].flatMap((u) => [ev.released(u), ev.acquired(u)]),
  ev.committed,
  ev.resumed,
];
