/**
 * Delta debugging: the last shrinking pass, over the event list itself.
 *
 * @remarks
 * fast-check shrinks the generated run (fewer choices, smaller numbers), which shortens the
 * trace a lot but not always to the end: removing one event of the middle of a trace is not
 * one shrink of the run, since every later choice would then pick among different events.
 * Working on events directly, with replay skipping whatever became rejected, removes them one
 * chunk at a time (Zeller's ddmin), then one by one until no single event can go: the result
 * is 1-minimal, every remaining event is needed for the same invariant to break. Replay
 * rebinds an event that names a message by an epoch the shorter trace no longer reaches (see
 * `adapt` in replay.ts), so a whole earlier attempt can go. The events of a quiescence drive
 * at the end of a trace are not reduced: replay derives them from the events before them.
 */
import type { HandoverEvent } from '../model/events.ts';
import type { DriverContext } from './driver.ts';
import type { Trace } from './replay.ts';
import { replay } from './replay.ts';

/**
 * The shortest trace delta debugging finds that still violates the invariant `targetId`.
 * @param events - a failing run's events (accepted and rejected).
 * @internal
 */
export function deltaDebug(ctx: DriverContext, events: readonly HandoverEvent[], targetId: string): Trace {
  const fails = (candidate: readonly HandoverEvent[]): Trace | null => {
    const t = replay(ctx, candidate, true);
    return t.violation?.id === targetId ? t : null;
  };
  let best = fails(events);
  if (best === null) throw new Error(`programmer error: the failing run does not replay to ${targetId}`);
  /** The events delta debugging may remove: all but those of the quiescence drive. */
  const given = (t: Trace): readonly HandoverEvent[] => t.events.slice(0, t.events.length - t.driven);
  // ddmin: remove chunks, coarse to fine.
  let n = 2;
  while (given(best).length >= 2) {
    const list = given(best);
    const size = Math.ceil(list.length / n);
    let reduced: Trace | null = null;
    for (let start = 0; start < list.length && reduced === null; start += size) {
      const t = fails([...list.slice(0, start), ...list.slice(start + size)]);
      // A candidate counts only if the whole trace got shorter: a drive may give back what went.
      if (t !== null && t.events.length < best.events.length) reduced = t;
    }
    if (reduced !== null) {
      best = reduced;
      n = Math.max(n - 1, 2);
    } else if (n >= list.length) break;
    else n = Math.min(n * 2, list.length);
  }
  // One by one, from the end, until a fixpoint: 1-minimal.
  for (let changed = true; changed; ) {
    changed = false;
    // The last given event is the violating one, unless a drive followed it.
    for (let i = given(best).length - (best.driven > 0 ? 1 : 2); i >= 0; i--) {
      const list = given(best);
      if (i >= list.length - (best.driven > 0 ? 0 : 1)) continue;
      const t = fails([...list.slice(0, i), ...list.slice(i + 1)]);
      if (t !== null && t.events.length < best.events.length) {
        best = t;
        changed = true;
      }
    }
  }
  return best;
}
