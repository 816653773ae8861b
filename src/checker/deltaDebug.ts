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
 * `adapt` in replay.ts), so a whole earlier attempt can go.
 *
 * The search itself ({@link ddminSearch}) knows nothing of invariants or reducers: it proposes
 * shorter lists and is told which still fail, so the conformance driver (src/conformance), whose
 * failure test may be asynchronous, shrinks with the same algorithm. The events of a quiescence
 * drive at the end of a trace (`driven`) are not reduced: replay derives them from the events
 * before them, so a candidate counts only if the whole trace got shorter.
 */
import type { HandoverEvent } from '../model/events.ts';
import type { DriverContext } from './driver.ts';
import type { Trace } from './replay.ts';
import { replay } from './replay.ts';

/** A failing candidate as the failure test returns it: the list it kept, and whatever else it found. @internal */
export interface Failing<T> {
  readonly events: readonly T[];
  /** How many events at the end were derived, not given (the random checker's quiescence drive); 0 when absent. */
  readonly driven?: number;
}

/** The events a search may remove: all but those derived at the end. */
const given = <T>(t: Failing<T>): readonly T[] => t.events.slice(0, t.events.length - (t.driven ?? 0));

/**
 * ddmin as a generator: it yields candidate lists and is sent back the failure each one gives
 * (or null when it passes); it returns the shortest failure found, 1-minimal.
 * @param start - the failure to shrink.
 * @internal
 */
export function* ddminSearch<T, R extends Failing<T>>(start: R): Generator<readonly T[], R, R | null> {
  let best = start;
  // ddmin: remove chunks, coarse to fine.
  let n = 2;
  while (given(best).length >= 2) {
    const list = given(best);
    const size = Math.ceil(list.length / n);
    let reduced: R | null = null;
    for (let start = 0; start < list.length && reduced === null; start += size) {
      const t = yield [...list.slice(0, start), ...list.slice(start + size)];
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
    const keepLast = (t: R): number => ((t.driven ?? 0) > 0 ? 0 : 1);
    for (let i = given(best).length - 1 - keepLast(best); i >= 0; i--) {
      const list = given(best);
      if (i >= list.length - keepLast(best)) continue;
      const t = yield [...list.slice(0, i), ...list.slice(i + 1)];
      if (t !== null && t.events.length < best.events.length) {
        best = t;
        changed = true;
      }
    }
  }
  return best;
}

/** Runs {@link ddminSearch} with a synchronous failure test. @internal */
export function ddmin<T, R extends Failing<T>>(start: R, fails: (candidate: readonly T[]) => R | null): R {
  const search = ddminSearch<T, R>(start);
  for (let next = search.next(null); ; next = search.next(fails(next.value as readonly T[]))) if (next.done === true) return next.value;
}

/** Runs {@link ddminSearch} with a failure test that may be asynchronous. @internal */
export async function ddminAsync<T, R extends Failing<T>>(start: R, fails: (candidate: readonly T[]) => Promise<R | null> | R | null): Promise<R> {
  const search = ddminSearch<T, R>(start);
  for (let next = search.next(null); ; next = search.next(await fails(next.value as readonly T[]))) if (next.done === true) return next.value;
}

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
  const best = fails(events);
  if (best === null) throw new Error(`programmer error: the failing run does not replay to ${targetId}`);
  return ddmin(best, fails);
}
