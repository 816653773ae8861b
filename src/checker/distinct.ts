/**
 * The distinct states that generated runs reach, counted by the model's canonical encoding (src/model/encode.ts, the one the explorer fingerprints).
 *
 * @remarks
 * Encoded once per accepted state, about 1 µs on `default`. A table of expansions under the
 * same key (a transposition table: about half the expansions of a check on `default` are of a
 * state seen before) was tried and dropped: the retained successor states made the collector
 * cost more than the expansions saved (docs/performance.md, "Random checker").
 */
import { encodeState } from '../model/encode.ts';
import type { ServerState } from '../model/state.ts';

/** Most distinct states a check remembers (a few hundred MB at most); past it the count is a lower bound. @internal */
export const MAX_DISTINCT = 2_000_000;

/** The distinct states the generated runs reached, by key. @internal */
export class DistinctStates {
  readonly keys = new Set<string>();

  /** Counts a state (one the encoding cannot read, no TypeOK state, is not counted). */
  add(s: ServerState): void {
    if (this.keys.size >= MAX_DISTINCT) return;
    let key: string;
    try {
      key = encodeState(s);
    } catch {
      return;
    }
    this.keys.add(key);
  }
}
